"""API: 节假日安排与工作日计算.

The calendar page (/admin/calendar/): every year with where its schedule comes from and how
many open deadlines are still counted provisionally through it, one year's days off and
weekend days worked, and the working-day calculator. Supervisors, reviewers and admins, as
on the page; recording a year is the page's command (POST /api/v1/admin/calendar/record)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, fields

from domain.base import NotFoundError
from domain.calendar import add_working_days

from ..auth.users import roles_required
from ..calendar_admin import years as y
from ..calendar_admin.routes import READERS
from ..calendar_admin.schemas import SOURCE_LABELS, CalculatorForm
from ..forms import Invalid
from ..services import system
from ..tasks.views import today
from .base import DateTime, PageArgs, area, page_from_list, page_of

blp = area("calendar", "节假日安排与工作日计算")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years that can be recorded (calendar_admin.schemas.year_field)
SOURCE = {"description": "recorded（管理员登记）/ package（chinesecalendar 软件包）/ unknown（未公布，期限暂定）"}


class ScheduleRecordSchema(Schema):
    """An administrator's record of the State Council notice for a year."""

    notice = fields.String(required=True, metadata={"description": "通知文号"})
    recorded_by = fields.String(required=True)
    recorded_name = fields.String(required=True)
    recorded_at = DateTime(required=True)
    version = fields.Integer(required=True)


class CalendarYearSchema(Schema):
    year = fields.Integer(required=True)
    source = fields.String(required=True, metadata=SOURCE)
    source_label = fields.String(required=True)
    record = fields.Nested(ScheduleRecordSchema, required=True, allow_none=True)
    provisional = fields.Integer(required=True, metadata={"description": "管辖范围内按暂定口径计算、尚未届满的期限数"})


class CalendarYearDetailSchema(Schema):
    year = fields.Integer(required=True)
    source = fields.String(required=True, metadata=SOURCE)
    source_label = fields.String(required=True)
    record = fields.Nested(ScheduleRecordSchema, required=True, allow_none=True)
    holidays = fields.List(fields.String(), required=True,
                           metadata={"description": "放假日期（含周末），如 2026-10-01至2026-10-08"})
    workdays = fields.List(fields.String(), required=True, metadata={"description": "调休上班日期"})


class WorkingDaysSchema(Schema):
    start = fields.Date(required=True, metadata={"description": "起算日期（不计入）"})
    days = fields.Integer(required=True)
    deadline = fields.Date(required=True, metadata={"description": "第 days 个工作日"})
    provisional = fields.Boolean(required=True, metadata={"description": "计算经过节假日安排尚未公布的年份，暂定"})


def _label(source: str) -> str:
    return _(SOURCE_LABELS[source])


@blp.route("/admin/calendar/years")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(CalendarYearSchema))
@roles_required(*READERS)
def years(**page):
    """各年度节假日安排的来源与暂定期限数（新的年份在前）"""
    with system().engine.connect() as conn:
        rows = y.years(conn, current_user.scope, today())
    return page_from_list([{**r, "source_label": _label(r["source"])} for r in rows], page)


@blp.route("/admin/calendar/years/<int:year>")
@blp.response(200, CalendarYearDetailSchema)
@roles_required(*READERS)
def year(year: int):
    """一个年度的放假日期与调休上班日期（未公布的年份为空）"""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFoundError(_("没有%(year)s年的节假日安排", year=year))
    with system().engine.connect() as conn:
        known = y.recorded(conn)
    source = y.source(year, known)
    return {"year": year, "source": source, "source_label": _label(source), "record": known.get(year),
            **y.described(year, known.get(year))}


@blp.route("/admin/calendar/working-days")
@blp.arguments(CalculatorForm, location="query")
@blp.response(200, WorkingDaysSchema)
@roles_required(*READERS)
def working_days(args: dict):
    """工作日计算：起算日期之后第 N 个工作日（法定节假日与调休按国务院安排）"""
    try:
        deadline = add_working_days(args["start"], args["days"])
    except OverflowError:  # past the year 9999
        message = _("起算日期过晚，无法计算")
        raise Invalid([message], {"query": {"start": [message]}}) from None
    return {**args, "deadline": deadline.day, "provisional": deadline.provisional}
