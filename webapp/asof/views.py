"""A record's state as labelled facts: the same facts, with the same Chinese labels, as the
summary of its current page (webapp/templates/tasks/task.html, problems/problem.html,
directory/target.html), read from the aggregate rebuilt at a version. One function per
kind; `differences` compares two of these lists, for the comparison of two moments and
for what one event changed in the step-through.

Names of people, places and units come from the read tables as they are now (a person's
name is not part of the record's state); codes and dates are the record's own."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from domain.problems import Problem
from domain.targets import Target
from domain.tasks import InspectionTask
from projections.tables import problems
from projections.timetravel import place_names

from ..history import show_value
from ..problems.schemas import CATEGORY_LABELS, DISPOSITION_STATE_LABELS, KIND_LABELS, STATE_LABELS as PROBLEM_STATES
from ..tasks import queries as tq
from ..tasks.schemas import JOINT_KINDS, ORIGIN_LABELS, STATE_LABELS as TASK_STATES, TASK_RESULTS
from ..templating import label

NONE = "—"


@dataclass(frozen=True)
class Fact:
    key: str  # stable across versions: what `differences` matches on
    label: str
    value: str


def _listed(values) -> str:
    return _("、").join(str(v) for v in values) or NONE


def _coded(labels: dict, code) -> str:
    return _(labels[code]) if code in labels else (code or NONE)


def task_facts(conn, t: InspectionTask) -> list[Fact]:
    people = tq.inspector_names(conn, [*t.officers, *t.accepted_by])
    unit = tq.units(conn, [t.target_id.hex]).get(t.target_id.hex, {})
    place = place_names(conn, [t.jurisdiction]).get(t.jurisdiction, t.jurisdiction)
    found = dict(conn.execute(select(problems.c.id, problems.c.description)
                              .where(problems.c.id.in_(t.problems))).all()) if t.problems else {}
    joint = [f"{_coded(JOINT_KINDS, j['kind'])} {j['department']}{_('：')}{_listed(j['members'])}" for j in t.joint]
    return [
        Fact("state", _("状态"), _coded(TASK_STATES, t.state)),
        Fact("target", _("检查对象"), unit.get("name") or t.target_id.hex),
        Fact("jurisdiction", _("所在辖区"), place),
        Fact("origin", _("任务来源"), _coded(ORIGIN_LABELS, t.origin)),
        Fact("reference", _("来源编号"), t.reference or NONE),
        Fact("due", _("完成期限"), t.due.isoformat()),
        Fact("off_site", _("检查方式"), _("非现场（正面清单）") if t.off_site else _("现场")),
        Fact("officers", _("检查人员"), _listed(people.get(o, o) for o in t.officers)),
        Fact("accepted_by", _("已接收"), _listed(people.get(o, o) for o in t.accepted_by)),
        Fact("joint", _("联合检查人员"), _listed(joint)),
        Fact("note", _("说明"), t.note or NONE),
        Fact("result", _("检查结果"), _coded(TASK_RESULTS, t.result) if t.result else NONE),
        Fact("records", _("检查记录"), show_value("record", t.records, "inspectiontask")),
        Fact("evidence", _("证据材料"), show_value("evidence", t.evidence, "inspectiontask")),
        Fact("problems", _("发现的问题"), _listed(found.get(p, p) for p in t.problems)),
    ]


def _disposition_facts(d) -> list[Fact]:
    name = f"{d.id} · {_coded(KIND_LABELS, d.kind)}"
    facts = [Fact(f"{d.id}.state", name, _coded(DISPOSITION_STATE_LABELS, d.state))]
    if d.kind == "order":
        deadline = str(d.facts.get("deadline") or NONE)
        if d.facts.get("provisional"):
            deadline += " " + _("暂定：节假日安排尚未公布")
        facts.append(Fact(f"{d.id}.deadline", f"{name} · {_('整改期限')}", deadline))
    if d.kind == "case" and d.facts.get("decision"):
        decision = d.facts["decision"]
        facts.append(Fact(f"{d.id}.decision", f"{name} · {_('处罚决定')}",
                          f"{decision.get('decision_no', '')} · {_('罚款')} {decision.get('fine', '')} {_('元')}"))
    if d.kind == "coercive":
        facts.append(Fact(f"{d.id}.ends_on", f"{name} · {_('截止日期')}", str(d.facts.get("ends_on") or _("未定"))))
    return facts


def problem_facts(conn, p: Problem) -> list[Fact]:
    facts = [
        Fact("state", _("状态"), _coded(PROBLEM_STATES, p.state)),
        Fact("description", _("问题描述"), p.description),
        Fact("category", _("问题类别"), _coded(CATEGORY_LABELS, p.category)),
        Fact("legal_basis", _("违反的法律依据"), p.legal_basis),
        Fact("found_on", _("发现日期"), p.found_on.isoformat()),
        Fact("next_deadline", _("最近的整改期限"), str(p.next_deadline() or NONE)),
        Fact("special_criteria_hit", _("处罚20万元及以上：列入特殊监管对象条件"), show_value("", p.special_criteria_hit)),
        Fact("closed_reason", _("办结说明"), p.closed_reason or NONE),
        Fact("reopen_reasons", _("重新打开的理由"), _("；").join(p.reopen_reasons) or NONE),
    ]
    for d in p.dispositions.values():
        facts += _disposition_facts(d)
    return facts


def target_facts(conn, t: Target) -> list[Fact]:
    place = place_names(conn, [t.jurisdiction]).get(t.jurisdiction, t.jurisdiction)
    if t.exclusion_reason:
        draws = _("不参与") + " " + label("exclusion", t.exclusion_reason) + (
            f"{_('：')}{t.exclusion_note}" if t.exclusion_note else "")
    else:
        draws = _("参与")
    return [
        Fact("name", _("单位名称"), t.name),
        Fact("site", _("厂区名称"), t.site or NONE),
        Fact("credit_code", _("统一社会信用代码"), t.credit_code),
        Fact("jurisdiction", _("所在辖区"), place),
        Fact("address", _("详细地址"), t.address),
        Fact("industry", _("行业类别"), t.industry or NONE),
        Fact("permit_no", _("排污许可证编号"), t.permit_no or NONE),
        Fact("category", _("监管类别"), label("category", t.category)),
        Fact("category_year", _("类别年度"), str(t.category_year or NONE)),
        Fact("category_basis", _("类别依据"), t.category_basis or NONE),
        Fact("special_criteria", _("特殊监管原因"), _listed(_(c) for c in t.special_criteria)),
        Fact("draws", _("参与双随机"), draws),
        Fact("positive_list", _("正面清单"), _("在清单内") if t.positive_list else _("不在清单内")),
    ]


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    before: str
    after: str


def differences(before: list[Fact], after: list[Fact]) -> list[Change]:
    """Every fact that differs, in the later state's order; a fact only one side has (a
    disposition started since) shows "—" on the other."""
    old = {f.key: f for f in before}
    new = {f.key: f for f in after}
    changed = [Change(f.key, f.label, old[f.key].value if f.key in old else NONE, f.value) for f in after
               if f.key not in old or old[f.key].value != f.value]
    return changed + [Change(f.key, f.label, f.value, NONE) for f in before if f.key not in new]
