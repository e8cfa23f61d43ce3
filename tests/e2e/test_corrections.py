"""数据纠错 as the supervisors see it: a report submitted from the public side reaches the
inbox of the unit's jurisdiction (待受理, with its age in working days), its page shows the
report with the reporter's contact, the unit and its links; accept then resolve close the
loop through the pages; refusals (no reason, a step out of order) are Chinese 422s with
nothing written. An inspector gets 403; a supervisor of another jurisdiction does not see
the report and cannot open it; an admin does not see the contact."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from domain.calendar import working_days_between
from domain.corrections import Correction
from domain.tasks import InspectionTask
from projections.public_tables import corrections
from tests.support.pages import text
from webapp.tasks.views import today
from workers import publication
from workers.demo import stories
from workers.demo.load import load_demo

SUBMITTED = date(2026, 11, 2)
CONTACT = "139-0000-1234"


@pytest.fixture
def report(system, projector_in_request):
    load_demo(system, "default", echo=lambda *_: None)
    unit = system.app.load(InspectionTask, stories.task_id("order-failed-penalty")).target_id
    made = publication.submit_correction(system, "public-form-1", target_id=unit, subject="penalty",
                                         details="公开的处罚决定书文号与纸质文书不一致", contact=CONTACT,
                                         today=SUBMITTED)
    system.projector.catch_up()
    return {"id": made.aggregate_id.hex, "unit": unit.hex}


def ok(response, status: int = 200):
    assert response.status_code == status, text(response)[:600]
    return response


def section(page, state: str) -> str:
    return re.search(rf'<section class="card" id="state-{state}"[^>]*>(.*?)</section>', page.text, flags=re.S).group(1)


def state_of(system, correction_id: str) -> str:
    with system.engine.connect() as conn:
        return conn.execute(select(corrections.c.state).where(corrections.c.id == correction_id)).scalar()


def test_accept_then_resolve_through_the_pages(system, report, login):
    boss = login("zhidui")
    inbox = ok(boss.get("/corrections/"))
    waiting = section(inbox, "submitted")
    age = working_days_between(SUBMITTED, today())
    assert f'href="/corrections/{report["id"]}"' in waiting
    assert re.search(rf'<td class="age">{age}</td>', waiting)
    assert "待受理" in text(inbox) and "已受理，处理中" in text(inbox) and "不予采纳" in text(inbox)
    page = text(ok(boss.get(f"/corrections/{report['id']}")))
    assert "处罚信息有误" in page and "公开的处罚决定书文号与纸质文书不一致" in page and CONTACT in page
    assert f"{age} 个工作日" in page
    raw = ok(boss.get(f"/corrections/{report['id']}")).text
    for link in (f"/public/units/{report['unit']}", f"/record/unit/{report['unit']}", f"/targets/{report['unit']}"):
        assert f'href="{link}"' in raw
    # out of order: resolve before accepting
    refused = ok(boss.post(f"/corrections/{report['id']}/resolve",
                           data={"answer": "已更正", "corrected": "yes", "command_id": "r0"}), 422)
    assert "不能办结（须先受理）" in text(refused) and state_of(system, report["id"]) == "submitted"
    ok(boss.post(f"/corrections/{report['id']}/accept", data={"note": "转法制审核核对", "command_id": "a1"}), 302)
    page = text(ok(boss.get(f"/corrections/{report['id']}")))
    assert "已受理该纠错" in page and "已受理，处理中" in page and "转法制审核核对" in page
    refused = ok(boss.post(f"/corrections/{report['id']}/reject", data={"reason": "", "command_id": "j1"}), 422)
    assert "不予采纳的理由：必填" in text(refused) and state_of(system, report["id"]) == "accepted"
    refused = ok(boss.post(f"/corrections/{report['id']}/resolve", data={"answer": "已更正", "command_id": "r1"}), 422)
    assert "是否已更正记录：必填" in text(refused)
    ok(boss.post(f"/corrections/{report['id']}/resolve",
                 data={"answer": "经核对，文号录入有误，已更正为昌州环罚〔2026〕27号", "corrected": "yes",
                       "command_id": "r2"}), 302)
    page = ok(boss.get(f"/corrections/{report['id']}"))
    assert "纠错已办结" in text(page) and "已办结" in text(page)
    assert re.search(r'<dd class="corrected">是</dd>', page.text)
    assert 'id="form-reject"' not in page.text and 'id="form-resolve"' not in page.text
    found = system.app.load(Correction, Correction.create_id(command_id="public-form-1"))
    assert found.state == "resolved"
    assert f'href="/corrections/{report["id"]}"' in section(ok(boss.get("/corrections/")), "resolved")
    history = text(page)
    assert "公众提交纠错" in history and "受理纠错" in history and "办结纠错" in history
    # a closed report takes no more steps
    refused = ok(boss.post(f"/corrections/{report['id']}/reject", data={"reason": "重复", "command_id": "j2"}), 422)
    assert "不能不予采纳" in text(refused)


def test_reject_with_a_reason(system, report, login):
    boss = login("zhidui")
    ok(boss.post(f"/corrections/{report['id']}/reject", data={"reason": "所反映的文号与决定书一致", "command_id": "j"}),
       302)
    page = ok(boss.get(f"/corrections/{report['id']}"))
    assert "不予采纳" in text(page) and "所反映的文号与决定书一致" in text(page)
    assert state_of(system, report["id"]) == "rejected"
    assert f'href="/corrections/{report["id"]}"' in section(ok(boss.get("/corrections/")), "rejected")


def test_who_may_see_it(system, report, login, client):
    assert ok(login("dadui").get("/corrections/"), 403)
    assert ok(client.get(f"/corrections/{report['id']}"), 403)
    assert ok(client.post(f"/corrections/{report['id']}/accept", data={"command_id": "x"}), 403)
    client.post("/logout")
    other = login("kaifaqu")
    assert f"/corrections/{report['id']}" not in ok(other.get("/corrections/")).text
    assert "不在您的管辖范围内" in text(ok(other.get(f"/corrections/{report['id']}"), 403))
    assert ok(other.post(f"/corrections/{report['id']}/accept", data={"command_id": "y"}), 403)
    assert state_of(system, report["id"]) == "submitted"
    client.post("/logout")
    admin = ok(login("admin").get(f"/corrections/{report['id']}"))
    assert CONTACT not in admin.text and "仅办理的支队（调度）人员可见" in text(admin)
    assert ok(client.get("/corrections/not-a-report"), 404)
