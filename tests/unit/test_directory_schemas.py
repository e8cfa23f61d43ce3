"""The directory forms: what a filled-in form becomes, and what a user is told in Chinese."""

from datetime import date
from uuid import uuid4

import pytest
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from domain.credit_code import make_credit_code
from webapp.directory.schemas import (CategoryForm, ConflictForm, ExclusionForm, InspectorDetailsForm,
                                      InspectorFilters, PositiveListForm, ReasonForm, RenewForm,
                                      TargetDetailsForm, TargetFilters, TransferForm, WithdrawConflictForm)
from webapp.forms import flat_messages


def problems(schema, data) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        schema.load(data)
    return flat_messages(caught.value)


def test_a_category_form_with_ticked_criteria_and_the_form_noise():
    form = MultiDict([("csrf_token", "t"), ("command_id", "c"), ("category", "special"), ("year", "2025"),
                      ("basis", " 昌环联审〔2025〕1号 "), ("special_criteria", "刑事犯罪"),
                      ("special_criteria", "信访投诉3次及以上"), ("reason", " 联审会确认 ")])
    assert CategoryForm().load(form) == {
        "category": "special", "year": 2025, "basis": "昌环联审〔2025〕1号",
        "special_criteria": ["刑事犯罪", "信访投诉3次及以上"], "reason": "联审会确认"}


def test_a_general_category_needs_no_year_basis_or_criteria():
    assert CategoryForm().load({"category": "general", "year": "", "basis": "", "reason": "降级"}) == {
        "category": "general", "year": None, "basis": "", "special_criteria": [], "reason": "降级"}


def test_every_message_is_chinese_and_names_the_field():
    assert problems(CategoryForm(), MultiDict([("category", "vip"), ("year", "明年"), ("reason", "  "),
                                               ("special_criteria", "看着不顺眼")])) == [
        "监管类别：“vip”不在可选范围内", "类别年度：格式不正确", "特殊监管条件：“看着不顺眼”不在可选范围内",
        "变更理由：必填"]
    assert problems(CategoryForm(), {"category": "key", "year": "1999", "reason": "x"}) == [
        "类别年度：年度应在2000至2100之间"]
    assert problems(ReasonForm(), {}) == ["变更理由：必填"]
    assert problems(ReasonForm(), {"reason": "长" * 501}) == ["变更理由：不能超过500个字"]
    assert problems(ExclusionForm(), {"exclusion_reason": "moved", "reason": "x"}) == [
        "不参与原因：“moved”不在可选范围内"]
    assert problems(PositiveListForm(), {"reason": "x"}) == ["依据：必填"]
    assert problems(TargetDetailsForm(), {"name": "", "address": "某路1号", "jurisdiction": "652301",
                                          "reason": "x"}) == ["名称：必填"]
    assert problems(TransferForm(), {"reason": "x"}) == ["调入单位：必填"]
    assert problems(WithdrawConflictForm(), {"target_id": "not-a-uuid", "reason": "x"}) == [
        "利害关系单位：格式不正确"]


def test_an_exclusion_and_target_details():
    assert ExclusionForm().load({"exclusion_reason": "relocated", "note": "迁至园区", "reason": "搬迁"}) == {
        "exclusion_reason": "relocated", "note": "迁至园区", "reason": "搬迁"}
    assert TargetDetailsForm().load({"name": "甲公司", "address": "某路1号", "jurisdiction": "652301",
                                     "reason": "更正"}) == {
        "name": "甲公司", "address": "某路1号", "industry": "", "permit_no": "", "jurisdiction": "652301",
        "reason": "更正"}


def test_renewal_dates_and_an_optional_new_number():
    assert RenewForm().load({"valid_until": "2029-06-30", "basis": "换证"}) == {
        "cert_no": "", "valid_until": date(2029, 6, 30), "basis": "换证"}
    assert problems(RenewForm(), {"valid_until": "2029/06/30", "basis": "换证"}) == [
        "有效期至：日期格式不正确，应为“年-月-日”"]
    assert problems(RenewForm(), {"basis": "换证"}) == ["有效期至：必填"]


def test_a_conflict_takes_the_credit_code_as_typed_and_checks_it():
    code = make_credit_code("91652300MA7000001")
    typed = f" {code[:8].lower()} {code[8:]}\u3000"
    assert ConflictForm().load({"credit_code": typed, "relation": "配偶任职"}) == {
        "credit_code": code, "site": "", "relation": "配偶任职"}
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert problems(ConflictForm(), {"credit_code": wrong, "relation": "亲属"})[0].startswith(
        "统一社会信用代码校验位错误")
    assert problems(ConflictForm(), {"relation": "亲属"}) == ["统一社会信用代码：必填"]
    target = uuid4()
    assert WithdrawConflictForm().load({"target_id": target.hex, "reason": "离职"})["target_id"] == target


def test_inspector_details_split_specialities_and_read_the_checkbox():
    loaded = InspectorDetailsForm().load({"name": "张明", "years_of_service": "12",
                                          "specialities": "废气、废水，固废; 噪声", "reason": "调整"})
    assert loaded == {"name": "张明", "post": "", "years_of_service": 12,
                      "specialities": ["废气", "废水", "固废", "噪声"], "department": "",
                      "in_draw_pool": False, "reason": "调整"}
    assert InspectorDetailsForm().load({"name": "张明", "in_draw_pool": "y", "reason": "调整"})["in_draw_pool"]
    assert problems(InspectorDetailsForm(), {"name": "张明", "years_of_service": "-1", "reason": "x"}) == [
        "工作年限应在0至60年之间"]


def test_list_filters_default_to_everything_and_refuse_unknown_values():
    assert TargetFilters().load({}) == {"q": "", "page": 1, "jurisdiction": "", "category": None,
                                        "industry": "", "excluded": None, "positive": None}
    assert TargetFilters().load({"category": "key", "excluded": "yes", "page": "3"})["page"] == 3
    assert problems(TargetFilters(), {"positive": "maybe", "page": "0"}) == [
        "页码应为正整数", "正面清单：“maybe”不在可选范围内"]
    assert InspectorFilters().load({"cert": "invalid", "kind": "assistant"})["cert"] == "invalid"
    assert problems(InspectorFilters(), {"kind": "police"}) == ["人员类别：“police”不在可选范围内"]
