"""A unit's compliance history, the way EPA's ECHO shows a facility's three years: twelve
quarters side by side (the current one last), with a row each for inspections, problems
found, rectification orders open at any time in the quarter, penalty decisions (and their
sums) and transfers. Each cell is a measure of board.py for that quarter and that unit, so
it opens the list of exactly the rows it counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, and_, func

from .board import KINDS, MEASURES, Filters
from .scope import EVERYTHING
from .statistics import grouped, yuan
from .tables import tasks

# row -> (list kind, measure, disposition kind)
ROWS = {"inspected": ("tasks", "inspected", None), "problems": ("problems", "found", None),
        "orders_open": ("dispositions", "open_during", "order"), "penalties": ("dispositions", "penalty", None),
        "transfers": ("dispositions", "started", "transfer")}


@dataclass(frozen=True)
class Quarter:
    label: str  # "2026Q3", as the period filter takes it
    start: date
    end: date


def quarter_of(day: date) -> Quarter:
    q = (day.month - 1) // 3
    end = date(day.year + 1, 1, 1) if q == 3 else date(day.year, q * 3 + 4, 1)
    return Quarter(f"{day.year}Q{q + 1}", date(day.year, q * 3 + 1, 1), date.fromordinal(end.toordinal() - 1))


def quarters_to(today: date, n: int = 12) -> list[Quarter]:
    found = [quarter_of(today)]
    while len(found) < n:
        found.insert(0, quarter_of(date.fromordinal(found[0].start.toordinal() - 1)))
    return found


def compliance_grid(conn: Connection, target_id: str, today: date, n: int = 12) -> dict:
    """{"quarters": [Quarter], "rows": {row: {"cells": [n per quarter], "total": n, and what to
    link to}}, "fines": [Decimal yuan per quarter], "fines_total": Decimal, "start", "end"}."""
    quarters = quarters_to(today, n)
    whole = Filters(start=quarters[0].start, end=quarters[-1].end, target=target_id)
    found: dict[str, int] = {}
    for kind in KINDS:
        sums, measures = {}, set()
        for row, (k, measure, disposition) in ROWS.items():
            if k != kind:
                continue
            measures.add(measure)
            spans = [*((i, Filters(start=q.start, end=q.end, target=target_id)) for i, q in enumerate(quarters)),
                     ("total", whole)]
            for i, span in spans:
                cond = MEASURES[kind][measure](EVERYTHING, span)
                if disposition:
                    cond = and_(cond, KINDS[kind].table.c.kind == disposition)
                sums[f"{row}:{i}"] = (cond, 1)
                if row == "penalties":
                    sums[f"fines:{i}"] = (cond, func.coalesce(KINDS[kind].table.c.fine_fen, 0))
        for values in grouped(conn, kind, EVERYTHING, whole, tasks.c.target_id, tuple(sorted(measures)),
                              sums).values():
            found.update(values)
    rows = {}
    for row, (kind, measure, disposition) in ROWS.items():
        # over the twelve quarters (an order open for three quarters is still one order)
        rows[row] = {"cells": [found.get(f"{row}:{i}", 0) for i in range(n)], "total": found.get(f"{row}:total", 0),
                     "listing": kind, "count": measure, "kind": disposition}
    return {"quarters": quarters, "rows": rows, "fines": [yuan(found.get(f"fines:{i}", 0)) for i in range(n)],
            "fines_total": yuan(found.get("fines:total", 0)), "target_id": target_id,
            "start": whole.start, "end": whole.end}
