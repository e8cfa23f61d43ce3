"""Read views of the two directories, limited to a user's scope; plain dicts out. Also the
checks a form needs the read tables for (a place or unit in scope, a unit by credit code)."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from flask_babel import gettext as _, lazy_gettext
from marshmallow import ValidationError
from sqlalchemy import Connection, and_, func, not_, or_, select

from domain.credit_code import normalise_credit_code
from projections.scope import Scope
from projections.tables import brigades, inspectors, jurisdictions, targets

HEX_ID = re.compile(r"^[0-9a-f]{32}$")


# -- options for the selects -------------------------------------------------------------
def jurisdiction_options(conn: Connection, scope: Scope) -> list[dict]:
    rows = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path,
                               jurisdictions.c.depth)
                        .where(scope.clause(jurisdictions.c.path)).order_by(jurisdictions.c.path))
    return [dict(r) for r in rows.mappings()]


def industry_options(conn: Connection, scope: Scope) -> list[str]:
    rows = conn.execute(select(targets.c.industry).distinct()
                        .where(scope.clause(targets.c.jurisdiction_path), targets.c.industry != "")
                        .order_by(targets.c.industry))
    return list(rows.scalars())


def brigade_options(conn: Connection, scope: Scope) -> list[dict]:
    rows = conn.execute(select(brigades.c.code, brigades.c.name, brigades.c.kind)
                        .where(scope.clause(brigades.c.jurisdiction_path), brigades.c.dissolved.is_(False))
                        .order_by(brigades.c.jurisdiction_path, brigades.c.name))
    return [dict(r) for r in rows.mappings()]


def _pick(options: list[dict], code: str, field: str, message: str) -> dict:
    for option in options:
        if option["code"] == code:
            return option
    raise ValidationError({field: [str(message)]})


def jurisdiction_in_scope(conn: Connection, scope: Scope, code: str, field: str = "jurisdiction") -> dict:
    return _pick(jurisdiction_options(conn, scope), code, field,
                 lazy_gettext("辖区“%(code)s”不存在或不在您的管辖范围内", code=code))


def brigade_in_scope(conn: Connection, scope: Scope, code: str, field: str = "unit") -> dict:
    return _pick(brigade_options(conn, scope), code, field,
                 lazy_gettext("执法单位“%(code)s”不存在、已撤销或不在您的管辖范围内", code=code))


# -- a form → a command's arguments, where that needs the read tables ----------------------
def details_arguments(conn: Connection, scope: Scope, row: dict, arguments: dict) -> dict:
    jurisdiction_in_scope(conn, scope, arguments["jurisdiction"])
    return arguments


def transfer_arguments(conn: Connection, scope: Scope, row: dict, arguments: dict) -> dict:
    brigade_in_scope(conn, scope, arguments["unit"])
    return arguments


def renewal_arguments(conn: Connection, scope: Scope, row: dict, arguments: dict) -> dict:
    """A blank number keeps the current one."""
    return {**arguments, "cert_no": arguments["cert_no"] or row["cert_no"]}


def conflict_arguments(conn: Connection, scope: Scope, row: dict, arguments: dict) -> dict:
    """The unit named by credit code (and site), as the command wants it."""
    unit = target_by_code(conn, arguments["credit_code"], arguments["site"])
    if unit is None:
        raise ValidationError({"credit_code": [_("未找到该统一社会信用代码对应的监管对象")]})
    return {"target_id": UUID(hex=unit["id"]), "relation": arguments["relation"]}


# -- 监管对象 -------------------------------------------------------------------------------
def _page(conn: Connection, query, order, page: int, size: int) -> tuple[list[dict], int]:
    total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar()
    rows = conn.execute(query.order_by(*order).limit(size).offset((page - 1) * size)).mappings()
    return [dict(r) for r in rows], total


def find_targets(conn: Connection, scope: Scope, f: dict, size: int) -> tuple[list[dict], int]:
    """One page of units matching the (validated) filters, sorted by name."""
    query = (select(targets, jurisdictions.c.name.label("jurisdiction_name"))
             .join_from(targets, jurisdictions, jurisdictions.c.code == targets.c.jurisdiction, isouter=True)
             .where(scope.clause(targets.c.jurisdiction_path)))
    if f["q"]:
        q = f["q"]
        query = query.where(or_(targets.c.name.contains(q, autoescape=True),
                                targets.c.credit_code.startswith(normalise_credit_code(q), autoescape=True),
                                targets.c.address.contains(q, autoescape=True),
                                targets.c.site.contains(q, autoescape=True)))
    if f["jurisdiction"]:
        path = jurisdiction_in_scope(conn, scope, f["jurisdiction"])["path"]
        query = query.where(targets.c.jurisdiction_path.startswith(path, autoescape=True))
    if f["category"]:
        query = query.where(targets.c.category == f["category"])
    if f["industry"]:
        if f["industry"] not in industry_options(conn, scope):
            raise ValidationError({"industry": [_("“%(value)s”不在可选范围内", value=f["industry"])]})
        query = query.where(targets.c.industry == f["industry"])
    if f["excluded"]:
        excluded = targets.c.exclusion_reason.is_not(None)
        query = query.where(excluded if f["excluded"] == "yes" else not_(excluded))
    if f["positive"]:
        query = query.where(targets.c.positive_list.is_(f["positive"] == "yes"))
    return _page(conn, query, (targets.c.name, targets.c.credit_code, targets.c.site), f["page"], size)


def _target_row(conn: Connection, where) -> dict | None:
    row = conn.execute(select(targets, jurisdictions.c.name.label("jurisdiction_name"))
                       .join_from(targets, jurisdictions, jurisdictions.c.code == targets.c.jurisdiction,
                                  isouter=True).where(where)).mappings().one_or_none()
    return dict(row) if row is not None else None


def target(conn: Connection, target_id: str) -> dict | None:
    if not HEX_ID.match(target_id):
        return None
    return _target_row(conn, targets.c.id == target_id)


def target_by_code(conn: Connection, credit_code: str, site: str) -> dict | None:
    """The unit with this credit code and site; with no site, the code's only unit."""
    rows = conn.execute(select(targets.c.id, targets.c.name, targets.c.site)
                        .where(targets.c.credit_code == credit_code)).mappings().all()
    exact = [r for r in rows if r["site"] == site]
    if exact:
        return dict(exact[0])
    if not site and len(rows) > 1:
        raise ValidationError({"site": [_("该统一社会信用代码下有多个厂区，请填写厂区名称")]})
    if not site and rows:
        return dict(rows[0])
    return None


