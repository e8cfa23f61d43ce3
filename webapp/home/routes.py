"""The home page, /healthz and the language switch."""

from __future__ import annotations

import time
from datetime import datetime

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select, text

from domain.calendar import SHANGHAI
from projections import disclosure_views, ledger_views
from projections.tables import inspectors, targets

from ..ledger.routes import READERS as LEDGER_READERS
from ..services import system

bp = Blueprint("home", __name__)
DISCLOSURE_READERS = ("admin", "supervisor", "reviewer")


@bp.route("/")
@login_required
def index():
    scope = current_user.scope
    with system().engine.connect() as conn:
        by_category = dict(conn.execute(
            select(targets.c.category, func.count()).where(scope.clause(targets.c.jurisdiction_path))
            .group_by(targets.c.category)).all())
        excluded = conn.execute(select(func.count()).where(
            scope.clause(targets.c.jurisdiction_path), targets.c.exclusion_reason.is_not(None))).scalar()
        officers = conn.execute(select(func.count()).where(
            scope.clause(inspectors.c.unit_path), inspectors.c.kind == "officer",
            inspectors.c.active.is_(True))).scalar()
        ledger = ledger_views.status(conn) if current_user.role in LEDGER_READERS else None
        # 一公开 at a glance for those who review and publish: what waits, what is late
        disclosing = (disclosure_views.list_counts(conn, scope, datetime.now(SHANGHAI).date())
                      if current_user.role in DISCLOSURE_READERS else None)
    return render_template("home/index.html", by_category=by_category, excluded=excluded, officers=officers,
                           ledger=ledger, disclosing=disclosing)


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
