"""The reviewer's home page: recent draws and how far their record is verified, the ledger,
and the changes worth a second look (projections/dashboards.reviewer), each opening its
record; the chart of the changes by kind jumps to that kind's rows on the page."""

from __future__ import annotations

from datetime import date

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.vocabulary import N_
from projections import dashboards, disclosure_views

from ..services import system
from . import charts as c

CHANGE_TITLES = {
    "void": N_("抽查计划作废"), "replacement": N_("抽中对象替补"), "reassignment": N_("调整检查人员"),
    "task_reopened": N_("任务重新打开"), "problem_reopened": N_("问题重新打开"), "task_cancelled": N_("任务取消"),
    "due_extended": N_("任务延期"), "deadline_extended": N_("整改期限延长"), "decision_revised": N_("变更处罚决定"),
    "disclosure_corrected": N_("更正已公开结果"), "disclosure_withheld": N_("决定不予公开"),
}
DRAW_STATUS = {"verified": N_("已入账本，全库核验通过"), "check_failed": N_("全库核验未通过"),
               "chained": N_("已入账本，待全库核验"), "unchained": N_("尚未入账本")}


def record_link(record: dict) -> str:
    kind, id_ = record["kind"], record["id"]
    if kind == "plan":
        return url_for("plans.plan", plan_id=id_)
    if kind == "task":
        return url_for("tasks.task", task_id=id_)
    if kind == "problem":
        return url_for("problems.problem", problem_id=id_)
    return url_for("disclosure.task", task_id=id_)


def render(today: date):
    scope = current_user.scope
    with system().engine.connect() as conn:
        d = dashboards.reviewer(conn, scope, today)
        directory = dashboards.directory(conn, scope)
        disclosing = disclosure_views.list_counts(conn, scope, today)
    counts = d["changes"]["counts"]
    spec = c.chart(_("近%(n)s天值得复核的变更", n=d["days"]), [_(CHANGE_TITLES[k]) for k in counts],
                   [c.series(_("变更次数"), [c.point(n, f"#change-{k}") for k, n in counts.items()])], rotate=True)
    return render_template("home/reviewer.html", d=d, chart=spec, titles=CHANGE_TITLES, draw_status=DRAW_STATUS,
                           record_link=record_link, ledger=d["ledger"], directory=directory,
                           disclosing=disclosing)
