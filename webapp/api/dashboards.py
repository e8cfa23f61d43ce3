"""API: 首页看板（支队、执法人员、稽查）: the figures of the role home pages (webapp/home/), read
with the same functions (projections/dashboards) for the caller's scope and today, plus the
counts the pages show above them.

The same role routing as the home page: admins and supervisors have the supervisor's
dashboard, inspectors the officer's day, reviewers the reviewer's second look; another
role's dashboard is 403. GET /dashboards says which one is the caller's."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from projections import dashboards, disclosure_views, ledger_views

from ..auth.users import roles_required
from ..home import figures
from ..home.reviewer import CHANGE_TITLES, DRAW_STATUS
from ..services import system
from ..tasks.queries import officer_of
from ..tasks.views import today
from . import dashboards_schemas as s
from .base import area

blp = area("dashboards", "首页看板（支队、执法人员、稽查）")
BY_ROLE = {"admin": "supervisor", "supervisor": "supervisor", "inspector": "officer", "reviewer": "reviewer"}


@blp.route("/dashboards")
@blp.response(200, s.DashboardLinkSchema)
def my_dashboard():
    """本人角色的首页看板地址（系统管理员、支队：supervisor；执法人员：officer；稽查：reviewer）"""
    name = BY_ROLE.get(current_user.role)
    return {"role": current_user.role, "dashboard": url_for(f".{name}_dashboard") if name else None}


@blp.route("/dashboards/supervisor")
@blp.response(200, s.SupervisorDashboardSchema)
@roles_required("admin", "supervisor")
def supervisor_dashboard():
    """支队首页看板：最低抽查比例、问题发现与办结、现场与非现场检查、处罚决定、各县市逾期"""
    scope, now = current_user.scope, today()
    with system().engine.connect() as conn:
        found = figures.supervisor(conn, scope, now)  # the home page's cache (webapp/home/figures.py)
        found.update(directory=dashboards.directory(conn, scope),
                     disclosing=disclosure_views.list_counts(conn, scope, now), ledger=ledger_views.status(conn))
    return found


@blp.route("/dashboards/officer")
@blp.response(200, s.OfficerDashboardSchema)
@roles_required("inspector")
def officer_dashboard():
    """执法人员首页：今日待办、之后到期的任务、所查问题的整改期限"""
    scope, now = current_user.scope, today()
    with system().engine.connect() as conn:
        me = officer_of(current_user, conn)
        found = dashboards.officer(conn, scope, now, me, current_user.brigade) if me else None
        directory = dashboards.directory(conn, scope)
    if found is None:  # the page says so instead of the lists
        return {"officer": None, "counts": None, "today": [], "later": [], "problems": [], "directory": directory,
                "notice": _("未找到与您的账号对应的检查人员记录，因此没有分配给您的任务。请联系管理员核对用户名（执法证号）、"
                            "姓名和所属执法大队。")}
    return {**found, "directory": directory, "notice": None}


@blp.route("/dashboards/reviewer")
@blp.response(200, s.ReviewerDashboardSchema)
@roles_required("reviewer")
def reviewer_dashboard():
    """稽查首页：近期抽取及其记录核验情况、账本、值得复核的变更"""
    scope, now = current_user.scope, today()
    with system().engine.connect() as conn:
        found = dashboards.reviewer(conn, scope, now)
        found.update(directory=dashboards.directory(conn, scope),
                     disclosing=disclosure_views.list_counts(conn, scope, now))
    for draw in found["draws"]:
        draw["status_label"] = _(DRAW_STATUS[draw["status"]])
    found["changes"]["titles"] = {k: _(CHANGE_TITLES[k]) for k in found["changes"]["counts"] if k in CHANGE_TITLES}
    return found
