"""The shapes of the problem forms (the closed loop), with Chinese messages (see
webapp/forms.py). Sums of money are read as text into Decimal, never through float; that
a sum is non-negative with at most two decimals, that a date has already happened, and
every other rule of the loop, is the domain's to say (domain/dispositions.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext
from marshmallow import fields, validate

from domain.dispositions import (COERCIVE_MEASURES, DISPOSITION_KINDS, DISPOSITION_STATES, REVISION_VIAS,
                                 TRANSFER_RECEIVERS)
from domain.problems import PROBLEM_CATEGORIES, PROBLEM_STATES
from domain.vocabulary import N_

from ..history import register_kind
from ..forms import FormSchema, Words, field, one_of, reason, text, yes_no
from ..tasks.schemas import TwoOfficers, a_date

# domain/problems.py and domain/dispositions.py, marked for the catalog (translated where
# shown). A code the domain adds later shows with the domain's own label until it is
# marked here; tests/e2e/test_problem_pages.py checks that none is missing.
_CATEGORIES = {"air": N_("大气"), "water": N_("水"), "solid_waste": N_("固体废物"),
               "hazardous_waste": N_("危险废物"), "noise": N_("噪声"), "radiation": N_("辐射"),
               "permit": N_("排污许可"), "eia": N_("环评与“三同时”"), "monitoring": N_("自动监控与数据造假"),
               "emergency": N_("应急预案"), "other": N_("其他")}
_STATES = {"open": N_("处置中"), "closed": N_("已办结")}
_KINDS = {"on_spot": N_("当场整改"), "guidance": N_("行政指导"), "order": N_("责令改正"),
          "case": N_("立案处罚"), "coercive": N_("行政强制"), "transfer": N_("移送")}
_DISPOSITION_STATES = {
    "issued": N_("已下达，待确认"), "ordered": N_("待提交整改报告"), "reported": N_("已报告整改，待安排回头看"),
    "verification_scheduled": N_("待回头看核查"), "opened": N_("已立案，待作出处罚决定"),
    "decided": N_("已作出处罚决定，待执行"), "in_force": N_("措施实施中，待解除"),
    "transferred": N_("已移送，待对方接收"), "received": N_("对方已接收，待回复"), "ended": N_("已办结"),
    "failed": N_("回头看未通过"),
}
_MEASURES = {"seal_up": N_("查封"), "seizure": N_("扣押"), "production_limit": N_("限制生产"),
             "suspension": N_("停产整治")}
_RECEIVERS = {"police": N_("公安机关"), "department": N_("其他部门")}
_VIAS = {"hearing": N_("听证"), "reconsideration": N_("行政复议"), "litigation": N_("行政诉讼")}
CATEGORY_LABELS = {**PROBLEM_CATEGORIES, **_CATEGORIES}
STATE_LABELS = {**PROBLEM_STATES, **_STATES}
KIND_LABELS = {**DISPOSITION_KINDS, **_KINDS}
DISPOSITION_STATE_LABELS = {**DISPOSITION_STATES, **_DISPOSITION_STATES}
MEASURE_LABELS = {**COERCIVE_MEASURES, **_MEASURES}
RECEIVER_LABELS = {**TRANSFER_RECEIVERS, **_RECEIVERS}
VIA_LABELS = {**REVISION_VIAS, **_VIAS}
MARKED = {"categories": (PROBLEM_CATEGORIES, _CATEGORIES), "states": (PROBLEM_STATES, _STATES),
          "kinds": (DISPOSITION_KINDS, _KINDS), "disposition states": (DISPOSITION_STATES, _DISPOSITION_STATES),
          "measures": (COERCIVE_MEASURES, _MEASURES), "receivers": (TRANSFER_RECEIVERS, _RECEIVERS),
          "vias": (REVISION_VIAS, _VIAS)}

# The history of a problem, in words.
EVENT_TITLES = {
    "Found": N_("发现并登记问题"), "Closed": N_("问题办结"), "Reopened": N_("问题已重新打开"),
    "FixedOnSpot": N_("当场整改"), "GuidanceGiven": N_("行政指导"), "GuidanceAcknowledged": N_("确认收悉行政指导"),
    "RectificationOrdered": N_("责令改正"), "RectificationReported": N_("提交整改报告"),
    "VerificationScheduled": N_("已安排回头看"), "VerificationPassed": N_("回头看通过"),
    "VerificationFailed": N_("回头看未通过"), "DeadlineExtended": N_("整改期限已延长"), "CaseOpened": N_("已立案"),
    "PenaltyDecided": N_("作出处罚决定"), "DecisionRevised": N_("变更处罚决定"), "PenaltyExecuted": N_("处罚执行完毕"),
    "CoerciveMeasureTaken": N_("采取行政强制措施"), "CoerciveMeasureLifted": N_("解除行政强制措施"),
    "CaseTransferred": N_("移送"), "TransferReceived": N_("对方已接收"), "TransferReplied": N_("对方已回复"),
}
FIELD_TITLES = {
    "task_id": N_("检查任务"), "target_id": N_("检查对象"), "description": N_("问题描述"), "category": N_("问题类别"),
    "legal_basis": N_("法律依据"), "found_on": N_("发现日期"), "disposition_id": N_("处置"),
    "evidence": N_("证据"), "note": N_("说明"), "fixed_on": N_("整改日期"), "document_no": N_("文书编号"),
    "content": N_("内容"), "issued_on": N_("下达日期"), "acknowledged_on": N_("确认收悉日期"),
    "order_no": N_("责令改正决定书文号"), "requirements": N_("整改要求"), "ordered_on": N_("责令改正日期"),
    "deadline": N_("整改期限"), "working_days": N_("工作日天数"), "provisional": N_("期限暂定"),
    "report": N_("整改报告"), "reported_on": N_("整改报告日期"), "previous_task_id": N_("原回头看任务"),
    "verified_on": N_("回头看日期"), "previous_deadline": N_("原整改期限"), "case_no": N_("立案编号"),
    "opened_on": N_("立案日期"), "decision_no": N_("处罚决定书文号"), "issuing_body": N_("作出决定的机关"),
    "fine": N_("罚款金额（元）"), "other_sanctions": N_("其他处罚"), "decided_on": N_("决定日期"),
    "special_criteria_hit": N_("符合特殊监管条件"), "via": N_("变更途径"), "previous": N_("原决定"),
    "executed_on": N_("缴纳或执行日期"), "amount_paid": N_("实缴金额（元）"), "measure": N_("强制措施"),
    "starts_on": N_("开始日期"), "ends_on": N_("截止日期"), "approval": N_("负责人批准"), "lifted_on": N_("解除日期"),
    "receiving_body": N_("接收机关"), "receiver_kind": N_("接收机关类别"), "transferred_on": N_("移送日期"),
    "suspected_crime": N_("涉嫌犯罪"), "received_on": N_("接收日期"), "reply": N_("回复内容"),
    "replied_on": N_("回复日期"),
}

MONEY = lazy_gettext("金额格式不正确，请填写数字（如 50000 或 50000.00）")


class Money(fields.Field):
    """A sum of money typed as text → Decimal (never float). Whether it is non-negative
    with at most two decimals is the domain's rule (domain/dispositions.amount)."""

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            number = Decimal(value.strip().replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise self.make_error("invalid") from None
        if not number.is_finite():
            raise self.make_error("invalid")
        return number


def money(label) -> fields.Field:
    return field(Money, label, required=True, messages={"invalid": MONEY})


def optional_date(label) -> fields.Field:
    return a_date(label, required=False)


# -- the board ------------------------------------------------------------------------------------
class BoardFilters(FormSchema):
    state = one_of(lazy_gettext("状态"), (*PROBLEM_STATES, "all"), required=False)  # none given: open
    category = one_of(lazy_gettext("问题类别"), PROBLEM_CATEGORIES, required=False)
    kind = one_of(lazy_gettext("处置方式"), DISPOSITION_KINDS, required=False)
    overdue = yes_no(lazy_gettext("逾期"))
    jurisdiction = text(lazy_gettext("所在辖区"), 30, required=False)


# -- the dispositions -------------------------------------------------------------------------------
class FixOnSpotForm(FormSchema):
    note = text(lazy_gettext("整改情况说明"), 1000)
    fixed_on = optional_date(lazy_gettext("整改日期"))


class GuidanceForm(FormSchema):
    document_no = text(lazy_gettext("行政指导文书编号"), 100)
    content = text(lazy_gettext("行政指导内容"), 2000)
    issued_on = optional_date(lazy_gettext("行政指导日期"))


class OrderForm(FormSchema):
    order_no = text(lazy_gettext("责令改正决定书文号"), 100)
    requirements = text(lazy_gettext("整改要求"), 2000)
    deadline = optional_date(lazy_gettext("整改期限（截止日期）"))
    working_days = field(fields.Integer, lazy_gettext("整改期限（工作日天数）"), load_default=None,
                         messages={"invalid": lazy_gettext("应为正整数")},
                         validate=validate.Range(min=1, max=250, error=lazy_gettext("应为1至250的整数")))
    ordered_on = optional_date(lazy_gettext("责令改正日期"))


class CaseForm(FormSchema):
    case_no = text(lazy_gettext("立案编号"), 100)
    opened_on = optional_date(lazy_gettext("立案日期"))


class CoerciveForm(FormSchema):
    measure = one_of(lazy_gettext("强制措施种类"), COERCIVE_MEASURES, listed=True)
    document_no = text(lazy_gettext("强制措施决定书文号"), 100)
    starts_on = a_date(lazy_gettext("开始日期"))
    ends_on = optional_date(lazy_gettext("截止日期"))
    approval = text(lazy_gettext("负责人批准文号（延长期限时填写）"), 200, required=False)


class TransferForm(FormSchema):
    receiving_body = text(lazy_gettext("接收机关"), 100)
    receiver_kind = one_of(lazy_gettext("接收机关类别"), TRANSFER_RECEIVERS, listed=True)
    document_no = text(lazy_gettext("移送文书编号"), 100)
    transferred_on = a_date(lazy_gettext("移送日期"))
    suspected_crime = one_of(lazy_gettext("是否涉嫌犯罪"), ("yes", "no"))


# -- the steps of one disposition -------------------------------------------------------------------
class AcknowledgeForm(FormSchema):
    acknowledged_on = a_date(lazy_gettext("确认收悉日期"))


class ReportForm(FormSchema):
    report = text(lazy_gettext("整改报告内容"), 5000)
    reported_on = a_date(lazy_gettext("整改报告日期"))


class VerificationForm(TwoOfficers):
    due = a_date(lazy_gettext("回头看完成期限"))


class VerifyForm(FormSchema):
    passed = one_of(lazy_gettext("回头看结论"), ("yes", "no"))
    note = text(lazy_gettext("核查情况"), 2000, required=False)
    verified_on = a_date(lazy_gettext("回头看日期"))


class ExtendDeadlineForm(FormSchema):
    new_deadline = a_date(lazy_gettext("延长后的整改期限"))
    reason = reason(lazy_gettext("延期理由"))


class PenaltyForm(FormSchema):
    decision_no = text(lazy_gettext("处罚决定书文号"), 100)
    issuing_body = text(lazy_gettext("作出决定的机关"), 100)
    legal_basis = text(lazy_gettext("处罚依据"), 500)
    fine = money(lazy_gettext("罚款金额（元）"))
    other_sanctions = field(Words, lazy_gettext("其他处罚（如警告、责令停产整治，用顿号分隔）"), load_default=list)
    decided_on = a_date(lazy_gettext("处罚决定日期"))


class RevisionForm(FormSchema):
    via = one_of(lazy_gettext("变更途径"), REVISION_VIAS, listed=True)
    decision_no = text(lazy_gettext("变更后的决定书文号"), 100)
    issuing_body = text(lazy_gettext("作出决定的机关"), 100, required=False)
    legal_basis = text(lazy_gettext("处罚依据"), 500, required=False)
    fine = money(lazy_gettext("罚款金额（元）"))
    other_sanctions = field(Words, lazy_gettext("其他处罚（如警告、责令停产整治，用顿号分隔）"), load_default=list)
    decided_on = a_date(lazy_gettext("变更后的决定日期"))
    reason = reason(lazy_gettext("变更理由"))


class ExecutionForm(FormSchema):
    paid_or_executed_on = a_date(lazy_gettext("缴纳或执行日期"))
    amount_paid = money(lazy_gettext("实缴金额（元）"))
    note = text(lazy_gettext("说明（少缴、分期或强制执行时填写）"), 500, required=False)


class LiftForm(FormSchema):
    lifted_on = a_date(lazy_gettext("解除日期"))
    reason = reason(lazy_gettext("解除理由"))


class ReceiptForm(FormSchema):
    received_on = a_date(lazy_gettext("接收日期"))


class ReplyForm(FormSchema):
    reply = text(lazy_gettext("回复内容"), 2000)
    replied_on = a_date(lazy_gettext("回复日期"))


class CloseForm(FormSchema):
    reason = reason(lazy_gettext("办结说明"))


class ReopenForm(FormSchema):
    reason = reason(lazy_gettext("重新打开的理由"))



register_kind("problem", events=EVENT_TITLES, fields=FIELD_TITLES,
              values={"category": CATEGORY_LABELS, "via": VIA_LABELS, "measure": MEASURE_LABELS,
                      "receiver_kind": RECEIVER_LABELS})
