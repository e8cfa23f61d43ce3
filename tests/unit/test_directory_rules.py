"""The directory rules, as a supervisor meets them (no I/O: aggregates in memory)."""

from datetime import date

import pytest

from domain.base import Actor, DomainError, NoChangeError
from domain.credit_code import make_credit_code
from domain.inspectors import Inspector
from domain.targets import Target

BY = Actor("zhidui", "supervisor").by("cmd-1")


def unit(**overrides) -> Target:
    fields = dict(credit_code=make_credit_code("91652301MA77XY001"), site="", name="昌吉市某水泥有限公司",
                  jurisdiction="652301", address="昌吉市工业园1号", industry="水泥制造")
    return Target.register(**{**fields, **overrides}, **BY)


def test_unit_identity_is_code_plus_site():
    one, two = unit(site="一厂区"), unit(site="二厂区")
    assert one.id != two.id and one.id == unit(site="一厂区").id


def test_bad_credit_code_is_refused():
    good = make_credit_code("91652301MA77XY001")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(DomainError, match="校验位错误"):
        unit(credit_code=wrong)


def test_special_needs_year_basis_and_criteria():
    target = unit()
    with pytest.raises(DomainError, match="特殊监管对象须注明符合的特殊监管条件"):
        target.change_category(category="special", year=2025, basis="联审会", special_criteria=[], reason="联审", **BY)
    with pytest.raises(DomainError, match="须注明类别年度"):
        target.change_category(category="key", year=None, basis="名录", special_criteria=[], reason="x", **BY)
    target.change_category(category="special", year=2025, basis="2024年12月26日联审会",
                           special_criteria=["刑事犯罪"], reason="联审会确定", **BY)
    assert target.category == "special"
    event = target.collect_events()[-1]
    assert (event.previous, event.category, event.reason) == ("general", "special", "联审会确定")


def test_unknown_category_lists_the_allowed_ones():
    with pytest.raises(DomainError, match="可选：重点监管对象、特殊监管对象、一般监管对象"):
        unit(category="vip")


def test_exclusion_and_lifting():
    target = unit()
    with pytest.raises(DomainError, match="须说明搬迁去向或新地址"):
        target.exclude_from_draws(exclusion_reason="relocated", note="", reason="搬迁", **BY)
    target.exclude_from_draws(exclusion_reason="suspended", note="", reason="长期停产", **BY)
    assert target.excluded
    with pytest.raises(NoChangeError):
        target.exclude_from_draws(exclusion_reason="suspended", note="", reason="again", **BY)
    target.lift_exclusion(reason="恢复生产", **BY)
    assert not target.excluded


def test_special_units_never_on_the_positive_list():
    target = unit(category="special", category_year=2025, category_basis="联审会", special_criteria=["刑事犯罪"])
    with pytest.raises(DomainError, match="特殊监管对象不得纳入正面清单"):
        target.add_to_positive_list(basis="正面清单", reason="守法", **BY)
    general = unit(positive_list=True)
    with pytest.raises(DomainError, match="须先移出正面清单"):
        general.change_category(category="special", year=2025, basis="联审会",
                                special_criteria=["刑事犯罪"], reason="x", **BY)


def test_officer_certificate_rules():
    with pytest.raises(DomainError, match="11位数字"):
        Inspector.register(name="王某", kind="officer", cert_no="123", cert_valid_until=date(2027, 1, 1), unit="B", **BY)
    officer = Inspector.register(name="王某", kind="officer", cert_no="31050090001",
                                 cert_valid_until=date(2026, 12, 31), unit="B", **BY)
    assert officer.certificate_valid_on(date(2026, 12, 31)) and not officer.certificate_valid_on(date(2027, 1, 1))
    with pytest.raises(DomainError, match="不能早于原有效期"):
        officer.renew_certificate(cert_no="31050090001", valid_until=date(2025, 1, 1), basis="", **BY)
    officer.renew_certificate(cert_no="31050090099", valid_until=date(2029, 12, 31), basis="换证", **BY)
    assert officer.cert_no == "31050090099" and officer.certificate_valid_on(date(2029, 1, 1))
    officer.expire_certificate(reason="吊销", **BY)
    assert not officer.certificate_valid_on(date(2027, 1, 1))


def test_conflict_of_interest_is_declared_and_withdrawn():
    officer = Inspector.register(name="王某", kind="officer", cert_no="31050090001",
                                 cert_valid_until=date(2027, 1, 1), unit="B", **BY)
    target = unit()
    officer.declare_conflict(target_id=target.id, relation="配偶在该企业任职", **BY)
    assert officer.conflicts == {target.id.hex: "配偶在该企业任职"}
    with pytest.raises(NoChangeError):
        officer.declare_conflict(target_id=target.id, relation="again", **BY)
    officer.withdraw_conflict(target_id=target.id, reason="配偶已离职", **BY)
    assert officer.conflicts == {}


def test_a_change_needs_a_reason():
    excluded = unit(exclusion_reason="suspended")
    with pytest.raises(DomainError, match="变更理由不能为空"):
        excluded.lift_exclusion(reason=" ", **BY)


def test_a_renewal_to_a_number_someone_holds_is_refused(tmp_path):
    from domain.application import Shuangsui
    from domain.base import AlreadyExistsError

    app = Shuangsui(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"})
    actor = Actor("zhidui", "supervisor")
    one = app.register_inspector(actor, "r1", name="王某", kind="officer", cert_no="31050090001",
                                 cert_valid_until=date(2027, 1, 1), unit="B").aggregate_id
    two = app.register_inspector(actor, "r2", name="李某", kind="officer", cert_no="31050090002",
                                 cert_valid_until=date(2027, 1, 1), unit="B").aggregate_id
    with pytest.raises(AlreadyExistsError, match="31050090002已被登记使用"):
        app.command(Inspector, one, "renew_certificate", actor, "r3", cert_no="31050090002",
                    valid_until=date(2030, 1, 1), basis="换证")
    assert app.load(Inspector, one).cert_no == "31050090001"
    app.command(Inspector, one, "renew_certificate", actor, "r4", cert_no="31050090003",
                valid_until=date(2030, 1, 1), basis="换证")
    with pytest.raises(AlreadyExistsError):  # the new number is taken for good, also by a renewal
        app.command(Inspector, two, "renew_certificate", actor, "r5", cert_no="31050090003",
                    valid_until=date(2030, 1, 1), basis="换证")
    with pytest.raises(AlreadyExistsError):  # … and by a registration
        app.register_inspector(actor, "r6", name="赵某", kind="officer", cert_no="31050090003",
                               cert_valid_until=date(2027, 1, 1), unit="B")
