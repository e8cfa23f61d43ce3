"""《生态环境“双随机、一公开”情况统计表》: the figures of a period, per category of unit
(重点 / 特殊 / 一般 and 合计) and per officer.

Each figure is a measure of board.py (FIGURES says which), summed in SQL and grouped by the
category the task records (a drawn task: the stratum it was drawn from; a targeted one: the
unit's category then); the lists a figure links to apply the same measure. Money is summed
in fen (integers) and turned into yuan as Decimal. The required minimum is what the plans of
the period committed to; a category no plan covers is estimated from the default rules
(marked as such). The disclosure figures (结果公开数, 按期公开数) count the results of the
period's inspections that were published, and of those the ones published within 20 working
days (disclosure_views.by_category); a withheld result is neither.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Connection, and_, case, func, or_, select, true

from domain.plan_rules import DEFAULT_RULES, minimum

from .board import KINDS, MEASURES, RANDOM_ORIGINS, Filters, narrowing, plans_counted
from .disclosure_views import by_category as disclosures_by_category
from .scope import Scope
from .tables import inspectors, jurisdictions, plans, targets, tasks

CATEGORIES = ("key", "special", "general")
TOTAL = "total"
# figure -> (the list it links to, the measure, the disposition kind it is limited to)
FIGURES = {
    "drawn": ("tasks", "drawn", None), "inspected": ("tasks", "inspected", None),
    "on_site": ("tasks", "on_site", None), "off_site": ("tasks", "off_site", None),
    "targeted": ("tasks", "targeted", None),
    "problems": ("problems", "found", None), "closed": ("problems", "closed", None),
    "closed_on_time": ("problems", "closed_on_time", None),
    "orders": ("dispositions", "started", "order"), "guidance": ("dispositions", "started", "guidance"),
    "cases": ("dispositions", "started", "case"), "penalties": ("dispositions", "penalty", None),
    "coercive": ("dispositions", "started", "coercive"), "transfers": ("dispositions", "started", "transfer"),
}
DISCLOSED = ("disclosed", "disclosed_on_time")
COUNTED = tuple(FIGURES) + ("directory", "fines_fen") + DISCLOSED


def condition(scope: Scope, f: Filters, figure: str):
    kind, measure, disposition = FIGURES[figure]
    found = MEASURES[kind][measure](scope, f)
    return and_(found, KINDS[kind].table.c.kind == disposition) if disposition else found


# A figure is summed in the query of the measure that encloses it (on-site inspections are
# among the inspections): one range scan of one date column per query, which an index serves.
ENCLOSED_BY = {"on_site": "inspected", "off_site": "inspected", "targeted": "inspected",
               "closed_on_time": "closed"}


def batches(figures) -> dict[tuple[str, str], list[str]]:
    """The figures grouped by (list kind, enclosing measure): one query each."""
    found: dict[tuple[str, str], list[str]] = {}
    for name in figures:
        kind, measure, _ = FIGURES[name]
        found.setdefault((kind, ENCLOSED_BY.get(measure, measure)), []).append(name)
    return found


def grouped(conn: Connection, kind: str, scope: Scope, f: Filters, group, enclosing: tuple[str, ...], sums: dict,
            source=None) -> dict:
    """{group value: {name: sum}} over the rows the enclosing measures pick (one GROUP BY)."""
    k = KINDS[kind]
    columns = [func.coalesce(func.sum(case((cond, value), else_=0)), 0).label(name)
               for name, (cond, value) in sums.items()]
    query = (select(group.label("g"), *columns).select_from(k.source if source is None else source)
             .where(*narrowing(scope, f, k.path), or_(*(MEASURES[kind][m](scope, f) for m in enclosing)))
             .group_by(group))
    return {r["g"]: {name: int(r[name]) for name in sums} for r in conn.execute(query).mappings()}


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def figure_sums(conn: Connection, scope: Scope, f: Filters, group, figures=tuple(FIGURES)) -> dict:
    """{group value: {figure: n, "fines_fen": fen}}: the figures grouped by a column of the task
    (its category for the statistics table, its brigade for a campaign's table)."""
    found: dict = {}
    for (kind, enclosing), names in batches(figures).items():
        sums = {name: (condition(scope, f, name), 1) for name in names}
        if "penalties" in names:
            sums["fines_fen"] = (condition(scope, f, "penalties"), func.coalesce(KINDS[kind].table.c.fine_fen, 0))
        for value, counted in grouped(conn, kind, scope, f, group, (enclosing,), sums).items():
            found.setdefault(value, {}).update(counted)
    return found


def category_table(conn: Connection, scope: Scope, start: date, end: date) -> list[dict]:
    """One row per category, then the total (which also holds tasks of any other category)."""
    f = Filters(start=start, end=end)
    counted: dict[str, dict] = {}

    def merge(found: dict) -> None:
        for category, values in found.items():
            counted.setdefault(category or "", {}).update(values)

    merge({c: {"directory": n} for c, n in conn.execute(
        select(targets.c.category, func.count()).where(scope.clause(targets.c.jurisdiction_path),
                                                       targets.c.exclusion_reason.is_(None))
        .group_by(targets.c.category))})
    merge(figure_sums(conn, scope, f, tasks.c.category))
    merge(disclosures_by_category(conn, scope, start, end))
    minimums = plan_minimums(conn, scope, f)
    rows = [_row(c, counted.get(c, {}), minimums.get(c)) for c in CATEGORIES]
    uncovered = {r["category"]: r["directory"] for r in rows if r["minimum"] is None}
    for category, (required, basis) in estimated_minimums(conn, scope, start, end, uncovered).items():
        row = rows[CATEGORIES.index(category)]
        row.update(minimum=required, basis=basis, estimated=True, met=row["drawn"] >= required)
    total = _row(TOTAL, {name: sum(v.get(name, 0) for v in counted.values()) for name in COUNTED},
                 sum(r["minimum"] for r in rows))
    total.update(estimated=any(r["estimated"] for r in rows), met=all(r["met"] for r in rows))
    return [*rows, total]


def _row(category: str, values: dict, required: int | None) -> dict:
    row = {"category": category, **{name: values.get(name, 0) for name in COUNTED}}
    row.update(minimum=required, estimated=False, basis="", met=required is not None and row["drawn"] >= required,
               rate=percent(row["problems"], row["inspected"]), fines=yuan(row["fines_fen"]))
    return row


def plan_minimums(conn: Connection, scope: Scope, f: Filters) -> dict[str, int]:
    """The minimums the plans of the period committed to, by the categories they cover."""
    found: dict[str, int] = {}
    query = select(plans.c.minimums).where(plans.c.id.in_(plans_counted(scope, f)))
    for minimums in conn.execute(query).scalars():
        for category, n in (minimums or {}).items():
            found[category] = found.get(category, 0) + int(n)
    return found


def rule_pieces(start: date, end: date) -> list[str]:
    """The period as the rules count it: whole calendar years, one calendar month, or else
    every quarter it touches (a quarter begun counts whole: the ratios are per quarter)."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return ["year"] * (end.year - start.year + 1)
    if (start.year, start.month) == (end.year, end.month) and start.day == 1 and (end + timedelta(days=1)).day == 1:
        return ["month"]
    first, last = start.year * 4 + (start.month - 1) // 3, end.year * 4 + (end.month - 1) // 3
    return ["quarter"] * (last - first + 1)


def rule_level(conn: Connection, scope: Scope) -> str:
    """Which default rules apply: 州本级 for a prefecture or province, else a county bureau's."""
    query = select(jurisdictions.c.level).where(scope.clause(jurisdictions.c.path))
    if scope.paths is not None:
        query = query.where(jurisdictions.c.path.in_(scope.paths))
    else:
        query = query.where(jurisdictions.c.depth == select(func.min(jurisdictions.c.depth)).scalar_subquery())
    levels = set(conn.execute(query).scalars())
    return "prefecture" if levels & {"province", "prefecture"} else "county"


def estimated_minimums(conn: Connection, scope: Scope, start: date, end: date,
                       pools: dict[str, int]) -> dict[str, tuple[int, str]]:
    """{category: (the minimum the default rules give for its directory in scope, the basis)}."""
    if not pools:
        return {}
    rules = DEFAULT_RULES[rule_level(conn, scope)]
    officers = conn.execute(select(func.count()).where(  # the 双随机 officers based in scope
        scope.clause(inspectors.c.unit_path), inspectors.c.kind == "officer",
        inspectors.c.active.is_(True), inspectors.c.in_draw_pool.is_(True))).scalar() or 0
    pieces = rule_pieces(start, end)
    return {c: (sum(minimum(rules[c], pool, officers, piece) for piece in pieces), rules[c]["basis"])
            for c, pool in pools.items()}


# -- per officer ----------------------------------------------------------------------------
# figure -> (list kind, measure, origin): tasks by 完成期限 in the period (drawn / assigned /
# all but cancelled), inspected and completed in it, problems found in it.
OFFICER_FIGURES = {"random": ("tasks", "workload", "random"), "targeted": ("tasks", "workload", "targeted"),
                   "workload": ("tasks", "workload", None), "inspected": ("tasks", "inspected", None),
                   "completed": ("tasks", "completed", None), "problems": ("problems", "found", None)}


def _officer_of_task(conn: Connection):
    """The officers of each task, one row each: the JSON list unnested, per database."""
    unnest = func.json_array_elements_text if conn.dialect.name == "postgresql" else func.json_each
    return unnest(tasks.c.officers).table_valued("value").alias("officer")


def officer_table(conn: Connection, scope: Scope, start: date, end: date) -> list[dict]:
    """Each officer with tasks in scope in the period, and every active officer based in scope."""
    f = Filters(start=start, end=end)
    officer = _officer_of_task(conn)
    found: dict[str, dict] = {}
    for kind in ("tasks", "problems"):  # one pass over each table: unnesting is the cost
        sums, measures = {}, set()
        for name, (k, measure, origin) in OFFICER_FIGURES.items():
            if k != kind:
                continue
            cond = MEASURES[kind][measure](scope, f)
            if origin:
                cond = and_(cond, tasks.c.origin.in_(RANDOM_ORIGINS) if origin == "random"
                            else tasks.c.origin.not_in(RANDOM_ORIGINS))
            sums[name], measures = (cond, 1), measures | {measure}
        joined = KINDS[kind].source.join(officer, true())
        for who, values in grouped(conn, kind, scope, f, officer.c.value, tuple(sorted(measures)), sums,
                                   joined).items():
            found.setdefault(who, {}).update(values)
    people = conn.execute(select(inspectors.c.id, inspectors.c.name, inspectors.c.cert_no, inspectors.c.unit)
                          .where(or_(inspectors.c.id.in_(list(found)),
                                     and_(scope.clause(inspectors.c.unit_path), inspectors.c.kind == "officer",
                                          inspectors.c.active.is_(True))))).mappings()
    rows = [{**dict(p), **{n: found.get(p["id"], {}).get(n, 0) for n in OFFICER_FIGURES}} for p in people]
    return sorted(rows, key=lambda r: (r["unit"], -r["workload"], r["name"], r["cert_no"]))
