"""辖区与执法单位: the jurisdiction tree and the brigades / inspection groups in the user's
scope, a page for each jurisdiction and each brigade, and the forms that change them.

Who may change what: admins rename and add jurisdictions; admins and supervisors form
brigades and change those based inside their scope. Everyone logged in may look at what
is in their scope (a brigade is in scope when it is based there, covers a county there,
or is the user's own).
"""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from eventsourcing.persistence import IntegrityError
from sqlalchemy import Connection, select

from domain.base import DomainError, NotFoundError
from domain.organisation import Brigade, Jurisdiction
from projections.history_view import entries
from projections.tables import brigades, inspectors, jurisdictions

from ..auth.users import refuse, require_in_scope, roles_required
from ..services import actor, command_id, system, wait_for
from . import schemas

bp = Blueprint("organisation", __name__)
MANAGERS = ("admin", "supervisor")


# -- reading ------------------------------------------------------------------------------
def _tree_order(row) -> list[str]:
    return row["path"].strip("/").split("/")


def _visible_jurisdictions(conn: Connection) -> list[dict]:
    rows = conn.execute(select(jurisdictions).where(current_user.scope.clause(jurisdictions.c.path)))
    return sorted((dict(r) for r in rows.mappings()), key=_tree_order)


def _tree(rows: list[dict]) -> list[dict]:
    """Nest the rows under their parents; a row whose parent is out of scope is a root."""
    nodes = {r["code"]: {**r, "children": []} for r in rows}
    roots = []
    for r in rows:
        parent = nodes.get(r["parent"])
        (parent["children"] if parent else roots).append(nodes[r["code"]])
    return roots


def _places(conn: Connection) -> dict[str, dict]:
    """Every jurisdiction by code: name and path (a small table)."""
    rows = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path))
    return {r.code: {"name": r.name, "path": r.path} for r in rows}


def _brigade_visible(row, places: dict[str, dict]) -> bool:
    scope = current_user.scope
    return (current_user.brigade == row["code"] or scope.covers_path(row["jurisdiction_path"])
            or any(scope.covers_path(places.get(c, {}).get("path")) for c in row["covers"]))


def _people(conn: Connection, ids) -> dict[str, dict]:
    ids = [i for i in ids if i]
    if not ids:
        return {}
    rows = conn.execute(select(inspectors).where(inspectors.c.id.in_(ids))).mappings()
    return {r["id"]: dict(r) for r in rows}


def _brigade_summaries(conn: Connection, rows, places: dict[str, dict]) -> list[dict]:
    rows = [dict(r) for r in rows if _brigade_visible(r, places)]
    people = _people(conn, {r["leader"] for r in rows})
    name = lambda code: places.get(code, {}).get("name", code)  # noqa: E731
    return [{**r, "jurisdiction_name": name(r["jurisdiction"]),
             "cover_names": [name(c) for c in r["covers"]],
             "leader_name": people.get(r["leader"], {}).get("name", ""),
             "member_count": len(r["members"])} for r in rows]


def _brigade_row(conn: Connection, code: str) -> dict:
    row = conn.execute(select(brigades).where(brigades.c.code == code)).mappings().one_or_none()
    if row is None:
        raise NotFoundError("执法单位不存在")
    return dict(row)


def _jurisdiction_row(conn: Connection, code: str) -> dict:
    row = conn.execute(select(jurisdictions).where(jurisdictions.c.code == code)).mappings().one_or_none()
    if row is None:
        raise NotFoundError("辖区不存在")
    return dict(row)


def _history(conn: Connection, stream_id: str, places: dict[str, dict]) -> list[dict]:
    """The record's history, with people and places named instead of ids and codes."""
    found = entries(conn, stream_id)
    people = _people(conn, {v for e in found for k, v in e["facts"] if k == "inspector_id"})

    def named(field, value):
        if field == "inspector_id" and value in people:
            return f"{people[value]['name']}（{people[value]['cert_no']}）"
        if field in ("covers", "jurisdiction", "parent"):
            if isinstance(value, list):
                return [places.get(c, {}).get("name", c) for c in value]
            return places.get(value, {}).get("name", value)
        return value

    for e in found:
        e["facts"] = [(k, named(k, v)) for k, v in e["facts"]]
        e["changes"] = [(k, named(k, a), named(k, b)) for k, a, b in e["changes"]]
    return found


