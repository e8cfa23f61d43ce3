"""A task from dispatch to closure, and the rules a brigade meets on the way."""

import json
from datetime import date
from uuid import uuid4

import pytest

from domain.base import Actor, DomainError, NoChangeError
from domain.checklists import items
from domain.tasks import InspectionTask

BOSS = Actor("zhidui", "supervisor").by("c")
TODAY = date(2026, 11, 20)


def officer(name: str) -> dict:
    return Actor(name, "inspector").by(f"c-{name}")


def task(off_site: bool = False, **overrides) -> InspectionTask:
    fields = dict(origin="complaint", target_id=uuid4(), jurisdiction="652301", due=date(2026, 12, 31),
                  off_site=off_site, reference="12369-2026-00871")
    t = InspectionTask.targeted(**{**fields, **overrides}, **BOSS)
    t.assign_officers(officers=["o1", "o2"], reason="针对性检查指派", **BOSS)
    return t


def on_site(t: InspectionTask, **overrides) -> None:
    fields = dict(officer_id="o1", form="污染源现场检查记录表", on_site=True, present=["o1", "o2"],
                  representative="企业环保负责人 王某", production_status="正常生产",
                  checklist={i: "ok" for i in items()}, data_sources=[], approval="",
                  findings="各项设施运行正常", inspected_on=date(2026, 11, 18), today=TODAY)
    t.record_inspection(**{**fields, **overrides}, **officer("o1"))


def test_a_complaint_is_inspected_and_closed():
    t = task()
    t.dispatch(**BOSS)
    t.accept(officer_id="o1", **officer("o1"))
    t.accept(officer_id="o2", **officer("o2"))
    on_site(t)
    t.attach_evidence(officer_id="o2", evidence={"sha256": "ab" * 32, "size": 2048, "type": "image/jpeg",
                                                 "name": "排口.jpg"}, **officer("o2"))
    t.complete(officer_id="o1", result="no_problem", summary="未发现问题", problems=[], **officer("o1"))
    t.close(open_problems=[], **BOSS)
    assert t.state == "closed" and len(t.records) == 1 and t.evidence[0]["name"] == "排口.jpg"
    with pytest.raises(DomainError, match="不能记录检查情况"):
        on_site(t)  # a closed task takes no new record…
    t.reopen(reason="复核发现记录缺页", **BOSS)  # …except through a reopening
    assert t.state == "completed"


def test_the_rules_of_the_record():
    t = task()
    with pytest.raises(DomainError, match="须先接收任务"):
        on_site(t)
    t.dispatch(**BOSS)
    t.accept(officer_id="o1", **officer("o1"))
    with pytest.raises(DomainError, match="只有本任务指派的检查人员"):
        on_site(t, officer_id="o9")
    with pytest.raises(DomainError, match="至少两名本任务执法人员在场"):
        on_site(t, present=["o1"])
    with pytest.raises(DomainError, match="“十必查”尚有1项未填写"):
        on_site(t, checklist={i: "ok" for i in items()[:-1]})
    with pytest.raises(DomainError, match="用于非现场检查，与检查方式不符"):
        on_site(t, form="非现场检查记录表")
    with pytest.raises(DomainError, match="不能晚于今天"):
        on_site(t, inspected_on=date(2026, 11, 21))
    with pytest.raises(DomainError, match="须注明所用数据来源"):
        on_site(t, form="非现场检查记录表", on_site=False)
    with pytest.raises(DomainError, match="须先记录检查情况"):
        t.complete(officer_id="o1", result="no_problem", summary="x", problems=[], **officer("o1"))


def test_a_positive_list_unit_is_inspected_off_site_unless_approved():
    t = task(off_site=True)
    t.dispatch(**BOSS)
    t.accept(officer_id="o1", **officer("o1"))
    with pytest.raises(DomainError, match="须记录本单位负责同志的同意"):
        on_site(t)
    on_site(t, form="非现场检查记录表", on_site=False, present=["o1"], checklist={},
            data_sources=["自动监控", "全国排污许可证管理信息平台"])
    assert t.records[0]["on_site"] is False


