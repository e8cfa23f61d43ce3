"""Status boards and statistics tables for a supervisor's scope."""
