"""The calendar page's forms (see webapp/forms.py): recording a year's schedule, typed as
lines of dates and ranges, and the working-day calculator."""

from __future__ import annotations

from flask_babel import lazy_gettext
from marshmallow import ValidationError, fields, validate

from domain.vocabulary import N_

from ..forms import FormSchema, field, text
from ..history import register_kind
from ..tasks.schemas import a_date
from .days import parse_lines

SOURCE_LABELS = {"recorded": N_("管理员登记"), "package": N_("chinesecalendar 软件包"),
                 "unknown": N_("未公布（期限暂定）")}
register_kind("holidayschedule",
              events={"Recorded": N_("登记节假日安排"), "Revised": N_("修订节假日安排")},
              fields={"year": N_("年份"), "holidays": N_("放假日期"), "workdays": N_("调休上班日期"),
                      "notice": N_("通知文号")})


class DayLines(fields.Field):
    """Lines of dates or ranges → the days, or the bad line named."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            return parse_lines(value.splitlines())
        except ValueError as error:
            raise ValidationError(str(error)) from None


def year_field(label) -> fields.Field:
    return field(fields.Integer, label, required=True, messages={"invalid": lazy_gettext("应为四位数年份")},
                 validate=validate.Range(min=2000, max=2100, error=lazy_gettext("应为2000至2100之间的年份")))


class ScheduleForm(FormSchema):
    year = year_field(lazy_gettext("年份"))
    holidays = field(DayLines, lazy_gettext("放假日期"), load_default=list)
    workdays = field(DayLines, lazy_gettext("调休上班日期"), load_default=list)
    notice = text(lazy_gettext("通知文号"), 200, required=False)
    reason = text(lazy_gettext("修订理由"), 500, required=False)


class CalculatorForm(FormSchema):
    start = a_date(lazy_gettext("起算日期"))
    days = field(fields.Integer, lazy_gettext("工作日天数"), required=True,
                 messages={"invalid": lazy_gettext("应为整数")},
                 validate=validate.Range(min=0, max=1000, error=lazy_gettext("应为0至1000的整数")))
