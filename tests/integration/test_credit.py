"""The credit record (信用记录) from the demo: the 2026 penalty of 250,000 yuan reaches
credit_entries with a three-year publication period; a revised decision replaces its entry;
`shuangsui credit export` writes the entries in the national credit system's fields."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal


from projections.public_unit import credit_record, disclosed, entries, find_units, penalty_content, public_grid
from tests.support.credit import (DEMO_CODE, DEMO_DECISION, DEMO_UNIT, demo, demo_app, demo_unit,  # noqa: F401
                                  entry_rows, penalise, revise)



def test_the_demo_penalty_enters_the_credit_record_for_three_years(demo):
    rows = entry_rows(demo)
    assert [r["decision_no"] for r in rows] == [DEMO_DECISION]
    e = rows[0]
    assert (e["decided_on"], e["publish_until"]) == (date(2026, 9, 25), date(2029, 9, 25))  # ≥ 200,000 yuan: serious
    assert e["fine_fen"] == 25_000_000 and e["revised"] is False
    assert e["issuing_body"] == "昌吉回族自治州生态环境局" and "颗粒物" in e["facts"]


def test_a_general_penalty_is_published_for_one_year(demo):
    penalise(demo, "g1", fine="5000.00", decision_no="昌州环罚〔2026〕61号")
    e = next(r for r in entry_rows(demo) if r["decision_no"] == "昌州环罚〔2026〕61号")
    assert (e["publish_until"], e["fine_fen"], e["other_sanctions"]) == (date(2027, 11, 18), 500_000, ["警告"])


def test_a_revised_decision_replaces_its_entry(demo):
    problem = penalise(demo, "r1", fine="250000.00", decision_no="昌州环罚〔2026〕62号")
    first = next(r for r in entry_rows(demo) if r["problem_id"] == problem.hex)
    assert (first["decision_no"], first["revised"], first["publish_until"]) == ("昌州环罚〔2026〕62号", False,
                                                                                 date(2029, 11, 18))
    revise(demo, problem, fine="150000.00", decision_no="昌州环罚〔2026〕62-1号")
    mine = [r for r in entry_rows(demo) if r["problem_id"] == problem.hex]
    assert len(mine) == 1 and mine[0]["id"] == first["id"]  # replaced in place: one entry per decision in force
    e = mine[0]
    assert (e["decision_no"], e["fine_fen"], e["revised"]) == ("昌州环罚〔2026〕62-1号", 15_000_000, True)
    # below 200,000 yuan the revised decision is a general one: a year from its own date
    assert (e["decided_on"], e["publish_until"]) == (date(2026, 11, 20), date(2027, 11, 20))
    assert "昌州环罚〔2026〕62号" not in {r["decision_no"] for r in entry_rows(demo)}


def test_credit_record_fields():
    row = {"unit_name": "某公司（二厂）", "credit_code": DEMO_CODE, "decision_no": "X号", "facts": "超标",
           "legal_basis": "某法", "fine_fen": 1_234_567, "other_sanctions": ["警告", "责令停产整治"],
           "decided_on": date(2026, 1, 2), "publish_until": date(2027, 1, 2), "issuing_body": "某局"}
    record = credit_record(row)
    assert record["处罚内容"] == "罚款12345.67元；警告；责令停产整治"
    assert record["罚款金额（万元）"] == "1.234567"
    assert (record["处罚决定日期"], record["公示截止期"]) == ("2026-01-02", "2027-01-02")
    assert list(record)[0] == "行政相对人名称" and record["行政相对人名称"] == "某公司（二厂）"
    assert penalty_content(0, ["警告"]) == "警告"


def test_entries_in_the_publication_period_only_when_asked(demo):
    with demo.engine.connect() as conn:
        shown, n = entries(conn, today=date(2029, 9, 25))
        gone, m = entries(conn, today=date(2029, 9, 26))
        every, k = entries(conn)
    assert (n, [r["decision_no"] for r in shown]) == (1, [DEMO_DECISION])
    assert (m, gone) == (0, [])
    assert k == 1 and every[0]["unit_name"] == DEMO_UNIT


def test_the_public_queries_of_a_unit(demo):
    unit, _place = demo_unit(demo)
    with demo.engine.connect() as conn:
        found, n = find_units(conn, DEMO_CODE[:10].lower(), 1, 50)
        by_name, _n = find_units(conn, "荣隆", 1, 50)
        results = disclosed(conn, unit.hex)
        grid = public_grid(conn, unit.hex, date(2026, 11, 22))
        under, k = entries(conn, today=date(2026, 11, 22), path="/650000/652300/")
        elsewhere, m = entries(conn, today=date(2026, 11, 22), path="/650000/652800/")
    assert unit.hex in {r["id"] for r in found} and [r["name"] for r in by_name] == [DEMO_UNIT]
    assert [(r["inspected_on"], r["text"]) for r in results] == [(date(2026, 7, 14), "发现问题，作出行政处罚决定")]
    q3 = [q.label for q in grid["quarters"]].index("2026Q3")
    assert [grid["rows"][r]["cells"][q3] for r in ("inspected", "problems", "penalties")] == [1, 1, 1]
    assert grid["fines"][q3] == Decimal("250000.00") and grid["rows"]["inspected"]["total"] == 1
    assert (k, m, elsewhere) == (1, 0, []) and under[0]["decision_no"] == DEMO_DECISION


# -- shuangsui credit export ----------------------------------------------------------------
def export(app, *args: str):
    from webapp.cli_credit import credit_group

    return app.test_cli_runner().invoke(credit_group, ["export", *args])


def test_credit_export_writes_the_national_fields(demo_app, system, tmp_path):
    app, demo = demo_app, system
    problem = penalise(demo, "e1", fine="250000.00", decision_no="昌州环罚〔2026〕63号")
    revise(demo, problem, fine="30000.00", decision_no="昌州环罚〔2026〕63-1号")
    out = tmp_path / "entries.json"
    result = export(app, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "已导出行政处罚信息 2 条" in result.output
    text = out.read_text(encoding="utf-8")
    assert DEMO_UNIT in text  # ensure_ascii=False: Chinese as Chinese
    records = json.loads(text)
    assert [r["行政处罚决定书文号"] for r in records] == [DEMO_DECISION, "昌州环罚〔2026〕63-1号"]
    first = records[0]
    assert first == {"行政相对人名称": DEMO_UNIT, "统一社会信用代码": DEMO_CODE, "行政处罚决定书文号": DEMO_DECISION,
                     "违法事实": "2#生产线除尘设施布袋破损，颗粒物超过排放标准排放",
                     "处罚依据": "《中华人民共和国大气污染防治法》第九十九条第二项", "处罚内容": "罚款250000.00元",
                     "罚款金额（万元）": "25.000000", "处罚决定日期": "2026-09-25", "公示截止期": "2029-09-25",
                     "处罚机关": "昌吉回族自治州生态环境局"}
    assert records[1]["处罚内容"] == "罚款30000.00元；警告" and records[1]["公示截止期"] == "2027-11-20"


def test_credit_export_by_date_and_jurisdiction(demo_app, tmp_path):
    app = demo_app
    out = tmp_path / "entries.json"
    result = export(app, "--since", "2026-10-01", "-o", str(out))
    assert result.exit_code == 0 and "0 条" in result.output and json.loads(out.read_text("utf-8")) == []
    result = export(app, "--since", "2026-09-25", "--jurisdiction", "阜康市", "-o", str(out))
    assert "1 条" in result.output and len(json.loads(out.read_text("utf-8"))) == 1
    result = export(app, "--jurisdiction", "库尔勒经济技术开发区", "-o", str(out))
    assert "0 条" in result.output
    result = export(app, "--jurisdiction", "火星", "-o", str(out))
    assert result.exit_code == 2 and "辖区“火星”不存在" in result.output
    result = export(app, "--since", "2026/1/1", "-o", str(out))
    assert result.exit_code == 2 and "格式不正确" in result.output
