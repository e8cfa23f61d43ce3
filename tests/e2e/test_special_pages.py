"""特殊监管对象联审 as its users see it, on the demo: the 2027 list of 昌吉州 proposes the unit
fined 250,000 yuan and the unit whose case went to the police, each reason linked to its
record; the meeting's form comes with them ticked; bad forms are refused in Chinese with
nothing written; a recorded decision changes the units' category and the page then shows
it. A reviewer reads only; another prefecture's supervisor and an inspector get 403."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from domain.tasks import InspectionTask
from projections.public_tables import special_reviews
from projections.tables import history, targets
from tests.support.pages import text
from webapp.tasks.views import today
from workers.demo import stories
from workers.demo.load import load_demo

PAGE = "/special/?year=2027&jurisdiction=652300"
CRIME, PENALTY = "刑事犯罪", "行政处罚金额在20万元及以上"
MEETING = "2026-11-20"
CHECKED = re.compile(r'<input type="checkbox" name="([^"]+)" value="([^"]+)" checked>')


@pytest.fixture
def demo(system, projector_in_request):
    load_demo(system, "default", echo=lambda *_: None)
    system.projector.catch_up()
    return system


def unit_of(s, story: str) -> str:
    return s.app.load(InspectionTask, stories.task_id(story)).target_id.hex


def ok(response, status: int = 200):
    assert response.status_code == status, text(response)[:600]
    return response


def ticked(page) -> dict[str, list[str]]:
    """The boxes the form comes with ticked, as a browser would post them."""
    found: dict[str, list[str]] = {}
    for name, value in CHECKED.findall(page.text):
        found.setdefault(name, []).append(value)
    return found


def categories(s, ids) -> dict[str, tuple]:
    with s.engine.connect() as conn:
        return {r.id: (r.category, r.category_year) for r in conn.execute(
            select(targets.c.id, targets.c.category, targets.c.category_year).where(targets.c.id.in_(list(ids))))}


def nothing_recorded(s) -> bool:
    with s.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(special_reviews)).scalar() == 0


def test_the_list_shows_each_unit_with_its_reasons_and_their_records(demo, login):
    page = ok(login("zhidui").get(PAGE))
    shown = text(page)
    fined, dumped = unit_of(demo, "order-failed-penalty"), unit_of(demo, "hazardous-waste-police")
    assert "昌吉州 · 2027年度" in shown and "共 2 家" in shown
    for unit, story, criterion in ((fined, "order-failed-penalty", PENALTY), (dumped, "hazardous-waste-police", CRIME)):
        row = re.search(rf'<tr data-id="{unit}">(.*?)</tr>', page.text, flags=re.S).group(1)
        assert criterion in row and f'href="/record/problem/{stories.problem_id(story).hex}"' in row
        assert f'href="/targets/{unit}"' in row
    assert "昌州环罚〔2026〕27号 · 2026-09-25 · 罚款 250,000.00 元" in shown
    assert "昌州环移〔2026〕4号 · 2026-09-08" in shown
    # the form: both units ticked, each with the reason the record gives
    boxes = ticked(page)
    assert sorted(boxes["unit"]) == sorted([fined, dumped])
    assert boxes[f"criteria_{fined}"] == [PENALTY] and boxes[f"criteria_{dumped}"] == [CRIME]


def test_refused_forms_say_why_in_chinese_and_write_nothing(demo, login):
    boss = login("zhidui")
    page = ok(boss.get(PAGE))
    fined = unit_of(demo, "order-failed-penalty")
    base = {"jurisdiction": "652300", "year": "2027", "reference": "昌州环联审〔2026〕5号", "meeting_on": MEETING}
    before = categories(demo, [fined])
    cases = [
        ({**base, "command_id": "c1"}, "须至少列入一个监管对象"),
        ({**base, **ticked(page), "meeting_on": (today() + timedelta(days=1)).isoformat(), "command_id": "c2"},
         "不能晚于今天"),
        ({**base, "extra_code_1": "91652301MA00000000", "extra_criteria_1": "其他", "command_id": "c3"},
         "统一社会信用代码“91652301MA00000000”在本辖区的检查对象名录中不存在"),
        ({**base, "unit": [fined], "command_id": "c4"}, "须至少选择一项纳入原因"),
        ({**base, **ticked(page), "reference": "", "command_id": "c5"}, "会议纪要或文号：必填"),
    ]
    for data, message in cases:
        refused = ok(boss.post("/special/decision", data=data), 422)
        assert message in text(refused), message
        assert "未作任何登记" in text(refused)
    assert nothing_recorded(demo) and categories(demo, [fined]) == before


def test_recording_the_decision_lists_the_units_as_special(demo, login):
    boss = login("zhidui")
    page = ok(boss.get(PAGE))
    fined, dumped = unit_of(demo, "order-failed-penalty"), unit_of(demo, "hazardous-waste-police")
    with demo.engine.connect() as conn:  # a unit the record did not propose, added by its credit code
        other = conn.execute(select(targets.c.id, targets.c.credit_code, targets.c.name).where(
            targets.c.jurisdiction == "652302", targets.c.category == "general", targets.c.site == "",
            targets.c.positive_list.is_(False)).order_by(targets.c.credit_code).limit(1)).one()
    data = {"jurisdiction": "652300", "year": "2027", "reference": "昌州环联审〔2026〕5号", "meeting_on": MEETING,
            "command_id": "decide-1", **ticked(page), "extra_code_1": other.credit_code.lower(),
            "extra_criteria_1": ["环境风险等级高"]}
    done = ok(boss.post("/special/decision", data=data), 302)
    assert done.headers["Location"].endswith("/special/?year=2027&jurisdiction=652300")
    after = ok(boss.get(PAGE))
    shown = text(after)
    assert "已登记2027年度特殊监管对象联审会决定，3家单位列为特殊监管对象" in shown
    assert "联审会决定（已登记）" in shown and "昌州环联审〔2026〕5号" in shown and "昌吉州支队调度员（zhidui）" in shown
    decision = re.search(r'<section class="card" id="decision">(.*?)</section>', after.text, flags=re.S).group(1)
    for unit in (fined, dumped, other.id):
        assert f'href="/targets/{unit}"' in decision
    assert "环境风险等级高" in decision
    assert 'id="form-decision"' not in after.text
    assert categories(demo, [fined, dumped, other.id]) == {u: ("special", 2027) for u in (fined, dumped, other.id)}
    with demo.engine.connect() as conn:
        basis = conn.execute(select(history.c.basis).where(history.c.stream_id == other.id,
                                                           history.c.event == "CategoryChanged")).scalar()
    assert basis == "2026年11月20日联审会（昌州环联审〔2026〕5号）"
    unit_page = text(ok(boss.get(f"/targets/{fined}")))
    assert "特殊监管对象" in unit_page and "昌州环联审〔2026〕5号" in unit_page
    # the same form again does nothing; another decision for the year is refused
    again = ok(boss.post("/special/decision", data=data), 302)
    assert "该表单已提交过" in text(ok(boss.get(again.headers["Location"])))
    refused = ok(boss.post("/special/decision", data={**data, "command_id": "decide-2"}), 409)
    assert "2027年度的联审会决定已登记（昌州环联审〔2026〕5号）" in text(refused)


def test_who_may_see_and_record(demo, login, client):
    reader = login("jicha")
    page = ok(reader.get(PAGE))
    assert "共 2 家" in text(page) and 'id="form-decision"' not in page.text
    assert ok(reader.post("/special/decision", data={"jurisdiction": "652300", "year": "2027"}), 403)
    client.post("/logout")
    other = login("kaifaqu")
    assert "不在您的管辖范围内" in text(ok(other.get(PAGE), 403))
    assert "共 2 家" not in text(ok(other.get("/special/?year=2027")))  # its own zone: nothing proposed
    client.post("/logout")
    assert ok(login("dadui").get(PAGE), 403)
    client.post("/logout")
    admin = login("admin")
    assert "请选择辖区" in text(ok(admin.get("/special/")))
    assert "年度应为2000至2100之间的整数" in text(ok(admin.get("/special/?year=1900&jurisdiction=652300"), 422))
    assert "辖区“火星”不存在" in text(ok(admin.get("/special/?jurisdiction=火星"), 422))
