"""账本与检查点 (docs/ledger.md): the ledger's head, the last end-to-end check and checkpoint,
the signing keys and every checkpoint, for admins, supervisors and reviewers; signing a
checkpoint and checking the whole store from the page; the 核验文件包 downloads
(webapp/ledger/downloads.py says who may have which); and the standalone verifier, public:
anyone must be able to check a bundle without an account.

A checkpoint is refused (409, nothing written) when the store no longer matches what was
signed last (LedgerAlarm): the page shows why. The whole-store check runs in the request
for now (the background jobs issue moves it)."""

from __future__ import annotations

from math import ceil
from pathlib import Path

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from domain import ledger_verify
from domain.ledger import OCCASIONS
from projections import ledger_views
from workers.ledger import LedgerAlarm, make_checkpoint
from workers.ledger_check import verify_store

from ..auth.users import roles_required
from ..directory.schemas import PageFilters
from ..errors import render_error
from ..forms import Invalid, load_form
from ..services import actor, system
from ..stats.schemas import PeriodFilters, period_of
from .downloads import bundle_response, may_have_everything, period_title, require_everything, subject_title

bp = Blueprint("ledger", __name__, url_prefix="/ledger")
READERS = ("admin", "supervisor", "reviewer")


@bp.errorhandler(LedgerAlarm)
def _alarm(error: LedgerAlarm):
    """An export signs a checkpoint first: refused like the page's own signing."""
    return render_error(409, str(error))


def _page(alarm: str | None = None, status: int = 200):
    data = load_form(PageFilters(), request.args)
    size = current_app.config["PAGE_SIZE"]
    with system().engine.connect() as conn:
        rows, total = ledger_views.checkpoints_page(conn, data["page"], size)
        state, keys = ledger_views.status(conn), ledger_views.keys(conn)
    return render_template("ledger/index.html", status=state, keys=keys, rows=rows, total=total,
                           page=data["page"], pages=max(1, ceil(total / size)), occasions=OCCASIONS,
                           alarm=alarm, everything=may_have_everything()), status


@bp.route("")
@roles_required(*READERS)
def index():
    return _page()


@bp.route("/checkpoint", methods=["POST"])
@roles_required(*READERS)
def sign():
    try:
        made = make_checkpoint(system(), actor(), "demand")
    except LedgerAlarm as alarm:
        return _page(str(alarm), 409)
    flash(_("已签署检查点：位置 %(position)s，链哈希 %(chain)s", position=made["position"],
            chain=made["chain_hash"]), "ok")
    return redirect(url_for(".index"))


@bp.route("/verify", methods=["POST"])
@roles_required(*READERS)
def verify():
    result = verify_store(system())
    if result.ok:
        flash(_("全库核验通过：%(n)s 条事件，至位置 %(position)s，用时 %(seconds)s 秒", n=result.events,
                position=result.position, seconds=f"{result.seconds:.1f}"), "ok")
    else:
        flash(_("全库核验未通过：%(problem)s", problem=result.problem), "error")
    return redirect(url_for(".index"))


@bp.route("/bundle/store")
@roles_required(*READERS)
def store_bundle():
    require_everything()
    return bundle_response("store", _("整个事件库"))


@bp.route("/bundle/period")
@roles_required(*READERS)
def period_bundle():
    require_everything()
    period = period_of(load_form(PeriodFilters(), request.args))  # the statistics pages' period, same messages
    if period is None:
        raise Invalid([_("请填写期间的起始日期和截止日期")])
    return bundle_response("period", period_title(period.start, period.end), start=period.start, end=period.end)


@bp.route("/bundle/<any(task, unit, draw):kind>/<subject_id>")
@login_required  # who may: the record page's own check (an inspector: the tasks they are on)
def subject_bundle(kind: str, subject_id: str):
    return bundle_response(kind, *subject_title(kind, subject_id), subject=subject_id)


@bp.route("/ledger_verify.py")
def verifier():
    """The standalone verifier, byte for byte (standard library only): no login, anyone checks."""
    return Response(Path(ledger_verify.__file__).read_bytes(), mimetype="text/x-python",
                    headers={"Content-Disposition": 'attachment; filename="ledger_verify.py"'})
