"""What the dashboards share: the periods they count in (this quarter, this year, the last
twelve months, each with the label the period filters of the lists take), sums of several
measures in one scan, and the directory counts the old home page showed."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import Connection, case, func, or_, select

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


def measure_sums(conn: Connection, kind: str, scope: Scope, whole: Filters, enclosing: tuple[str, ...],
                 sums: dict) -> dict[str, int]:
    """{name: sum} for sums = {name: (condition, value)}, over the rows in scope that one of the
    enclosing measures picks in `whole`: one scan, whatever the number of sums."""
    k = KINDS[kind]
    columns = [func.coalesce(func.sum(case((cond, value), else_=0)), 0).label(name)
               for name, (cond, value) in sums.items()]
    query = (select(*columns).select_from(k.source)
             .where(*narrowing(scope, whole, k.path), or_(*(MEASURES[kind][m](scope, whole) for m in enclosing))))
    row = conn.execute(query).mappings().one()
    return {name: int(row[name]) for name in sums}


def directory(conn: Connection, scope: Scope) -> dict:
    """{"by_category": {category: units}, "excluded": n, "officers": n}: the units in scope by
    category, those excluded from draws, and the officers on duty based in scope."""
    by_category = {c: int(n) for c, n in conn.execute(
        select(targets.c.category, func.count()).where(scope.clause(targets.c.jurisdiction_path))
        .group_by(targets.c.category))}
    excluded = conn.execute(select(func.count()).where(
        scope.clause(targets.c.jurisdiction_path), targets.c.exclusion_reason.is_not(None))).scalar() or 0
    officers = conn.execute(select(func.count()).where(
        scope.clause(inspectors.c.unit_path), inspectors.c.kind == "officer",
        inspectors.c.active.is_(True))).scalar() or 0
    return {"by_category": by_category, "excluded": int(excluded), "officers": int(officers)}
