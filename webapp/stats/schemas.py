"""The filters of the status board, of the lists its figures open, and of the statistics
tables, with Chinese messages (see webapp/forms.py). A period is a quarter (2026Q3), a year
(2026), a month (2026-07), or two dates (from … to …); which jurisdiction and brigade a user
may pick is checked against the read tables (webapp/stats/narrow.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _, lazy_gettext
from marshmallow import ValidationError, fields, validate, validates_schema

from domain.dispositions import DISPOSITION_KINDS, DISPOSITION_STATES
from domain.plans import PERIOD, period_dates
from domain.problems import PROBLEM_STATES
from domain.tasks import STATES as TASK_STATES
from domain.vocabulary import CATEGORIES, N_
from projections.board import LATE_BANDS, MEASURES

from ..forms import FormSchema, HexId, codes, field, one_of, text, yes_no
from ..tasks.schemas import DATE

ORIGIN_KINDS = {"random": N_("双随机抽查"), "targeted": N_("针对性检查")}
LATE_LABELS = {"le5": N_("5个工作日以内"), "6to20": N_("6至20个工作日"), "gt20": N_("20个工作日以上")}
assert set(LATE_LABELS) == set(LATE_BANDS)
# The statistics table: one line per figure (projections/statistics.py), in the order of the
# quarterly 《生态环境“双随机、一公开”情况统计表》; columns are the categories and 合计.
TABLE_LINES = (
    ("directory", N_("监管对象数（不含不参与双随机的）")), ("minimum", N_("应抽取数（最低比例要求）")),
    ("drawn", N_("实际抽取数")), ("met", N_("抽取比例是否达标")), ("inspected", N_("检查数")),
    ("on_site", N_("其中：现场检查")), ("off_site", N_("其中：非现场检查")), ("targeted", N_("其中：针对性检查")),
    ("problems", N_("发现问题数")), ("rate", N_("问题发现率")), ("orders", N_("责令改正")),
    ("guidance", N_("行政指导")), ("cases", N_("立案")), ("penalties", N_("行政处罚决定")),
    ("fines", N_("罚款金额（元）")), ("coercive", N_("行政强制")), ("transfers", N_("移送")),
    ("closed", N_("问题办结数")), ("closed_on_time", N_("其中：按期办结")),
    ("disclosed", N_("结果公开数")), ("disclosed_on_time", N_("其中：按期公开")),
)
COLUMNS = {**CATEGORIES, "total": N_("合计")}
OFFICER_COLUMNS = (("random", N_("随机抽派任务")), ("targeted", N_("指派任务（针对性检查）")),
                   ("inspected", N_("已检查")), ("completed", N_("已办结")), ("problems", N_("发现问题")),
                   ("workload", N_("工作量（任务总数）")))
MET, MISSED = N_("✔ 达标"), N_("✘ 未达标")
LIST_STATES = {"tasks": TASK_STATES, "problems": PROBLEM_STATES, "dispositions": DISPOSITION_STATES}


@dataclass(frozen=True)
class Period:
    label: str | None  # "2026Q3" when chosen as such; None for two dates
    start: date
    end: date


class PeriodField(fields.Field):
    """"2026Q3" / "2026" / "2026-07" → Period (the plans' own period words)."""

    def _deserialize(self, value, attr, data, **kwargs) -> Period:
        text_ = str(value).strip().upper()
        for kind, pattern in PERIOD.items():
            if pattern.match(text_):
                return Period(text_, *period_dates(kind, text_))
        raise ValidationError(_("统计期间“%(value)s”格式不正确，应写作如 2026Q3（季度）、2026（年度）或 2026-07（月份）",
                                value=str(value)[:20]))


class PeriodFilters(FormSchema):
    period = field(PeriodField, lazy_gettext("统计期间"), load_default=None)
    start = field(fields.Date, lazy_gettext("起始日期"), messages={"invalid": DATE, "format": DATE},
                  load_default=None, data_key="from")
    end = field(fields.Date, lazy_gettext("截止日期"), messages={"invalid": DATE, "format": DATE},
                load_default=None, data_key="to")
    jurisdiction = text(lazy_gettext("辖区"), 30, required=False)

    def labels(self) -> dict[str, str]:  # errors are keyed by the query's names ("from", "to")
        return {(f.data_key or name): str(f.metadata.get("label", name)) for name, f in self.fields.items()}

    @validates_schema
    def _one_period(self, data, **_kwargs):
        start, end = data.get("start"), data.get("end")
        if data.get("period") and (start or end):
            raise ValidationError(_("请选择统计期间或填写起止日期，二者不能同时使用"))
        if bool(start) != bool(end):
            raise ValidationError(_("起始日期和截止日期须同时填写"))
        if start and end and start > end:
            raise ValidationError(_("起始日期（%(start)s）不能晚于截止日期（%(end)s）", start=start, end=end))


def period_of(data: dict, default: Period | None = None) -> Period | None:
    if data.get("period"):
        return data["period"]
    if data.get("start"):
        return Period(None, data["start"], data["end"])
    return default


class BoardFilters(PeriodFilters):
    brigade = text(lazy_gettext("执法单位"), 40, required=False)
    category = one_of(lazy_gettext("监管类别"), CATEGORIES, required=False)
    origin = one_of(lazy_gettext("任务来源"), ORIGIN_KINDS, required=False)
    industry = text(lazy_gettext("行业类别"), 100, required=False)


class ListFilters(BoardFilters):
    """A list a figure opens: the board's filters, what the figure counts, how rows stand now."""

    listing = "tasks"
    count = text(lazy_gettext("统计口径"), 20, required=False)
    state = text(lazy_gettext("状态"), 30, required=False)
    kind = one_of(lazy_gettext("处置方式"), DISPOSITION_KINDS, required=False)
    overdue = yes_no(lazy_gettext("逾期"))
    week = yes_no(lazy_gettext("本周到期"))
    late = one_of(lazy_gettext("逾期程度"), LATE_BANDS, required=False)
    officer = field(HexId, lazy_gettext("检查人员"), load_default=None)
    target = field(HexId, lazy_gettext("监管对象"), load_default=None)
    page = field(fields.Integer, lazy_gettext("页码"), load_default=1,
                 messages={"invalid": lazy_gettext("页码应为正整数")},
                 validate=validate.Range(min=1, error=lazy_gettext("页码应为正整数")))

    @validates_schema
    def _of_this_list(self, data, **_kwargs):
        if data.get("count") and data["count"] not in MEASURES[self.listing]:
            raise ValidationError(_("统计口径“%(value)s”不存在", value=data["count"]), "count")
        if data.get("state") and data["state"] not in LIST_STATES[self.listing]:
            raise ValidationError(_("状态“%(value)s”不存在", value=data["state"]), "state")


def list_filters(listing: str) -> ListFilters:
    schema = ListFilters()
    schema.listing = listing
    return schema


# -- the official reports (webapp/reports) ---------------------------------------------------
DAILY_MAX_DAYS = 92  # a daily report over more than a quarter is not a daily report


class YearFilters(FormSchema):
    year = field(fields.Integer, lazy_gettext("年度"), load_default=None,
                 messages={"invalid": lazy_gettext("年度应为四位数字，如 2026")},
                 validate=validate.Range(min=2000, max=2100, error=lazy_gettext("年度应在2000至2100之间")))
    jurisdiction = text(lazy_gettext("辖区"), 30, required=False)


class CampaignFilters(PeriodFilters):
    group = codes(lazy_gettext("检查组"))


class DailyFilters(CampaignFilters):
    day = field(fields.Date, lazy_gettext("检查日期"), messages={"invalid": DATE, "format": DATE},
                load_default=None, data_key="date")

    @validates_schema
    def _one_day_or_period(self, data, **_kwargs):
        if data.get("day") and (data.get("period") or data.get("start")):
            raise ValidationError(_("请选择检查日期或统计期间，二者不能同时使用"))
        chosen = period_of(data)
        if chosen and (chosen.end - chosen.start).days >= DAILY_MAX_DAYS:
            raise ValidationError(_("检查组日报的期间不能超过%(n)s天，请缩小日期范围", n=DAILY_MAX_DAYS))


def day_or_period(data: dict, default: Period) -> Period:
    if data.get("day"):
        return Period(None, data["day"], data["day"])
    return period_of(data, default)
