"""Background work: job records (domain/jobs.py), the code that runs a job with progress
(runner.py, handlers.py), where it runs (backends.py: rq workers with Redis, a thread pool
in the embedded default), what hands requests from the event log to the queue
(dispatch.py), and what runs on a schedule (schedule.py)."""
