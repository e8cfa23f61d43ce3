"""A unit as the public sees it: its directory entry, its published results, its penalties
while their publication period lasts, twelve quarters made only of those
(projections/public_unit.py), and a form to report a data error (数据纠错).

No login, nothing personal: no officer, no reviewer, no reporter's contact. A report goes
through workers.publication.submit_correction with the form's command id (a form sent twice
makes one report) and is throttled per client address like failed logins are."""

from __future__ import annotations

from math import ceil
from uuid import UUID

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext
from marshmallow import ValidationError

from domain.base import DomainError, NotFoundError
from domain.corrections import SUBJECTS
from projections import ledger_views, public_unit
from workers import publication

from ..throttle import Throttle
from ..directory.schemas import PageFilters
from ..forms import FormSchema, flat_messages, one_of, text
from ..services import command_id, system
from ..tasks.views import today
from .routes import bp


class CorrectionForm(FormSchema):
    subject = one_of(lazy_gettext("纠错类别"), SUBJECTS, listed=True)
    details = text(lazy_gettext("纠错内容"), 2000)
    contact = text(lazy_gettext("联系方式（选填）"), 100, required=False)


@bp.route("/units")
def units():
    schema, size = PageFilters(), current_app.config["PAGE_SIZE"]
    try:
        filters, errors = schema.load(request.args), []
    except ValidationError as error:
        filters, errors = {"q": "", "page": 1}, flat_messages(error, schema)
    rows, total = [], 0
    if not errors:
        with system().engine.connect() as conn:
            rows, total = public_unit.find_units(conn, filters["q"], filters["page"], size)
    return render_template("public/units.html", rows=rows, total=total, q=filters["q"], page=filters["page"],
                           pages=max(1, ceil(total / size)), errors=errors), 422 if errors else 200


def _unit_or_404(conn, target_id: str) -> dict:
    row = public_unit.unit(conn, target_id) if len(target_id) == 32 else None
    if row is None:
        raise NotFoundError(_("监管对象不存在"))
    return row


def _page(target_id: str, *, form: dict | None = None, errors: list[str] | None = None, status: int = 200):
    day = today()
    with system().engine.connect() as conn:
        row = _unit_or_404(conn, target_id)
        results = public_unit.disclosed(conn, target_id)
        penalties, _total = public_unit.entries(conn, today=day, target_id=target_id)
        grid = public_unit.public_grid(conn, target_id, day)
        checkpoint = ledger_views.latest_checkpoint(conn)  # printed at the foot: a reader keeps it
    return render_template("public/unit.html", unit=row, results=results, penalties=penalties, grid=grid,
                           checkpoint=checkpoint, subjects=SUBJECTS, form=form or {},
                           errors=errors or []), status


@bp.route("/units/<target_id>")
def unit(target_id: str):
    return _page(target_id)


# At most 5 reports in 5 minutes from one address, per process. Only reports made count;
# a form refused for bad input wrote nothing.
reports = Throttle(limit=5, window=300.0)


def _throttle_key() -> tuple[str]:
    return (request.remote_addr or "-",)


@bp.route("/units/<target_id>/correction", methods=["POST"])
def correction(target_id: str):
    with system().engine.connect() as conn:
        _unit_or_404(conn, target_id)
    # What was typed comes back in the form if it is refused; the contact does not (it is
    # never printed on a public page, not even back to whoever typed it).
    typed = {k: request.form.get(k, "") for k in ("subject", "details")}
    key = _throttle_key()
    if reports.too_many(key):
        current_app.logger.warning("数据纠错提交过于频繁 addr=%s", key[0])
        return _page(target_id, form=typed, errors=[_("提交过于频繁，请5分钟后再试")], status=429)
    schema = CorrectionForm()
    try:
        values = schema.load(request.form)
    except ValidationError as error:
        return _page(target_id, form=typed, errors=flat_messages(error, schema), status=422)
    try:
        outcome = publication.submit_correction(system(), command_id(), target_id=UUID(hex=target_id),
                                                today=today(), **values)
    except DomainError as error:  # the domain's own checks of the same fields
        return _page(target_id, form=typed, errors=[str(error)], status=422)
    if outcome.position is not None:
        reports.count(key)
    return render_template("public/correction_done.html", reference=outcome.aggregate_id.hex[:8],
                           back=url_for(".unit", target_id=target_id))
