"""API: 报表（情况统计表、年度总结、日报等）.

What the report pages show, built by the pages' own code (webapp/reports/routes.py `_build`,
projections/reports.py) with the same checks: admins, supervisors and reviewers; a
jurisdiction or group outside the caller's scope is refused (403), a wrong value is told in
Chinese (422). Each report's .xlsx is the page's own file. The quarterly 情况统计表 is
/api/v1/stats (and /api/v1/stats.xlsx).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from projections import reports
from projections.compliance import quarter_of

from ..auth.users import roles_required
from ..directory import queries as dq
from ..reports.routes import KINDS, _build
from ..services import system
from ..stats.labels import provisional
from ..stats.schemas import CampaignFilters, DailyFilters, YearFilters
from ..tasks.views import today
from ..templating import label as vocabulary
from .base import area
from .bridge import XLSX, file_doc, page_file
from .reports_schemas import CampaignSchema, DailySchema, ReportChoicesSchema, YearlySchema
from .base import checked_query
from .stats_schemas import period_dict, place_dict

blp = area("reports", "报表（情况统计表、年度总结、日报等）")
READERS = ("admin", "supervisor", "reviewer")


@blp.route("/reports")
@roles_required(*READERS)
@blp.response(200, ReportChoicesSchema)
def choices():
    """报表页面：各报表的默认期间，以及管辖范围内可选的辖区、检查组和执法单位"""
    now, scope = today(), current_user.scope
    with system().engine.connect() as conn:
        places = dq.jurisdiction_options(conn, scope)
        groups = reports.groups(conn, scope)
        units = [b for b in dq.brigade_options(conn, scope) if b["kind"] in ("brigade", "inspection_group")]
    return {"quarter": quarter_of(now).label, "year": now.year, "month": now.strftime("%Y-%m"), "today": now,
            "places": places, "groups": groups, "units": units}


def _report(kind: str) -> dict:
    """The page's own report (it reads the same query string), with its period and place."""
    with system().engine.connect() as conn, checked_query(KINDS[kind][0]()):
        page = _build(kind, conn)
    return {**page, "period": period_dict(page["period"]), "jurisdiction": place_dict(page["picked"]),
            "provisional": provisional(page["period"])}


@blp.route("/reports/yearly")
@roles_required(*READERS)
@blp.arguments(YearFilters, location="query")
@blp.response(200, YearlySchema)
def yearly(_data: dict):
    """年度工作汇总：本年度按监管类别的统计和各辖区结果公开情况（默认本人辖区、今年）"""
    found = _report("yearly")
    summary = found["summary"]
    return {**found, "year": summary["year"], "due": summary["due"],
            "categories": [{**r, "label": _("合计") if r["category"] == "total" else vocabulary("category", r["category"])}
                           for r in summary["rows"]],
            "disclosure": {**summary["disclosure"], "name": _("合计")}, "places": summary["places"]}


@blp.route("/reports/daily")
@roles_required(*READERS)
@blp.arguments(DailyFilters, location="query")
@blp.response(200, DailySchema)
def daily(_data: dict):
    """检查组日报：各检查组每日检查的对象、存在的问题、检查要求和立案情况（默认今天；可选一天或不超过92天的期间）"""
    found = _report("daily")
    return {**found, "groups": found["report"]}


@blp.route("/reports/campaign")
@roles_required(*READERS)
@blp.arguments(CampaignFilters, location="query")
@blp.response(200, CampaignSchema)
def campaign(_data: dict):
    """执法检查数据统计表：按检查组（执法单位）统计的检查、问题、处置和罚款（默认本季度）"""
    found = _report("campaign")
    table = found["table"]
    return {**found, "due": table["due"], "rows": table["rows"], "total": {**table["total"], "name": _("合计")}}


# -- the files -----------------------------------------------------------------------------------
def _file_route(kind: str, schema, summary: str) -> None:
    def view(_data: dict):
        return page_file("reports.download", kind=kind)

    view.__name__, view.__doc__ = f"{kind}_xlsx", summary
    view = blp.doc(**file_doc(XLSX))(blp.arguments(schema, location="query")(view))
    blp.route(f"/reports/{kind}.xlsx", endpoint=f"{kind}_xlsx")(roles_required(*READERS)(view))


_file_route("yearly", YearFilters, "年度工作汇总（Excel），与报表页面的“下载Excel”同一文件")
_file_route("daily", DailyFilters, "检查组日报（Excel）")
_file_route("campaign", CampaignFilters, "执法检查数据统计表（Excel）")
