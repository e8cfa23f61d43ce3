"""The home pages' figures (issue 9): a supervisor's dashboard, an officer's day and a
reviewer's second look. Each function reads the read tables only and returns plain,
JSON-ready dicts and lists (dates as ISO text, money as yuan text), so the pages and the
JSON API can show the same figures. Every figure is counted with the measures of board.py,
statistics.py, problems and disclosure_views, so the list a figure links to shows exactly
its rows.

- supervisor(conn, scope, today): minimum ratios this quarter and year, problems found and
  closed, inspections on and off site, penalties by month, what is overdue by county.
- officer(conn, scope, today, officer_id, brigade=None): an officer's open tasks and the
  deadlines of the problems their tasks found.
- reviewer(conn, scope, today, days=90): recent draws and how far their record is verified,
  the ledger, and the changes worth a second look (voids, replacements, reassignments, reopenings …).
- directory(conn, scope): the old home page's counts (units by category, excluded, officers).
"""

from .common import directory
from .officer_day import officer
from .second_look import reviewer
from .supervision import supervisor

__all__ = ["directory", "officer", "reviewer", "supervisor"]
