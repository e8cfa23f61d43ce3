"""用户管理 (admins only): list and create accounts; change a user's role and scope, reset
the password, disable and enable. Every change is an event of the User aggregate; the
password hash goes only to the credentials table, never into an event."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Connection, select

from domain.base import DomainError, NotFoundError
from domain.organisation import Brigade, Jurisdiction
from domain.users import User
from projections.history_view import entries
from projections.tables import brigades, credentials, jurisdictions, users as users_table

from ..auth.credentials import set_password
from ..auth.users import roles_required
from ..forms import Invalid, answer, load_form
from ..services import actor, command_id, system
from . import schemas

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _names(conn: Connection) -> tuple[dict[str, str], dict[str, str]]:
    places = dict(conn.execute(select(jurisdictions.c.code, jurisdictions.c.name)).all())
    units = dict(conn.execute(select(brigades.c.code, brigades.c.name)).all())
    return places, units


def _options(conn: Connection) -> dict:
    places = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path)).all()
    units = conn.execute(select(brigades.c.code, brigades.c.name).where(brigades.c.dissolved.is_(False))
                         .order_by(brigades.c.jurisdiction_path, brigades.c.code)).all()
    return {"jurisdictions": sorted(places, key=lambda r: r.path.strip("/").split("/")), "brigades": units}


def _user_row(conn: Connection, username: str) -> dict:
    row = conn.execute(select(users_table).where(users_table.c.username == username)).mappings().one_or_none()
    if row is None:
        raise NotFoundError(_("用户不存在"))
    return dict(row)


def _require_user(username: str) -> None:
    with system().engine.connect() as conn:
        _user_row(conn, username)


def _check_scope_exists(data: dict) -> None:
    if data.get("jurisdiction") and not system().app.exists(Jurisdiction.create_id(code=data["jurisdiction"])):
        raise DomainError(_("辖区“%(code)s”不存在", code=data["jurisdiction"]))
    if data.get("brigade") and not system().app.exists(Brigade.create_id(code=data["brigade"])):
        raise DomainError(_("执法大队/检查组“%(code)s”不存在", code=data["brigade"]))


def _users_page(form: dict | None = None, errors: list[str] | None = None, status: int = 200):
    with system().engine.connect() as conn:
        rows = conn.execute(select(users_table).order_by(users_table.c.username)).mappings().all()
        places, units = _names(conn)
        options = _options(conn)
    return render_template("admin/users.html", users=rows, places=places, units=units,
                           options=options, form=form or {}, errors=errors or []), status


def _command(username: str, name: str, done: str, **arguments):
    outcome = system().app.command(User, User.create_id(username=username), name, actor(), command_id(),
                                   **arguments)
    return answer(outcome.position, done, url_for(".user", username=username))


@bp.get("/users")
@roles_required("admin")
def users():
    return _users_page()


@bp.post("/users")
@roles_required("admin")
def create_user():
    try:
        data = load_form(schemas.CreateUser())
    except Invalid as invalid:
        typed = {k: v for k, v in request.form.items() if k not in ("password", "csrf_token", "command_id")}
        return _users_page(typed, invalid.lines, 422)
    _check_scope_exists(data)
    password = data.pop("password")
    outcome = system().app.create_user(actor(), command_id(), **data)
    set_password(system().engine, data["username"], password)
    return answer(outcome.position, _("已创建账号“%(username)s”", username=data["username"]),
                  url_for(".user", username=data["username"]))


@bp.get("/users/<username>")
@roles_required("admin")
def user(username: str):
    with system().engine.connect() as conn:
        row = _user_row(conn, username)
        places, units = _names(conn)
        history = entries(conn, row["id"])
        options = _options(conn)
        password_changed = conn.execute(select(credentials.c.changed_at)
                                        .where(credentials.c.username == username)).scalar()
    named = {"jurisdiction": places, "brigade": units}
    for e in history:
        e["facts"] = [(k, named.get(k, {}).get(v, v)) for k, v in e["facts"]]
        e["changes"] = [(k, named.get(k, {}).get(a, a), named.get(k, {}).get(b, b)) for k, a, b in e["changes"]]
    return render_template("admin/user.html", u=row, places=places, units=units, entries=history,
                           options=options, password_changed=password_changed,
                           is_self=username == current_user.username)


@bp.post("/users/<username>/role")
@roles_required("admin")
def change_role(username: str):
    _require_user(username)
    data = load_form(schemas.ChangeRole())
    if username == current_user.username and data["role"] != "admin":
        abort(422, description=_("不能取消自己的系统管理员角色，请由其他管理员操作"))
    _check_scope_exists(data)
    return _command(username, "change_role", _("角色与管辖范围已更新"), **data)


@bp.post("/users/<username>/password")
@roles_required("admin")
def reset_password(username: str):
    _require_user(username)
    data = load_form(schemas.ResetPassword())
    response = _command(username, "reset_password", _("密码已重置，请将新密码当面告知本人"), reason=data["reason"])
    set_password(system().engine, username, data["password"])
    return response


@bp.post("/users/<username>/disable")
@roles_required("admin")
def disable(username: str):
    _require_user(username)
    if username == current_user.username:
        abort(422, description=_("不能停用自己的账号，请由其他管理员操作"))
    return _command(username, "disable", _("账号已停用，该用户不能再登录"), **load_form(schemas.Reason()))


@bp.post("/users/<username>/enable")
@roles_required("admin")
def enable(username: str):
    _require_user(username)
    return _command(username, "enable", _("账号已启用"), **load_form(schemas.Reason()))
