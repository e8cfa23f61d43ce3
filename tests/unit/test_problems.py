"""The closed loop of problems (闭环管理), as a brigade works it (no I/O: aggregates in memory;
one in-memory application for the decision-number uniqueness and the stored round trip)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from domain.base import Actor, DomainError, NoChangeError
from domain.dispositions import PENALTY_CRITERION, DecisionNumberClaim
from domain.problems import PROBLEM_CATEGORIES, Problem
from domain.vocabulary import SPECIAL_CRITERIA

OFFICER = Actor("wanglei", "inspector")
SUPERVISOR = Actor("zhidui", "supervisor")
TODAY = date(2026, 11, 20)
BUREAU = "昌吉州生态环境局"
_commands = itertools.count(1)


def by(actor: Actor = OFFICER) -> dict[str, str]:
    return actor.by(f"cmd-{next(_commands)}")


def photo(name: str = "现场照片.jpg") -> dict:
    return {"sha256": hashlib.sha256(name.encode()).hexdigest(), "size": 184_320,
            "type": "image/jpeg", "name": name}


def found(category: str = "air", found_on: date = date(2026, 9, 18), **overrides) -> Problem:
    fields = dict(task_id=uuid4(), target_id=uuid4(), category=category, found_on=found_on,
                  description="脱硫设施未正常运行，烟气直排", legal_basis="《中华人民共和国大气污染防治法》第二十条",
                  today=TODAY)
    return Problem.find(**{**fields, **overrides}, **by())


def names(problem: Problem) -> list[str]:
    return [type(e).__name__ for e in problem.collect_events()]


def refused(problem: Problem, message: str, command, *args, **kwargs) -> None:
    """The command is refused with its Chinese message and records nothing."""
    before = problem.version
    with pytest.raises(DomainError, match=message):
        command(*args, **kwargs, **by())
    assert problem.version == before


def penalised(fine: str = "250000.00", decision_no: str = "昌环罚〔2026〕12号") -> tuple[Problem, DecisionNumberClaim]:
    problem = found(category="monitoring")
    problem.open_case(case_no="昌环立〔2026〕31号", opened_on=date(2026, 9, 20), today=TODAY, **by())
    claim = problem.decide_penalty("d1", decision_no=decision_no, issuing_body=BUREAU,
                                   legal_basis="《大气污染防治法》第一百条", fine=Decimal(fine),
                                   other_sanctions=["责令改正"], decided_on=date(2026, 10, 15), today=TODAY, **by())
    return problem, claim


# -- finding ------------------------------------------------------------------------------
def test_a_problem_is_found_on_a_task_with_its_category_and_basis():
    task, unit = uuid4(), uuid4()
    problem = found(task_id=task, target_id=unit, category="hazardous_waste")
    assert (problem.task_id, problem.target_id, problem.category) == (task, unit, "hazardous_waste")
    assert problem.state == "open" and problem.dispositions == {} and not problem.special_criteria_hit
    assert names(problem) == ["Found"]
    assert PROBLEM_CATEGORIES["eia"] == "环评与“三同时”" and len(PROBLEM_CATEGORIES) == 11


def test_the_same_submission_finds_the_same_problem():
    assert Problem.create_id(command_id="form-7") == Problem.create_id(command_id="form-7")
    assert Problem.create_id(command_id="form-7") != Problem.create_id(command_id="form-8")
    problem = Problem.find(task_id=uuid4(), target_id=uuid4(), description="噪声超标", category="noise",
                           legal_basis="《噪声污染防治法》", found_on=TODAY, today=TODAY, **OFFICER.by("form-7"))
    assert problem.id == Problem.create_id(command_id="form-7") and problem.has_applied("form-7")


def test_finding_refuses_bad_input():
    with pytest.raises(DomainError, match="发现日期（2026-11-21）晚于今天（2026-11-20）"):
        found(found_on=date(2026, 11, 21))
    with pytest.raises(DomainError, match="问题类别“smell”不存在，可选：大气、水"):
        found(category="smell")
    with pytest.raises(DomainError, match="问题描述不能为空"):
        found(description="  ")
    with pytest.raises(DomainError, match="违反的法律依据不能为空"):
        found(legal_basis="")
    with pytest.raises(DomainError, match="问题须关联检查任务和监管对象"):
        found(task_id="T-1")


# -- the stories ---------------------------------------------------------------------------
def test_an_order_verified_on_the_first_re_inspection_is_closed():
    problem = found(category="water")
    problem.order_rectification(order_no="昌环责改〔2026〕88号", requirements="修复污水处理站并稳定达标排放",
                                working_days=20, ordered_on=date(2026, 9, 18), today=TODAY, **by())
    order = problem.disposition("d1")
    # 20 statutory working days after 2026-09-18 skip the National Day week.
    assert (order.deadline, order.facts["provisional"], order.state) == (date(2026, 10, 22), False, "ordered")
    assert problem.next_deadline() == date(2026, 10, 22)
    assert not problem.is_overdue(date(2026, 10, 22)) and problem.is_overdue(date(2026, 10, 23))
    assert problem.days_overdue(date(2026, 10, 25)) == 3

    problem.report_rectification("d1", report="已更换曝气设备，出水COD稳定达标", evidence=[photo("整改后.jpg")],
                                 reported_on=date(2026, 10, 20), today=TODAY, **by())
    revisit = uuid4()
    problem.schedule_verification("d1", task_id=revisit, **by(SUPERVISOR))
    problem.verify("d1", passed=True, note="现场核查整改到位", verified_on=date(2026, 10, 28), today=TODAY, **by())
    assert (order.state, order.ended_on, order.facts["verification_task_id"]) == ("ended", date(2026, 10, 28), revisit)
    assert problem.open_dispositions() == [] and problem.next_deadline() is None

    problem.close(reason="回头看核查整改到位", **by())
    assert problem.state == "closed" and problem.closed
    assert names(problem) == ["Found", "RectificationOrdered", "RectificationReported", "VerificationScheduled",
                              "VerificationPassed", "Closed"]


def test_an_order_that_fails_re_inspection_ends_in_a_penalty_revised_and_paid():
    problem = found(category="monitoring", description="自动监测数据造假")
    problem.order_rectification(order_no="昌环责改〔2026〕90号", requirements="恢复在线监测设备正常运行",
                                deadline=date(2026, 9, 30), ordered_on=date(2026, 9, 18), today=TODAY, **by())
    # No report came: after the deadline the brigade goes back anyway.
    problem.schedule_verification("d1", task_id=uuid4(), today=date(2026, 10, 8), **by(SUPERVISOR))
    problem.verify("d1", passed=False, note="在线监测设备仍未恢复", verified_on=date(2026, 10, 9), today=TODAY, **by())
    assert problem.disposition("d1").state == "failed"
    assert [d.id for d in problem.needs_follow_up()] == ["d1"]
    refused(problem, "问题尚不能办结：d1责令改正回头看未通过，须另行责令改正、立案处罚或移送并办结",
            problem.close, reason="结案")

    problem.open_case(case_no="昌环立〔2026〕31号", opened_on=date(2026, 10, 10), today=TODAY, **by())
    assert problem.needs_follow_up() == []
    refused(problem, r"d2立案处罚（已立案，待作出处罚决定）尚未办结", problem.close, reason="结案")
    claim = problem.decide_penalty("d2", decision_no="昌环罚〔2026〕12号", issuing_body=BUREAU,
                                   legal_basis="《大气污染防治法》第一百条", fine=Decimal("250000.00"),
                                   other_sanctions=["责令改正"], decided_on=date(2026, 10, 15), today=TODAY, **by())
    assert isinstance(claim, DecisionNumberClaim) and claim.decision_no == "昌环罚〔2026〕12号"
    decided = problem.collect_events()[-1]
    assert type(decided).__name__ == "PenaltyDecided" and decided.special_criteria_hit
    assert problem.special_criteria_hit and PENALTY_CRITERION in SPECIAL_CRITERIA

    claim2 = problem.revise_decision("d2", via="reconsideration", decision_no="昌环罚〔2026〕12-1号",
                                     fine=Decimal("200000.00"), other_sanctions=["责令改正"],
                                     reason="行政复议决定变更罚款数额", decided_on=date(2026, 11, 2), today=TODAY, **by())
    assert claim2.id != claim.id
    revised = problem.collect_events()[-1]
    assert type(revised).__name__ == "DecisionRevised"
    assert (revised.previous["decision_no"], revised.previous["fine"]) == ("昌环罚〔2026〕12号", Decimal("250000.00"))
    assert (revised.decision_no, revised.fine, revised.special_criteria_hit) == ("昌环罚〔2026〕12-1号", Decimal("200000.00"), True)
    case = problem.disposition("d2")
    assert [x["fine"] for x in case.facts["decisions"]] == [Decimal("250000.00"), Decimal("200000.00")]
    assert case.facts["decision"]["via"] == "reconsideration" and problem.special_criteria_hit

    problem.record_execution("d2", paid_or_executed_on=date(2026, 11, 10), amount_paid=Decimal("200000.00"),
                             today=TODAY, **by())
    problem.close(reason="罚款已缴纳，整改到位", **by())
    assert problem.state == "closed"
    assert names(problem) == ["PenaltyExecuted", "Closed"]


def test_a_hazardous_waste_problem_transferred_to_the_police():
    problem = found(category="hazardous_waste", description="非法倾倒危险废物约20吨",
                    legal_basis="《固体废物污染环境防治法》第一百一十二条")
    problem.transfer_case(receiving_body="昌吉市公安局", kind="police", transferred_on=date(2026, 9, 19),
                          suspected_crime=True, document_no="昌环移〔2026〕3号", today=TODAY, **by())
    event = problem.collect_events()[-1]
    assert type(event).__name__ == "CaseTransferred" and event.suspected_crime
    refused(problem, "d1移送当前已移送，待对方接收，不能登记回复", problem.record_reply,
            "d1", reply="已立案侦查", replied_on=date(2026, 9, 25), today=TODAY)
    problem.record_receipt("d1", received_on=date(2026, 9, 20), today=TODAY, **by())
    problem.record_reply("d1", reply="已立案侦查（昌公刑立字〔2026〕45号）", replied_on=date(2026, 10, 8),
                         today=TODAY, **by())
    transfer = problem.disposition("d1")
    assert (transfer.state, transfer.facts["received_on"], transfer.facts["suspected_crime"]) == (
        "ended", date(2026, 9, 20), True)
    problem.close(reason="公安机关已立案侦查", **by())
    assert names(problem) == ["TransferReceived", "TransferReplied", "Closed"]


def test_a_seal_up_taken_and_lifted():
    problem = found(category="air")
    problem.take_coercive_measure(kind="seal_up", document_no="昌环封〔2026〕5号", starts_on=date(2026, 9, 19),
                                  ends_on=date(2026, 10, 18), today=TODAY, **by())
    assert problem.disposition("d1").state == "in_force"
    assert not problem.is_overdue(date(2026, 10, 18)) and problem.is_overdue(date(2026, 10, 19))
    problem.lift_coercive_measure("d1", lifted_on=date(2026, 10, 16), reason="违法行为已消除", today=TODAY, **by())
    seal = problem.disposition("d1")
    assert (seal.state, seal.facts["measure"], seal.facts["lifted_on"]) == ("ended", "seal_up", date(2026, 10, 16))
    problem.close(reason="查封已解除", **by())
    assert names(problem) == ["Found", "CoerciveMeasureTaken", "CoerciveMeasureLifted", "Closed"]


def test_seal_up_lasts_thirty_days_sixty_with_approval():
    problem = found()
    refused(problem, r"查封期限不得超过三十日.*现为31日", problem.take_coercive_measure, kind="seal_up",
            document_no="昌环封〔2026〕6号", starts_on=date(2026, 9, 19), ends_on=date(2026, 10, 20), today=TODAY)
    refused(problem, "扣押须注明期限", problem.take_coercive_measure, kind="seizure",
            document_no="昌环扣〔2026〕1号", starts_on=date(2026, 9, 19), today=TODAY)
    problem.take_coercive_measure(kind="seal_up", document_no="昌环封〔2026〕6号", starts_on=date(2026, 9, 19),
                                  ends_on=date(2026, 11, 1), approval="局长批准（2026年9月19日）", today=TODAY, **by())
    problem.take_coercive_measure(kind="suspension", document_no="昌环停〔2026〕2号",
                                  starts_on=date(2026, 9, 19), today=TODAY, **by())
    assert [d.facts["ends_on"] for d in problem.open_dispositions()] == [date(2026, 11, 1), None]


def test_guidance_acknowledged_then_closed():
    problem = found(category="emergency", description="突发环境事件应急预案未备案")
    problem.give_guidance(document_no="昌环指〔2026〕7号", content="建议30日内完成应急预案修订并备案",
                          issued_on=date(2026, 9, 18), today=TODAY, **by())
    refused(problem, r"d1行政指导（已下达，待确认）尚未办结", problem.close, reason="结案")
    problem.acknowledge_guidance("d1", acknowledged_on=date(2026, 9, 19), today=TODAY, **by())
    problem.close(reason="企业已确认收悉", **by())
    assert names(problem) == ["Found", "GuidanceGiven", "GuidanceAcknowledged", "Closed"]


def test_fixed_on_the_spot_closes_at_once():
    problem = found(category="solid_waste", description="一般固废露天堆放")
    problem.fix_on_spot(evidence=[photo("整改前.jpg"), photo("整改后.jpg")], note="当场清运并苫盖", today=TODAY, **by())
    spot = problem.disposition("d1")
    assert (spot.state, spot.ended_on, len(spot.facts["evidence"])) == ("ended", TODAY, 2)
    refused(problem, "办结说明不能为空", problem.close, reason="")
    problem.close(reason="当场整改完毕", **by())
    assert names(problem) == ["Found", "FixedOnSpot", "Closed"]


def test_closing_names_what_is_still_open():
    problem = found()
    refused(problem, "问题尚不能办结：尚无任何处置措施", problem.close, reason="结案")
    problem.fix_on_spot(evidence=[photo()], note="当场整改", today=TODAY, **by())
    problem.order_rectification(order_no="昌环责改〔2026〕91号", requirements="完善台账", deadline=date(2026, 12, 1),
                                today=TODAY, **by())
    problem.open_case(case_no="昌环立〔2026〕40号", today=TODAY, **by())
    refused(problem, "问题尚不能办结：d2责令改正（待提交整改报告）尚未办结；d3立案处罚（已立案，待作出处罚决定）尚未办结",
            problem.close, reason="结案")
    assert [d.id for d in problem.open_dispositions()] == ["d2", "d3"]


def test_reopen_then_close_again():
    problem = found()
    problem.fix_on_spot(evidence=[photo()], note="当场整改", today=TODAY, **by())
    problem.close(reason="当场整改完毕", **by())
    # A closed problem takes no record but a reopening.
    refused(problem, "问题已办结，不能再登记；如需继续处置，请先重新打开", problem.give_guidance,
            document_no="x", content="y", today=TODAY)
    refused(problem, "问题已办结", problem.close, reason="again")
    with pytest.raises(NoChangeError):
        problem.close(reason="again", **by())
    refused(problem, "重新打开的理由不能为空", problem.reopen, reason=" ")
    problem.reopen(reason="群众再次投诉，现场复查仍有问题", **by())
    assert problem.state == "open" and problem.reopen_reasons == ["群众再次投诉，现场复查仍有问题"]
    refused(problem, "问题尚未办结，无需重新打开", problem.reopen, reason="x")
    problem.order_rectification(order_no="昌环责改〔2026〕95号", requirements="加装收集设施", working_days=10,
                                today=TODAY, **by())
    problem.report_rectification("d2", report="已加装", evidence=[photo("加装.jpg")], reported_on=TODAY,
                                 today=TODAY, **by())
    problem.schedule_verification("d2", task_id=uuid4(), **by(SUPERVISOR))
    problem.verify("d2", passed=True, note="", verified_on=TODAY, today=TODAY, **by())
    problem.close(reason="复查整改到位", **by())
    assert names(problem)[-3:] == ["VerificationScheduled", "VerificationPassed", "Closed"]


# -- deadlines -----------------------------------------------------------------------------
def test_deadline_extension_and_provisional_working_days():
    problem = found(found_on=date(2026, 12, 20), today=date(2027, 1, 4))
    problem.order_rectification(order_no="昌环责改〔2026〕99号", requirements="完成整改", working_days=15,
                                ordered_on=date(2026, 12, 20), today=date(2027, 1, 4), **by())
    order = problem.disposition("d1")
    assert (order.deadline, order.facts["provisional"]) == (date(2027, 1, 8), True)  # 2027 not yet published
    refused(problem, r"延长后的整改期限（2027-01-08）须晚于原期限（2027-01-08）", problem.extend_deadline,
            "d1", new_deadline=date(2027, 1, 8), reason="设备到货延迟")
    refused(problem, "延期理由不能为空", problem.extend_deadline, "d1", new_deadline=date(2027, 2, 8), reason="")
    problem.extend_deadline("d1", new_deadline=date(2027, 2, 8), reason="设备到货延迟，企业书面申请", **by(SUPERVISOR))
    assert (order.deadline, order.facts["provisional"]) == (date(2027, 2, 8), False)
    assert order.facts["extensions"] == [{"deadline": date(2027, 2, 8), "previous": date(2027, 1, 8),
                                          "reason": "设备到货延迟，企业书面申请"}]
    assert problem.next_deadline() == date(2027, 2, 8)


def test_order_input_is_checked():
    problem = found()
    common = dict(order_no="昌环责改〔2026〕1号", requirements="整改", ordered_on=date(2026, 9, 18), today=TODAY)
    refused(problem, "整改期限须填写截止日期或工作日天数（二者选一）", problem.order_rectification, **common)
    refused(problem, "二者选一", problem.order_rectification, deadline=date(2026, 10, 1), working_days=5, **common)
    refused(problem, "工作日天数须为1至250的整数", problem.order_rectification, working_days=0, **common)
    refused(problem, r"整改期限（2026-09-18）须晚于责令改正日期（2026-09-18）", problem.order_rectification,
            deadline=date(2026, 9, 18), **common)
    refused(problem, "整改要求不能为空", problem.order_rectification,
            **{**common, "requirements": ""}, deadline=date(2026, 10, 1))
    refused(problem, r"责令改正日期（2026-09-17）不能早于问题发现日期（2026-09-18）", problem.order_rectification,
            **{**common, "ordered_on": date(2026, 9, 17)}, deadline=date(2026, 10, 1))
    refused(problem, r"责令改正日期（2026-11-21）晚于今天", problem.order_rectification,
            **{**common, "ordered_on": date(2026, 11, 21)}, deadline=date(2026, 12, 1))


def test_the_order_lifecycle_is_kept():
    problem = found()
    problem.order_rectification(order_no="昌环责改〔2026〕2号", requirements="整改", deadline=date(2026, 10, 30),
                                ordered_on=date(2026, 9, 18), today=TODAY, **by())
    refused(problem, "d1责令改正当前待提交整改报告，不能登记回头看结论", problem.verify,
            "d1", passed=True, note="", verified_on=TODAY, today=TODAY)
    refused(problem, r"整改期限（2026-10-30）届满前不能安排回头看", problem.schedule_verification,
            "d1", task_id=uuid4(), today=date(2026, 10, 30))
    refused(problem, "整改报告至少须附一份证据材料", problem.report_rectification,
            "d1", report="已整改", evidence=[], reported_on=date(2026, 10, 1), today=TODAY)
    refused(problem, r"整改报告日期（2026-09-10）不能早于问题发现日期", problem.report_rectification,
            "d1", report="已整改", evidence=[photo()], reported_on=date(2026, 9, 10), today=TODAY)
    refused(problem, "处置“d9”不存在", problem.report_rectification,
            "d9", report="已整改", evidence=[photo()], reported_on=date(2026, 10, 1), today=TODAY)
    problem.report_rectification("d1", report="已整改", evidence=[photo()], reported_on=date(2026, 10, 1),
                                 today=TODAY, **by())
    refused(problem, "d1责令改正当前已报告整改，待安排回头看，不能登记整改报告", problem.report_rectification,
            "d1", report="再报", evidence=[photo("b.jpg")], reported_on=date(2026, 10, 2), today=TODAY)
    refused(problem, "回头看任务编号无效", problem.schedule_verification, "d1", task_id="T-9")
    first, second = uuid4(), uuid4()
    problem.schedule_verification("d1", task_id=first, **by(SUPERVISOR))
    refused(problem, "已安排该回头看任务", problem.schedule_verification, "d1", task_id=first)
    problem.schedule_verification("d1", task_id=second, **by(SUPERVISOR))  # the first task was cancelled
    assert problem.collect_events()[-1].previous_task_id == first
    refused(problem, "回头看结论须为“通过”或“未通过”", problem.verify,
            "d1", passed="yes", note="", verified_on=TODAY, today=TODAY)
    refused(problem, "回头看未通过的情况说明不能为空", problem.verify,
            "d1", passed=False, note="", verified_on=TODAY, today=TODAY)
    refused(problem, r"回头看日期（2026-09-30）不能早于整改报告日期（2026-10-01）", problem.verify,
            "d1", passed=True, note="", verified_on=date(2026, 9, 30), today=TODAY)
    refused(problem, r"回头看日期（2026-11-21）晚于今天", problem.verify,
            "d1", passed=True, note="", verified_on=date(2026, 11, 21), today=TODAY)
    problem.verify("d1", passed=False, note="仍未整改", verified_on=TODAY, today=TODAY, **by())
    refused(problem, "d1责令改正当前回头看未通过，不能延长整改期限", problem.extend_deadline,
            "d1", new_deadline=date(2026, 12, 30), reason="申请延期")


# -- penalties -----------------------------------------------------------------------------
@pytest.mark.parametrize("fine, message", [
    (Decimal("-1.00"), r"罚款金额不能为负数（-1.00元）"),
    (Decimal("1000.005"), r"罚款金额最多保留两位小数（1000.005元）"),
    (1000.5, r"罚款金额须为精确金额，不能使用浮点数"),
    ("一万元", r"罚款金额“一万元”不是有效金额"),
    (Decimal("NaN"), r"不是有效金额"),
    (Decimal("0"), r"处罚决定须有罚款或其他处罚"),
])
def test_bad_fines_are_refused(fine, message):
    problem = found()
    problem.open_case(case_no="昌环立〔2026〕50号", today=TODAY, **by())
    kwargs = dict(decision_no="昌环罚〔2026〕50号", issuing_body=BUREAU, legal_basis="依据", decided_on=TODAY,
                  today=TODAY, other_sanctions=[])
    refused(problem, message, problem.decide_penalty, "d1", fine=fine, **kwargs)
    assert problem.disposition("d1").state == "opened"


def test_fines_as_text_or_whole_numbers_and_warnings_without_a_fine():
    problem = found()
    problem.open_case(case_no="昌环立〔2026〕51号", today=TODAY, **by())
    problem.open_case(case_no="昌环立〔2026〕52号", today=TODAY, **by())
    problem.decide_penalty("d1", decision_no="昌环罚〔2026〕51号", issuing_body=BUREAU, legal_basis="依据",
                           fine="199,999.9", other_sanctions=[], decided_on=TODAY, today=TODAY, **by())
    problem.decide_penalty("d2", decision_no="昌环罚〔2026〕52号", issuing_body=BUREAU, legal_basis="依据",
                           fine=0, other_sanctions=["警告", "警告"], decided_on=TODAY, today=TODAY, **by())
    first, second = (problem.disposition(d).facts["decision"] for d in ("d1", "d2"))
    assert (first["fine"], second["fine"], second["other_sanctions"]) == (Decimal("199999.90"), Decimal("0.00"), ["警告"])
    assert not problem.special_criteria_hit  # 199,999.90 is below the 200,000 criterion


def test_the_case_lifecycle_is_kept():
    problem, _ = penalised()
    decision = dict(decision_no="昌环罚〔2026〕13号", issuing_body=BUREAU, legal_basis="依据", fine=Decimal("1"),
                    other_sanctions=[], decided_on=TODAY, today=TODAY)
    refused(problem, "d1立案处罚当前已作出处罚决定，待执行，不能作出处罚决定", problem.decide_penalty, "d1", **decision)
    problem.open_case(case_no="昌环立〔2026〕32号", opened_on=date(2026, 10, 1), today=TODAY, **by())
    refused(problem, "处罚决定日期（2026-11-21）晚于今天", problem.decide_penalty,
            "d2", **{**decision, "decided_on": date(2026, 11, 21)})
    refused(problem, "处罚决定日期（2026-09-01）不能早于", problem.decide_penalty,
            "d2", **{**decision, "decided_on": date(2026, 9, 1)})
    refused(problem, "d2立案处罚当前已立案，待作出处罚决定，不能登记执行", problem.record_execution,
            "d2", paid_or_executed_on=TODAY, amount_paid=Decimal("1"), today=TODAY)
    refused(problem, "d1是立案处罚，不能登记确认收悉", problem.acknowledge_guidance,
            "d1", acknowledged_on=TODAY, today=TODAY)

    revision = dict(via="litigation", decision_no="昌环罚〔2026〕12-1号", fine=Decimal("150000"),
                    other_sanctions=["责令改正"], reason="法院判决变更", decided_on=date(2026, 11, 5), today=TODAY)
    refused(problem, "变更途径“appeal”不存在，可选：听证、行政复议、行政诉讼", problem.revise_decision,
            "d1", **{**revision, "via": "appeal"})
    refused(problem, "变更理由不能为空", problem.revise_decision, "d1", **{**revision, "reason": ""})
    refused(problem, "决定书文号“昌环罚\\[2026\\]12号”已用于本案此前的决定", problem.revise_decision,
            "d1", **{**revision, "decision_no": "昌环罚[2026]12号"})
    refused(problem, "变更后的罚款和其他处罚与原决定相同", problem.revise_decision,
            "d1", **{**revision, "fine": Decimal("250000")})
    refused(problem, "变更后的决定日期（2026-10-01）不能早于原处罚决定日期（2026-10-15）", problem.revise_decision,
            "d1", **{**revision, "decided_on": date(2026, 10, 1)})
    problem.revise_decision("d1", **revision, **by())
    assert not problem.special_criteria_hit  # the penalty in force is now below 200,000

    execution = dict(paid_or_executed_on=date(2026, 11, 18), today=TODAY)
    refused(problem, r"实缴金额不能为负数", problem.record_execution, "d1", amount_paid=Decimal("-5"), **execution)
    refused(problem, r"实缴金额最多保留两位小数", problem.record_execution, "d1", amount_paid=Decimal("0.001"), **execution)
    refused(problem, r"实缴金额须为精确金额，不能使用浮点数", problem.record_execution, "d1", amount_paid=150000.0, **execution)
    refused(problem, r"加处罚款不得超出罚款数额（150000.00元）", problem.record_execution,
            "d1", amount_paid=Decimal("300000.01"), **execution)
    refused(problem, r"实缴金额（100000.00元）少于罚款金额（150000.00元），须说明原因", problem.record_execution,
            "d1", amount_paid=Decimal("100000"), **execution)
    refused(problem, r"缴纳或执行日期（2026-11-21）晚于今天", problem.record_execution,
            "d1", amount_paid=Decimal("150000"), paid_or_executed_on=date(2026, 11, 21), today=TODAY)
    refused(problem, r"缴纳或执行日期（2026-10-20）不能早于处罚决定日期（2026-11-05）", problem.record_execution,
            "d1", amount_paid=Decimal("150000"), paid_or_executed_on=date(2026, 10, 20), today=TODAY)
    problem.record_execution("d1", amount_paid=Decimal("100000"), note="经批准分期缴纳，首期", **execution, **by())
    refused(problem, "d1立案处罚当前已办结，不能变更处罚决定", problem.revise_decision,
            "d1", **{**revision, "decision_no": "x-2", "fine": Decimal("1")})


def test_decision_numbers_are_compared_whatever_the_brackets():
    one = DecisionNumberClaim.create_id(issuing_body=BUREAU, decision_no="昌环罚〔2026〕12号")
    assert one == DecisionNumberClaim.create_id(issuing_body=f" {BUREAU}", decision_no="昌环罚[2026] 12号")
    assert one == DecisionNumberClaim.create_id(issuing_body=BUREAU, decision_no="昌环罚（2026）12号")
    assert one != DecisionNumberClaim.create_id(issuing_body="昌吉市生态环境局", decision_no="昌环罚〔2026〕12号")


def test_a_decision_number_is_unique_within_its_issuing_body():
    from domain.application import Shuangsui

    app = Shuangsui(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})
    first, claim = penalised()
    app.save(first, claim)
    second, same_number = penalised(decision_no="昌环罚[2026]12号")
    with pytest.raises(IntegrityError):
        app.save(second, same_number)
    with pytest.raises(AggregateNotFoundError):  # nothing of the second problem was written
        app.repository.get(second.id)
    other_body = found()
    other_body.open_case(case_no="市立〔2026〕1号", today=TODAY, **by())
    claim3 = other_body.decide_penalty("d1", decision_no="昌环罚〔2026〕12号", issuing_body="昌吉市生态环境局",
                                       legal_basis="依据", fine=Decimal("5000"), other_sanctions=[],
                                       decided_on=TODAY, today=TODAY, **by())
    app.save(other_body, claim3)

    # A revision claims its number too, and the whole stored story reads back the same.
    app.save(first, first.revise_decision("d1", via="hearing", decision_no="昌环罚〔2026〕12-1号",
                                          fine="200000.00", other_sanctions=["责令改正"], reason="听证后变更",
                                          decided_on=date(2026, 10, 20), today=TODAY, **by()))
    stored = app.repository.get(first.id)
    assert stored.dispositions == first.dispositions and stored.special_criteria_hit
    assert isinstance(stored.task_id, UUID) and stored.found_on == date(2026, 9, 18)
    assert isinstance(stored.disposition("d1").facts["decisions"][0]["fine"], Decimal)


# -- transfers and other bad input ----------------------------------------------------------
def test_transfer_input_is_checked():
    problem = found()
    common = dict(receiving_body="昌吉州自然资源局", document_no="昌环移〔2026〕4号", transferred_on=TODAY, today=TODAY)
    refused(problem, "涉嫌犯罪的案件应当移送公安机关", problem.transfer_case, kind="department", suspected_crime=True, **common)
    refused(problem, "移送对象类别“court”不存在，可选：公安机关、其他部门", problem.transfer_case,
            kind="court", suspected_crime=False, **common)
    refused(problem, "须注明是否涉嫌犯罪", problem.transfer_case, kind="department", suspected_crime=None, **common)
    refused(problem, r"移送日期（2026-11-21）晚于今天", problem.transfer_case, kind="department",
            suspected_crime=False, **{**common, "transferred_on": date(2026, 11, 21)})
    problem.transfer_case(kind="department", suspected_crime=False, **common, **by())
    refused(problem, r"接收日期（2026-11-21）晚于今天", problem.record_receipt,
            "d1", received_on=date(2026, 11, 21), today=TODAY)
    problem.record_receipt("d1", received_on=TODAY, today=TODAY, **by())
    refused(problem, "回复内容不能为空", problem.record_reply, "d1", reply="", replied_on=TODAY, today=TODAY)


def test_evidence_guidance_and_coercive_input_is_checked():
    problem = found()
    refused(problem, "当场整改至少须附一份证据材料", problem.fix_on_spot, evidence=[], note="整改", today=TODAY)
    refused(problem, "缺少有效的SHA-256摘要", problem.fix_on_spot,
            evidence=[{**photo(), "sha256": "abc"}], note="整改", today=TODAY)
    refused(problem, "缺少文件大小", problem.fix_on_spot, evidence=[{**photo(), "size": 0}], note="整改", today=TODAY)
    refused(problem, "证据材料重复", problem.fix_on_spot, evidence=[photo(), photo()], note="整改", today=TODAY)
    refused(problem, "整改情况说明不能为空", problem.fix_on_spot, evidence=[photo()], note="", today=TODAY)
    refused(problem, r"整改日期（2026-11-21）晚于今天", problem.fix_on_spot,
            evidence=[photo()], note="整改", fixed_on=date(2026, 11, 21), today=TODAY)
    refused(problem, "行政指导内容不能为空", problem.give_guidance, document_no="昌环指〔2026〕8号", content="", today=TODAY)
    problem.give_guidance(document_no="昌环指〔2026〕8号", content="建议", issued_on=date(2026, 10, 1), today=TODAY, **by())
    refused(problem, r"确认收悉日期（2026-09-30）不能早于行政指导日期（2026-10-01）", problem.acknowledge_guidance,
            "d1", acknowledged_on=date(2026, 9, 30), today=TODAY)
    refused(problem, r"确认收悉日期（2026-11-21）晚于今天", problem.acknowledge_guidance,
            "d1", acknowledged_on=date(2026, 11, 21), today=TODAY)
    refused(problem, "确认收悉日期须为日期", problem.acknowledge_guidance, "d1", acknowledged_on="2026-10-02", today=TODAY)
    problem.acknowledge_guidance("d1", acknowledged_on=date(2026, 10, 2), today=TODAY, **by())
    refused(problem, "d1行政指导当前已办结，不能登记确认收悉", problem.acknowledge_guidance,
            "d1", acknowledged_on=date(2026, 10, 2), today=TODAY)

    coercive = dict(document_no="昌环封〔2026〕9号", starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 20), today=TODAY)
    refused(problem, "强制措施种类“detain”不存在", problem.take_coercive_measure, kind="detain", **coercive)
    refused(problem, r"强制措施开始日期（2026-11-21）晚于今天", problem.take_coercive_measure,
            kind="seal_up", **{**coercive, "starts_on": date(2026, 11, 21), "ends_on": date(2026, 11, 30)})
    refused(problem, r"强制措施截止日期（2026-10-31）不能早于开始日期", problem.take_coercive_measure,
            kind="production_limit", **{**coercive, "ends_on": date(2026, 10, 31)})
    problem.take_coercive_measure(kind="seizure", **coercive, **by())
    refused(problem, "解除理由不能为空", problem.lift_coercive_measure, "d2", lifted_on=TODAY, reason="", today=TODAY)
    refused(problem, r"解除日期（2026-10-30）不能早于强制措施开始日期（2026-11-01）", problem.lift_coercive_measure,
            "d2", lifted_on=date(2026, 10, 30), reason="已消除", today=TODAY)
