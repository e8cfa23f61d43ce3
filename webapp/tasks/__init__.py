"""检查任务: an officer's tasks, the supervisor's list and the task page."""
