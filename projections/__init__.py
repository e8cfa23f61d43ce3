"""Read side: tables built from the event log by tracked projections, and plain-dict views."""
