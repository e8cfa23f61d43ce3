"""Read views of sampling plans and the tasks their draws made, limited to a user's scope
(or, for the public pages, to what may be published); plain dicts out."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import Connection, select

from domain.plan_rules import STRATA
from projections.scope import Scope
from projections.tables import brigades, inspectors, jurisdictions, plans, targets, tasks

HEX_ID = re.compile(r"^[0-9a-f]{32}$")
PUBLISHED = ("committed", "executed", "voided")  # a draft is nobody's business yet


def _with_place(query):
    return query.join_from(plans, jurisdictions, jurisdictions.c.code == plans.c.jurisdiction, isouter=True)


def _counts(row: dict) -> dict:
    """Per category: the quota (应抽, fixed at the commitment) and how many were drawn."""
    row["strata"] = [{"stratum": s, "quota": row["quotas"].get(s), "drawn": len(row["selected"].get(s, []))
                      if row["selected"] else None} for s in STRATA]
    return row


def find_plans(conn: Connection, scope: Scope) -> list[dict]:
    query = _with_place(select(plans, jurisdictions.c.name.label("jurisdiction_name"))).where(
        scope.clause(plans.c.jurisdiction_path))
    rows = conn.execute(query.order_by(plans.c.created_at.desc(), plans.c.id)).mappings()
    return [_counts(dict(r)) for r in rows]


def published_plans(conn: Connection) -> list[dict]:
    query = _with_place(select(plans, jurisdictions.c.name.label("jurisdiction_name"))).where(
        plans.c.state.in_(PUBLISHED))
    rows = conn.execute(query.order_by(plans.c.period_start.desc(), plans.c.created_at.desc())).mappings()
    return [_counts(dict(r)) for r in rows]


def plan(conn: Connection, plan_id: str) -> dict | None:
    if not HEX_ID.match(plan_id):
        return None
    row = conn.execute(_with_place(select(plans, jurisdictions.c.name.label("jurisdiction_name")))
                       .where(plans.c.id == plan_id)).mappings().one_or_none()
    return _counts(dict(row)) if row is not None else None


# -- the choices of the new-plan form ------------------------------------------------------
def jurisdiction_choices(conn: Connection, scope: Scope) -> list[dict]:
    rows = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.level,
                               jurisdictions.c.path, jurisdictions.c.depth)
                        .where(scope.clause(jurisdictions.c.path)).order_by(jurisdictions.c.path))
    return [dict(r) for r in rows.mappings()]


def brigade_choices(conn: Connection, scope: Scope) -> list[dict]:
    rows = conn.execute(select(brigades.c.code, brigades.c.name, brigades.c.kind, brigades.c.jurisdiction,
                               brigades.c.covers)
                        .where(scope.clause(brigades.c.jurisdiction_path), brigades.c.dissolved.is_(False))
                        .order_by(brigades.c.jurisdiction_path, brigades.c.name))
    return [dict(r) for r in rows.mappings()]


def check_choices(conn: Connection, scope: Scope, jurisdiction: str, chosen: list[str]) -> None:
    """The plan's jurisdiction and brigades must exist and be the user's to plan for."""
    if jurisdiction not in {j["code"] for j in jurisdiction_choices(conn, scope)}:
        raise ValidationError({"jurisdiction": [_("辖区“%(code)s”不存在或不在您的管辖范围内", code=jurisdiction)]})
    known = {b["code"] for b in brigade_choices(conn, scope)}
    wrong = [c for c in chosen if c not in known]
    if wrong:
        raise ValidationError({"brigades": [_("执法单位“%(code)s”不存在、已撤销或不在您的管辖范围内",
                                              code=_("、").join(wrong))]})
    if not chosen:
        raise ValidationError({"brigades": [_("请至少选择一个执法大队或检查组")]})


def default_level(jurisdiction_level: str | None) -> str:
    """A prefecture (or the region) plans at 州本级; a county, district or park as a county."""
    return "prefecture" if jurisdiction_level in ("province", "prefecture") else "county"


# -- names -----------------------------------------------------------------------------------
def place_name(conn: Connection, code: str) -> str:
    return conn.execute(select(jurisdictions.c.name).where(jurisdictions.c.code == code)).scalar() or code


def brigade_names(conn: Connection, codes: list[str]) -> list[str]:
    found = dict(conn.execute(select(brigades.c.code, brigades.c.name).where(brigades.c.code.in_(codes))).all())
    return [found.get(c, c) for c in codes]


def units(conn: Connection, ids) -> dict[str, dict]:
    ids = list(set(ids))
    if not ids:
        return {}
    rows = conn.execute(select(targets.c.id, targets.c.name, targets.c.site, targets.c.credit_code,
                               targets.c.category, targets.c.jurisdiction,
                               jurisdictions.c.name.label("jurisdiction_name"))
                        .join_from(targets, jurisdictions, jurisdictions.c.code == targets.c.jurisdiction,
                                   isouter=True)
                        .where(targets.c.id.in_(ids))).mappings()
    return {r["id"]: dict(r) for r in rows}


def _unit(known: dict, unit_id: str) -> dict:
    return known.get(unit_id, {"id": unit_id, "name": unit_id, "site": "", "credit_code": "", "category": "",
                               "jurisdiction": "", "jurisdiction_name": ""})


# -- what the draw made -----------------------------------------------------------------------
def drawn(conn: Connection, plan_id: str, selected: dict, *, with_officers: bool) -> dict[str, list[dict]]:
    """Per category, the units drawn as they stand (after replacements), in draw order, each
    with its task: on-site or off-site, and (not for the public) the officers drawn for it."""
    selected = selected or {}
    known = units(conn, [u for ids in selected.values() for u in ids])
    live = {}
    for t in conn.execute(select(tasks).where(tasks.c.plan_id == plan_id, tasks.c.state != "cancelled")).mappings():
        live[t["target_id"]] = dict(t)
    people: dict[str, str] = {}
    if with_officers:
        ids = {o for t in live.values() for o in t["officers"]}
        if ids:
            people = dict(conn.execute(select(inspectors.c.id, inspectors.c.name)
                                       .where(inspectors.c.id.in_(list(ids)))).all())
    out: dict[str, list[dict]] = {}
    for stratum in STRATA:
        listed = []
        for unit_id in selected.get(stratum, []):
            task = live.get(unit_id)
            entry = {**_unit(known, unit_id), "off_site": bool(task and task["off_site"]), "task": task is not None}
            if with_officers:
                entry["officers"] = [people.get(o, o) for o in (task["officers"] if task else [])]
                entry["short"] = bool(task and task["short"])
                entry["shortage"] = task["shortage"] if task else ""
            listed.append(entry)
        out[stratum] = listed
    return out


def replacements(conn: Connection, done: list[dict]) -> list[dict]:
    """Each replacement record with both units by name, in the order they happened."""
    known = units(conn, [u for r in done for u in (r["replaced"], r["by"])])
    return [{**r, "replaced_unit": _unit(known, r["replaced"]), "by_unit": _unit(known, r["by"])} for r in done]
