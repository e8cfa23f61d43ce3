"""行政处罚决定公开 as anyone sees it, on the demo: the 2026 penalty of 250,000 yuan by year
and jurisdiction (name or code), a revised decision in place of the first, nothing past its
publication period, the CSV in the national credit system's fields, the ledger checkpoint,
Chinese refusals of bad filters, and no officer named."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from domain.base import Actor
from projections.public_unit import CREDIT_FIELDS
from projections.tables import inspectors, tasks
from tests.support.credit import DEMO_CODE, DEMO_DECISION, DEMO_UNIT, demo_unit, penalise, revise
from tests.support.pages import text
from workers.demo.load import load_demo
from workers.ledger import make_checkpoint

ROW = (f"{DEMO_UNIT} {DEMO_CODE} {DEMO_DECISION} 2#生产线除尘设施布袋破损，颗粒物超过排放标准排放 "
       "《中华人民共和国大气污染防治法》第九十九条第二项 罚款250,000.00元 2026-09-25 昌吉回族自治州生态环境局 2029-09-25")


@pytest.fixture
def demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    system.projector.catch_up()
    return system


def listed(client, **args):
    return client.get("/public/penalties", query_string=args)


def test_the_demo_penalty_is_listed_by_year_and_jurisdiction(client, demo):
    for args in ({}, {"year": "2026"}, {"year": "2026", "jurisdiction": "阜康市"},
                 {"jurisdiction": "652302"}, {"jurisdiction": "昌吉州"}):
        response = listed(client, **args)
        assert response.status_code == 200, args
        assert ROW in text(response), args
    seen = text(listed(client, year="2026", jurisdiction="阜康市"))
    assert "行政处罚决定公开 · 2026年 · 阜康市" in seen and "第 1 页，共 1 条" in seen
    for args in ({"year": "2025"}, {"jurisdiction": "库尔勒经济技术开发区"}):
        seen = text(listed(client, **args))
        assert DEMO_DECISION not in seen and "没有公示期内的行政处罚决定" in seen, args


def test_nobody_acting_for_the_bureau_is_named(client, demo):
    unit, _place = demo_unit(demo)
    with demo.engine.connect() as conn:
        officers = {o for row in conn.execute(select(tasks.c.officers).where(tasks.c.target_id == unit.hex)).scalars()
                    for o in row}
        names = conn.execute(select(inspectors.c.name, inspectors.c.cert_no).where(inspectors.c.id.in_(officers))).all()
    assert names
    seen = text(listed(client))
    for name, cert in names:
        assert name not in seen and cert not in seen


def test_bad_filters_are_refused_in_chinese(client, demo):
    bad_year = listed(client, year="二〇二六")
    assert bad_year.status_code == 422 and "年度应为2000至2100之间的四位数字" in text(bad_year)
    assert DEMO_DECISION not in text(bad_year)
    nowhere = listed(client, jurisdiction="火星")
    assert nowhere.status_code == 422 and "辖区“火星”不存在（可填写辖区名称或代码）" in text(nowhere)
    csv_refused = client.get("/public/penalties.csv", query_string={"year": "1900"})
    assert csv_refused.status_code == 422 and "年度应为" in csv_refused.get_data(as_text=True)


def test_past_its_publication_period_a_penalty_is_not_listed(client, demo, monkeypatch):
    from webapp.public import penalties

    monkeypatch.setattr(penalties, "today", lambda: date(2029, 9, 25))
    assert ROW in text(listed(client))
    monkeypatch.setattr(penalties, "today", lambda: date(2029, 9, 26))
    seen = text(listed(client))
    assert DEMO_DECISION not in seen and "没有公示期内的行政处罚决定" in seen
    assert DEMO_DECISION not in client.get("/public/penalties.csv").get_data(as_text=True)


def test_a_revised_decision_is_listed_in_place_of_the_first(client, demo):
    problem = penalise(demo, "l1", fine="300000.00", decision_no="昌州环罚〔2026〕80号")
    demo.projector.catch_up()
    assert "昌州环罚〔2026〕80号" in text(listed(client, year="2026"))
    revise(demo, problem, fine="120000.00", decision_no="昌州环罚〔2026〕80-1号")
    demo.projector.catch_up()
    seen = text(listed(client, year="2026"))
    assert ("昌州环罚〔2026〕80-1号 已变更 危险废物贮存间未做防渗 《固体废物污染环境防治法》第一百一十二条 "
            "罚款120,000.00元；警告 2026-11-20 昌吉回族自治州生态环境局 2027-11-20") in seen
    assert "昌州环罚〔2026〕80号" not in seen and "第 1 页，共 2 条" in seen
    # the latest decision first
    assert seen.index("昌州环罚〔2026〕80-1号") < seen.index(DEMO_DECISION)


def test_the_csv_has_the_national_fields(client, demo):
    response = client.get("/public/penalties.csv", query_string={"year": "2026", "jurisdiction": "阜康市"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert tuple(rows[0]) == CREDIT_FIELDS and len(rows) == 2
    record = dict(zip(rows[0], rows[1]))
    assert (record["行政相对人名称"], record["统一社会信用代码"], record["行政处罚决定书文号"]) == (
        DEMO_UNIT, DEMO_CODE, DEMO_DECISION)
    assert (record["处罚内容"], record["罚款金额（万元）"], record["公示截止期"]) == (
        "罚款250000.00元", "25.000000", "2029-09-25")
    page = listed(client, year="2026", jurisdiction="阜康市").text
    assert 'href="/public/penalties.csv?' in page


def test_the_latest_checkpoint_is_printed(client, demo):
    assert "账本尚未签署检查点" in text(listed(client))
    mark = make_checkpoint(demo, Actor("cli", "admin"))
    seen = text(listed(client))
    assert f"位置 {mark['position']}" in seen and mark["chain_hash"] in seen
