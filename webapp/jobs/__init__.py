"""后台任务 pages: the list, a job's progress and result (routes.py), and the routes that start
background exports from the statistics, reports and ledger pages (starts.py), which join the
same blueprint when this package is imported."""

from . import routes, starts

__all__ = ["routes", "starts"]
