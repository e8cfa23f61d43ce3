"""The shapes of the inspection-task forms, with Chinese messages (see webapp/forms.py).

The domain's labels (domain/tasks.py: states, origins, record forms, checklist results)
are plain Chinese there; they are marked here for the catalog and translated where shown.
Whether a record is complete and sound (two officers present, the 十必查 filled, a date
not in the future …) is the domain's to say; these check the shape."""

from __future__ import annotations

from flask_babel import lazy_gettext
from marshmallow import ValidationError, fields, validate, validates_schema

from domain.checklists import RESULTS
from domain.credit_code import credit_code_problem, normalise_credit_code
from domain.problems import PROBLEM_CATEGORIES
from domain.tasks import FORMS, ORIGINS, RESULTS_OF_TASK, STATES, InspectionTask
from domain.vocabulary import N_

from ..history import register_kind
from ..forms import FormSchema, HexId, codes, field, one_of, reason, text, yes_no

DATE = lazy_gettext("日期格式不正确，应为“年-月-日”")

# domain/tasks.py, marked for the catalog (the keys are the domain's codes). A code the
# domain adds later shows with the domain's own (Chinese) label until it is marked here;
# tests/e2e/test_task_pages.py checks that none is missing.
_STATES = {"created": N_("已创建"), "assigned": N_("已分配人员"), "dispatched": N_("已派发"),
           "accepted": N_("已接收"), "inspected": N_("已检查"), "completed": N_("已办结"),
           "closed": N_("已闭环"), "cancelled": N_("已取消")}
_ORIGINS = {"random": N_("双随机抽查"), "random_record": N_("双随机抽查（历史补录）"),
            "complaint": N_("12369投诉举报"), "assigned": N_("上级交办"), "transfer": N_("部门移送"),
            "incident": N_("突发事件"), "monitoring": N_("监测数据异常"), "campaign": N_("专项行动"),
            "followup": N_("回头看（整改核查）")}
_FORMS = (N_("污染源现场检查记录表"), N_("非现场检查记录表"), N_("排污许可现场执法检查记录单"),
          N_("现场检查（勘察）笔录"), N_("调查询问笔录"), N_("污染源简单事项现场“一表通查”记录表"))
_RESULTS = {"ok": N_("符合"), "problem": N_("存在问题"), "na": N_("不适用")}
_TASK_RESULTS = {"no_problem": N_("未发现问题"), "problems_found": N_("发现问题")}
STATE_LABELS = {**STATES, **_STATES}
ORIGIN_LABELS = {**ORIGINS, **_ORIGINS}
RESULT_LABELS = {**RESULTS, **_RESULTS}
TASK_RESULTS = {**RESULTS_OF_TASK, **_TASK_RESULTS}
MARKED = {"states": (STATES, _STATES), "origins": (ORIGINS, _ORIGINS), "forms": (FORMS, dict.fromkeys(_FORMS)),
          "results": (RESULTS, _RESULTS), "task results": (RESULTS_OF_TASK, _TASK_RESULTS)}

# Targeted origins a supervisor may choose (a 回头看 is made from the problem page).
TARGETED_ORIGINS = {k: v for k, v in ORIGIN_LABELS.items() if k not in ("random", "random_record", "followup")}

# The off-site data sources an inspection may use; the record keeps the Chinese names.
DATA_SOURCES = {"auto_monitoring": N_("自动监控"), "permit_platform": N_("全国排污许可证管理信息平台"),
                "video": N_("远程视频"), "drone": N_("无人机"), "satellite": N_("卫星遥感"),
                "self_monitoring": N_("自行监测数据"), "energy": N_("用能数据")}

# The history of a task, in words (webapp/history.py names the directory's events).
EVENT_TITLES = {
    "Created": N_("建立检查任务"), "OfficersDrawn": N_("随机选派检查人员"), "OfficersAssigned": N_("指派检查人员"),
    "Dispatched": N_("已派发"), "Accepted": N_("已接收"), "InspectionRecorded": N_("检查情况已记录"),
    "EvidenceAttached": N_("证据已上传"), "Completed": N_("任务已办结"), "Closed": N_("任务闭环"),
    "Reopened": N_("任务已重新打开"), "DueExtended": N_("完成期限已延长"), "Cancelled": N_("任务已取消"),
    "JointMembersRecorded": N_("登记联合检查人员"),
}
# InspectionTask.JOINT_KINDS: a joint inspection with another department or a Corps division.
JOINT_KINDS = {"department": N_("部门联合抽查"), "corps": N_("兵地联合检查")}
MARKED["joint kinds"] = (InspectionTask.JOINT_KINDS, JOINT_KINDS)
FIELD_TITLES = {
    "origin": N_("任务来源"), "target_id": N_("检查对象"), "jurisdiction": N_("所在辖区"), "plan_id": N_("抽查计划"),
    "stratum": N_("监管类别"), "due": N_("完成期限"),
    "off_site": N_("非现场检查"), "reference": N_("来源编号"), "followup_of": N_("核查的问题"),
    "officers": N_("检查人员"), "previous": N_("原值"), "officer_id": N_("检查人员"), "record": N_("检查记录"),
    "evidence": N_("证据"), "result": N_("检查结果"), "summary": N_("检查结论"), "problems": N_("发现的问题"),
    "open_problems": N_("未闭环问题"), "department": N_("联合检查部门"), "kind": N_("联合检查类别"),
    "members": N_("联合检查人员"),
}


