"""The shapes of the disclosure pages' filters and forms, with Chinese messages (see
webapp/forms.py). Which phrase, ground or state exists is the domain's vocabulary
(domain/disclosure.py); the rules of reviewing, publishing, withholding and correcting
(a result must be reviewed before it is published, a withholding needs its reason …)
are the domain's to say, so a form leaves those fields optional and lets it speak."""

from __future__ import annotations

from flask_babel import lazy_gettext
from marshmallow import fields, validate

from domain.disclosure import PHRASES, STATES, WITHHOLD_GROUNDS
from domain.vocabulary import N_

from ..forms import NOT_A_CHOICE, FormSchema, HexId, field, one_of, reason, text
from ..history import register_kind
from ..stats.schemas import PeriodFilters
from ..tasks.schemas import a_date

# The supervisors' lists (projections/disclosure_views.LISTS), as tabs; "reviewed": reviewed and
# waiting to be published, whenever it is due.
LIST_LABELS = {"review": N_("待审核"), "reviewed": N_("待公开"), "due_week": N_("本周到期"),
               "overdue": N_("已逾期"), "withheld": N_("不予公开"), "published": N_("已公开")}
_GROUNDS = {"state_secret": N_("涉及国家秘密"), "national_security": N_("涉及国家安全"),
            "public_security": N_("涉及公共安全")}
_STATES = {"pending": N_("待审核"), "reviewed": N_("已审核，待公开"), "published": N_("已公开"),
           "withheld": N_("不予公开")}
GROUND_LABELS = {**WITHHOLD_GROUNDS, **_GROUNDS}
STATE_LABELS = {**STATES, **_STATES}
MARKED = {"grounds": (WITHHOLD_GROUNDS, _GROUNDS), "states": (STATES, _STATES)}

# The history of a disclosure, in words.
EVENT_TITLES = {"Opened": N_("建立结果公开记录"), "Reviewed": N_("审核检查结果"), "Published": N_("公开检查结果"),
                "Corrected": N_("更正已公开的结果"), "Withheld": N_("决定不予公开")}
FIELD_TITLES = {"task_id": N_("检查任务"), "target_id": N_("检查对象"), "jurisdiction": N_("所在辖区"),
                "completed_on": N_("办结日期"), "phrase": N_("检查结果（规范用语）"), "text": N_("检查结果"),
                "description": N_("情况说明"), "published_on": N_("公开日期"), "notice": N_("公开载体"),
                "ground": N_("不予公开的理由类别"), "decided_by": N_("批准人")}
register_kind("disclosure", events=EVENT_TITLES, fields=FIELD_TITLES,
              values={"ground": GROUND_LABELS, "phrase": PHRASES})


class ListFilters(PeriodFilters):
    """The list shown (a tab), its page, and the period of the on-time table."""

    listing = field(fields.String, lazy_gettext("列表"), data_key="list", load_default=None,
                    validate=validate.OneOf(list(LIST_LABELS), error=NOT_A_CHOICE))
    page = field(fields.Integer, lazy_gettext("页码"), load_default=1,
                 messages={"invalid": lazy_gettext("页码应为正整数")},
                 validate=validate.Range(min=1, error=lazy_gettext("页码应为正整数")))


class ReviewForm(FormSchema):
    phrase = one_of(lazy_gettext("检查结果"), PHRASES, listed=True)
    description = text(lazy_gettext("情况说明"), 2000, required=False)


class PublishForm(FormSchema):
    published_on = a_date(lazy_gettext("公开日期"))
    notice = text(lazy_gettext("公开载体（公告名称或网站栏目）"), 200, required=False)


class BatchPublishForm(PublishForm):
    task_id = field(fields.List, lazy_gettext("选择的结果"), cls_or_instance=HexId(), load_default=list,
                    validate=validate.Length(min=1, error=lazy_gettext("请至少勾选一项已审核的结果")))


class WithholdForm(FormSchema):
    ground = one_of(lazy_gettext("不予公开的理由类别"), WITHHOLD_GROUNDS, listed=True)
    reason = text(lazy_gettext("不予公开的具体理由"), 1000, required=False)
    decided_by = text(lazy_gettext("批准人（姓名、职务）"), 100, required=False)


class CorrectForm(FormSchema):
    phrase = one_of(lazy_gettext("检查结果"), PHRASES, listed=True)
    description = text(lazy_gettext("情况说明"), 2000, required=False)
    reason = reason(lazy_gettext("更正理由"))
