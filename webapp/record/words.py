"""The words of the full-process record: what each kind of subject and stream is called, the
columns of the table (page, workbook and JSON alike), and the words of a draw's own events
(the plans pages do not show a plan's history, so nothing registered them yet)."""

from __future__ import annotations

from domain.plans import LEVELS, PERIOD_KINDS
from domain.vocabulary import CATEGORIES

from ..history import KIND_TEXTS, N_, register_kind

# The subjects a record is made for, and what a missing one is called.
SUBJECTS = {"task": N_("检查任务"), "problem": N_("问题"), "unit": N_("监管对象"), "officer": N_("检查人员"),
            "draw": N_("抽查计划")}
MISSING = {"task": N_("检查任务不存在"), "problem": N_("问题不存在"), "unit": N_("监管对象不存在"),
           "officer": N_("检查人员不存在"), "draw": N_("抽查计划不存在")}
# The records (streams) an event belongs to.
STREAMS = {"inspectiontask": N_("检查任务"), "problem": N_("问题"), "target": N_("监管对象"),
           "inspector": N_("检查人员"), "samplingplan": N_("抽查计划")}
COLUMNS = (N_("序号"), N_("时间"), N_("记录"), N_("事项"), N_("操作人"), N_("角色"), N_("文书编号"), N_("证据哈希"),
           N_("变更内容"), N_("理由/依据"))

PLAN_EVENTS = {
    "Planned": N_("制定抽查计划"), "RulesChanged": N_("修改抽查规则"), "Committed": N_("承诺（事前公开）"),
    "Executed": N_("执行抽取"), "UnitReplaced": N_("替补抽中对象"), "Voided": N_("抽查计划作废"),
}
PLAN_FIELDS = {
    "title": N_("计划名称"), "period_kind": N_("计划周期"), "period": N_("期间"), "period_start": N_("起始日期"),
    "period_end": N_("截止日期"), "jurisdiction": N_("辖区"), "level": N_("计划层级"),
    "brigades": N_("承担检查的执法单位"), "rules": N_("抽查规则"), "requested": N_("指定抽取数"),
    "public_source": N_("公开随机数来源"), "previous": N_("原规则"), "document": N_("承诺文件"),
    "commitment_hash": N_("承诺哈希"), "minimums": N_("最低应抽数"), "shortfalls": N_("可抽不足数"),
    "acknowledged_shortfall": N_("确认可抽对象不足"), "public_value": N_("公开随机数"), "secret": N_("密钥"),
    "seed": N_("随机种子"), "selected": N_("抽中对象"), "stratum": N_("监管类别"), "replaced": N_("被替换对象"),
    "replacement": N_("替补对象"), "digest": N_("记录摘要"),
}

if "samplingplan" not in KIND_TEXTS:  # the plans area's own words win, once it has them
    register_kind("samplingplan", events=PLAN_EVENTS, fields=PLAN_FIELDS,
                  values={"period_kind": PERIOD_KINDS, "level": LEVELS, "stratum": CATEGORIES})