def _credit_code_ok(code: str) -> None:
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError(problem)


def a_date(label, *, required: bool = True) -> fields.Field:
    return field(fields.Date, label, messages={"invalid": DATE, "format": DATE},
                 **({"required": True} if required else {"load_default": None}))


# -- the list ------------------------------------------------------------------------------------
class TaskFilters(FormSchema):
    state = one_of(lazy_gettext("状态"), STATES, required=False)
    origin = one_of(lazy_gettext("任务来源"), ORIGINS, required=False)
    overdue = yes_no(lazy_gettext("逾期"))
    page = field(fields.Integer, lazy_gettext("页码"), load_default=1,
                 messages={"invalid": lazy_gettext("页码应为正整数")},
                 validate=validate.Range(min=1, error=lazy_gettext("页码应为正整数")))


# -- a supervisor's forms -------------------------------------------------------------------------
class TwoOfficers(FormSchema):
    officer_1 = field(HexId, lazy_gettext("检查人员一"), required=True)
    officer_2 = field(HexId, lazy_gettext("检查人员二"), required=True)

    @validates_schema
    def _two(self, data, **_kwargs):
        if data.get("officer_1") and data.get("officer_1") == data.get("officer_2"):
            raise ValidationError(str(lazy_gettext("每项检查须有两名不同的执法人员")), "officer_2")


class NewTaskForm(TwoOfficers):
    origin = one_of(lazy_gettext("任务来源"), TARGETED_ORIGINS, listed=True)
    reference = text(lazy_gettext("来源编号（12369投诉须填写投诉编号）"), 100, required=False)
    credit_code = field(fields.Function, lazy_gettext("统一社会信用代码"), deserialize=normalise_credit_code,
                        required=True, validate=_credit_code_ok)
    site = text(lazy_gettext("厂区名称"), 100, required=False)
    due = a_date(lazy_gettext("完成期限"))
    note = text(lazy_gettext("说明"), 1000, required=False)

    @validates_schema
    def _complaint_number(self, data, **_kwargs):
        if data.get("origin") == "complaint" and not data.get("reference"):
            raise ValidationError(str(lazy_gettext("12369投诉举报来源的任务须填写投诉编号")), "reference")


class ReassignForm(TwoOfficers):
    reason = reason()


class ExtendDueForm(FormSchema):
    due = a_date(lazy_gettext("新的完成期限"))
    reason = reason(lazy_gettext("延期理由"))


class ReasonForm(FormSchema):
    reason = reason()


# -- an officer's forms ---------------------------------------------------------------------------
class InspectionFields(FormSchema):
    form = one_of(lazy_gettext("检查记录表"), {name: name for name in FORMS}, listed=True)
    mode = one_of(lazy_gettext("检查方式"), ("on_site", "off_site"), listed=False)
    present = codes(lazy_gettext("在场检查人员"))
    representative = text(lazy_gettext("企业在场人员"), 100, required=False)
    production_status = text(lazy_gettext("生产状况"), 200, required=False)
    data_sources = field(fields.List, lazy_gettext("非现场检查数据来源"), load_default=list,
                         cls_or_instance=fields.String(validate=validate.OneOf(list(DATA_SOURCES))))
    approval = text(lazy_gettext("现场检查审批（正面清单单位）"), 500, required=False)
    findings = text(lazy_gettext("检查情况"), 4000)
    inspected_on = a_date(lazy_gettext("检查日期"))


def inspection_form(checklist: list[str]) -> FormSchema:
    """The inspection record with one select per checklist item (`check_1` …, in the
    order of the list; the list is data, domain/checklists.py): 符合 / 存在问题 / 不适用,
    or left unfilled."""
    items = {f"check_{n}": one_of(item, RESULTS, required=False) for n, item in enumerate(checklist, 1)}
    return InspectionFields.from_dict(items, name="InspectionForm")()


class ProblemForm(FormSchema):
    description = text(lazy_gettext("问题描述"), 2000)
    category = one_of(lazy_gettext("问题类别"), PROBLEM_CATEGORIES, listed=True)
    legal_basis = text(lazy_gettext("违反的法律依据"), 500)
    found_on = a_date(lazy_gettext("发现日期"))


class CompleteForm(FormSchema):
    summary = text(lazy_gettext("检查结论"), 2000)



register_kind("inspectiontask", events=EVENT_TITLES, fields=FIELD_TITLES,
              values={"origin": ORIGIN_LABELS, "result": TASK_RESULTS, "kind": JOINT_KINDS})