def _check_places(codes: list[str], places: dict[str, dict]) -> None:
    for code in codes:
        if code not in places:
            raise DomainError(f"辖区“{code}”不存在")
        require_in_scope(places[code]["path"])


def _done(position: int | None, message: str, endpoint: str, **values):
    wait_for(position)
    flash(message if position else "该操作已处理过，未重复执行", "ok")
    return redirect(url_for(endpoint, **values))


# -- pages --------------------------------------------------------------------------------
@bp.route("/organisation")
@login_required
def index():
    with system().engine.connect() as conn:
        rows = _visible_jurisdictions(conn)
        places = _places(conn)
        all_brigades = conn.execute(select(brigades).order_by(brigades.c.jurisdiction_path, brigades.c.code))
        units = _brigade_summaries(conn, all_brigades.mappings().all(), places)
    return render_template("organisation/index.html", tree=_tree(rows), jurisdictions=rows,
                           units=units, can_form=current_user.role in MANAGERS)


@bp.route("/jurisdictions/<code>")
@login_required
def jurisdiction(code: str):
    with system().engine.connect() as conn:
        row = _jurisdiction_row(conn, code)
        require_in_scope(row["path"])
        places = _places(conn)
        children = conn.execute(select(jurisdictions).where(jurisdictions.c.parent == code)
                                .order_by(jurisdictions.c.code)).mappings().all()
        based = conn.execute(select(brigades).where(brigades.c.jurisdiction == code)
                             .order_by(brigades.c.code)).mappings().all()
        units = _brigade_summaries(conn, based, places)
        history = _history(conn, row["id"], places)
    return render_template("organisation/jurisdiction.html", j=row, children=children, units=units,
                           parent=places.get(row["parent"]), entries=history,
                           is_admin=current_user.role == "admin")


@bp.route("/brigades/<code>")
@login_required
def brigade(code: str):
    with system().engine.connect() as conn:
        row = _brigade_row(conn, code)
        places = _places(conn)
        if not _brigade_visible(row, places):
            refuse("不在您的管辖范围内")
        people = _people(conn, row["members"])
        members = [{**people.get(m, {"id": m, "name": m, "cert_no": ""}), "leader": m == row["leader"]}
                   for m in row["members"]]
        home = conn.execute(select(inspectors).where(inspectors.c.unit == code)
                            .order_by(inspectors.c.name)).mappings().all()
        history = _history(conn, row["id"], places)
        options = _visible_jurisdictions(conn)
        unit_names = dict(conn.execute(select(brigades.c.code, brigades.c.name)).all())
    can_manage = (current_user.role in MANAGERS and not row["dissolved"]
                  and current_user.scope.covers_path(row["jurisdiction_path"]))
    return render_template("organisation/brigade.html", b=row, places=places, members=members, home=home,
                           unit_names=unit_names, entries=history, can_manage=can_manage, options=options,
                           vehicles_text="、".join(row["vehicles"]))


# -- jurisdictions: admin ---------------------------------------------------------------
@bp.route("/jurisdictions/<code>/rename", methods=["POST"])
@roles_required("admin")
def rename_jurisdiction(code: str):
    with system().engine.connect() as conn:
        require_in_scope(_jurisdiction_row(conn, code)["path"])
    data = schemas.load_form(schemas.RenameJurisdiction())
    position = _rename(code, data["name"], data["reason"])
    return _done(position, f"已更名为“{data['name']}”", ".jurisdiction", code=code)


def _rename(code: str, name: str, reason: str) -> int | None:
    """`app.command(..., name=...)` collides with command()'s own `name` parameter, so the
    rename runs here the way command() runs it (idempotent, retried on a concurrent write)
    until the application takes its leading parameters positional-only."""
    app, cid, by = system().app, command_id(), actor()
    for _attempt in range(5):
        jurisdiction = app.load(Jurisdiction, Jurisdiction.create_id(code=code))
        if jurisdiction.has_applied(cid):
            return None
        jurisdiction.rename(name=name, reason=reason, **by.by(cid))
        try:
            return app.save(jurisdiction)[-1].notification.id
        except IntegrityError:
            continue
    raise DomainError("该记录正被他人同时修改，请稍后重试")


