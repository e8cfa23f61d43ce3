"""Read views of the jurisdictions and the brigades / inspection groups, limited to a
user's scope; plain dicts out. A brigade is in scope when it is based there, covers a
county there, or is the user's own."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Connection, select

from domain.base import NotFoundError
from projections.history_view import entries
from projections.scope import Scope
from projections.tables import brigades, inspectors, jurisdictions


# -- single rows -------------------------------------------------------------------------
def _one(conn: Connection, table, code: str, missing: str) -> dict:
    row = conn.execute(select(table).where(table.c.code == code)).mappings().one_or_none()
    if row is None:
        raise NotFoundError(missing)
    return dict(row)


def jurisdiction(conn: Connection, code: str) -> dict:
    return _one(conn, jurisdictions, code, _("辖区不存在"))


def brigade(conn: Connection, code: str) -> dict:
    return _one(conn, brigades, code, _("执法单位不存在"))


def inspector_by_cert(conn: Connection, cert_no: str) -> dict | None:
    row = conn.execute(select(inspectors).where(inspectors.c.cert_no == cert_no)).mappings().first()
    return dict(row) if row is not None else None


# -- places and people -------------------------------------------------------------------
def places(conn: Connection) -> dict[str, dict]:
    """Every jurisdiction by code: name and path (a small table)."""
    rows = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path))
    return {r.code: {"name": r.name, "path": r.path} for r in rows}


def visible_jurisdictions(conn: Connection, scope: Scope) -> list[dict]:
    rows = conn.execute(select(jurisdictions).where(scope.clause(jurisdictions.c.path)))
    return sorted((dict(r) for r in rows.mappings()), key=lambda r: r["path"].strip("/").split("/"))


def tree(rows: list[dict]) -> list[dict]:
    """Nest the rows under their parents; a row whose parent is out of scope is a root."""
    nodes = {r["code"]: {**r, "children": []} for r in rows}
    roots = []
    for r in rows:
        parent = nodes.get(r["parent"])
        (parent["children"] if parent else roots).append(nodes[r["code"]])
    return roots


def people(conn: Connection, ids) -> dict[str, dict]:
    ids = [i for i in ids if i]
    if not ids:
        return {}
    rows = conn.execute(select(inspectors).where(inspectors.c.id.in_(ids))).mappings()
    return {r["id"]: dict(r) for r in rows}


# -- brigades ------------------------------------------------------------------------------
def brigade_visible(row: dict, known: dict[str, dict], scope: Scope) -> bool:
    return (scope.brigade == row["code"] or scope.covers_path(row["jurisdiction_path"])
            or any(scope.covers_path(known.get(c, {}).get("path")) for c in row["covers"]))


def brigade_summaries(conn: Connection, rows, known: dict[str, dict], scope: Scope) -> list[dict]:
    rows = [dict(r) for r in rows if brigade_visible(r, known, scope)]
    leaders = people(conn, {r["leader"] for r in rows})
    name = lambda code: known.get(code, {}).get("name", code)  # noqa: E731
    return [{**r, "jurisdiction_name": name(r["jurisdiction"]),
             "cover_names": [name(c) for c in r["covers"]],
             "leader_name": leaders.get(r["leader"], {}).get("name", ""),
             "member_count": len(r["members"])} for r in rows]


# -- the pages -----------------------------------------------------------------------------
def overview(conn: Connection, scope: Scope) -> dict:
    """The jurisdiction tree in scope, and every brigade in scope."""
    rows = visible_jurisdictions(conn, scope)
    all_brigades = conn.execute(select(brigades).order_by(brigades.c.jurisdiction_path, brigades.c.code))
    units = brigade_summaries(conn, all_brigades.mappings().all(), places(conn), scope)
    return {"tree": tree(rows), "jurisdictions": rows, "units": units}


def jurisdiction_page(conn: Connection, row: dict, scope: Scope) -> dict:
    """One jurisdiction: its parent, children, the brigades based there, its history."""
    known = places(conn)
    children = conn.execute(select(jurisdictions).where(jurisdictions.c.parent == row["code"])
                            .order_by(jurisdictions.c.code)).mappings().all()
    based = conn.execute(select(brigades).where(brigades.c.jurisdiction == row["code"])
                         .order_by(brigades.c.code)).mappings().all()
    return {"children": children, "units": brigade_summaries(conn, based, known, scope),
            "parent": known.get(row["parent"]), "entries": entries(conn, row["id"])}


def brigade_page(conn: Connection, row: dict, known: dict[str, dict], scope: Scope) -> dict:
    """One brigade: its members (leader first as posted), the officers based there, its
    history, the jurisdictions one may pick for its coverage, and every unit's name."""
    found = people(conn, row["members"])
    members = [{**found.get(m, {"id": m, "name": m, "cert_no": ""}), "leader": m == row["leader"]}
               for m in row["members"]]
    home = conn.execute(select(inspectors).where(inspectors.c.unit == row["code"])
                        .order_by(inspectors.c.name)).mappings().all()
    return {"places": known, "members": members, "home": home, "entries": entries(conn, row["id"]),
            "options": visible_jurisdictions(conn, scope),
            "unit_names": dict(conn.execute(select(brigades.c.code, brigades.c.name)).all()),
            "vehicles_text": "、".join(row["vehicles"])}
