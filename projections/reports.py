"""The official reports besides the quarterly statistics table (statistics.py): the yearly
summary of a jurisdiction, the inspection groups' daily report to the dispatch group (调度组)
and the 执法检查数据统计表 of a campaign, per group.

Every figure is one the statistics table counts, with the same measures (board.MEASURES), so
a report and the table of the same period and scope cannot disagree: the yearly summary holds
the category table of the year; the campaign table groups the same figures by the brigade or
inspection group that did the work (tasks.brigade) instead of by category. Disclosure is
counted like the table's 结果公开数: the results of the period's inspections (a disclosure row
exists once the task is completed), and where each stands."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, case, func, or_, select

from domain.calendar import Deadline, add_working_days, last_working_days

from . import statistics
from .board import Filters
from .disclosure_views import figures, list_condition, unit_name
from .public_tables import disclosures
from .scope import Scope
from .tables import brigades, dispositions, history, jurisdictions, problems, targets, tasks

# The yearly summary is due by 30 November from a county bureau or a park, by 5 December from
# the prefecture's detachment (Changji 2025 plan); a province reports with the prefectures' date.
SUMMARY_DUE = {"province": (12, 5), "prefecture": (12, 5)}
COUNTY_SUMMARY_DUE = (11, 30)
REPORT_DAYS = 5  # the 情况统计表 within the last 5 working days of the quarter; a campaign's table 5 days after
GROUP_KINDS = ("inspection_group",)
CAMPAIGN_FIGURES = ("inspected", "on_site", "off_site", "problems", "orders", "guidance", "cases", "penalties",
                    "coercive", "transfers")


def summary_due(level: str, year: int) -> date:
    month, day = SUMMARY_DUE.get(level, COUNTY_SUMMARY_DUE)
    return date(year, month, day)


def quarter_window(end: date) -> tuple[date, date, bool] | None:
    """When the 情况统计表 of a period ending on `end` is filed: the last 5 working days of the
    quarter (first, last, counted through a year with no known schedule); None if `end` is not
    the last day of a quarter."""
    after = end + timedelta(days=1)
    if after.day != 1 or after.month not in (1, 4, 7, 10):
        return None
    first, unsure = last_working_days(end, REPORT_DAYS)
    last, unsure_last = last_working_days(end, 1)
    return first, last, unsure or unsure_last


def campaign_due(end: date) -> Deadline:
    """The campaign table: within 5 (working) days after the campaign ends (Ili 2026)."""
    return add_working_days(end, REPORT_DAYS)


# -- the yearly summary ---------------------------------------------------------------------
def disclosure_places(conn: Connection, scope: Scope, start: date, end: date, today: date) -> list[dict]:
    """Per jurisdiction, the results of the inspections of [start, end]: to be disclosed (the
    task is completed), published, on time, withheld, overdue today; then the total."""
    query = (select(jurisdictions.c.code, jurisdictions.c.name, func.count().label("due"),
                    _count(disclosures.c.state == "published").label("pub"),
                    _count(disclosures.c.on_time.is_(True)).label("ok"),
                    _count(disclosures.c.state == "withheld").label("held"),
                    _count(list_condition("overdue", today)).label("late"))
             .select_from(disclosures.join(jurisdictions, jurisdictions.c.code == disclosures.c.jurisdiction))
             .where(scope.clause(disclosures.c.jurisdiction_path), disclosures.c.inspected_on >= start,
                    disclosures.c.inspected_on <= end)
             .group_by(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path)
             .order_by(jurisdictions.c.path))
    raw = [(r.code, r.name, int(r.ok), int(r.pub), int(r.held), int(r.due), int(r.late)) for r in conn.execute(query)]
    total = [sum(r[i] for r in raw) for i in range(2, 7)]
    return [*({"code": c, "name": n, **_disclosed(*v)} for c, n, *v in raw),
            {"code": "total", "name": "合计", **_disclosed(*total)}]


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _disclosed(on_time: int, published: int, withheld: int, due: int, overdue: int) -> dict:
    found = figures(on_time, published, withheld, due, overdue)
    # the yearly aim (100 % disclosed), beside the on-time rate the figures give
    found["published_rate"] = statistics.percent(published, due - withheld)
    return found


def yearly_summary(conn: Connection, jurisdiction: dict, year: int, today: date) -> dict:
    """The year's figures of a jurisdiction's subtree, as the yearly summary reports them."""
    scope, start, end = Scope((jurisdiction["path"],)), date(year, 1, 1), date(year, 12, 31)
    places = disclosure_places(conn, scope, start, end, today)
    return {"jurisdiction": jurisdiction, "year": year, "start": start, "end": end,
            "rows": statistics.category_table(conn, scope, start, end),
            "disclosure": places[-1], "places": places[:-1],
            "due": summary_due(jurisdiction["level"], year), "provisional": end >= today}


# -- the inspection groups ----------------------------------------------------------------
def visible(scope: Scope):
    """A brigade or group in scope: based in it, or with tasks in it (a prefecture's inspection
    group working in a county is seen by that county's supervisor, for that county's tasks)."""
    worked = select(tasks.c.brigade).where(scope.clause(tasks.c.jurisdiction_path), tasks.c.brigade.is_not(None))
    return or_(scope.clause(brigades.c.jurisdiction_path), brigades.c.code.in_(worked.distinct()))


def groups(conn: Connection, scope: Scope, codes: list[str] | None = None) -> list[dict]:
    """The inspection groups in scope, or the brigades or groups named that are in scope (in
    the order given)."""
    query = (select(brigades.c.code, brigades.c.name, brigades.c.kind, brigades.c.jurisdiction_path)
             .where(visible(scope)))
    if codes:
        found = {r["code"]: dict(r) for r in conn.execute(query.where(brigades.c.code.in_(codes))).mappings()}
        return [found[c] for c in codes if c in found]
    query = query.where(brigades.c.kind.in_(GROUP_KINDS))
    return [dict(r) for r in conn.execute(query.order_by(brigades.c.code)).mappings()]


def campaign_table(conn: Connection, scope: Scope, start: date, end: date,
                   codes: list[str] | None = None) -> dict:
    """Per group (or brigade) the figures of the statistics table over the period, and the total.
    With no group named: every inspection group in scope and every unit that worked in it,
    so that the total is the statistics table's."""
    sums = statistics.figure_sums(conn, scope, Filters(start=start, end=end), tasks.c.brigade, CAMPAIGN_FIGURES)
    shown = groups(conn, scope, codes)
    if not codes:
        listed = {g["code"] for g in shown}
        others = [c for c in sums if c not in listed]
        names = dict(conn.execute(select(brigades.c.code, brigades.c.name)
                                  .where(brigades.c.code.in_([c for c in others if c]))).all())
        shown += [{"code": c, "name": names.get(c, c) if c else "未确定执法单位", "kind": ""}
                  for c in sorted(others, key=lambda c: c or "")]
    rows = [_campaign_row(g, sums.get(g["code"], {})) for g in shown]
    total = _campaign_row({"code": "total", "name": "合计", "kind": ""},
                          {k: sum(r[k] for r in rows) for k in (*CAMPAIGN_FIGURES, "fines_fen")})
    return {"rows": rows, "total": total, "start": start, "end": end, "due": campaign_due(end)}