@bp.route("/jurisdictions/<code>/children", methods=["POST"])
@roles_required("admin")
def add_jurisdiction(code: str):
    if not system().app.exists(Jurisdiction.create_id(code=code)):
        raise NotFoundError(f"上级辖区“{code}”不存在")
    with system().engine.connect() as conn:
        require_in_scope(_places(conn).get(code, {}).get("path"))
    data = schemas.load_form(schemas.AddJurisdiction())
    outcome = system().app.register_jurisdiction(actor(), command_id(), parent=code, **data)
    return _done(outcome.position, f"已设立下级辖区“{data['name']}”", ".jurisdiction", code=data["code"])


# -- brigades: admin and supervisors ----------------------------------------------------
@bp.route("/brigades", methods=["POST"])
@roles_required(*MANAGERS)
def form_brigade():
    data = schemas.load_form(schemas.FormBrigade())
    if not system().app.exists(Jurisdiction.create_id(code=data["jurisdiction"])):
        raise DomainError(f"所属辖区“{data['jurisdiction']}”不存在")
    covers = data["covers"] or [data["jurisdiction"]]
    with system().engine.connect() as conn:
        _check_places([data["jurisdiction"], *covers], _places(conn))
    outcome = system().app.form_brigade(
        actor(), command_id(), code=data["code"], name=data["name"], kind=data["kind"],
        jurisdiction=data["jurisdiction"], covers=covers, vehicles=schemas.split_vehicles(data["vehicles"]))
    return _done(outcome.position, f"已组建“{data['name']}”", ".brigade", code=data["code"])


def _managed(code: str) -> dict:
    with system().engine.connect() as conn:
        row = _brigade_row(conn, code)
    require_in_scope(row["jurisdiction_path"])
    return row


def _brigade_command(code: str, name: str, **arguments):
    return system().app.command(Brigade, Brigade.create_id(code=code), name, actor(), command_id(),
                                **arguments)


@bp.route("/brigades/<code>/members", methods=["POST"])
@roles_required(*MANAGERS)
def add_member(code: str):
    _managed(code)
    data = schemas.load_form(schemas.AddMember())
    with system().engine.connect() as conn:
        person = conn.execute(select(inspectors).where(inspectors.c.cert_no == data["cert_no"])).mappings().first()
    if person is None:
        raise DomainError(f"未找到执法（工作）证号为“{data['cert_no']}”的检查人员")
    require_in_scope(person["unit_path"])
    outcome = _brigade_command(code, "add_member", inspector_id=UUID(person["id"]),
                               as_leader=data["as_leader"], reason=data["reason"])
    role = "组长" if data["as_leader"] else "成员"
    return _done(outcome.position, f"{person['name']}已作为{role}加入", ".brigade", code=code)


@bp.route("/brigades/<code>/members/remove", methods=["POST"])
@roles_required(*MANAGERS)
def remove_member(code: str):
    _managed(code)
    data = schemas.load_form(schemas.RemoveMember())
    outcome = _brigade_command(code, "remove_member", inspector_id=UUID(data["inspector_id"]),
                               reason=data["reason"])
    return _done(outcome.position, "已将该人员移出本组", ".brigade", code=code)


@bp.route("/brigades/<code>/coverage", methods=["POST"])
@roles_required(*MANAGERS)
def change_coverage(code: str):
    _managed(code)
    data = schemas.load_form(schemas.ChangeCoverage())
    with system().engine.connect() as conn:
        _check_places(data["covers"], _places(conn))
    outcome = _brigade_command(code, "change_coverage", covers=data["covers"],
                               vehicles=schemas.split_vehicles(data["vehicles"]), reason=data["reason"])
    return _done(outcome.position, "负责范围和车辆保障已更新", ".brigade", code=code)


@bp.route("/brigades/<code>/dissolve", methods=["POST"])
@roles_required(*MANAGERS)
def dissolve(code: str):
    _managed(code)
    data = schemas.load_form(schemas.Dissolve())
    outcome = _brigade_command(code, "dissolve", reason=data["reason"])
    return _done(outcome.position, "已撤销该组织", ".brigade", code=code)
