"""时间回溯: a task, problem or unit as it stood at a past moment; two moments compared."""
