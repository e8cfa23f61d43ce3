"""抽查计划 through the JSON API: the list, the new-plan form, a plan through its life (the
preview of a draft, the commitment, the units and officers drawn, a replacement, the proof)
and the draw bundle, each the same as the plan pages show, within the same scope and roles."""

from __future__ import annotations

import json
import re

import pytest

from domain.base import Actor
from tests.e2e.test_plan_pages import create_plan, drawn_ids, register_world
from tests.support.openapi import assert_matches_openapi
from tests.support.pages import text

CLI = Actor("cli", "admin")


@pytest.fixture
def world(system, projector_in_request):
    units = register_world(system.app)
    # a county outside 昌吉市, and a supervisor of it
    system.app.register_jurisdiction(CLI, "j9", code="652302", name="阜康市", level="county", parent="652300")
    system.app.create_user(CLI, "u-fukang", username="fukang", display_name="fukang", role="supervisor",
                           jurisdiction="652302", brigade=None)
    system.projector.catch_up()
    return units


def switch(client, login, username: str) -> None:
    client.post("/logout")
    login(username)


def get_json(app, client, path: str, status: int = 200) -> dict:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)
    assert_matches_openapi(app, response, path)
    return response.get_json()


def test_a_plan_through_its_life_as_its_page_shows_it(app, client, system, world, login):
    login("zhou")
    plan_id = create_plan(client)
    url = f"/api/v1/plans/{plan_id}"

    draft = get_json(app, client, url)
    page = text(client.get(f"/plans/{plan_id}"))
    assert (draft["state"], draft["executed"], draft["can_edit"]) == ("draft", False, True)
    assert draft["brigades"] == ["昌吉市分局执法大队"] and draft["jurisdiction_name"] == "昌吉市"
    assert draft["preview"]["officers"] == 3
    for stratum, row in draft["preview"]["strata"].items():
        assert row["explain"] in page and row["basis"] in page, stratum  # the page's own reasoning
    assert {s: r["quota"] for s, r in draft["preview"]["strata"].items()} == {"key": 2, "special": 3, "general": 8}
    assert draft["draw_window"]["last"] == "2026-03-31"  # the last working days of the quarter before
    not_yet = get_json(app, client, f"{url}/bundle.json", 422)
    assert "计划尚未执行抽取" in not_yet["message"]

    assert client.post(f"/plans/{plan_id}/commit", data={"command_id": "c1"}).status_code == 302
    committed = get_json(app, client, url)
    assert committed["preview"] is None and re.fullmatch(r"[0-9a-f]{64}", committed["commitment_hash"])
    assert committed["commitment_hash"] in client.get(f"/plans/{plan_id}").text
    assert committed["quotas"] == {"key": 2, "special": 3, "general": 8} and committed["secret"] == ""
    assert committed["committed_rules"]["key"]["minimum"] == 2

    executed = client.post(f"/plans/{plan_id}/execute", data={"command_id": "e1", "public_value": "406219"})
    assert executed.status_code == 302
    page = client.get(f"/plans/{plan_id}")
    drawn = get_json(app, client, url)
    assert drawn["executed"] and drawn["public_value"] == "406219" and drawn["seed"] in page.text
    assert drawn["secret"] and drawn["secret"] in page.text
    ids = [u["id"] for s in ("key", "special", "general") for u in drawn["drawn"][s]]
    assert ids == drawn_ids(page)  # the same units, in the same order
    for unit in (u for s in drawn["drawn"].values() for u in s):
        assert unit["task"] and len(unit["officers"]) == 2 and unit["name"] == world[unit["id"]]
    assert drawn["bundle_file"] == f"draw-bundle-{plan_id[:12]}.json"
    assert drawn["verify_commands"][0] == f"shuangsui draw verify {drawn['bundle_file']}"

    bundle = client.get(f"{url}/bundle.json")
    assert bundle.status_code == 200 and bundle.data == client.get(f"/plans/{plan_id}/bundle.json").data
    assert json.loads(bundle.data)["plan_id"] == plan_id
    assert bundle.headers["Content-Disposition"] == f'attachment; filename="{drawn["bundle_file"]}"'

    first = drawn["drawn"]["general"][0]["id"]
    replaced = client.post(f"/plans/{plan_id}/replace", data={"command_id": "r1", "unit_id": first, "reason": "已关停"})
    assert replaced.status_code == 302
    after = get_json(app, client, url)
    [record] = after["replacements"]
    assert (record["replaced"], record["replaced_unit"]["name"], record["reason"]) == (first, world[first], "已关停")
    assert record["by"] in [u["id"] for u in after["drawn"]["general"]]
    assert first not in drawn_ids(client.get(f"/plans/{plan_id}"))


def test_the_list_pages_and_counts_as_the_page(app, client, world, login):
    login("zhou")
    made = [create_plan(client, command_id=f"new-{n}", period=f"2026Q{n}", title=f"计划{n}") for n in (1, 2, 3)]
    page = client.get("/plans")
    shown = re.findall(r'<tr data-id="([0-9a-f]{32})">', page.text)
    assert sorted(shown) == sorted(made)
    first = get_json(app, client, "/api/v1/plans?per_page=2")
    second = get_json(app, client, "/api/v1/plans?per_page=2&page=2")
    assert first["total"] == second["total"] == 3 and len(first["items"]) == 2 and len(second["items"]) == 1
    assert [p["id"] for p in first["items"] + second["items"]] == shown  # newest first, as the page
    draft = first["items"][0]
    assert draft["state"] == "draft" and [c["quota"] for c in draft["strata"]] == [None, None, None]


def test_the_new_plan_form_is_filled_as_the_page(app, client, world, login):
    login("zhou")
    form = get_json(app, client, "/api/v1/plans/new?jurisdiction=652301")
    page = client.get("/plans/new?jurisdiction=652301").text
    assert form["jurisdiction"] == "652301" and form["level"] == "county" and form["picked"] == ["BR-652301"]
    assert 'value="BR-652301" selected' in page and f'name="key_ratio" value="{form["rules"]["key"]["ratio"]}"' in page
    prefecture = get_json(app, client, "/api/v1/plans/new?jurisdiction=652300")
    assert prefecture["level"] == "prefecture" and prefecture["rules"]["key"]["ratio"] == "1/20"
    assert [j["code"] for j in form["jurisdictions"]] == ["652300", "652301", "652302"]


def test_roles_and_scope(app, client, world, login):
    assert client.get("/api/v1/plans").status_code == 401
    login("zhou")
    plan_id = create_plan(client)
    switch(client, login, "fukang")  # another county: not theirs to see
    assert get_json(app, client, f"/api/v1/plans/{plan_id}", 403)["message"] == "不在您的管辖范围内"
    assert get_json(app, client, f"/api/v1/plans/{plan_id}/bundle.json", 403)["message"] == "不在您的管辖范围内"
    assert get_json(app, client, "/api/v1/plans")["total"] == 0
    switch(client, login, "officer1")  # an officer of the brigade reads the plan, may not plan
    assert get_json(app, client, f"/api/v1/plans/{plan_id}")["can_edit"] is False
    assert get_json(app, client, "/api/v1/plans/new", 403)["message"] == "角色 inspector 无权访问"
    assert get_json(app, client, "/api/v1/plans/" + "f" * 32, 404)["message"] == "抽查计划不存在"
