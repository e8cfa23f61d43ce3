"""A unit's public page as anyone sees it, on the demo: its directory entry, its published
results (never one withheld or still in review), its penalty while the publication period
lasts (a revised decision shows as revised), twelve quarters made only of those, the ledger
checkpoint; the unit search; and the "report a data error" form: CSRF, bad input refused in
Chinese with nothing written, a good report recorded once, a flood from one address
stopped. No officer name and no reporter's contact ever shows."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

import pytest
from sqlalchemy import func, select

from domain.base import Actor
from projections.public_tables import corrections, disclosures
from projections.tables import inspectors, targets, tasks, users
from tests.support.credit import DEMO_CODE, DEMO_DECISION, DEMO_UNIT, demo_unit, penalise, revise
from workers.demo.stories import TODAY as DEMO_TODAY
from tests.support.pages import text
from workers import publication
from workers.demo.load import load_demo
from workers.ledger import make_checkpoint

ADMIN = Actor("cli", "admin")
CONTACT = "13800138000 李女士"


@pytest.fixture
def demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    system.projector.catch_up()
    return system


@pytest.fixture
def unit_id(demo) -> str:
    return demo_unit(demo)[0].hex


def page(client, unit_id: str, address: str = "10.0.0.1"):
    return client.get(f"/public/units/{unit_id}", environ_base={"REMOTE_ADDR": address})


def post(client, unit_id: str, address: str, **data):
    return client.post(f"/public/units/{unit_id}/correction", data=data, environ_base={"REMOTE_ADDR": address})


def report_count(system) -> int:
    """Reports made through the form (the demo's own report, from its loader, not counted)."""
    system.projector.catch_up()
    with system.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(corrections)
                            .where(corrections.c.submitted_on != DEMO_TODAY)).scalar()


def private_names(system, unit_id: str) -> set[str]:
    """Who worked on the unit's tasks (officers, certificate numbers) and who reviewed them."""
    with system.engine.connect() as conn:
        officers = {o for row in conn.execute(select(tasks.c.officers).where(tasks.c.target_id == unit_id)).scalars()
                    for o in row}
        found = conn.execute(select(inspectors.c.name, inspectors.c.cert_no)
                             .where(inspectors.c.id.in_(officers))).all()
        reviewers = set(conn.execute(select(disclosures.c.reviewed_by).where(disclosures.c.reviewed_by != "")).scalars())
        names = conn.execute(select(users.c.display_name).where(users.c.username.in_(reviewers))).scalars().all()
    assert found, "the demo's penalised unit was inspected by named officers"
    return {n for pair in found for n in pair} | set(names)


def test_the_unit_page_shows_what_was_published_and_the_penalty(client, demo, unit_id):
    response = page(client, unit_id)
    assert response.status_code == 200
    seen = text(response)
    for shown in (DEMO_UNIT, DEMO_CODE, "阜康市", "铁合金冶炼", "重点监管对象", "新疆昌吉州阜康市阜康工业园区纬四路114号",
                  "2026-07-14 发现问题，作出行政处罚决定 颗粒物超标排放，责令改正逾期未改正，依法作出行政处罚决定（罚款25万元）",
                  f"{DEMO_DECISION} 2026-09-25 2#生产线除尘设施布袋破损，颗粒物超过排放标准排放 "
                  "《中华人民共和国大气污染防治法》第九十九条第二项 250,000.00元 — 昌吉回族自治州生态环境局 2029-09-25",
                  "账本尚未签署检查点"):
        assert shown in seen, shown
    # the re-inspection of August was completed but its result is not published yet
    assert "2026-08-06" not in seen
    for name in private_names(demo, unit_id):
        assert name not in seen, name


def test_the_twelve_quarters_count_only_public_records(client, demo, unit_id):
    html = page(client, unit_id).text
    grid = html[html.index('id="compliance"'):html.index('id="correction"')]
    quarters = re.findall(r'<th data-quarter="(\d{4}Q\d)">', grid)
    assert quarters[0] == "2024Q1" and quarters[-1] == "2026Q4" and len(quarters) == 12

    def cell(row: str, quarter: str) -> str:
        tr = re.search(rf'<tr data-row="{row}">(.*?)</tr>', grid, re.S).group(1)
        return re.search(rf'<td data-quarter="{quarter}" data-n="(\d+)"', tr).group(1)
    # Q3: one published result (with a problem) and the penalty; the unpublished follow-up of
    # 6 August is not counted
    assert [cell(r, "2026Q3") for r in ("inspected", "problems", "penalties")] == ["1", "1", "1"]
    assert "250,000.00元" in text(page(client, unit_id))
    assert all(cell(r, "2026Q2") == "0" for r in ("inspected", "problems", "penalties"))


