"""问题台账 through the JSON API, checked against the pages: the board with its filters, groups
and counts per county, and each problem with its dispositions, evidence, closure blockers
and the steps the page offers; the refusals (another scope, unknown, a wrong filter)."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.support.api_demo import api, logged_in, open_demo
from tests.support.pages import text

GROUP = re.compile(r'<section class="group" data-kind="(\w+)">(.*?)</section>', re.S)
CARD = re.compile(r'<div class="card problem(?: overdue)?" data-id="([0-9a-f]{32})"')
COUNT = re.compile(r'<tr data-code="([^"]+)">.*?<td class="open">(\d+)</td>.*?<td class="overdue">(?:<span[^>]*>)?(\d+)'
                   r'.*?<td class="closed">(\d+)</td>', re.S)
DISPOSITION = re.compile(r'<section class="card disposition" data-id="(\w+)" data-kind="(\w+)" data-state="(\w+)">'
                         r"(.*?)</section>", re.S)
# The problem page's forms, by the step the API names.
PROBLEM_FORMS = {"on-spot": "form-on-spot", "guidance": "form-guidance", "order": "form-order",
                 "case": "form-case", "coercive": "form-coercive", "transfer": "form-transfer",
                 "close": "form-close", "reopen": "form-reopen"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's directories, accounts and casework (昌吉州), read by every test here."""
    yield from open_demo(tmp_path_factory, "api-problems")


@pytest.fixture(scope="module")
def user(demo):
    return logged_in(*demo)


def whole_board(client, query: str) -> dict:
    """Every page of the board's answer, its items joined."""
    first = api(client, f"/api/v1/problems?per_page=2&{query}", template="/api/v1/problems")
    items, page = list(first["items"]), 1
    while len(items) < first["total"]:
        page += 1
        items += api(client, f"/api/v1/problems?per_page=2&page={page}&{query}", check=False)["items"]
    return {**first, "items": items}


@pytest.mark.parametrize("query", ["", "state=all", "state=closed&category=air", "kind=order", "overdue=yes",
                                   "state=all&jurisdiction=652302"])
def test_the_board_is_the_pages_board(user, query):
    boss = user("zhidui")
    board = whole_board(boss, query)
    page = boss.get(f"/problems?{query}")
    assert page.status_code == 200
    groups = [(kind, CARD.findall(body)) for kind, body in GROUP.findall(page.text)]
    assert [(g["kind"], g["count"]) for g in board["groups"]] == [(kind, len(ids)) for kind, ids in groups]
    assert all(g["label"] in text(page) for g in board["groups"])
    in_order = list(dict.fromkeys(i for _kind, ids in groups for i in ids))  # each problem at its first group
    assert [p["id"] for p in board["items"]] == in_order and board["total"] == len(in_order)
    for p in board["items"]:
        assert p["description"] in page.text and p["category_label"] in text(page)
        assert (f"逾期 {p['days_overdue']} 天" in text(page)) == bool(p["days_overdue"])
    assert [(c["code"], c["open"], c["overdue"], c["closed"]) for c in board["counts"]] == \
        [(code, int(o), int(late), int(closed)) for code, o, late, closed in COUNT.findall(page.text)]
    if query == "state=all":
        assert {g["kind"] for g in board["groups"]} >= {"order", "closed"} and board["total"] >= 5


def test_the_boards_filters_and_who_may_read_it(user, demo):
    boss = user("zhidui")
    outside = api(boss, "/api/v1/problems?jurisdiction=652800", 422, "/api/v1/problems")
    assert outside["errors"]["query"]["jurisdiction"] == ["辖区“652800”不存在或不在您的管辖范围内"]
    assert "辖区“652800”不存在或不在您的管辖范围内" in text(boss.get("/problems?jurisdiction=652800"))
    wrong = api(boss, "/api/v1/problems?kind=fine", 422, "/api/v1/problems")
    assert wrong["errors"]["query"]["kind"] == ["“fine”不在可选范围内"]
    assert demo[1].test_client().get("/api/v1/problems").status_code == 401
    korla = api(user("kaifaqu"), "/api/v1/problems?state=all", template="/api/v1/problems")
    assert korla["total"] == 0 and korla["items"] == []  # Changji's problems are not Korla's


