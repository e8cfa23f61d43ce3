"""Dates as an administrator types them from a State Council notice, and back: one date or
range per line ("2027-01-01", "2027-01-01至2027-01-03", "2027-01-01~2027-01-03"), and a
year's days shown as such ranges again. Used by the calendar page and `shuangsui calendar`.
Whether the days make a sound schedule (a day both off and worked, a make-up day that is
not a weekend day, a date outside the year) is domain/holiday_schedule.check's to say."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask_babel import gettext as _

RANGE = re.compile(r"\s*(?:至|到|~|～|〜|—)\s*")
ITEMS = re.compile(r"[,，、;；\n]+")
LONGEST = 60  # days in one range: the Spring Festival is 8 or 9; a longer range is a typo


def _day(text: str) -> date:
    return date.fromisoformat(text.strip().replace("/", "-").replace(".", "-"))


def parse_item(item: str) -> list[date]:
    """The days of one entry (a date or a range), or ValueError with the reason in Chinese."""
    parts = RANGE.split(item.strip())
    if len(parts) > 2 or not all(parts):
        raise ValueError(_("应为一个日期或一个日期范围（如 2027-01-01至2027-01-03）"))
    try:
        first, last = _day(parts[0]), _day(parts[-1])
    except ValueError:
        raise ValueError(_("不是有效日期，应写作“年-月-日”（如 2027-01-01）")) from None
    if last < first:
        raise ValueError(_("范围的结束日期早于开始日期"))
    if (last - first).days >= LONGEST:
        raise ValueError(_("范围超过%(n)s天，请检查是否写错", n=LONGEST))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def parse_lines(lines: list[str], label: str = "", *, options: bool = False) -> list[date]:
    """Every day of the entries, in order, or ValueError naming the bad one: a line of the
    page's text box ("第3行"), or one of the command line's repeated options ("第3项")."""
    days: list[date] = []
    for n, line in enumerate(lines, 1):
        for item in (i for i in ITEMS.split(line) if i.strip()):
            try:
                days.extend(parse_item(item))
            except ValueError as error:
                where = _("第%(n)s项", n=n) if options else _("第%(n)s行", n=n)
                raise ValueError(_("%(label)s%(where)s“%(item)s”%(why)s", label=label, where=where,
                                   item=item.strip()[:40], why=str(error))) from None
    return days


def ranges(days) -> list[str]:
    """Sorted days as "a至b" ranges of consecutive days (a single day alone)."""
    shown: list[str] = []
    run: list[date] = []
    for day in sorted(set(days)):
        if run and day - run[-1] != timedelta(days=1):
            shown.append(_span(run))
            run = []
        run.append(day)
    if run:
        shown.append(_span(run))
    return shown


def _span(run: list[date]) -> str:
    return run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}至{run[-1].isoformat()}"