def follow_up(system, unit_id: str) -> UUID:
    """The August re-inspection of the demo's penalised unit: completed, not yet disclosed."""
    with system.engine.connect() as conn:
        return UUID(conn.execute(select(disclosures.c.task_id).where(
            disclosures.c.target_id == unit_id, disclosures.c.state == "pending")).scalar_one())


def test_a_result_shows_once_published_not_while_in_review(client, demo, unit_id):
    task = follow_up(demo, unit_id)
    publication.review(demo, task, ADMIN, "r1", phrase="penalty", description="回头看未通过，已转立案查处")
    demo.projector.catch_up()
    assert "回头看未通过，已转立案查处" not in text(page(client, unit_id))
    publication.publish(demo, [task], ADMIN, "p1", published_on=date(2026, 11, 20), today=date(2026, 11, 20))
    demo.projector.catch_up()
    assert "2026-08-06 发现问题，作出行政处罚决定 回头看未通过，已转立案查处 2026-11-20" in text(page(client, unit_id))


def test_a_withheld_result_never_shows(client, demo, unit_id):
    task = follow_up(demo, unit_id)
    publication.withhold(demo, task, ADMIN, "w1", ground="public_security",
                         reason="涉及危化品储存布局的敏感信息", decided_by="局长办公会")
    demo.projector.catch_up()
    with demo.engine.connect() as conn:
        assert conn.execute(select(disclosures.c.state).where(disclosures.c.task_id == task.hex)).scalar() == "withheld"
    seen = text(page(client, unit_id))
    assert "2026-08-06" not in seen and "危化品储存布局" not in seen and "局长办公会" not in seen
    assert seen.count("发现问题，作出行政处罚决定") == 1


def test_a_penalty_past_its_publication_period_is_not_shown(client, demo, unit_id, monkeypatch):
    from webapp.public import units

    monkeypatch.setattr(units, "today", lambda: date(2029, 9, 25))
    assert DEMO_DECISION in text(page(client, unit_id))  # the last day of three years
    monkeypatch.setattr(units, "today", lambda: date(2029, 9, 26))
    seen = text(page(client, unit_id))
    assert DEMO_DECISION not in seen and "暂无公示期内的行政处罚信息" in seen
    assert "颗粒物超标排放，责令改正逾期未改正" in seen  # the published result stays


def test_a_revised_decision_shows_instead_of_the_first(client, demo, unit_id):
    problem = penalise(demo, "u1", fine="80000.00", decision_no="昌州环罚〔2026〕70号")
    revise(demo, problem, fine="50000.00", decision_no="昌州环罚〔2026〕70-1号")
    demo.projector.catch_up()
    seen = text(page(client, unit_id))
    assert "昌州环罚〔2026〕70-1号 已变更 2026-11-20 危险废物贮存间未做防渗" in seen
    assert "50,000.00元 警告" in seen and "昌州环罚〔2026〕70号" not in seen


def test_a_special_unit_shows_its_year_and_joint_review_basis(client, demo):
    with demo.engine.connect() as conn:
        special = conn.execute(select(targets).where(targets.c.category == "special")
                               .order_by(targets.c.name).limit(1)).mappings().one()
    seen = text(page(client, special["id"]))
    assert f"列入年度 {special['category_year']}" in seen
    assert f"联审依据 {special['category_basis']}" in seen


def test_search_by_name_or_credit_code(client, demo, unit_id):
    by_name = client.get("/public/units", query_string={"q": "荣隆"})
    assert by_name.status_code == 200 and f'href="/public/units/{unit_id}"' in by_name.text
    assert DEMO_CODE in text(by_name)
    by_code = client.get("/public/units", query_string={"q": DEMO_CODE[:12].lower()})
    assert f'href="/public/units/{unit_id}"' in by_code.text
    none = client.get("/public/units", query_string={"q": "不存在的公司名"})
    assert "没有符合条件的监管对象" in text(none)
    bad = client.get("/public/units", query_string={"page": "0"})
    assert bad.status_code == 422 and "页码应为正整数" in text(bad)
    missing = client.get("/public/units/" + "0" * 32)
    assert missing.status_code == 404 and "监管对象不存在" in text(missing)


