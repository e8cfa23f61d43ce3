"""抽查计划 as a supervisor meets it: plan a draw, read its minimums and their basis, commit
(the commitment hash is public before the draw), execute with the public value, see the
units and officers drawn, download the bundle and verify it, replace a unit, void the
draw; and the refusals: bad public value, execute before commit, wrong role, drafts not
published, no officer names in public."""

from __future__ import annotations

import json
import re
from datetime import date
from uuid import UUID

import pytest

from domain import sampling
from domain.base import Actor
from domain.credit_code import make_credit_code
from domain.plan_rules import DEFAULT_RULES
from tests.support.pages import text

CLI = Actor("cli", "admin")
OFFICERS = ("张明远", "李卫东", "王建华")
WITNESS_DESCRIPTION = "抽取会现场由两名见证人公开摇出的6位数字"


def register_world(app) -> dict:
    """昌吉市 with one brigade of three certified officers and 40 units: 8 key, 6 special,
    26 general (one of them on the positive list, one excluded from draws)."""
    app.register_jurisdiction(CLI, "j1", code="650000", name="新疆维吾尔自治区", level="province", parent=None)
    app.register_jurisdiction(CLI, "j2", code="652300", name="昌吉回族自治州", level="prefecture", parent="650000")
    app.register_jurisdiction(CLI, "j3", code="652301", name="昌吉市", level="county", parent="652300")
    app.form_brigade(CLI, "b1", code="BR-652301", name="昌吉市分局执法大队", kind="brigade", jurisdiction="652301")
    for n, name in enumerate(OFFICERS):
        app.register_inspector(CLI, f"o{n}", name=name, kind="officer", cert_no=f"3105001600{n}",
                               cert_valid_until=date(2030, 12, 31), unit="BR-652301")
    units = {}
    for i in range(40):
        category = "key" if i < 8 else "special" if i < 14 else "general"
        extra: dict = {}
        if category != "general":
            extra = {"category_year": 2026, "category_basis": "2026年重点排污单位名录"}
        if category == "special":
            extra["special_criteria"] = ["信访投诉3次及以上"]
        if i == 20:
            extra["positive_list"] = True
        if i == 21:
            extra.update(exclusion_reason="suspended", exclusion_note="")
        name = f"昌吉测试企业{i:02d}"
        outcome = app.register_target(CLI, f"t{i}", credit_code=make_credit_code(f"91652301MA8{i:06d}"), site="",
                                      name=name, jurisdiction="652301", address=f"昌吉市测试路{i}号",
                                      category=category, **extra)
        units[outcome.aggregate_id.hex] = name
    for username, role, jurisdiction, brigade in (("zhou", "supervisor", "652300", None),
                                                  ("officer1", "inspector", None, "BR-652301")):
        app.create_user(CLI, f"u-{username}", username=username, display_name=username, role=role,
                        jurisdiction=jurisdiction, brigade=brigade)
    return units


@pytest.fixture
def world(system, projector_in_request):
    units = register_world(system.app)
    system.projector.catch_up()
    return units




def plan_form(**overrides) -> dict:
    form = {"command_id": "new-plan-1", "title": "昌吉市2026年第二季度双随机抽查", "period_kind": "quarter",
            "period": "2026Q2", "jurisdiction": "652301", "level": "county", "rules_for": "county",
            "brigades": ["BR-652301"],
            "key_ratio": "1/4", "key_per_officer": "", "key_basis": "新环执法发〔2021〕274号：每季度不低于25%",
            "special_ratio": "1/2", "special_per_officer": "", "special_basis": "每季度不低于50%",
            "general_ratio": "", "general_per_officer": "10", "general_basis": "每年不低于执法人员数的10倍",
            "key_requested": "", "special_requested": "", "general_requested": "",
            "source_kind": "witness", "source_format": r"\d{6}", "source_description": WITNESS_DESCRIPTION}
    return {**form, **overrides}


