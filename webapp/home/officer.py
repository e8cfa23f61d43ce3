"""The officer's (inspector's) home page: what to do today, what falls due later, and the
deadlines of the problems their tasks found (projections/dashboards.officer). Who the user
is as an officer is webapp/tasks/queries.officer_of's rule."""

from __future__ import annotations

from datetime import date

from flask import render_template, url_for
from flask_login import current_user

from projections import dashboards

from ..problems.schemas import CATEGORY_LABELS, DISPOSITION_STATE_LABELS, KIND_LABELS
from ..services import system
from ..tasks.queries import officer_of
from ..tasks.schemas import ORIGIN_LABELS, STATE_LABELS


def render(today: date):
    scope = current_user.scope
    with system().engine.connect() as conn:
        me = officer_of(current_user, conn)
        d = dashboards.officer(conn, scope, today, me, current_user.brigade) if me else None
        directory = dashboards.directory(conn, scope)
    # the counts that open the status board's lists: that list narrows to the user's brigade itself
    link = {"overdue": url_for("stats.rows", listing="tasks", officer=me, overdue="yes"),
            "week": url_for("stats.rows", listing="tasks", officer=me, week="yes"),
            "open": url_for("tasks.mine"), "today": "#today"} if me else {}
    return render_template("home/officer.html", d=d, me=me, link=link, directory=directory, today=today,
                           states=STATE_LABELS, origins=ORIGIN_LABELS, kinds=KIND_LABELS,
                           disposition_states=DISPOSITION_STATE_LABELS, problem_categories=CATEGORY_LABELS)
