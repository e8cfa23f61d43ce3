"""报表: the official reports of a period and jurisdiction, as pages and .xlsx — the quarterly
情况统计表 (the statistics tables, /stats), the yearly summary, the inspection groups' daily
report and the 执法检查数据统计表 of a campaign.

Supervisors, reviewers and admins pick a period, a jurisdiction and groups within their scope:
a jurisdiction or group outside it is refused (403), a wrong value is told in Chinese (422).
A period not yet ended is allowed; its report is marked 暂定. The figures are the statistics
table's own measures (projections/reports.py), so the reports and /stats agree."""

from __future__ import annotations

import io
from datetime import datetime

from flask import Blueprint, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from domain.vocabulary import N_
from projections import reports
from projections.compliance import quarter_of
from projections.scope import Scope
from projections.tables import brigades, jurisdictions
from workers.reports import official

from ..auth.users import refuse, roles_required
from ..directory import queries as dq
from ..forms import flat_messages
from ..services import system
from ..stats import export, labels
from ..stats.narrow import place
from ..stats.schemas import CampaignFilters, DailyFilters, Period, YearFilters, day_or_period
from ..tasks.views import today
from ..templating import SHANGHAI

bp = Blueprint("reports", __name__, url_prefix="/reports")
READERS = ("admin", "supervisor", "reviewer")
KINDS = {"yearly": (YearFilters, N_("年度工作汇总")), "daily": (DailyFilters, N_("检查组日报")),
         "campaign": (CampaignFilters, N_("执法检查数据统计表"))}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/")
@roles_required(*READERS)
def index():
    now = today()
    with system().engine.connect() as conn:
        choices = _choices(conn)
    return render_template("reports/index.html", quarter=quarter_of(now).label, year=now.year,
                           month=now.strftime("%Y-%m"), today=now, **choices, **labels.words())


def _choices(conn) -> dict:
    scope = current_user.scope
    return {"places": dq.jurisdiction_options(conn, scope), "groups": reports.groups(conn, scope),
            "units": [b for b in dq.brigade_options(conn, scope) if b["kind"] in ("brigade", "inspection_group")]}


def _home(conn) -> dict | None:
    """The jurisdiction a report is of when none is picked: the user's own, else the top of
    the scope (an administrator: the region)."""
    places = dq.jurisdiction_options(conn, current_user.scope)
    own = current_user.jurisdiction or (places[0]["code"] if places else None)
    return place(conn, own) if own else None


def _picked_groups(conn, scope: Scope, codes: list[str]) -> list[str] | None:
    if not codes:
        return None
    found = {g["code"] for g in reports.groups(conn, scope, codes)}
    for code in codes:
        if code in found:
            continue
        row = conn.execute(select(brigades.c.name).where(brigades.c.code == code)).scalar()
        if row is None:
            raise ValidationError({"group": [_("检查组“%(code)s”不存在", code=code)]})
        refuse(_("检查组“%(name)s”不在您的管辖范围内", name=row))
    return codes


def _build(kind: str, conn) -> dict:
    """What the report's page and file show; ValidationError for bad input."""
    schema = KINDS[kind][0]()
    data, now = schema.load(request.args), today()
    if kind == "yearly":
        picked = place(conn, data.get("jurisdiction")) or _home(conn)
        if picked is None:
            raise ValidationError({"jurisdiction": [_("请选择辖区")]})
        year = data.get("year") or now.year
        row = dict(conn.execute(select(jurisdictions).where(jurisdictions.c.code == picked["code"])).mappings().one())
        summary = reports.yearly_summary(conn, row, year, now)
        return {"summary": summary, "picked": picked, "f": data,
                "period": Period(str(year), summary["start"], summary["end"])}
    picked = place(conn, data.get("jurisdiction"))
    scope = Scope((picked["path"],), current_user.scope.brigade) if picked else current_user.scope
    codes = _picked_groups(conn, scope, data.get("group") or [])
    if kind == "daily":
        period = day_or_period(data, Period(None, now, now))
        return {"report": reports.daily_report(conn, scope, period.start, period.end, codes), "picked": picked,
                "period": period, "f": data}
    period = day_or_period(data, quarter_of(now))
    return {"table": reports.campaign_table(conn, scope, period.start, period.end, codes), "picked": picked,
            "period": period, "f": data}


def _page(kind: str) -> tuple[dict, int]:
    with system().engine.connect() as conn:
        try:
            page, status = _build(kind, conn), 200
        except ValidationError as error:
            page, status = {"errors": flat_messages(error, KINDS[kind][0]()), "f": {}}, 422
        page.update(_choices(conn))
    page.update(kind=kind, title=_(KINDS[kind][1]), selected=request.args.getlist("group"))
    if status == 200:
        page.update(is_provisional=labels.provisional(page["period"]), args=_args())
    return page, status


def _args() -> dict:
    return {k: request.args.getlist(k) if k == "group" else v for k, v in request.args.items() if v}


@bp.route("/<any(yearly, daily, campaign):kind>")
@roles_required(*READERS)
def show(kind: str):
    page, status = _page(kind)
    return render_template(f"reports/{kind}.html", **page, **labels.words()), status


@bp.route("/<any(yearly, daily, campaign):kind>.xlsx")
@roles_required(*READERS)
def download(kind: str):
    page, status = _page(kind)
    if status != 200:
        return render_template(f"reports/{kind}.html", **page, **labels.words()), status
    made, period = datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M"), page["period"]
    words, provisional = labels.period_text(period), page["is_provisional"]
    if kind == "yearly":
        content = official.yearly_workbook(page["summary"], export.category_lines(page["summary"]["rows"]), made)
    elif kind == "daily":
        content = official.daily_workbook(page["report"], words, made, provisional)
    else:
        where = page["picked"]["name"] if page["picked"] else _("全部管辖范围")
        content = official.campaign_workbook(page["table"], where, words, made, provisional)
    name = f"{page['title']}-{file_label(period)}.xlsx"
    return send_file(io.BytesIO(content), as_attachment=True, download_name=name, mimetype=XLSX)


def file_label(period) -> str:
    if period.label:
        return period.label
    return period.start.isoformat() if period.start == period.end else f"{period.start}_{period.end}"

