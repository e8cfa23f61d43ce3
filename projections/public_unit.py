"""What the public may read about a unit and its penalties: the directory's public fields,
the results that were published (never one withheld, never one still in review), the
penalty decisions in the credit record while their publication period lasts, and a
twelve-quarter grid made of nothing else. The internal grid (compliance.py) counts the
work itself, published or not; this one counts only what a reader could already find.

The same rows feed the public penalties list, its CSV and `shuangsui credit export`, in
the fields of the national credit system's 行政处罚信息 (credit_record)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, func, or_, select

from domain.credit_code import normalise_credit_code

from .compliance import quarter_of, quarters_to
from .disclosure_views import unit_name
from .public_tables import credit_entries, disclosures
from .statistics import yuan
from .tables import jurisdictions, targets

# The published wording when nothing was found: the standard phrase, and Korla 2022's "正常".
NOTHING_FOUND = ("未发现问题", "正常")
# The fields of 行政处罚信息 as pushed to the national credit system (and the CSV columns).
CREDIT_FIELDS = ("行政相对人名称", "统一社会信用代码", "行政处罚决定书文号", "违法事实", "处罚依据", "处罚内容",
                 "罚款金额（万元）", "处罚决定日期", "公示截止期", "处罚机关")
# Directory fields a reader may see (no exclusion notes, no permit internals, no fingerprint).
UNIT_FIELDS = (targets.c.id, targets.c.name, targets.c.site, targets.c.credit_code, targets.c.address,
               targets.c.industry, targets.c.category, targets.c.category_year, targets.c.category_basis,
               targets.c.special_criteria, targets.c.jurisdiction, targets.c.jurisdiction_path,
               jurisdictions.c.name.label("jurisdiction_name"))


def _units():
    return (select(*UNIT_FIELDS)
            .join_from(targets, jurisdictions, jurisdictions.c.code == targets.c.jurisdiction, isouter=True))


def unit(conn: Connection, target_id: str) -> dict | None:
    row = conn.execute(_units().where(targets.c.id == target_id)).mappings().one_or_none()
    return dict(row) if row is not None else None


def find_units(conn: Connection, q: str, page: int, size: int) -> tuple[list[dict], int]:
    """One page of units whose name contains `q` or whose credit code starts with it."""
    query = _units()
    if q:
        query = query.where(or_(targets.c.name.contains(q, autoescape=True),
                                targets.c.site.contains(q, autoescape=True),
                                targets.c.credit_code.startswith(normalise_credit_code(q), autoescape=True)))
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0
    rows = conn.execute(query.order_by(targets.c.name, targets.c.credit_code, targets.c.site)
                        .limit(size).offset((page - 1) * size)).mappings()
    return [dict(r) for r in rows], total


# -- disclosed results -----------------------------------------------------------------------
def _published(target_id: str):
    return (disclosures.c.target_id == target_id, disclosures.c.state == "published")


def disclosed(conn: Connection, target_id: str) -> list[dict]:
    """The unit's published results, the latest inspection first."""
    rows = conn.execute(select(disclosures.c.inspected_on, disclosures.c.text, disclosures.c.description,
                               disclosures.c.published_on)
                        .where(*_published(target_id))
                        .order_by(disclosures.c.inspected_on.desc(), disclosures.c.published_on.desc()))
    return [dict(r) for r in rows.mappings()]


def found_problem(phrase: str, text: str) -> bool:
    return phrase != "no_problem" and text not in NOTHING_FOUND


# -- the credit record -----------------------------------------------------------------------
def entries(conn: Connection, *, today: date | None = None, target_id: str | None = None,
            path: str | None = None, start: date | None = None, end: date | None = None,
            limit: int | None = None, offset: int = 0) -> tuple[list[dict], int]:
    """Credit entries with their unit, the latest decision first, and how many match.
    `today` keeps only those still within their publication period (a public page);
    without it every entry in force is given (the export to the national system)."""
    query = (select(credit_entries, targets.c.name.label("unit"), targets.c.site, targets.c.credit_code)
             .join_from(credit_entries, targets, targets.c.id == credit_entries.c.target_id))
    conditions = []
    if today is not None:
        conditions.append(credit_entries.c.publish_until >= today)
    if target_id is not None:
        conditions.append(credit_entries.c.target_id == target_id)
    if path:
        conditions.append(credit_entries.c.jurisdiction_path.startswith(path, autoescape=True))
    if start is not None:
        conditions.append(credit_entries.c.decided_on >= start)
    if end is not None:
        conditions.append(credit_entries.c.decided_on <= end)
    query = query.where(*conditions)
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0
    query = query.order_by(credit_entries.c.decided_on.desc(), credit_entries.c.decision_no, credit_entries.c.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    for r in rows:
        r["fine"], r["unit_name"] = yuan(r["fine_fen"]), unit_name(r["unit"], r["site"])
    return rows, total


def penalty_content(fine_fen: int, other_sanctions: list[str]) -> str:
    """处罚内容: the fine in yuan, then the other sanctions."""
    parts = [f"罚款{yuan(fine_fen)}元"] if fine_fen else []
    return "；".join([*parts, *other_sanctions])


def credit_record(row: dict) -> dict:
    """One entry of `entries` as 行政处罚信息 (CREDIT_FIELDS, in order)."""
    ten_thousands = (Decimal(row["fine_fen"]) / Decimal(1_000_000)).quantize(Decimal("0.000001"))
    return dict(zip(CREDIT_FIELDS, (
        row["unit_name"], row["credit_code"], row["decision_no"], row["facts"], row["legal_basis"],
        penalty_content(row["fine_fen"], list(row["other_sanctions"] or [])), str(ten_thousands),
        row["decided_on"].isoformat(), row["publish_until"].isoformat(), row["issuing_body"])))


def penalty_years(conn: Connection, today: date) -> list[int]:
    """The years with a penalty still within its publication period, the latest first."""
    days = conn.execute(select(credit_entries.c.decided_on).where(credit_entries.c.publish_until >= today)).scalars()
    return sorted({d.year for d in days}, reverse=True)


# -- the twelve quarters ---------------------------------------------------------------------
def public_grid(conn: Connection, target_id: str, today: date, n: int = 12) -> dict:
    """{"quarters": [Quarter], "rows": {"inspected"|"problems"|"penalties": {"cells", "total"}},
    "fines": [Decimal yuan per quarter], "fines_total"}: a result counts in the quarter of its
    检查时间, a penalty in the quarter of its decision (only one still publicly shown)."""
    quarters = quarters_to(today, n)
    start, end = quarters[0].start, quarters[-1].end
    where = {q.label: i for i, q in enumerate(quarters)}
    cells = {row: [0] * n for row in ("inspected", "problems", "penalties")}
    fines = [0] * n
    results = conn.execute(select(disclosures.c.inspected_on, disclosures.c.phrase, disclosures.c.text)
                           .where(*_published(target_id), disclosures.c.inspected_on >= start,
                                  disclosures.c.inspected_on <= end))
    for day, phrase, text in results:
        i = where[quarter_of(day).label]
        cells["inspected"][i] += 1
        cells["problems"][i] += found_problem(phrase, text)
    shown, _total = entries(conn, today=today, target_id=target_id, start=start, end=end)
    for e in shown:
        i = where[quarter_of(e["decided_on"]).label]
        cells["penalties"][i] += 1
        fines[i] += e["fine_fen"]
    return {"quarters": quarters, "rows": {k: {"cells": v, "total": sum(v)} for k, v in cells.items()},
            "fines": [yuan(f) for f in fines], "fines_total": yuan(sum(fines)), "start": start, "end": end}