def create_plan(client, **overrides) -> str:
    response = client.post("/plans/new", data=plan_form(**overrides))
    assert response.status_code == 302, text(response)
    match = re.search(r"/plans/([0-9a-f]{32})$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def drawn_ids(response) -> list[str]:
    return re.findall(r'<tr class="unit" data-id="([0-9a-f]{32})">', response.text)


# -- the whole life of a draw ------------------------------------------------------------------
def test_plan_commit_execute_verify_replace_void(app, client, system, world, login):
    login("zhou")
    assert "抽查计划" in text(client.get("/"))  # the nav link
    form = client.get("/plans/new?jurisdiction=652301")
    assert form.status_code == 200 and 'id="form-plan"' in form.text
    assert 'name="key_ratio" value="1/4"' in form.text  # county rules prefilled
    assert 'value="BR-652301" selected' in form.text

    plan_id = create_plan(client)
    url = f"/plans/{plan_id}"
    page = client.get(url)
    seen = text(page)
    assert page.status_code == 200 and "草稿" in seen
    assert "最低应抽" in seen and "计算方法" in seen
    # 8 key × 1/4 = 2; 6 special × 1/2 = 3; 3 officers × 10 a year, a quarter of it = 8
    assert "8 × 1/4，向上取整 = 2" in seen
    assert "6 × 1/2，向上取整 = 3" in seen
    assert "执法人员 3 人 × 10 × 1/4（年度数量折算到本季度），向上取整 = 8" in seen
    assert "新环执法发〔2021〕274号：每季度不低于25%" in seen
    assert client.get(f"/public/plans/{plan_id}").status_code == 404  # a draft is not published

    assert client.post(f"{url}/commit", data={"command_id": "commit-1"}).status_code == 302
    page = client.get(url)
    seen = text(page)
    hash_ = re.search(r'<code class="hash">([0-9a-f]{64})</code>', page.text).group(1)
    assert "已承诺（待抽取）" in seen and 'id="form-execute"' in page.text
    assert f"/public/plans/{plan_id}" in page.text

    public = app.test_client()  # nobody logged in
    shown = public.get(f"/public/plans/{plan_id}")
    assert shown.status_code == 200 and hash_ in shown.text
    assert WITNESS_DESCRIPTION in text(shown) and "事前公开" in text(shown)
    assert plan_id in public.get("/public/").text

    head = system.app.recorder.max_notification_id()
    bad = client.post(f"{url}/execute", data={"command_id": "exec-bad", "public_value": "12ab"})
    assert bad.status_code == 422
    assert "公开随机数“12ab”不符合承诺声明的格式" in text(bad)
    assert system.app.recorder.max_notification_id() == head

    assert client.post(f"{url}/execute", data={"command_id": "exec-1", "public_value": "406219"}).status_code == 302
    page = client.get(url)
    seen = text(page)
    assert "已抽取" in seen and "406219" in seen
    ids = drawn_ids(page)
    assert len(ids) == 2 + 3 + 8 and set(ids) <= set(world)
    assert any(world[i] in seen for i in ids) and f'href="/targets/{ids[0]}"' in page.text
    assert any(name in seen for name in OFFICERS)
    assert "人员不足" not in seen  # three eligible officers: every task has two
    assert "shuangsui draw verify" in seen and "python draw_verify.py" in seen
    assert "应抽 8 家，已抽 8 家" in seen

    download = client.get(f"{url}/bundle.json")
    assert download.status_code == 200 and download.mimetype == "application/json"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    bundle = json.loads(download.data)
    assert sampling.verify_bundle(bundle) == []
    assert bundle["commitment_hash"] == hash_ and bundle["public_value"] == "406219"

    gone = ids[0]
    replaced = client.post(f"{url}/replace", data={"command_id": "rep-1", "unit_id": gone,
                                                   "reason": "该企业已于2026年4月关停"})
    assert replaced.status_code == 302
    page = client.get(url)
    seen = text(page)
    assert gone not in drawn_ids(page) and len(drawn_ids(page)) == 13
    assert "替补记录" in seen and "该企业已于2026年4月关停" in seen and world[gone] in seen
    bundle = json.loads(client.get(f"{url}/bundle.json").data)
    assert len(bundle["replacements"]) == 1 and sampling.verify_bundle(bundle) == []

    no_reason = client.post(f"{url}/void", data={"command_id": "void-0", "reason": ""})
    assert no_reason.status_code == 422 and "作废原因：必填" in text(no_reason)
    assert client.post(f"{url}/void", data={"command_id": "void-1", "reason": "见证人未到场，程序不合规"}).status_code == 302
    page = client.get(url)
    seen = text(page)
    assert "本次抽取已作废" in seen and "见证人未到场，程序不合规" in seen
    assert len(drawn_ids(page)) == 13 and hash_ in page.text  # everything stays visible
    assert 'id="form-void"' not in page.text and 'class="replace"' not in page.text
    shown = public.get(f"/public/plans/{plan_id}")
    assert "已作废" in text(shown) and "见证人未到场，程序不合规" in text(shown)
    bundle = json.loads(public.get(f"/public/plans/{plan_id}/bundle.json").data)
    assert bundle["voided"] is True and sampling.verify_bundle(bundle) == []

    listed = client.get("/plans")
    assert listed.status_code == 200 and "昌吉市2026年第二季度双随机抽查" in text(listed)
    assert "已作废" in text(listed)


def test_the_public_page_shows_the_proof_and_no_officer(app, client, system, world, login):
    login("zhou")
    plan_id = create_plan(client)
    client.post(f"/plans/{plan_id}/commit", data={"command_id": "c1"})
    client.post(f"/plans/{plan_id}/execute", data={"command_id": "x1", "public_value": "406219"})
    public = app.test_client()
    shown = public.get(f"/public/plans/{plan_id}")
    seen = text(shown)
    assert shown.status_code == 200
    bundle = json.loads(public.get(f"/public/plans/{plan_id}/bundle.json").data)
    assert sampling.verify_bundle(bundle) == []
    assert bundle["secret"] in seen and bundle["result"]["seed"] in seen and "406219" in seen
    drawn = [u for ids in bundle["result"]["strata"].values() for u in ids["selected"]]
    assert all(world[u] in seen for u in drawn)
    for name in OFFICERS:
        assert name not in shown.text
    assert "3105001600" not in shown.text  # no certificate numbers either
    assert public.get("/public/draw_verify.py").status_code == 200
    assert public.get("/public/draw-algorithm.md").status_code == 200


def test_execute_on_a_draft_is_refused_and_nothing_written(client, system, world, login):
    login("zhou")
    plan_id = create_plan(client)
    head = system.app.recorder.max_notification_id()
    response = client.post(f"/plans/{plan_id}/execute", data={"command_id": "x1", "public_value": "406219"})
    assert response.status_code == 422 and "须先承诺" in text(response)
    assert system.app.recorder.max_notification_id() == head
    assert client.get(f"/plans/{plan_id}/bundle.json").status_code == 422


def test_a_short_pool_needs_the_acknowledgement(client, world, login):
    login("zhou")
    plan_id = create_plan(client, general_per_officer="100")  # 3 × 100 / 4 = 75; 25 general units
    page = client.get(f"/plans/{plan_id}")
    assert "不足 50 家" in text(page) and 'name="acknowledge_shortfall"' in page.text
    refused = client.post(f"/plans/{plan_id}/commit", data={"command_id": "c1"})
    assert refused.status_code == 422 and "可抽对象不足" in text(refused)
    assert client.post(f"/plans/{plan_id}/commit",
                       data={"command_id": "c2", "acknowledge_shortfall": "y"}).status_code == 302
    assert "已承诺（待抽取）" in text(client.get(f"/plans/{plan_id}"))


def test_rules_are_edited_with_a_reason_while_a_draft(client, world, login):
    login("zhou")
    plan_id = create_plan(client)
    rules = {k: v for k, v in plan_form().items() if k.startswith(("key_", "special_", "general_"))}
    changed = client.post(f"/plans/{plan_id}/rules", data={**rules, "key_ratio": "1/2", "general_requested": "12",
                                                           "command_id": "r1", "reason": "专项行动加密抽查"})
    assert changed.status_code == 302
    seen = text(client.get(f"/plans/{plan_id}"))
    assert "8 × 1/2，向上取整 = 4" in seen and "抽查规则已修改" in seen
    both = client.post(f"/plans/{plan_id}/rules", data={**rules, "key_per_officer": "3", "command_id": "r2",
                                                        "reason": "试"})
    assert both.status_code == 422 and "每类规则须且只须给出比例或按执法人员倍数之一" in text(both)
    client.post(f"/plans/{plan_id}/commit", data={"command_id": "c1"})
    late = client.post(f"/plans/{plan_id}/rules", data={**rules, "command_id": "r3", "reason": "再改"})
    assert late.status_code == 422 and "承诺后计划不可更改" in text(late)


def test_bad_plan_input_gets_chinese_messages(client, system, world, login):
    login("zhou")
    head = system.app.recorder.max_notification_id()
    for overrides, message in [({"period": "2026Q5"}, "期间“2026Q5”格式不正确"),
                               ({"title": ""}, "计划名称：必填"),
                               ({"jurisdiction": "999999"}, "辖区“999999”不存在或不在您的管辖范围内"),
                               ({"brigades": []}, "请至少选择一个执法大队或检查组"),
                               ({"key_ratio": "3/2"}, "比例“3/2”应大于0且不超过100%"),
                               ({"general_per_officer": "十"}, "应为不小于0的整数"),
                               ({"source_format": "("}, "公开随机数格式（正则表达式）无效")]:
        response = client.post("/plans/new", data=plan_form(command_id=f"bad-{message}", **overrides))
        assert response.status_code == 422 and message in text(response), (overrides, text(response))
    assert system.app.recorder.max_notification_id() == head


def test_the_level_follows_the_jurisdiction_and_untouched_rules_follow_the_level(client, system, world, login):
    login("zhou")
    form = client.get("/plans/new?jurisdiction=652300")
    assert '<option value="prefecture" selected' in form.text and 'value="1/20"' in form.text
    # Rules filled for a county, level switched to 州本级 without touching them: 州本级 rules.
    county = {f"{s}_{k}": v or "" for s, rule in DEFAULT_RULES["county"].items() for k, v in rule.items()}
    plan_id = create_plan(client, level="prefecture", jurisdiction="652300", command_id="pref-1", **county)
    seen = text(client.get(f"/plans/{plan_id}"))
    assert "州本级" in seen and "8 × 1/20，向上取整 = 1" in seen


def test_roles_and_scope(app, client, system, world, login):
    login("officer1")
    assert client.get("/plans").status_code == 200
    assert client.post("/plans/new", data=plan_form()).status_code == 403
    assert client.get("/plans/new").status_code == 403
    client.post("/logout")
    login("zhou")
    plan_id = create_plan(client)
    client.post("/logout")
    login("officer1")
    assert client.get(f"/plans/{plan_id}").status_code == 200  # the brigade's county: in scope
    assert client.post(f"/plans/{plan_id}/commit", data={"command_id": "c1"}).status_code == 403
    assert client.get("/plans/" + "0" * 32).status_code == 404
    assert app.test_client().get("/plans").status_code in (302, 401)  # login first


def test_short_tasks_are_flagged_and_positive_list_units_go_off_site(client, system, world, login):
    from sqlalchemy import select

    from domain.inspectors import Inspector
    from projections.tables import inspectors

    with system.engine.connect() as conn:
        people = dict(conn.execute(select(inspectors.c.name, inspectors.c.id)).all())
    for name in OFFICERS[:2]:
        system.app.command(Inspector, UUID(hex=people[name]), "expire_certificate", CLI, f"exp-{name}",
                           reason="证件到期未换发")
    system.projector.catch_up()
    login("zhou")
    plan_id = create_plan(client, general_requested="25")  # every general unit, the positive-list one too
    client.post(f"/plans/{plan_id}/commit", data={"command_id": "c1"})
    client.post(f"/plans/{plan_id}/execute", data={"command_id": "x1", "public_value": "406219"})
    page = client.get(f"/plans/{plan_id}")
    rows = dict(re.findall(r'<tr class="unit" data-id="([0-9a-f]{32})">(.*?)</tr>', page.text, flags=re.S))
    assert len(rows) == 2 + 3 + 25
    off_site = [i for i, row in rows.items() if "非现场" in row]
    assert [world[i] for i in off_site] == ["昌吉测试企业20"]
    assert all("人员不足" in row and "合格检查人员不足：需要2名，仅有1名合格" in row and OFFICERS[2] in row
               for row in rows.values())
    assert sampling.verify_bundle(json.loads(client.get(f"/plans/{plan_id}/bundle.json").data)) == []
