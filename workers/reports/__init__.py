"""The official reports and tables as files (xlsx, CSV, JSON)."""