def _campaign_row(group: dict, values: dict) -> dict:
    row = {"code": group["code"], "name": group["name"], "kind": group.get("kind", ""),
           **{k: values.get(k, 0) for k in (*CAMPAIGN_FIGURES, "fines_fen")}}
    row["fines"] = statistics.yuan(row["fines_fen"])
    return row


# -- the daily report ---------------------------------------------------------------------
def daily_report(conn: Connection, scope: Scope, start: date, end: date,
                 codes: list[str] | None = None) -> list[dict]:
    """Per group, per day it inspected: each unit inspected that day by its tasks, the problems
    found there, the requirements of the orders given, and the cases opened (立案)."""
    shown = groups(conn, scope, codes)
    query = (select(tasks.c.id, tasks.c.brigade, tasks.c.inspected_on, tasks.c.on_site, tasks.c.category,
                    targets.c.name, targets.c.site, jurisdictions.c.name.label("place"))
             .select_from(tasks.join(targets, targets.c.id == tasks.c.target_id)
                          .join(jurisdictions, jurisdictions.c.code == tasks.c.jurisdiction))
             .where(scope.clause(tasks.c.jurisdiction_path), tasks.c.brigade.in_([g["code"] for g in shown]),
                    tasks.c.inspected_on >= start, tasks.c.inspected_on <= end)
             .order_by(tasks.c.inspected_on, tasks.c.created_at, tasks.c.id))
    visits = [dict(r) for r in conn.execute(query).mappings()]
    found = _problems_of(conn, [v["id"] for v in visits])
    days: dict[str, dict[date, list]] = {g["code"]: {} for g in shown}
    for v in visits:
        listed = found.get(v["id"], [])
        days[v["brigade"]].setdefault(v["inspected_on"], []).append({
            "task_id": v["id"], "unit": unit_name(v["name"], v["site"]), "place": v["place"],
            "on_site": v["on_site"], "category": v["category"], "problems": listed,
            "cases": [n for p in listed for n in p["cases"]]})
    return [{**g, "days": [{"day": d, "units": units} for d, units in sorted(days[g["code"]].items())]}
            for g in shown]


def _problems_of(conn: Connection, task_ids: list[str]) -> dict[str, list[dict]]:
    """{task id: [{id, description, found_on, requirements: [...], cases: [case numbers]}]}. The
    requirements of an order are not a column of any read table: the history keeps them."""
    if not task_ids:
        return {}
    rows = [dict(r) for r in conn.execute(
        select(problems.c.id, problems.c.task_id, problems.c.description, problems.c.found_on)
        .where(problems.c.task_id.in_(task_ids)).order_by(problems.c.found_on, problems.c.id)).mappings()]
    ids = [r["id"] for r in rows]
    ordered = conn.execute(select(history.c.stream_id, history.c.payload)
                           .where(history.c.stream_id.in_(ids), history.c.event == "RectificationOrdered")
                           .order_by(history.c.position)).all()
    cases = conn.execute(select(dispositions.c.problem_id, dispositions.c.number)
                         .where(dispositions.c.problem_id.in_(ids), dispositions.c.kind == "case")
                         .order_by(dispositions.c.started_on, dispositions.c.disposition_id)).all()
    found: dict[str, list[dict]] = {}
    by_id = {}
    for r in rows:
        by_id[r["id"]] = {**r, "requirements": [], "cases": []}
        found.setdefault(r["task_id"], []).append(by_id[r["id"]])
    for pid, payload in ordered:
        by_id[pid]["requirements"].append((payload or {}).get("requirements", ""))
    for pid, number in cases:
        by_id[pid]["cases"].append(number or "（未填写立案号）")
    return found
