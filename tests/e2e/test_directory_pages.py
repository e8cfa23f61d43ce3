"""The two directories as their users meet them: find units and officers in one's scope,
read a record with its history, and (supervisors) change it, each change with a reason."""

from __future__ import annotations

import html
import logging
import re
from datetime import timedelta

import pytest

from domain.credit_code import make_credit_code
from tests.support.pages import text
from tests.support.world import CODES, TODAY, register_world


@pytest.fixture
def world(system, projector_in_request):
    ids = register_world(system.app)
    system.projector.catch_up()
    return ids




def names_listed(response) -> set[str]:
    return set(re.findall(r'<a href="/(?:targets|inspectors)/[0-9a-f]{32}">([^<]+)</a>', response.text))


def history_rows(response) -> list[str]:
    rows = re.findall(r'<tr data-event="[^"]+">(.*?)</tr>', response.text, flags=re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in rows]


# -- 检查对象名录 ------------------------------------------------------------------------
def test_search_and_each_filter_narrow_the_units(client, world, login):
    login("zhou")
    everything = client.get("/targets")
    assert everything.status_code == 200
    assert names_listed(everything) == {"新疆美克化工股份有限公司", "昌吉泰昌热电有限公司", "昌吉孔雀河粮食储备有限公司",
                                        "昌吉小红沟节能环保砖厂", "新疆五鑫铜业有限责任公司", "新疆西域春乳业有限公司"}
    assert "第 1 页，共 6 条" in text(everything)

    def found(**args) -> set[str]:
        response = client.get("/targets", query_string=args)
        assert response.status_code == 200, text(response)
        return names_listed(response)

    assert found(q="美克") == {"新疆美克化工股份有限公司"}
    assert found(q=CODES["乳业"][:17].lower()) == {"新疆西域春乳业有限公司"}  # credit code prefix
    assert found(q="准东路") == {"新疆五鑫铜业有限责任公司"}  # address
    assert found(q="二号厂区") == {"昌吉泰昌热电有限公司"}  # site
    assert found(jurisdiction="652302") == {"新疆五鑫铜业有限责任公司"}
    assert len(found(jurisdiction="652300")) == 6  # the prefecture's whole subtree
    assert found(category="key") == {"新疆美克化工股份有限公司"}
    assert found(industry="建材") == {"昌吉小红沟节能环保砖厂"}
    assert found(excluded="yes") == {"昌吉孔雀河粮食储备有限公司"}
    assert "昌吉孔雀河粮食储备有限公司" not in found(excluded="no") and len(found(excluded="no")) == 5
    assert found(positive="yes") == {"昌吉小红沟节能环保砖厂"}
    assert found(jurisdiction="652301", category="general", positive="no", q="昌吉") == {
        "昌吉泰昌热电有限公司", "昌吉孔雀河粮食储备有限公司", "新疆西域春乳业有限公司"}


def test_the_list_pages_by_name_and_keeps_the_filters(app, client, world, login):
    app.config["PAGE_SIZE"] = 2
    login("zhou")
    first = client.get("/targets?jurisdiction=652301")
    assert "第 1 页，共 5 条" in text(first) and len(names_listed(first)) == 2
    assert "page=2" in first.text and "jurisdiction=652301" in first.text
    last = client.get("/targets?jurisdiction=652301&page=3")
    assert "第 3 页，共 5 条" in text(last) and len(names_listed(last)) == 1
    every = set()
    for page in (1, 2, 3):
        every |= names_listed(client.get(f"/targets?jurisdiction=652301&page={page}"))
    assert len(every) == 5


def test_unknown_filter_values_get_a_chinese_message(client, world, login):
    login("zhou")
    for query, message in [("category=vip", "监管类别：“vip”不在可选范围内"),
                           ("jurisdiction=999999", "辖区“999999”不存在或不在您的管辖范围内"),
                           ("industry=造船", "行业类别：“造船”不在可选范围内"),
                           ("excluded=maybe", "参与双随机：“maybe”不在可选范围内"),
                           ("page=abc", "页码应为正整数")]:
        response = client.get(f"/targets?{query}")
        assert response.status_code == 422 and message in text(response), query
        assert not names_listed(response)


