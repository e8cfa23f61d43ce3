"""Queries of 一公开: the quarterly public table (附件二 of the Korla notice), the
supervisors' lists (due this week, overdue, withheld), on-time rates per jurisdiction, and
the disclosure figures the statistics table counts.

Publication is judged the way the rules say: a result is on time when it was published
within 20 working days of the task's completion; a withheld result counts as withheld,
neither on time nor late; one still unpublished is overdue once its due date has passed."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection, and_, case, func, or_, select

from .public_tables import disclosures
from .scope import Scope
from .tables import jurisdictions, targets, tasks

# 污染源类型 as the Korla 2022 table words it
SOURCE_TYPES = {"key": "重点源", "special": "特殊源", "general": "一般污染源"}
COLUMNS = ("序号", "检查地区", "污染源名称", "污染源类型", "检查时间", "检查结果", "情况说明")
TITLE = "污染源日常环境监管领域随机抽查情况公开表"


def jurisdiction_by_name(conn: Connection, text: str) -> dict | None:
    """A jurisdiction by its code or its exact name (the CLI and the public page take either)."""
    text = (text or "").strip()
    found = conn.execute(select(jurisdictions).where(or_(jurisdictions.c.code == text,
                                                         jurisdictions.c.name == text))).mappings().all()
    return dict(found[0]) if len(found) == 1 else None


def unit_name(name: str, site: str) -> str:
    return f"{name}（{site}）" if site else name


def public_rows(conn: Connection, path: str | None, start: date, end: date, *, limit: int | None = None,
                offset: int = 0):
    """The published results of tasks inspected in [start, end] under the jurisdiction path,
    in the table's order (检查时间, then the order the tasks were made), as official rows
    without 序号 (the caller numbers them). Yields tuples, so a province's year streams."""
    query = (select(jurisdictions.c.name.label("place"), targets.c.name, targets.c.site, disclosures.c.category,
                    disclosures.c.inspected_on, disclosures.c.text, disclosures.c.description)
             .select_from(disclosures.join(targets, targets.c.id == disclosures.c.target_id)
                          .join(jurisdictions, jurisdictions.c.code == disclosures.c.jurisdiction)
                          .join(tasks, tasks.c.id == disclosures.c.task_id))
             .where(disclosures.c.state == "published", disclosures.c.inspected_on >= start,
                    disclosures.c.inspected_on <= end)
             .order_by(disclosures.c.inspected_on, tasks.c.created_at, tasks.c.id))
    if path:
        query = query.where(disclosures.c.jurisdiction_path.startswith(path, autoescape=True))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    for r in conn.execute(query.execution_options(yield_per=2000)):
        yield (r.place, unit_name(r.name, r.site), SOURCE_TYPES.get(r.category, r.category or "—"),
               r.inspected_on.isoformat() if r.inspected_on else "", r.text, r.description)


def count_public(conn: Connection, path: str | None, start: date, end: date) -> int:
    query = select(func.count()).select_from(disclosures).where(
        disclosures.c.state == "published", disclosures.c.inspected_on >= start, disclosures.c.inspected_on <= end)
    if path:
        query = query.where(disclosures.c.jurisdiction_path.startswith(path, autoescape=True))
    return conn.execute(query).scalar() or 0


# -- the supervisors' lists ----------------------------------------------------------------
LISTS = ("review", "reviewed", "due_week", "overdue", "withheld", "published")


def list_condition(name: str, today: date):
    """The rows of one of the supervisors' lists on `today`."""
    open_ = disclosures.c.state.in_(("pending", "reviewed"))
    monday = today - timedelta(days=today.weekday())
    return {
        "review": disclosures.c.state == "pending",
        "reviewed": disclosures.c.state == "reviewed",  # reviewed, waiting to be published
        "due_week": and_(open_, disclosures.c.due >= today, disclosures.c.due <= monday + timedelta(days=6)),
        "overdue": and_(open_, disclosures.c.due < today),
        "withheld": disclosures.c.state == "withheld",
        "published": disclosures.c.state == "published",
    }[name]


def listed(conn: Connection, scope: Scope, name: str, today: date, limit: int = 50, offset: int = 0) -> list[dict]:
    query = (select(disclosures, targets.c.name.label("unit"), targets.c.site, jurisdictions.c.name.label("place"))
             .select_from(disclosures.join(targets, targets.c.id == disclosures.c.target_id)
                          .join(jurisdictions, jurisdictions.c.code == disclosures.c.jurisdiction))
             .where(scope.clause(disclosures.c.jurisdiction_path), list_condition(name, today))
             .order_by(disclosures.c.due, disclosures.c.id).limit(limit).offset(offset))
    return [dict(r) for r in conn.execute(query).mappings()]


def list_counts(conn: Connection, scope: Scope, today: date) -> dict[str, int]:
    columns = [func.coalesce(func.sum(case((list_condition(n, today), 1), else_=0)), 0).label(n) for n in LISTS]
    row = conn.execute(select(*columns).where(scope.clause(disclosures.c.jurisdiction_path))).mappings().one()
    return {n: int(row[n]) for n in LISTS}


def figures(published_on_time, published, withheld, due, overdue) -> dict:
    return {"due": due, "published": published, "on_time": published_on_time, "withheld": withheld,
            "overdue": overdue,
            # the rate the yearly aim (100 %) is judged by: on time among those that had to be
            "rate": round(100 * published_on_time / (due - withheld), 1) if due - withheld > 0 else None}


def on_time_by_jurisdiction(conn: Connection, scope: Scope, start: date, end: date, today: date) -> list[dict]:
    """Per jurisdiction: results due in [start, end], published, on time, withheld, overdue."""
    due_in = and_(disclosures.c.due >= start, disclosures.c.due <= end)
    query = (select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path,
                    func.count().label("due"),
                    func.coalesce(func.sum(case((disclosures.c.state == "published", 1), else_=0)), 0).label("pub"),
                    func.coalesce(func.sum(case((disclosures.c.on_time.is_(True), 1), else_=0)), 0).label("ok"),
                    func.coalesce(func.sum(case((disclosures.c.state == "withheld", 1), else_=0)), 0).label("held"),
                    func.coalesce(func.sum(case((list_condition("overdue", today), 1), else_=0)), 0).label("late"))
             .select_from(disclosures.join(jurisdictions, jurisdictions.c.code == disclosures.c.jurisdiction))
             .where(scope.clause(disclosures.c.jurisdiction_path), due_in)
             .group_by(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path)
             .order_by(jurisdictions.c.path))
    return [{"code": r.code, "name": r.name, **figures(int(r.ok), int(r.pub), int(r.held), int(r.due), int(r.late))}
            for r in conn.execute(query)]


def by_category(conn: Connection, scope: Scope, start: date, end: date) -> dict[str, dict[str, int]]:
    """For the statistics table: per task category, the results of tasks inspected in the
    period that were published, and of those the ones published on time."""
    query = (select(disclosures.c.category,
                    func.coalesce(func.sum(case((disclosures.c.state == "published", 1), else_=0)), 0),
                    func.coalesce(func.sum(case((disclosures.c.on_time.is_(True), 1), else_=0)), 0))
             .where(scope.clause(disclosures.c.jurisdiction_path), disclosures.c.inspected_on >= start,
                    disclosures.c.inspected_on <= end)
             .group_by(disclosures.c.category))
    return {c or "": {"disclosed": int(p), "disclosed_on_time": int(o)} for c, p, o in conn.execute(query)}
