"""随机抽查情况公开表 for the public: a quarter's published results of a jurisdiction's
subtree as the official table (序号 · 检查地区 · 污染源名称 · 污染源类型 · 检查时间 · 检查结果 ·
情况说明), page by page, and the same rows as .xlsx, CSV or JSON
(workers/reports/disclosure_table.py).

No login, nothing personal: the rows carry the unit, its category, the date and the published
wording only — never who inspected or reviewed. Parameters: ?quarter=2022Q2 (default: the
last quarter that has ended) and ?jurisdiction=NAME_OR_CODE (default: the top of the
directory); a quarter still running is marked 暂定, one not yet begun is refused (422)."""

from __future__ import annotations

import re
import tempfile
from datetime import timedelta
from math import ceil
from urllib.parse import quote

from flask import current_app, render_template, request, send_file
from flask_babel import gettext as _, lazy_gettext
from marshmallow import ValidationError, fields, validate

from domain.plans import period_dates
from projections import ledger_views
from projections.compliance import quarter_of, quarters_to
from projections.disclosure_views import COLUMNS, TITLE, count_public, jurisdiction_by_name, public_rows
from projections.scope import EVERYTHING
from workers.reports import disclosure_table as table

from ..directory.queries import jurisdiction_options
from ..directory.schemas import PageFilters
from ..forms import field, flat_messages, text
from ..services import system
from ..tasks.views import today
from .routes import bp

QUARTER = re.compile(r"^\d{4}Q[1-4]$", re.IGNORECASE)


class DisclosureFilters(PageFilters):
    quarter = field(fields.String, lazy_gettext("季度"), load_default=None,
                    validate=validate.Regexp(QUARTER, error=lazy_gettext("“{input}”不是季度，应写作如 2022Q2")))
    jurisdiction = text(lazy_gettext("辖区"), 50, required=False)


def _asked(conn, places: list[dict]) -> tuple[dict | None, list[str]]:
    """The table asked for — quarter, its dates, the jurisdiction, 暂定, the page — or the errors."""
    schema = DisclosureFilters()
    try:
        data = schema.load(request.args)
    except ValidationError as error:
        return None, flat_messages(error, schema)
    day = today()
    label = (data["quarter"] or quarter_of(quarter_of(day).start - timedelta(days=1)).label).upper()
    start, end = period_dates("quarter", label)
    errors = []
    if start > day:
        errors.append(_("%(quarter)s 尚未开始，没有可公开的抽查结果", quarter=label))
    place = jurisdiction_by_name(conn, data["jurisdiction"]) if data["jurisdiction"] else (places or [None])[0]
    if place is None and not data["jurisdiction"]:
        errors.append(_("尚未登记任何辖区，暂无可公开的抽查结果"))
    elif place is None:
        errors.append(_("辖区“%(name)s”不存在，请从列表中选择（可填写辖区名称或代码）", name=data["jurisdiction"]))
    return {"label": label, "start": start, "end": end, "place": place, "provisional": end >= day,
            "page": data["page"]}, errors


def _heading(conn, asked: dict) -> table.Heading:
    return table.Heading(asked["place"]["name"], asked["label"], asked["provisional"],
                         ledger_views.latest_checkpoint(conn))


def _page(conn, places: list[dict], asked: dict | None, errors: list[str]):
    size = current_app.config["PAGE_SIZE"]
    rows, total, heading = [], 0, None
    if not errors:
        heading = _heading(conn, asked)
        where = (asked["place"]["path"], asked["start"], asked["end"])
        total = count_public(conn, *where)
        offset = (asked["page"] - 1) * size
        rows = [(n, *r) for n, r in enumerate(public_rows(conn, *where, limit=size, offset=offset), offset + 1)]
    page = asked["page"] if asked else 1
    keep = {"quarter": asked["label"], "jurisdiction": asked["place"]["code"]} if heading else {}
    return render_template("public/disclosure.html", rows=rows, total=total, heading=heading, asked=asked,
                           errors=errors, places=places, columns=COLUMNS, keep=keep, page=page,
                           pages=max(1, ceil(total / size)), quarters=[q.label for q in quarters_to(today(), 12)],
                           formats=table.FORMATS, checkpoint=ledger_views.latest_checkpoint(conn),
                           title=TITLE), 422 if errors else 200


@bp.route("/disclosure")
def disclosure_table():
    with system().engine.connect() as conn:
        places = jurisdiction_options(conn, EVERYTHING)
        asked, errors = _asked(conn, places)
        return _page(conn, places, asked, errors)


@bp.route("/disclosure.<any(xlsx, csv, json):fmt>")
def disclosure_download(fmt: str):
    with system().engine.connect() as conn:
        places = jurisdiction_options(conn, EVERYTHING)
        asked, errors = _asked(conn, places)
        if errors:
            return _page(conn, places, asked, errors)
        heading = _heading(conn, asked)
        out = tempfile.TemporaryFile()  # a province's quarter is megabytes: not held in memory
        rows = public_rows(conn, asked["place"]["path"], asked["start"], asked["end"])
        table.write(fmt, rows, heading, out)
    out.seek(0)
    response = send_file(out, mimetype=table.MIMETYPES[fmt], as_attachment=True,
                         download_name=table.filename(heading, fmt))
    # RFC 5987: the Chinese name for every current browser, a readable ASCII one for the rest
    # (Werkzeug's own fallback would drop every Chinese character and leave ".xlsx").
    plain = re.sub(r"[^A-Za-z0-9-]", "_", f"disclosure-{asked['place']['code']}-{asked['label']}") + f".{fmt}"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(table.filename(heading, fmt), safe='')}")
    return response
