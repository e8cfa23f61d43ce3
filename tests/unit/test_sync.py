"""A changed import row implies exactly the change events of its differences."""

from domain.base import Actor
from domain.credit_code import make_credit_code
from domain.sync import normalise_target_row, sync_target, target_fingerprint
from domain.targets import Target

BY = Actor("zhidui", "supervisor").by("import-1")


def row(**overrides) -> dict:
    base = dict(credit_code=make_credit_code("91652301MA77XY001"), name="昌吉市某水泥有限公司", site="",
                jurisdiction="652301", address="昌吉市工业园1号", industry="水泥制造", category="general",
                category_year=None, category_basis="", special_criteria=[], excluded=False,
                exclusion_reason=None, exclusion_note="", positive_list=False, permit_no="")
    return {**base, **overrides}


def events_after_sync(old: dict, new: dict) -> list[str]:
    target = Target.register(**normalise_target_row(old), source="t", **BY)
    target.collect_events()
    sync_target(target, normalise_target_row(new), "名录导入", BY)
    return [type(e).__qualname__.split(".")[1] for e in target.collect_events()]


def test_unchanged_row_implies_nothing():
    assert events_after_sync(row(), row()) == []
    assert target_fingerprint(normalise_target_row(row())) == target_fingerprint(normalise_target_row(row()))


def test_each_difference_implies_its_event():
    assert events_after_sync(row(), row(address="昌吉市新区2号")) == ["DetailsChanged"]
    assert events_after_sync(row(), row(category="key", category_year=2025, category_basis="2025年重点排污单位名录")) == ["CategoryChanged"]
    assert events_after_sync(row(), row(excluded=True, exclusion_reason="closed")) == ["ExcludedFromDraws"]
    assert events_after_sync(row(excluded=True, exclusion_reason="closed"), row()) == ["ExclusionLifted"]


def test_leaving_the_positive_list_comes_before_becoming_special():
    new = row(category="special", category_year=2025, category_basis="联审会", special_criteria=["刑事犯罪"])
    assert events_after_sync(row(positive_list=True), new) == ["PositiveListRemoved", "CategoryChanged"]