def test_targeted_tasks_need_their_reference_and_two_officers():
    with pytest.raises(DomainError, match="须填写投诉编号"):
        task(reference="")
    t = InspectionTask.targeted(origin="assigned", target_id=uuid4(), jurisdiction="652301",
                                due=date(2026, 12, 31), reference="昌环交〔2026〕5号", **BOSS)
    with pytest.raises(DomainError, match="至少须有两名执法人员"):
        t.assign_officers(officers=["o1"], reason="指派", **BOSS)
    with pytest.raises(DomainError, match="须先分配至少两名人员"):
        t.dispatch(**BOSS)


def test_supervisor_extends_reassigns_and_cancels_with_reasons():
    t = task()
    with pytest.raises(DomainError, match="须晚于原期限"):
        t.extend_due(due=date(2026, 12, 1), reason="企业停产", **BOSS)
    t.extend_due(due=date(2027, 1, 15), reason="企业停产检修", **BOSS)
    t.assign_officers(officers=["o2", "o3"], reason="o1 借调", **BOSS)
    with pytest.raises(NoChangeError):
        t.assign_officers(officers=["o3", "o2"], reason="again", **BOSS)
    t.cancel(reason="企业已注销", **BOSS)
    assert (t.due, t.officers, t.state) == (date(2027, 1, 15), ["o2", "o3"], "cancelled")


def test_a_task_stored_before_version_2_still_reads():
    from domain.application import Shuangsui
    from eventsourcing.persistence import StoredEvent

    app = Shuangsui(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})
    app.save(task())
    stored = app.recorder.select_notifications(0, 1)[0]
    state = json.loads(stored.state)
    for added in ("reference", "note", "followup_of", "class_version"):
        state.pop(added, None)  # as version 1 wrote it
    old = StoredEvent(stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode())
    event = app.mapper.to_domain_event(old)
    assert (event.reference, event.note, event.followup_of) == ("", "", None)


def test_a_joint_inspection_records_the_other_side_as_they_name_it():
    t = task()
    t.record_joint_members(department="兵团第七师生态环境局", kind="corps", members=["（七师）执法人员甲", "（七师）执法人员乙"],
                           basis="兵地联合执法协作机制", **BOSS)
    assert t.joint == [{"department": "兵团第七师生态环境局", "kind": "corps",
                        "members": ["（七师）执法人员甲", "（七师）执法人员乙"], "basis": "兵地联合执法协作机制"}]
    with pytest.raises(DomainError, match="须填写对方部门派出的人员"):
        t.record_joint_members(department="市场监管局", kind="department", members=[" "], basis="", **BOSS)


def _inspected() -> InspectionTask:
    t = task()
    t.dispatch(**BOSS)
    t.accept(officer_id="o1", **officer("o1"))
    on_site(t)  # inspected on 2026-11-18
    return t


def test_work_entered_late_keeps_the_day_it_was_completed():
    t = _inspected()
    with pytest.raises(DomainError, match="办结日期（2026-11-21）不能晚于今天"):
        t.complete(officer_id="o1", result="no_problem", summary="未发现问题", problems=[],
                   completed_on=date(2026, 11, 21), today=TODAY, **officer("o1"))
    with pytest.raises(DomainError, match="不能早于检查日期（2026-11-18）"):
        t.complete(officer_id="o1", result="no_problem", summary="未发现问题", problems=[],
                   completed_on=date(2026, 11, 17), today=TODAY, **officer("o1"))
    t.complete(officer_id="o1", result="no_problem", summary="未发现问题", problems=[],
               completed_on=date(2026, 11, 18), today=TODAY, **officer("o1"))
    assert t.completed_on == date(2026, 11, 18)


def test_a_completion_stored_before_version_2_counts_from_the_day_it_was_stored():
    from domain.application import Shuangsui
    from domain.calendar import local_day
    from eventsourcing.persistence import StoredEvent

    app = Shuangsui(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})
    t = _inspected()
    t.complete(officer_id="o1", result="no_problem", summary="未发现问题", problems=[], **officer("o1"))
    app.save(t)
    stored = app.recorder.select_notifications(0, 100)[-1]
    state = json.loads(stored.state)
    assert state.pop("completed_on") is None
    state.pop("class_version", None)  # as version 1 wrote it
    old = StoredEvent(stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode())
    event = app.mapper.to_domain_event(old)
    assert event.completed_on is None
    again = app.repository.get(t.id)
    assert again.completed_on == local_day(event.timestamp)