# -- 检查人员 -------------------------------------------------------------------------------
def certificate_valid(today: date):
    """The SQL twin of Inspector.certificate_valid_on."""
    return or_(inspectors.c.kind == "assistant",
               and_(inspectors.c.cert_expired.is_(False), inspectors.c.cert_valid_until >= today))


def _inspector_query():
    valid = certificate_valid(date.today())
    return (select(inspectors, brigades.c.name.label("unit_name"), valid.label("cert_ok"))
            .join_from(inspectors, brigades, brigades.c.code == inspectors.c.unit, isouter=True))


def find_inspectors(conn: Connection, scope: Scope, f: dict, size: int) -> tuple[list[dict], int]:
    query = _inspector_query().where(scope.clause(inspectors.c.unit_path))
    if f["q"]:
        query = query.where(or_(inspectors.c.name.contains(f["q"], autoescape=True),
                                inspectors.c.cert_no.startswith(f["q"].upper(), autoescape=True)))
    if f["unit"]:
        brigade_in_scope(conn, scope, f["unit"])
        query = query.where(inspectors.c.unit == f["unit"])
    if f["kind"]:
        query = query.where(inspectors.c.kind == f["kind"])
    if f["cert"]:
        valid = certificate_valid(date.today())
        query = query.where(valid if f["cert"] == "valid" else not_(valid))
    for field, column in (("active", inspectors.c.active), ("pool", inspectors.c.in_draw_pool)):
        if f[field]:
            query = query.where(column.is_(f[field] == "yes"))
    return _page(conn, query, (inspectors.c.name, inspectors.c.cert_no), f["page"], size)


def inspector(conn: Connection, inspector_id: str) -> dict | None:
    if not HEX_ID.match(inspector_id):
        return None
    row = conn.execute(_inspector_query().where(inspectors.c.id == inspector_id)).mappings().one_or_none()
    if row is None:
        return None
    result = dict(row)
    result["conflict_list"] = conflicts(conn, result["conflicts"])
    return result


def conflicts(conn: Connection, declared: dict[str, str]) -> list[dict]:
    """The declared conflicts as units by name (a unit not in the read table shows its id)."""
    if not declared:
        return []
    rows = conn.execute(select(targets.c.id, targets.c.name, targets.c.site, targets.c.credit_code,
                               targets.c.jurisdiction_path)
                        .where(targets.c.id.in_(list(declared)))).mappings()
    known = {r["id"]: dict(r) for r in rows}
    found = [{**known.get(tid, {"id": tid, "name": tid, "site": "", "credit_code": "",
                                "jurisdiction_path": None}), "relation": relation}
             for tid, relation in declared.items()]
    return sorted(found, key=lambda c: c["name"])
