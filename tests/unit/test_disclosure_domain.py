"""一公开 rules on the Disclosure aggregate alone: the phrase a task's result suggests, and
what may be reviewed, published, withheld and corrected, in which state, with what refused."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.base import Actor, DomainError, NoChangeError
from domain.disclosure import PHRASES, Disclosure, propose

BOSS = Actor("zhidui", "supervisor")
DONE = date(2026, 11, 10)
TODAY = date(2026, 11, 20)
_n = iter(range(10**6))


def by() -> dict:
    return BOSS.by(f"c{next(_n)}")


def opened() -> Disclosure:
    return Disclosure.open(task_id=uuid.uuid4(), target_id=uuid.uuid4(), jurisdiction="652301",
                           completed_on=DONE, **by())


def reviewed(phrase: str = "order", description: str = "责令限期改正") -> Disclosure:
    d = opened()
    d.review(phrase=phrase, description=description, **by())
    return d


# -- the phrase proposed ----------------------------------------------------------------------------
@pytest.mark.parametrize("dispositions, phrase", [
    ([], "other"),  # problems found but nothing recorded yet: another specific act, to be chosen
    ([("on_spot", "")], "other"),
    ([("guidance", "")], "guidance"),
    ([("order", "")], "order"),
    ([("coercive", "seal_up")], "coercive"),
    ([("case", "")], "penalty"),
    ([("transfer", "department")], "transfer"),
    ([("transfer", "police")], "other"),  # a crime is our remit too: not "another department's"
    ([("guidance", ""), ("order", "")], "order"),
    ([("order", ""), ("coercive", "seal_up"), ("case", "")], "penalty"),  # the heaviest speaks
    ([("transfer", "department"), ("guidance", "")], "guidance"),
])
def test_the_phrase_proposed_from_the_dispositions(dispositions, phrase):
    assert propose("problems_found", dispositions) == phrase
    assert PHRASES[phrase].startswith("发现问题")


def test_nothing_found_proposes_no_problem_whatever_else():
    assert propose("no_problem", []) == "no_problem"
    assert PHRASES["no_problem"] == "未发现问题"


def test_every_phrase_is_official_wording():
    assert PHRASES["order"] == "发现问题，作出责令改正等行政命令"
    assert PHRASES["transfer"] == "发现问题，但属于其他部门监管，需要移送或通报"
    assert len(PHRASES) == 7


# -- review -----------------------------------------------------------------------------------------
def test_review_sets_the_official_wording_and_an_empty_description_reads_none():
    d = reviewed("no_problem", "")
    assert (d.state, d.text, d.description) == ("reviewed", "未发现问题", "无")


def test_review_with_an_unknown_phrase_is_refused():
    d = opened()
    with pytest.raises(DomainError, match="检查结果“fine”不存在"):
        d.review(phrase="fine", description="", **by())
    assert d.state == "pending"


def test_the_same_review_twice_is_no_change_but_a_different_one_replaces_it():
    d = reviewed("order", "限期改正")
    with pytest.raises(NoChangeError):
        d.review(phrase="order", description="限期改正", **by())
    d.review(phrase="penalty", description="罚款5万元", **by())
    assert d.text == PHRASES["penalty"]


def test_a_back_entered_result_keeps_the_wording_it_was_published_with():
    d = opened()
    d.review(phrase="no_problem", description="无", as_published="正常", **by())
    assert d.text == "正常" and d.phrase == "no_problem"


# -- publish ------------------------------------------------------------------------------------------
def test_publishing_an_unreviewed_result_is_refused():
    d = opened()
    with pytest.raises(DomainError, match="尚未经审核"):
        d.publish(published_on=TODAY, today=TODAY, **by())
    assert d.state == "pending" and d.published_on is None


def test_publish_dates_must_lie_between_completion_and_today():
    d = reviewed()
    with pytest.raises(DomainError, match="不能晚于今天"):
        d.publish(published_on=date(2026, 11, 21), today=TODAY, **by())
    with pytest.raises(DomainError, match="不能早于任务办结日期"):
        d.publish(published_on=date(2026, 11, 9), today=TODAY, **by())
    d.publish(published_on=TODAY, today=TODAY, notice="2026年第四季度公开公告", **by())
    assert (d.state, d.published_on) == ("published", TODAY)
    with pytest.raises(NoChangeError, match="已于2026-11-20公开"):
        d.publish(published_on=TODAY, today=TODAY, **by())


def test_a_published_result_cannot_be_reviewed_again_only_corrected():
    d = reviewed()
    d.publish(published_on=TODAY, today=TODAY, **by())
    with pytest.raises(DomainError, match="请登记更正"):
        d.review(phrase="penalty", description="", **by())


# -- withhold ----------------------------------------------------------------------------------------
def test_withholding_needs_a_ground_a_reason_and_who_approved():
    d = reviewed()
    with pytest.raises(DomainError, match="不予公开的理由类别“secret”不存在"):
        d.withhold(ground="secret", reason="涉密", decided_by="局长 王某", **by())
    with pytest.raises(DomainError, match="不予公开的具体理由不能为空"):
        d.withhold(ground="state_secret", reason="  ", decided_by="局长 王某", **by())
    with pytest.raises(DomainError, match="批准不予公开的负责人不能为空"):
        d.withhold(ground="state_secret", reason="涉及军工单位", decided_by="", **by())
    assert d.state == "reviewed"
    d.withhold(ground="state_secret", reason="涉及军工单位", decided_by="局长 王某", **by())
    assert d.state == "withheld"


def test_a_withheld_result_is_neither_published_nor_reviewed_nor_withheld_twice():
    d = opened()
    d.withhold(ground="public_security", reason="涉及危化品储存安全", decided_by="局长 王某", **by())
    with pytest.raises(DomainError, match="不予公开，不能公开"):
        d.publish(published_on=TODAY, today=TODAY, **by())
    with pytest.raises(DomainError, match="不能再审核"):
        d.review(phrase="order", description="", **by())
    with pytest.raises(NoChangeError):
        d.withhold(ground="public_security", reason="同上", decided_by="局长 王某", **by())


def test_a_published_result_cannot_be_withheld():
    d = reviewed()
    d.publish(published_on=TODAY, today=TODAY, **by())
    with pytest.raises(DomainError, match="不能再决定不予公开"):
        d.withhold(ground="state_secret", reason="事后发现涉密", decided_by="局长 王某", **by())


# -- correct ------------------------------------------------------------------------------------------
def test_only_a_published_result_is_corrected_with_a_reason():
    d = reviewed("order", "限期改正")
    with pytest.raises(DomainError, match="只有已公开的结果才能更正"):
        d.correct(phrase="penalty", description="罚款", reason="错填", **by())
    d.publish(published_on=TODAY, today=TODAY, **by())
    with pytest.raises(DomainError, match="变更理由不能为空"):
        d.correct(phrase="penalty", description="罚款5万元", reason="", **by())
    with pytest.raises(NoChangeError):
        d.correct(phrase="order", description="限期改正", reason="核对", **by())
    d.correct(phrase="penalty", description="罚款5万元", reason="企业反映结果有误，经核实已作出处罚", **by())
    assert (d.state, d.text, d.description) == ("published", PHRASES["penalty"], "罚款5万元")
