"""The working-day calendar year by year, as the calendar page and `shuangsui calendar show`
tell it: where each year's schedule comes from (the chinesecalendar package, an
administrator's record of the State Council notice, or nowhere yet — then every deadline
counted through it is provisional), its days off and weekend days worked, and how many open
deadlines (disclosures, rectification orders) are still provisional. Nothing here writes."""

from __future__ import annotations

from datetime import date

import chinese_calendar
from sqlalchemy import Connection, extract, func, select

from domain import calendar
from projections.public_tables import calendar_years, disclosures
from projections.scope import EVERYTHING, Scope
from projections.tables import dispositions, users

from .days import ranges

FIRST_YEAR = 2004  # the package's first year


def recorded(conn: Connection) -> dict[int, dict]:
    """The years an administrator recorded, with who (name too, when known) and when."""
    names = dict(conn.execute(select(users.c.username, users.c.display_name)).all())
    return {r["year"]: {**r, "recorded_name": names.get(r["recorded_by"], "")}
            for r in conn.execute(select(calendar_years)).mappings()}


def provisional_counts(conn: Connection, scope: Scope = EVERYTHING) -> dict[int, int]:
    """Open deadlines still provisional, by the year they fall in."""
    counts: dict[int, int] = {}
    for column, where in ((disclosures.c.due, (disclosures.c.state.in_(("pending", "reviewed")),
                                               disclosures.c.provisional.is_(True),
                                               scope.clause(disclosures.c.jurisdiction_path))),
                          (dispositions.c.deadline, (dispositions.c.ended_on.is_(None),
                                                     dispositions.c.provisional.is_(True),
                                                     scope.clause(dispositions.c.jurisdiction_path)))):
        year = extract("year", column)
        for y, n in conn.execute(select(year, func.count()).where(*where).group_by(year)):
            counts[int(y)] = counts.get(int(y), 0) + int(n)
    return counts


def source(year: int, known_years: dict[int, dict]) -> str:
    if year in known_years:
        return "recorded"
    return "package" if calendar.published(year) else "unknown"


def years(conn: Connection, scope: Scope, today: date) -> list[dict]:
    """Every year from 2004 to next year (and any later one recorded), newest first."""
    known, counts = recorded(conn), provisional_counts(conn, scope)
    last = max([today.year + 1, *known, *counts])
    return [{"year": y, "source": source(y, known), "record": known.get(y), "provisional": counts.get(y, 0)}
            for y in range(last, FIRST_YEAR - 1, -1)]


def schedule_of(year: int, record: dict | None) -> tuple[list[date], list[date]] | None:
    """(the days off, weekend days of a holiday included; the weekend days worked) of a known
    year as recorded or as the package has them, or None for a year no one knows yet."""
    if record is not None:
        return ([date.fromisoformat(d) for d in record["holidays"]],
                [date.fromisoformat(d) for d in record["workdays"]])
    if not calendar.published(year):
        return None
    return (sorted(d for d in chinese_calendar.holidays if d.year == year),
            sorted(d for d in chinese_calendar.workdays if d.year == year))


def described(year: int, record: dict | None) -> dict:
    """A year's schedule as text lines: its days off and days worked as ranges."""
    schedule = schedule_of(year, record)
    if schedule is None:
        return {"holidays": [], "workdays": []}
    return {"holidays": ranges(schedule[0]), "workdays": ranges(schedule[1])}