def test_supervisor_changes_a_category_and_the_page_shows_it_with_its_history(client, world, login):
    login("zhou")
    url = f"/targets/{world['热电']}"
    page = client.get(url)
    assert 'id="form-category"' in page.text and "一般监管对象" in text(page)
    form = {"command_id": "cmd-special-1", "category": "special", "year": "2025",
            "basis": "昌环联审〔2025〕1号", "special_criteria": ["信访投诉3次及以上", "环境风险等级高"],
            "reason": "2024年12369投诉5次，联审会确认"}
    response = client.post(f"{url}/category", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith(url)

    shown = client.get(url)
    seen = text(shown)
    assert "监管类别已变更" in seen  # the flash
    assert "特殊监管对象" in seen and "信访投诉3次及以上、环境风险等级高" in seen and "昌环联审〔2025〕1号" in seen
    change = [row for row in history_rows(shown) if "监管类别变更" in row]
    assert len(change) == 1
    assert "一般监管对象 → 特殊监管对象" in change[0] and "2024年12369投诉5次，联审会确认" in change[0]
    assert "zhou" in change[0]

    again = client.post(f"{url}/category", data={**form, "reason": "重复提交"})
    assert again.status_code == 302
    after = client.get(url)
    assert "该表单已提交过，未重复执行" in text(after)
    assert len([row for row in history_rows(after) if "监管类别变更" in row]) == 1
    assert "重复提交" not in text(after)
    listed = client.get("/targets?category=special")
    assert names_listed(listed) == {"昌吉泰昌热电有限公司"}


def test_a_special_category_needs_its_criteria_and_every_change_a_reason(client, world, login):
    login("admin1")
    url = f"/targets/{world['乳业']}"
    no_criteria = client.post(f"{url}/category", data={
        "command_id": "c1", "category": "special", "year": "2025", "basis": "联审会", "reason": "投诉多"})
    assert no_criteria.status_code == 422
    assert "特殊监管对象须注明符合的特殊监管条件" in text(no_criteria)
    no_reason = client.post(f"{url}/category", data={"command_id": "c2", "category": "key", "year": "2025",
                                                     "basis": "名录", "reason": "  "})
    assert no_reason.status_code == 422 and "变更理由：必填" in text(no_reason)
    bad_year = client.post(f"{url}/category", data={"command_id": "c3", "category": "key", "year": "二〇二五",
                                                    "basis": "名录", "reason": "列入名录"})
    assert bad_year.status_code == 422 and "类别年度：格式不正确" in text(bad_year)
    assert "返回修改" in text(bad_year)
    assert len(history_rows(client.get(url))) == 1  # only the registration


def test_exclusion_positive_list_and_details(client, world, login):
    login("zhou")
    url = f"/targets/{world['乳业']}"
    steps = [
        ("exclusion", {"exclusion_reason": "relocated", "note": "迁至呼图壁县工业园", "reason": "企业搬迁"}),
        ("exclusion/lift", {"reason": "新址已投产"}),
        ("positive-list/add", {"basis": "昌环发〔2025〕9号", "reason": "连续三年无违法记录"}),
        ("details", {"name": "新疆西域春乳业有限公司", "address": "阜康市新址1号", "industry": "乳制品制造",
                     "permit_no": "91652300XX001V", "jurisdiction": "652302", "reason": "搬迁后更正"}),
    ]
    for n, (path, form) in enumerate(steps):
        response = client.post(f"{url}/{path}", data={**form, "command_id": f"step-{n}"})
        assert response.status_code == 302, (path, text(response))
    page = text(client.get(url))
    assert "阜康市新址1号" in page and "乳制品制造" in page and "阜康市" in page
    events = history_rows(client.get(url))
    assert [e.split()[3] for e in events] == ["登记入库", "不参与双随机", "恢复参与双随机", "纳入正面清单", "基本信息变更"]
    assert "不参与原因：搬迁" in events[1] and "迁至呼图壁县工业园" in events[1]
    assert "详细地址：昌吉市乳业园2号 → 阜康市新址1号" in events[4]
    assert names_listed(client.get("/targets?jurisdiction=652302&positive=yes")) == {"新疆西域春乳业有限公司"}
    elsewhere = client.post(f"{url}/details", data={**steps[3][1], "jurisdiction": "110000", "command_id": "x"})
    assert elsewhere.status_code == 422 and "不存在或不在您的管辖范围内" in text(elsewhere)


def test_an_inspector_reads_but_sees_no_forms_and_cannot_post(client, world, login, caplog):
    login("officer1")
    url = f"/targets/{world['热电']}"
    page = client.get(url)
    assert page.status_code == 200 and "昌吉泰昌热电有限公司" in page.text
    assert "<form method=\"post\" action=\"/targets/" not in page.text and "变更理由" not in page.text
    with caplog.at_level(logging.WARNING):
        refused = client.post(f"{url}/category", data={"category": "key", "year": "2025", "basis": "名录",
                                                       "reason": "试图修改", "command_id": "x"})
    assert refused.status_code == 403 and "拒绝访问 user=officer1" in caplog.text
    inspector_page = client.get(f"/inspectors/{world['张明']}")
    assert inspector_page.status_code == 200 and 'id="form-renew"' not in inspector_page.text
    assert client.post(f"/inspectors/{world['张明']}/deactivate", data={"reason": "x"}).status_code == 403


def test_a_user_of_another_county_neither_sees_nor_opens_nor_changes_a_unit(client, world, login, caplog):
    login("fukang")
    assert names_listed(client.get("/targets")) == {"新疆五鑫铜业有限责任公司"}
    assert "昌吉市" not in client.get("/targets").text.split("<table>")[0]  # no foreign jurisdictions offered
    with caplog.at_level(logging.WARNING):
        response = client.get(f"/targets/{world['化工']}")
    assert response.status_code == 403 and "不在您的管辖范围内" in text(response)
    assert "拒绝访问 user=fukang" in caplog.text
    posted = client.post(f"/targets/{world['化工']}/category", data={
        "category": "general", "reason": "越权", "command_id": "x"})
    assert posted.status_code == 403
    assert client.get(f"/targets/{world['阜康铜业']}").status_code == 200
    assert names_listed(client.get("/inspectors")) == {"赵阜康"}
    assert client.get(f"/inspectors/{world['张明']}").status_code == 403


def test_unknown_records_are_404_in_chinese(client, world, login):
    login("zhou")
    for url, message in [("/targets/" + "0" * 32, "监管对象不存在"), ("/targets/not-an-id", "监管对象不存在"),
                         ("/inspectors/" + "f" * 32, "检查人员不存在")]:
        response = client.get(url)
        assert response.status_code == 404 and message in text(response)


# -- 检查人员名录 ------------------------------------------------------------------------
def test_inspectors_search_and_filters(client, world, login):
    login("zhou")
    everyone = client.get("/inspectors")
    assert names_listed(everyone) == {"张明", "李强", "王监测", "赵阜康"}
    assert "第 1 页，共 4 条" in text(everyone)
    assert "已过期" in text(everyone) and "昌吉市执法大队" in text(everyone)

    def found(**args) -> set[str]:
        response = client.get("/inspectors", query_string=args)
        assert response.status_code == 200, text(response)
        return names_listed(response)

    assert found(q="张") == {"张明"}
    assert found(q="3105001510") == {"张明", "李强", "赵阜康"}
    assert found(unit="FK-01") == {"赵阜康"}
    assert found(kind="assistant") == {"王监测"}
    assert found(cert="valid") == {"张明", "王监测", "赵阜康"}
    assert found(cert="invalid") == {"李强"}
    assert found(pool="no") == {"李强"}
    assert found(active="yes") == {"张明", "李强", "王监测", "赵阜康"}
    bad = client.get("/inspectors?unit=XX-99")
    assert bad.status_code == 422 and "执法单位“XX-99”不存在、已撤销或不在您的管辖范围内" in text(bad)


def test_renewing_a_certificate_shows_before_and_after(client, world, login):
    login("zhou")
    url = f"/inspectors/{world['李强']}"
    until = (TODAY + timedelta(days=365 * 3)).isoformat()
    response = client.post(f"{url}/certificate", data={"command_id": "r1", "valid_until": until,
                                                       "basis": "新执法证已核发"})
    assert response.status_code == 302
    page = client.get(url)
    renewal = [row for row in history_rows(page) if "执法证换发/延期" in row]
    old = (TODAY - timedelta(days=3)).isoformat()
    assert len(renewal) == 1 and f"证件有效期至：{old} → {until}" in renewal[0]
    assert "新执法证已核发" in renewal[0]
    assert "31050015102" in text(page)  # the number stays when none is given
    assert names_listed(client.get("/inspectors?cert=invalid")) == set()
    bad = client.post(f"{url}/certificate", data={"command_id": "r2", "valid_until": "2026/13/01", "basis": "x"})
    assert bad.status_code == 422 and "有效期至：日期格式不正确" in text(bad)


def test_declaring_and_withdrawing_a_conflict_names_the_unit(client, world, login):
    login("zhou")
    url = f"/inspectors/{world['张明']}"
    response = client.post(f"{url}/conflicts", data={
        "command_id": "d1", "credit_code": CODES["化工"].lower(), "relation": "配偶在该单位任职"})
    assert response.status_code == 302, text(response)
    page = client.get(url)
    conflicts = text(page).split("利害关系（回避）")[1].split("名录变更")[0]
    assert "新疆美克化工股份有限公司" in conflicts and "配偶在该单位任职" in conflicts
    declared = [row for row in history_rows(page) if "申报利害关系" in row]
    assert declared and "利害关系单位：新疆美克化工股份有限公司" in declared[0]

    unknown = client.post(f"{url}/conflicts", data={
        "command_id": "d2", "credit_code": make_credit_code("91652300MA7999999"), "relation": "亲属"})
    assert unknown.status_code == 422 and "未找到该统一社会信用代码对应的监管对象" in text(unknown)
    malformed = client.post(f"{url}/conflicts", data={"command_id": "d3", "credit_code": "12345", "relation": "亲属"})
    assert malformed.status_code == 422 and "统一社会信用代码应为18位" in text(malformed)

    withdrawn = client.post(f"{url}/conflicts/withdraw", data={
        "command_id": "w1", "target_id": world["化工"], "reason": "配偶已离职"})
    assert withdrawn.status_code == 302
    assert "未申报利害关系" in text(client.get(url))


def test_transfer_deactivate_and_details_of_an_officer(client, world, login):
    login("admin1")
    url = f"/inspectors/{world['张明']}"
    steps = [("transfer", {"unit": "FK-01", "basis": "昌环人〔2025〕3号", "reason": "工作需要"}),
             ("deactivate", {"reason": "长期病假"}),
             ("details", {"name": "张明", "post": "副队长", "years_of_service": "12",
                          "specialities": "废气、废水，固废", "department": "执法一科", "reason": "岗位调整"}),
             ("reactivate", {"reason": "病假结束"})]
    for n, (path, form) in enumerate(steps):
        response = client.post(f"{url}/{path}", data={**form, "command_id": f"s{n}"})
        assert response.status_code == 302, (path, text(response))
    page = client.get(url)
    seen = text(page)
    assert "阜康市执法大队" in seen and "副队长" in seen and "废气、废水、固废" in seen and "在岗" in seen
    rows = history_rows(page)
    assert "调动" in rows[1] and "阜康市执法大队" in rows[1] and "工作需要" in rows[1]  # by name, not code
    assert "参与双随机：是 → 否" in rows[3]  # the unchecked box takes the officer out of the draw pool
    assert names_listed(client.get("/inspectors?unit=FK-01&pool=no")) == {"张明"}
    same = client.post(f"{url}/transfer", data={"unit": "FK-01", "reason": "重复", "command_id": "s9"})
    assert same.status_code == 409 and "调入单位与现单位相同" in text(same)
