"""辖区与执法单位: the jurisdiction tree and the brigades / inspection groups in the user's
scope, a page for each jurisdiction and each brigade, and the forms that change them.

Who may change what: admins rename and add jurisdictions; admins and supervisors form
brigades and change those based inside their scope. Everyone logged in may look at what
is in their scope (see queries.py for when a brigade is).
"""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.base import DomainError, NotFoundError
from domain.organisation import Brigade, Jurisdiction

from ..auth.users import refuse, require_in_scope, roles_required
from ..forms import answer, load_form
from ..services import actor, command_id, system
from . import queries as q
from .schemas import (AddJurisdiction, AddMember, ChangeCoverage, Dissolve, FormBrigade, RemoveMember,
                      RenameJurisdiction)

bp = Blueprint("organisation", __name__)
MANAGERS = ("admin", "supervisor")


# -- pages --------------------------------------------------------------------------------
@bp.route("/organisation")
@login_required
def index():
    with system().engine.connect() as conn:
        page = q.overview(conn, current_user.scope)
    return render_template("organisation/index.html", **page, can_form=current_user.role in MANAGERS)


@bp.route("/jurisdictions/<code>")
@login_required
def jurisdiction(code: str):
    with system().engine.connect() as conn:
        row = q.jurisdiction(conn, code)
        require_in_scope(row["path"])
        page = q.jurisdiction_page(conn, row, current_user.scope)
    return render_template("organisation/jurisdiction.html", j=row, **page,
                           is_admin=current_user.role == "admin")


@bp.route("/brigades/<code>")
@login_required
def brigade(code: str):
    with system().engine.connect() as conn:
        row, places = q.brigade(conn, code), q.places(conn)
        if not q.brigade_visible(row, places, current_user.scope):
            refuse(_("不在您的管辖范围内"))
        page = q.brigade_page(conn, row, places, current_user.scope)
    can_manage = (current_user.role in MANAGERS and not row["dissolved"]
                  and current_user.scope.covers_path(row["jurisdiction_path"]))
    return render_template("organisation/brigade.html", b=row, **page, can_manage=can_manage)


# -- shared steps -------------------------------------------------------------------------
def _require_places(codes: list[str]) -> None:
    """Each an existing jurisdiction in the user's scope."""
    with system().engine.connect() as conn:
        places = q.places(conn)
    for code in codes:
        if code not in places:
            raise DomainError(_("辖区“%(code)s”不存在", code=code))
        require_in_scope(places[code]["path"])


def _managed(code: str) -> None:
    """Only a brigade based in the user's scope may be changed by them."""
    with system().engine.connect() as conn:
        require_in_scope(q.brigade(conn, code)["jurisdiction_path"])


def _on_brigade(code: str, name: str, done: str, **arguments):
    outcome = system().app.command(Brigade, Brigade.create_id(code=code), name, actor(), command_id(),
                                   **arguments)
    return answer(outcome.position, done, url_for(".brigade", code=code))


# -- jurisdictions: admin ---------------------------------------------------------------
@bp.route("/jurisdictions/<code>/rename", methods=["POST"])
@roles_required("admin")
def rename_jurisdiction(code: str):
    with system().engine.connect() as conn:
        require_in_scope(q.jurisdiction(conn, code)["path"])
    data = load_form(RenameJurisdiction())
    outcome = system().app.command(Jurisdiction, Jurisdiction.create_id(code=code), "rename", actor(),
                                   command_id(), **data)
    return answer(outcome.position, _("已更名为“%(name)s”", name=data["name"]), url_for(".jurisdiction", code=code))


@bp.route("/jurisdictions/<code>/children", methods=["POST"])
@roles_required("admin")
def add_jurisdiction(code: str):
    if not system().app.exists(Jurisdiction.create_id(code=code)):
        raise NotFoundError(_("上级辖区“%(code)s”不存在", code=code))
    with system().engine.connect() as conn:
        require_in_scope(q.places(conn).get(code, {}).get("path"))
    data = load_form(AddJurisdiction())
    outcome = system().app.register_jurisdiction(actor(), command_id(), parent=code, **data)
    return answer(outcome.position, _("已设立下级辖区“%(name)s”", name=data["name"]),
                  url_for(".jurisdiction", code=data["code"]))


# -- brigades: admin and supervisors ----------------------------------------------------
@bp.route("/brigades", methods=["POST"])
@roles_required(*MANAGERS)
def form_brigade():
    data = load_form(FormBrigade())
    if not system().app.exists(Jurisdiction.create_id(code=data["jurisdiction"])):
        raise DomainError(_("所属辖区“%(code)s”不存在", code=data["jurisdiction"]))
    data["covers"] = data["covers"] or [data["jurisdiction"]]
    _require_places([data["jurisdiction"], *data["covers"]])
    outcome = system().app.form_brigade(actor(), command_id(), **data)
    return answer(outcome.position, _("已组建“%(name)s”", name=data["name"]), url_for(".brigade", code=data["code"]))


@bp.route("/brigades/<code>/members", methods=["POST"])
@roles_required(*MANAGERS)
def add_member(code: str):
    _managed(code)
    data = load_form(AddMember())
    with system().engine.connect() as conn:
        person = q.inspector_by_cert(conn, cert_no := data.pop("cert_no"))
    if person is None:
        raise DomainError(_("未找到执法（工作）证号为“%(cert_no)s”的检查人员", cert_no=cert_no))
    require_in_scope(person["unit_path"])
    joined = (_("%(name)s已作为组长加入", name=person["name"]) if data["as_leader"]
              else _("%(name)s已作为成员加入", name=person["name"]))
    return _on_brigade(code, "add_member", joined,
                       inspector_id=UUID(person["id"]), **data)


@bp.route("/brigades/<code>/members/remove", methods=["POST"])
@roles_required(*MANAGERS)
def remove_member(code: str):
    _managed(code)
    return _on_brigade(code, "remove_member", _("已将该人员移出本组"), **load_form(RemoveMember()))


@bp.route("/brigades/<code>/coverage", methods=["POST"])
@roles_required(*MANAGERS)
def change_coverage(code: str):
    _managed(code)
    data = load_form(ChangeCoverage())
    _require_places(data["covers"])
    return _on_brigade(code, "change_coverage", _("负责范围和车辆保障已更新"), **data)


@bp.route("/brigades/<code>/dissolve", methods=["POST"])
@roles_required(*MANAGERS)
def dissolve(code: str):
    _managed(code)
    return _on_brigade(code, "dissolve", _("已撤销该组织"), **load_form(Dissolve()))