def _forms(html: str) -> set[str]:
    return set(re.findall(r'<form method="post" action="[^"]+"[^>]*(?:id|class)="(form-[a-z-]+)"', html))


def test_each_problem_is_its_page_with_dispositions_blockers_and_steps(user):
    boss = user("zhidui")
    problems = whole_board(boss, "state=all")["items"]
    seen_evidence = 0
    for n, row in enumerate(problems):
        p = api(boss, f"/api/v1/problems/{row['id']}", template="/api/v1/problems/{problem_id}", check=n < 2)
        page = boss.get(f"/problems/{row['id']}")
        shown = DISPOSITION.findall(page.text)
        assert [(d["id"], d["kind"], d["state"]) for d in p["dispositions"]] == [s[:3] for s in shown]
        assert p["description"] in page.text and p["task"]["origin_label"] in text(page)
        assert p["blockers"] == re.findall(r"<li>([^<]+)</li>", "".join(re.findall(
            r'<ul class="errors blockers">(.*?)</ul>', page.text, re.S)))
        problem_level = {f for f in _forms(page.text) if f in PROBLEM_FORMS.values()}
        assert {PROBLEM_FORMS[a] for a in p["actions"]} == problem_level
        for d, (_id, _kind, _state, section) in zip(p["dispositions"], shown):
            assert {f"form-{a}" for a in d["actions"]} == _forms(section)
            assert d["state_label"] in text(page) and (d["deadline"] or "") in page.text
            assert [e["sha256"] for e in d["evidence_files"]] == re.findall(r'data-sha256="([0-9a-f]{64})"', section)
            number = d["facts"].get("order_no") or d["facts"].get("case_no") or d["facts"].get("document_no")
            assert number is None or number in section
            for e in d["evidence_files"]:
                got = boss.get(e["download"])
                assert got.status_code == 200 and hashlib.sha256(got.data).hexdigest() == e["sha256"]
                seen_evidence += 1
        for t in p["verification_tasks"]:
            assert f'/tasks/{t["id"]}' in page.text and t["state_label"] in text(page)
    assert seen_evidence, "the demo's rectification reports carry photos"


def test_the_officer_of_the_task_reads_the_problem_and_may_report(user):
    officer = user("dadui")
    boss_view = whole_board(user("zhidui"), "kind=order")["items"]
    open_order = next(p for p in boss_view if p["state"] == "open")
    p = api(officer, f"/api/v1/problems/{open_order['id']}", template="/api/v1/problems/{problem_id}")
    assert p["assigned"] and not p["supervising"]
    assert p["actions"] == ["on-spot", "guidance"] and p["dispositions"][0]["actions"] == ["report"]
    assert p["days_overdue"] > 0 and p["dispositions"][0]["days_overdue"] == p["days_overdue"]
    assert f"逾期 {p['days_overdue']} 天" in text(officer.get(f"/problems/{open_order['id']}"))


def test_another_scope_is_refused_and_an_unknown_problem_is_not_found(user):
    some = whole_board(user("zhidui"), "state=all")["items"][0]["id"]
    korla = user("kaifaqu")
    assert korla.get(f"/problems/{some}").status_code == 403
    assert api(korla, f"/api/v1/problems/{some}", 403, "/api/v1/problems/{problem_id}")["message"] == "不在您的管辖范围内"
    for missing in ("f" * 32, "nope"):
        assert api(korla, f"/api/v1/problems/{missing}", 404, "/api/v1/problems/{problem_id}")["message"] == "问题不存在"
