"""What the dashboards share: the periods they count in (this quarter, this year, the last
twelve months, each with the label the period filters of the lists take), a measure's rows
counted per calendar month in one GROUP BY, and the directory counts the old home page
showed."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import Connection, func, select

from ..board import KINDS, MEASURES, Filters, narrowing
from ..scope import Scope
from ..tables import inspectors, targets


class Span(NamedTuple):
    label: str  # "2026Q4", "2026", "2026-07": what the lists' `period` filter takes
    start: date
    end: date

    def filters(self) -> Filters:
        return Filters(start=self.start, end=self.end)

    def plain(self) -> dict:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}

    def months(self) -> list[str]:
        index, last = self.start.year * 12 + self.start.month - 1, self.end.year * 12 + self.end.month - 1
        return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(index, last + 1)]


def month(year: int, number: int) -> Span:
    after = date(year + number // 12, number % 12 + 1, 1)
    return Span(f"{year}-{number:02d}", date(year, number, 1), date.fromordinal(after.toordinal() - 1))


def months_to(today: date, n: int = 12) -> list[Span]:
    """The last n calendar months, this one last."""
    index = today.year * 12 + today.month - 1
    return [month(i // 12, i % 12 + 1) for i in range(index - n + 1, index + 1)]


def quarter_of(today: date) -> Span:
    q = (today.month - 1) // 3
    first, last = month(today.year, q * 3 + 1), month(today.year, q * 3 + 3)
    return Span(f"{today.year}Q{q + 1}", first.start, last.end)


def year_of(today: date) -> Span:
    return Span(str(today.year), date(today.year, 1, 1), date(today.year, 12, 31))


def cover(*spans: Span) -> Filters:
    return Filters(start=min(s.start for s in spans), end=max(s.end for s in spans))


def source(kind: str, f: Filters):
    """The table a measure counts rows of, joined to its task only when a filter asks about the
    task: every problem and disposition has its task, so the counts are the same either way,
    and the join would cost a pass over all the tasks."""
    k = KINDS[kind]
    asks_task = any((f.brigade, f.category, f.origin, f.industry, f.officer, f.target))
    return k.source if asks_task else k.table


def by_month(conn: Connection, kind: str, measure: str, scope: Scope, whole: Filters, column, *,
             split=None, total=None) -> dict:
    """{(month "2026-07", split value): (rows, sum of `total`)} of the rows the measure picks
    in `whole`, by the month of `column` (the date the measure ranges over) and, if given, by
    `split`. One scan of one date range, grouped by day in SQL (the same on both databases;
    a year has at most 366 days) and by month here."""
    k = KINDS[kind]
    keys = [column.label("day")] + ([split.label("split")] if split is not None else [])
    values = [func.count().label("rows")]
    if total is not None:
        values.append(func.coalesce(func.sum(total), 0).label("sum"))
    query = (select(*keys, *values).select_from(source(kind, whole))
             .where(*narrowing(scope, whole, k.path), MEASURES[kind][measure](scope, whole))
             .group_by(*keys))
    found: dict = {}
    for r in conn.execute(query):
        day, n = r[0], int(r[len(keys)])
        key = (f"{day.year}-{day.month:02d}", r[1] if split is not None else None)
        rows, sums = found.get(key, (0, 0))
        found[key] = (rows + n, sums + (int(r[-1]) if total is not None else 0))
    return found


def units(conn: Connection, scope: Scope) -> dict[str, dict[str, int]]:
    """{category: {"all": units, "excluded": units excluded from draws}} in scope: one scan."""
    excluded = func.count(targets.c.exclusion_reason)  # counts the rows that have a reason
    query = (select(targets.c.category, func.count(), excluded).where(scope.clause(targets.c.jurisdiction_path))
             .group_by(targets.c.category))
    return {c: {"all": int(n), "excluded": int(x)} for c, n, x in conn.execute(query)}


def directory(conn: Connection, scope: Scope, found: dict | None = None) -> dict:
    """{"by_category": {category: units}, "excluded": n, "officers": n}: the units in scope by
    category, those excluded from draws, and the officers on duty based in scope."""
    found = units(conn, scope) if found is None else found
    officers = conn.execute(select(func.count()).where(
        scope.clause(inspectors.c.unit_path), inspectors.c.kind == "officer",
        inspectors.c.active.is_(True))).scalar() or 0
    return {"by_category": {c: v["all"] for c, v in found.items()},
            "excluded": sum(v["excluded"] for v in found.values()), "officers": int(officers)}
