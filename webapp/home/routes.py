"""The home pages (a dashboard per role: supervisor.py, officer.py, reviewer.py), /healthz and
the language switch."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select, text

from projections import dashboards, disclosure_views, ledger_views
from projections.tables import jurisdictions

from ..ledger.routes import READERS as LEDGER_READERS
from ..services import system
from ..tasks.views import today
from . import officer, reviewer, supervisor

bp = Blueprint("home", __name__)
DISCLOSURE_READERS = ("admin", "supervisor", "reviewer")


@bp.route("/")
@login_required
def index():
    """Each role's home page: supervisors and admins the dashboard of their jurisdiction, an
    officer their day, a reviewer what deserves a second look."""
    role, now = current_user.role, today()
    if role in ("admin", "supervisor"):
        return supervisor.render(now, _scope_name())
    if role == "inspector":
        return officer.render(now)
    if role == "reviewer":
        return reviewer.render(now)
    return _overview(now)


def _scope_name() -> str | None:
    if not current_user.jurisdiction:
        return None
    with system().engine.connect() as conn:
        return conn.execute(select(jurisdictions.c.name)
                            .where(jurisdictions.c.code == current_user.jurisdiction)).scalar()


def _overview(now):
    """A role without a page of its own: the counts of the directory only."""
    with system().engine.connect() as conn:
        directory = dashboards.directory(conn, current_user.scope)
        ledger = ledger_views.status(conn) if current_user.role in LEDGER_READERS else None
        disclosing = (disclosure_views.list_counts(conn, current_user.scope, now)
                      if current_user.role in DISCLOSURE_READERS else None)
    return render_template("home/index.html", directory=directory, ledger=ledger, disclosing=disclosing)


@bp.route("/healthz")
def healthz():
    """Database reachable and how far the projections lag behind the event log."""
    s = system()
    started = time.monotonic()
    report: dict = {"status": "ok", "embedded": s.settings.embedded}
    try:
        with s.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        head = s.app.recorder.max_notification_id() or 0
        positions = s.projector.positions()
        report["event_store"] = {"ok": True, "last_position": head}
        report["projections"] = {
            p.name: {"position": positions.get(p.name, 0), "lag": head - positions.get(p.name, 0)}
            for p in s.projector.projections}
        report["lag"] = max(v["lag"] for v in report["projections"].values())
        report["ledger"] = _ledger_status(s, head)
    except Exception as error:  # the page must answer even when the database does not
        report.update(status="error", error=str(error)[:300])
        return jsonify(report), 503
    if s.settings.redis_url:
        report["redis"] = _redis_status(s.settings.redis_url)
        if not report["redis"]["ok"]:
            report["status"] = "degraded"  # pages still work; background jobs wait for Redis
    report["took_ms"] = round((time.monotonic() - started) * 1000, 1)
    return jsonify(report)


def _ledger_status(s, head: int) -> dict:
    """Reads only: the check itself runs from the ledger page or `shuangsui ledger verify-store`.
    A failed check is shown here but leaves the answer's status alone: the load balancer must
    keep a working app in service while someone looks into its history."""
    try:
        with s.engine.connect() as conn:
            found = ledger_views.status(conn)
    except Exception as error:  # the rest of the report still answers
        return {"error": str(error)[:300]}
    chained = found["head"]["position"] if found["head"] else 0
    check = found["last_check"]
    return {"head": chained, "lag": max(0, head - chained),
            "last_check": check and {k: check[k] for k in ("at", "ok", "problem")},
            "last_checkpoint": found["last_checkpoint"]}


def _redis_status(url: str) -> dict:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        client = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        return {"ok": True}
    except RedisError as error:
        return {"ok": False, "error": str(error)[:200]}


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code in ("zh", "en"):
        session["lang"] = code
    target = request.form.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("home.index"))
