"""状态看板 and 统计: the status of a scope's work today (tasks by state, problems, dispositions,
what is overdue and by how many working days, what falls due this week), the lists every
figure opens, and the statistics tables of a period with their .xlsx download.

Supervisors, reviewers and admins see their jurisdiction's subtree and may narrow it; an
inspector sees its brigade's board. Filters are GET parameters checked by a schema: a wrong
one gives 422 with the reason in Chinese; a jurisdiction or brigade outside the user's scope,
403. Every figure is a measure of projections/board.py, and its link opens exactly its rows.
"""

from __future__ import annotations

import io
from datetime import datetime
from math import ceil

from flask import Blueprint, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from projections import board, statistics
from projections.compliance import quarter_of
from projections.tables import brigades

from ..auth.users import roles_required
from ..forms import flat_messages
from ..services import system
from ..tasks.views import today
from ..templating import SHANGHAI
from . import export, labels, lists
from .narrow import narrowed, options
from .schemas import BoardFilters, PeriodFilters, list_filters, period_of

bp = Blueprint("stats", __name__)
READERS = ("admin", "supervisor", "reviewer")
LIST_ONLY = ("count", "state", "kind", "overdue", "week", "late", "officer", "target")  # kept by the filter form


def _read(conn, schema, default_period=None):
    """(the filters as given, the period, scope, Filters, the jurisdiction picked, errors)."""
    try:
        data = schema.load(request.args)
        period = period_of(data, default_period)
        scope, f, picked = narrowed(conn, data, period)
        return data, period, scope, f, picked, []
    except ValidationError as error:
        return {}, default_period, None, None, None, flat_messages(error, schema)


def _kept(schema) -> dict:
    """The filters given (those the schema knows), to carry into links."""
    known = {f.data_key or name for name, f in schema.fields.items()} - {"page"}
    return {k: v for k, v in request.args.items() if v and k in known}


@bp.route("/board")
@roles_required(*READERS, "inspector")
def board_page():
    schema = BoardFilters()
    with system().engine.connect() as conn:
        data, period, scope, f, picked, errors = _read(conn, schema)
        summary = board.status(conn, scope, f, today()) if not errors else None
        choices = options(conn)
    keep = _kept(schema)
    tables = {k: v for k, v in keep.items() if k in ("period", "from", "to", "jurisdiction")}
    return render_template("stats/board.html", summary=summary, errors=errors, f=data, period=period,
                           picked=picked, today=today(), week_end=board.week_end(today()),
                           link=lambda listing, **args: url_for(".rows", listing=listing, **keep, **args),
                           tables_url=url_for(".tables", **tables) if current_user.role in READERS else None,
                           **choices, **labels.words()), 422 if errors else 200


@bp.route("/board/<any(tasks, problems, dispositions):listing>")
@roles_required(*READERS, "inspector")
def rows(listing: str):
    size, schema = current_app.config["PAGE_SIZE"], list_filters(listing)
    with system().engine.connect() as conn:
        data, period, scope, f, picked, errors = _read(conn, schema)
        measure = data.get("count") or board.DEFAULT_MEASURE[listing]
        found = {"rows": [], "total": 0, "fen": None}
        if not errors:
            found = lists.rows_page(conn, listing, scope, f, measure, lists.now_of(listing, data, today()),
                                    today(), data["page"], size)
        choices = options(conn)
    return render_template("stats/list.html", listing=listing, measure=measure, errors=errors, f=data,
                           default_measure=board.DEFAULT_MEASURE[listing],
                           period=period, picked=picked, page=data.get("page", 1),
                           pages=max(1, ceil(found["total"] / size)), keep={**_kept(schema), "listing": listing},
                           hidden={k: v for k, v in _kept(schema).items() if k in LIST_ONLY},
                           today=today(), **found, **choices, **labels.words()), 422 if errors else 200


def _tables():
    """The tables of the period asked for (this quarter when none is), and what the page needs."""
    with system().engine.connect() as conn:
        data, period, scope, f, picked, errors = _read(conn, PeriodFilters(), quarter_of(today()))
        rows = officers = []
        if not errors:
            rows = statistics.category_table(conn, scope, period.start, period.end)
            officers = statistics.officer_table(conn, scope, period.start, period.end)
        page = {"f": data, "period": period, "picked": picked, "rows": rows, "officers": officers,
                "errors": errors, "places": options(conn)["places"],
                "brigade_names": dict(conn.execute(select(brigades.c.code, brigades.c.name)).all())}
    if not errors:
        page.update(link=labels.figure_link(period, picked), officer_link=labels.officer_link(period, picked),
                    download_args=labels.table_args(period, picked))
    return page


@bp.route("/stats")
@roles_required(*READERS)
def tables():
    page = _tables()
    return render_template("stats/tables.html", **page, **labels.words()), 422 if page["errors"] else 200


@bp.route("/stats.xlsx")
@roles_required(*READERS)
def download():
    page = _tables()
    if page["errors"]:
        return render_template("stats/tables.html", **page, **labels.words()), 422
    period, picked = page["period"], page["picked"]
    made = datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    content = export.workbook(page["rows"], page["officers"], picked["name"] if picked else _("全部管辖范围"),
                              period, made, page["brigade_names"])
    name = _("双随机一公开情况统计表") + f"-{period.label or f'{period.start}_{period.end}'}.xlsx"
    return send_file(io.BytesIO(content), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
