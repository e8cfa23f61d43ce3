"""提醒: the reminders sent to the logged-in user (unread first, a page at a time), marking
them read, and the reminder rules of a jurisdiction.

A user sees and marks only their own reminders (another's is "not found"). The rules page is
for supervisors and admins, who change the rules of a jurisdiction in their scope with a
reason (admins also the default for everywhere); reviewers read them; inspectors may not.
The unread count in the navigation is one indexed count per page (user_id, read_at).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import OperationalError

from domain.base import DomainError, NoChangeError
from domain.reminder_rules import DAYS_MEANING, EVERYWHERE, KINDS
from domain.vocabulary import N_
from projections.database import write_transaction
from projections.history_view import history_of
from projections.job_tables import notifications
from projections.tables import history, jurisdictions
from workers import reminders

from ..auth.users import refuse, require_in_scope, roles_required
from ..forms import answer
from ..history import register_kind
from ..services import actor, command_id, system

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PER_PAGE = 30
READERS, EDITORS = ("admin", "supervisor", "reviewer"), ("admin", "supervisor")
register_kind("reminderrules", events={"Set": N_("设置提醒规则"), "Changed": N_("修改提醒规则")},
              fields={"jurisdiction": N_("辖区"), "rules": N_("提醒规则"), "previous": N_("原规则")})


def unread_count() -> int:
    if not current_user.is_authenticated:
        return 0
    try:
        with system().engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(notifications).where(
                notifications.c.user_id == current_user.username, notifications.c.read_at.is_(None))).scalar()
    except OperationalError:  # the database is away: the error page still renders its navigation
        return 0


@bp.app_context_processor
def unread():
    return {"unread_notifications": unread_count}


def _mine():
    return notifications.c.user_id == current_user.username


# -- the list -------------------------------------------------------------------------------------
@bp.route("/")
@login_required
def index():
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    with system().engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(notifications).where(_mine())).scalar()
        rows = conn.execute(select(notifications).where(_mine())
                            .order_by(case((notifications.c.read_at.is_(None), 0), else_=1),
                                      notifications.c.created_at.desc(), notifications.c.id.desc())
                            .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).mappings().all()
    pages = max((total + PER_PAGE - 1) // PER_PAGE, 1)
    return render_template("notifications/index.html", rows=rows, page=page, pages=pages, total=total,
                           unread=unread_count(), kinds=KINDS, rules_reader=current_user.role in READERS)


def _mark_read(notification_id: int | None = None) -> dict | None:
    """Mark one of the user's reminders read (or all); the one, or 404 if it is not theirs."""
    now = datetime.now(timezone.utc)
    with write_transaction(system().engine) as conn:
        found = None
        where = [_mine(), notifications.c.read_at.is_(None)]
        if notification_id is not None:
            found = conn.execute(select(notifications.c.id, notifications.c.link)
                                 .where(_mine(), notifications.c.id == notification_id)).mappings().first()
            if found is None:
                abort(404, description=_("提醒不存在"))
            where.append(notifications.c.id == notification_id)
        conn.execute(update(notifications).where(*where).values(read_at=now))
    return found


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id: int):
    _mark_read(notification_id)
    return redirect(url_for(".index", page=request.form.get("page", type=int) or 1))


@bp.route("/<int:notification_id>/open", methods=["POST"])
@login_required
def open_(notification_id: int):
    """Read it and go to its subject (links are our own paths: nothing else is followed)."""
    link = _mark_read(notification_id)["link"]
    return redirect(link if link.startswith("/") and not link.startswith("//") else url_for(".index"))


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    _mark_read()
    return redirect(url_for(".index"))


# -- the rules ------------------------------------------------------------------------------------
def _places(conn) -> list[dict]:
    """The jurisdictions the user may pick, in tree order."""
    return [dict(r) for r in conn.execute(
        select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.depth)
        .where(current_user.scope.clause(jurisdictions.c.path)).order_by(jurisdictions.c.path).limit(1000)).mappings()]


def _chosen(conn, places: list[dict]) -> tuple[str, str]:
    """(code, name) of the jurisdiction asked for, checked against the user's scope."""
    code = request.values.get("jurisdiction") or current_user.jurisdiction or (
        EVERYWHERE if current_user.role == "admin" or not places else places[0]["code"])
    if code == EVERYWHERE:
        return code, _("全区默认（未单独设置的辖区）")
    row = conn.execute(select(jurisdictions.c.name, jurisdictions.c.path)
                       .where(jurisdictions.c.code == code)).one_or_none()
    if row is None:
        abort(404, description=_("辖区“%(code)s”不存在", code=code))
    require_in_scope(row.path)
    return code, row.name


def _rules_page(form: dict | None = None, errors: list[str] = (), status: int = 200):
    with system().engine.connect() as conn:
        places = _places(conn)
        code, name = _chosen(conn, places)
        found = reminders.rules_of(conn, code)
        source_name = None
        if found["source"] not in (None, EVERYWHERE, code):
            source_name = conn.execute(select(jurisdictions.c.name)
                                       .where(jurisdictions.c.code == found["source"])).scalar()
        changes = history_of(conn, history.c.stream_id == found["row"]["id"]) if found["row"] else []
    editable = current_user.role in EDITORS and (code != EVERYWHERE or current_user.role == "admin")
    return render_template("notifications/rules.html", code=code, name=name, places=places, found=found,
                           rules=form or found["rules"], source_name=source_name, changes=changes,
                           editable=editable, errors=list(errors), kinds=KINDS, meanings=DAYS_MEANING,
                           everywhere=EVERYWHERE, webhook_set=bool(os.environ.get(reminders.WEBHOOK_ENV)),
                           admin=current_user.role == "admin", describe=describe), status


@bp.route("/rules")
@roles_required(*READERS)
def rules():
    return _rules_page()


def describe(rules: dict) -> str:
    """A set of rules in one line, as the change list shows each version."""
    parts = []
    for kind, rule in rules.items():
        if kind in KINDS:
            said = _("%(n)s个工作日", n=rule["days"]) + (_("，推送") if rule["webhook"] else "") \
                if rule["enabled"] else _("不提醒")
            parts.append(_("%(kind)s：%(said)s", kind=_(KINDS[kind]), said=said))
    return _("；").join(parts)


def _posted_rules() -> dict:
    """The form as rules; a days field that is not a number goes to the domain as typed, so
    the message is the rules' own ("须为0至60之间的整数")."""
    posted = {}
    for kind in KINDS:
        days = (request.form.get(f"days_{kind}") or "").strip()
        posted[kind] = {"enabled": request.form.get(f"enabled_{kind}") == "yes",
                        "webhook": request.form.get(f"webhook_{kind}") == "yes",
                        "days": int(days) if days.isdigit() else days}
    return posted


@bp.route("/rules", methods=["POST"])
@roles_required(*EDITORS)
def change_rules():
    with system().engine.connect() as conn:
        code, _name = _chosen(conn, _places(conn))
    if code == EVERYWHERE and current_user.role != "admin":
        refuse(_("只有系统管理员可以修改全区默认提醒规则"))
    posted = _posted_rules()
    try:
        outcome = reminders.change_rules(system(), actor(), command_id(), jurisdiction=code, rules=posted,
                                         reason=request.form.get("reason", ""))
    except DomainError as error:
        return _rules_page(posted, [str(error)], 409 if isinstance(error, NoChangeError) else 422)
    return answer(outcome.position, _("提醒规则已修改"), url_for(".rules", jurisdiction=code))
