"""Background and batch work: imports, exports and scheduled jobs."""
