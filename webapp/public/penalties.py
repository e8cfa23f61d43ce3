"""行政处罚决定公开 (事后公开): the penalty decisions in the credit record while their
publication period lasts (domain/credit.py), by year of decision and jurisdiction, with the
latest ledger checkpoint; and the same as CSV, in the fields of the national credit system
(projections/public_unit.credit_record). Who was penalised is a unit, never a person
acting for us: no officer, no case handler is named."""

from __future__ import annotations

import csv
import io
from datetime import date
from math import ceil
from urllib.parse import quote

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _, lazy_gettext
from marshmallow import ValidationError, fields, validate

from projections import ledger_views, public_unit
from projections.disclosure_views import jurisdiction_by_name

from ..directory.schemas import PageFilters
from ..forms import field, flat_messages, text
from ..services import system
from ..tasks.views import today
from .routes import bp

YEAR_ERROR = lazy_gettext("年度应为2000至2100之间的四位数字，如 2026")


class PenaltyFilters(PageFilters):
    year = field(fields.Integer, lazy_gettext("年度"), load_default=None, messages={"invalid": YEAR_ERROR},
                 validate=validate.Range(min=2000, max=2100, error=YEAR_ERROR))
    jurisdiction = text(lazy_gettext("辖区"), 50, required=False)


def _filters(conn) -> tuple[dict, dict, list[str]]:
    """The validated filters, the named jurisdiction's row (or {}), and what is wrong."""
    schema = PenaltyFilters()
    try:
        f = schema.load(request.args)
    except ValidationError as error:
        return {"year": None, "jurisdiction": "", "page": 1}, {}, flat_messages(error, schema)
    place = {}
    if f["jurisdiction"]:
        place = jurisdiction_by_name(conn, f["jurisdiction"]) or {}
        if not place:
            return f, {}, [_("辖区“%(name)s”不存在（可填写辖区名称或代码）", name=f["jurisdiction"])]
    return f, place, []


def _span(f: dict) -> dict:
    year = f["year"]
    return {"start": date(year, 1, 1), "end": date(year, 12, 31)} if year else {}


@bp.route("/penalties")
def penalties():
    size, day = current_app.config["PAGE_SIZE"], today()
    with system().engine.connect() as conn:
        f, place, errors = _filters(conn)
        rows, total = [], 0
        if not errors:
            rows, total = public_unit.entries(conn, today=day, path=place.get("path"), **_span(f),
                                              limit=size, offset=(f["page"] - 1) * size)
        years = public_unit.penalty_years(conn, day)
        checkpoint = ledger_views.latest_checkpoint(conn)
    keep = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("public/penalties.html", rows=rows, total=total, f=f, place=place, errors=errors,
                           years=years, page=f["page"], pages=max(1, ceil(total / size)), keep=keep,
                           checkpoint=checkpoint), 422 if errors else 200


@bp.route("/penalties.csv")
def penalties_csv():
    with system().engine.connect() as conn:
        f, place, errors = _filters(conn)
        if errors:
            return Response(_("；").join(errors), status=422, mimetype="text/plain")
        rows, _total = public_unit.entries(conn, today=today(), path=place.get("path"), **_span(f))
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel opens the Chinese columns as UTF-8
    writer = csv.writer(out)
    writer.writerow(public_unit.CREDIT_FIELDS)
    for r in rows:
        writer.writerow(public_unit.credit_record(r).values())
    name = "行政处罚决定公开" + (f"{f['year']}年" if f["year"] else "") + (place.get("name") or "") + ".csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": _disposition(name)})


def _disposition(name: str) -> str:
    return f"attachment; filename=\"penalties.csv\"; filename*=UTF-8''{quote(name)}"