# -- reporting a data error ------------------------------------------------------------------
def test_bad_reports_are_refused_in_chinese_and_write_nothing(client, demo, unit_id):
    empty = post(client, unit_id, "10.0.1.1", command_id="c-bad1", subject="", details="  ", contact=CONTACT)
    assert empty.status_code == 422
    seen = text(empty)
    assert "提交未成功，未作任何记录" in seen and "纠错类别：必填" in seen and "纠错内容：必填" in seen
    assert CONTACT not in empty.text  # not even echoed back
    unknown = post(client, unit_id, "10.0.1.1", command_id="c-bad2", subject="rumour", details="名称写错了")
    assert unknown.status_code == 422 and "纠错类别不存在，可选：检查结果有误、处罚信息有误、单位信息有误、其他" in text(unknown)
    long = post(client, unit_id, "10.0.1.1", command_id="c-bad3", subject="unit", details="错" * 2001)
    assert long.status_code == 422 and "纠错内容：不能超过2000个字" in text(long)
    assert report_count(demo) == 0


def test_a_good_report_is_recorded_once_and_its_contact_stays_private(client, demo, unit_id):
    data = dict(command_id="c-good", subject="penalty", details="处罚决定书文号有误，应为27号之一", contact=CONTACT)
    done = post(client, unit_id, "10.0.2.1", **data)
    assert done.status_code == 200
    seen = text(done)
    reference = re.search(r"受理编号：\s*([0-9a-f]{8})", seen).group(1)
    assert "将核实处理并予以答复" in seen and CONTACT not in done.text
    assert post(client, unit_id, "10.0.2.1", **data).status_code == 200  # the same form sent twice
    demo.projector.catch_up()
    with demo.engine.connect() as conn:
        rows = conn.execute(select(corrections).where(corrections.c.target_id == unit_id)).mappings().all()
    assert len(rows) == 1
    row = rows[0]
    assert row["id"].startswith(reference) and row["target_id"] == unit_id
    assert (row["state"], row["subject"], row["contact"]) == ("submitted", "penalty", CONTACT)
    assert row["jurisdiction_path"] == "/650000/652300/652302/"
    for path in (f"/public/units/{unit_id}", "/public/penalties", "/public/units?q=荣隆"):
        assert CONTACT not in client.get(path).text and "13800138000" not in client.get(path).text


def test_one_address_may_not_flood_the_supervisors(client, demo, unit_id):
    for n in range(5):
        assert post(client, unit_id, "10.0.3.1", command_id=f"c-flood{n}", subject="other",
                    details=f"第{n}条").status_code == 200
    stopped = post(client, unit_id, "10.0.3.1", command_id="c-flood5", subject="other", details="第6条")
    assert stopped.status_code == 429 and "提交过于频繁，请5分钟后再试" in text(stopped)
    assert report_count(demo) == 5
    # another address is not held back
    assert post(client, unit_id, "10.0.3.2", command_id="c-other", subject="other", details="另一人").status_code == 200


def test_the_form_needs_its_csrf_token(demo, tmp_path, unit_id):
    from webapp import create_app

    app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path / "var"}}, system=demo)
    client = app.test_client()
    html = page(client, unit_id, "10.0.4.1").text
    form = re.search(r'<form method="post" action="/public/units/[0-9a-f]+/correction">(.*?)</form>', html, re.S)
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]+)"', form.group(1)))
    assert set(hidden) == {"csrf_token", "command_id"}
    forged = post(client, unit_id, "10.0.4.1", command_id="forged", subject="unit", details="伪造的提交")
    assert forged.status_code == 400 and "CSRF" in forged.text and report_count(demo) == 0
    sent = post(client, unit_id, "10.0.4.1", subject="unit", details="单位地址已变更", **hidden)
    assert sent.status_code == 200 and report_count(demo) == 1


def test_the_latest_checkpoint_is_printed(client, demo, unit_id):
    mark = make_checkpoint(demo, ADMIN)
    seen = text(page(client, unit_id))
    assert f"位置 {mark['position']}" in seen and mark["chain_hash"] in seen
