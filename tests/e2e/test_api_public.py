"""The public JSON API as anyone calls it, without a token, on the demo: the same figures,
rows and files as the /public pages (the Korla zone's 2022 Q2 table, the penalty, the units,
a drawn plan and its proof), the same Chinese refusals, answers that fit the OpenAPI
document, and nothing personal: no officer, no reviewer, no reporter's contact.

The demo is loaded once for the module: these tests only read."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from projections.tables import inspectors, tasks
from tests.e2e.test_public_disclosure import KORLA, officer_names, seed_rows, table_rows
from tests.e2e.test_public_units import private_names
from tests.support.credit import DEMO_CODE, DEMO_DECISION, DEMO_UNIT, demo_unit
from tests.support.openapi import assert_matches_openapi
from tests.support.pages import text

API = "/api/v1"
ASKED = {"quarter": "2022Q2", "jurisdiction": KORLA}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo in a store of its own, and an app on it, for the whole module."""
    from projections.system import Settings, open_system
    from webapp import create_app
    from workers.demo.load import load_demo

    var = tmp_path_factory.mktemp("api-demo") / "var"
    system = open_system(Settings(var_dir=var))
    load_demo(system, "default", echo=lambda *_: None)
    system.projector.catch_up()
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SHUANGSUI_SETTINGS": {"var_dir": var}},
                     system=system)
    yield system, app
    system.close()


@pytest.fixture
def client(demo):
    return demo[1].test_client()


def ok(client, path: str, **query):
    response = client.get(API + path, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    if response.mimetype == "application/json" and not path.endswith(".json"):
        assert_matches_openapi(client.application, response, API + path)
    return response


def refused(client, path: str, status: int, **query) -> dict:
    response = client.get(API + path, query_string=query)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert_matches_openapi(client.application, response, API + path)
    return response.get_json()


def cells(item: dict) -> list[str]:
    return [str(item[k]) for k in ("no", "place", "unit", "source_type", "inspected_on", "result", "description")]


# -- the disclosure table ---------------------------------------------------------------------------
def test_the_table_is_the_page_s_13_rows_a_page_at_a_time(client):
    first = ok(client, "/public/disclosure", **ASKED, per_page=5).get_json()
    assert first["total"] == 13 and first["quarter"] == "2022Q2" and first["provisional"] is False
    assert first["jurisdiction"] == {"code": "652800-KF", "name": KORLA} and first["period"] == "2022年第二季度"
    rows = [cells(i) for i in first["items"]]
    for page in (2, 3):
        rows += [cells(i) for i in ok(client, "/public/disclosure", **ASKED, per_page=5, page=page).get_json()["items"]]
    assert rows == seed_rows()
    whole = ok(client, "/public/disclosure", **ASKED).get_json()
    assert [cells(i) for i in whole["items"]] == table_rows(client.get("/public/disclosure", query_string=ASKED))
    assert whole["columns"] == ["序号", "检查地区", "污染源名称", "污染源类型", "检查时间", "检查结果", "情况说明"]


def test_no_officer_of_the_table_is_named(demo, client):
    names = officer_names(demo[0])
    assert names
    body = ok(client, "/public/disclosure", **ASKED).get_data(as_text=True)
    assert not any(name in body for name in names)


def test_by_default_the_page_s_quarter_and_top_jurisdiction(client):
    found = ok(client, "/public/disclosure").get_json()
    page = client.get("/public/disclosure")
    assert f'value="{found["quarter"]}"' in page.text and found["jurisdiction"]["code"] == "650000"
    assert f"共 {found['total']} 条" in text(page)


@pytest.mark.parametrize("args, field, message", [
    ({"quarter": "2022Q5", "jurisdiction": KORLA}, "quarter", "“2022Q5”不是季度，应写作如 2022Q2"),
    ({"quarter": "2099Q1", "jurisdiction": KORLA}, "quarter", "2099Q1 尚未开始，没有可公开的抽查结果"),
    ({"quarter": "2022Q2", "jurisdiction": "火星开发区"}, "jurisdiction",
     "辖区“火星开发区”不存在，请从列表中选择（可填写辖区名称或代码）"),
    ({**ASKED, "page": "0"}, "page", "页码应为正整数"),
    ({**ASKED, "per_page": "500"}, "per_page", "每页条数应在1至200之间"),
])
def test_bad_filters_are_422_field_by_field_in_chinese(client, args, field, message):
    body = refused(client, "/public/disclosure", 422, **args)
    assert body["errors"]["query"][field] == [message]
    if field != "per_page":  # the page has no per_page: the rest it refuses with the same words
        assert message in text(client.get("/public/disclosure", query_string=args))


@pytest.mark.parametrize("path", ["/public/disclosure", "/public/disclosure.csv"])
@pytest.mark.parametrize("quarter", ["0000Q1", "9999Q4"])
def test_a_quarter_with_no_dates_is_refused_not_a_crash(client, path, quarter):
    body = refused(client, path, 422, quarter=quarter)
    assert body["message"] == f"期间“{quarter}”的年份应在1900至2200之间"


def test_the_downloads_are_the_page_s_files(client):
    for fmt in ("csv", "json", "xlsx"):
        api = ok(client, f"/public/disclosure.{fmt}", **ASKED)
        page = client.get(f"/public/disclosure.{fmt}", query_string=ASKED)
        assert api.mimetype == page.mimetype and api.headers["Content-Disposition"] == page.headers["Content-Disposition"]
        if fmt == "csv":
            assert api.data == page.data
        elif fmt == "json":  # the same rows; only the moment it was made differs
            assert json.loads(api.data)["rows"] == json.loads(page.data)["rows"]
    assert "尚未开始" in refused(client, "/public/disclosure.csv", 422, quarter="2099Q1")["message"]
    listed = ok(client, "/public/disclosure", **ASKED).get_json()["downloads"]
    assert client.get(listed["csv"]).data == client.get("/public/disclosure.csv", query_string=ASKED).data


# -- penalties, units ---------------------------------------------------------------------------------
def test_the_penalty_is_listed_as_on_the_page(client):
    found = ok(client, "/public/penalties").get_json()
    page = client.get("/public/penalties")
    assert found["total"] == len(re.findall(r"<tr data-decision=", page.text)) == 1
    row = found["items"][0]
    assert (row["unit_name"], row["credit_code"], row["decision_no"]) == (DEMO_UNIT, DEMO_CODE, DEMO_DECISION)
    assert row["fine"] == "250000.00" and row["content"] == "罚款250000.00元"
    assert row["publish_until"] in text(page) and row["issuing_body"] in text(page)
    assert found["years"] == [int(y) for y in re.findall(r'<option value="(\d{4})"', page.text)]
    year = found["years"][0]
    assert ok(client, "/public/penalties", year=year, jurisdiction="阜康市").get_json()["total"] == 1
    assert ok(client, "/public/penalties", year=year - 5).get_json()["total"] == 0
    assert refused(client, "/public/penalties", 422, year="26")["errors"]["query"]["year"] == [
        "年度应为2000至2100之间的四位数字，如 2026"]
    assert "辖区“火星”不存在" in refused(client, "/public/penalties", 422, jurisdiction="火星")["message"]
    assert "辖区“火星”不存在" in refused(client, "/public/penalties.csv", 422, jurisdiction="火星")["message"]
    assert ok(client, "/public/penalties.csv").data == client.get("/public/penalties.csv").data


def test_units_are_found_as_on_the_page(client):
    found = ok(client, "/public/units", q="铁合金", per_page=200).get_json()
    page = client.get("/public/units", query_string={"q": "铁合金"})
    shown = re.findall(r'<tr data-id="([0-9a-f]{32})">', page.text)
    assert found["total"] > 1 and len(shown) == min(found["total"], 50)
    assert [u["id"] for u in found["items"]][:len(shown)] == shown
    assert ok(client, "/public/units", q=DEMO_CODE[:12]).get_json()["items"][0]["name"] == DEMO_UNIT


def test_a_unit_s_public_page_as_json(demo, client):
    system, _app = demo
    unit_id = demo_unit(system)[0].hex
    found = ok(client, f"/public/units/{unit_id}").get_json()
    seen = text(client.get(f"/public/units/{unit_id}"))
    assert (found["name"], found["credit_code"], found["jurisdiction_name"]) == (DEMO_UNIT, DEMO_CODE, "阜康市")
    assert [r["inspected_on"] for r in found["results"]] == ["2026-07-14"]  # not the unpublished follow-up
    assert found["results"][0]["result"] == "发现问题，作出行政处罚决定" and found["results"][0]["description"] in seen
    assert [p["decision_no"] for p in found["penalties"]] == [DEMO_DECISION]
    grid = found["grid"]
    assert len(grid["quarters"]) == 12 and grid["quarters"][-1] == "2026Q4"
    q3 = grid["quarters"].index("2026Q3")
    assert [grid[r]["cells"][q3] for r in ("inspected", "problems", "penalties")] == [1, 1, 1]
    assert grid["fines_total"] == "250000.00"
    assert {s["code"] for s in found["correction_subjects"]} == {"result", "penalty", "unit", "other"}
    body = json.dumps(found, ensure_ascii=False)
    for name in private_names(system, unit_id):
        assert name not in body, name
    assert refused(client, "/public/units/" + "0" * 32, 404)["message"] == "监管对象不存在"


# -- plans --------------------------------------------------------------------------------------------
def test_a_drawn_plan_with_its_draw_and_proof(demo, client):
    system, _app = demo
    listed = ok(client, "/public/plans").get_json()
    page = client.get("/public/")
    assert sorted(p["id"] for p in listed["items"]) == sorted(re.findall(r'<tr data-id="([0-9a-f]{32})">', page.text))
    overview = ok(client, "/public").get_json()
    assert overview["plans"] == listed["total"] and f"覆盖 {overview['places']} 个辖区" in text(page)
    assert f"重点监管对象 {overview['units']['key']}家" in text(page)

    executed = next(p for p in listed["items"] if p["state"] == "executed")
    found = ok(client, f"/public/plans/{executed['id']}").get_json()
    plan_page = client.get(f"/public/plans/{executed['id']}")
    drawn = [u["name"] for s in found["strata"] for u in s["drawn"]]
    listed_on_page = [li for ol in re.findall(r'<ol class="units">(.*?)</ol>', plan_page.text, re.S)
                      for li in re.findall(r"<li>(.*?)<span", ol, re.S)]
    assert drawn and [" ".join(li.split()).split(" · ")[0] for li in listed_on_page] == drawn
    assert found["proof"]["seed"] in plan_page.text and found["proof"]["secret"] in plan_page.text
    assert found["commitment_hash"] in plan_page.text and found["state_label"] == "已抽取"
    bundle = client.get(found["proof"]["bundle"])
    assert bundle.status_code == 200 and bundle.data == client.get(f"/public/plans/{executed['id']}/bundle.json").data
    body = json.dumps(found, ensure_ascii=False)
    drawn_officers = _officers_of(system, executed["id"])
    assert drawn_officers  # officers were drawn for the plan's tasks: the public answer names none
    for name in drawn_officers:
        assert name not in body, name
    committed = next(p for p in listed["items"] if p["state"] == "committed")
    waiting = ok(client, f"/public/plans/{committed['id']}").get_json()
    assert waiting["proof"] is None and all(s["drawn"] is None for s in waiting["strata"])
    assert refused(client, "/public/plans/" + "0" * 32, 404)["message"] == "抽查计划不存在或尚未公开"


def _officers_of(system, plan_id: str) -> set[str]:
    """The names and certificate numbers of the officers drawn for the plan's tasks."""
    with system.engine.connect() as conn:
        ids = {o for team in conn.execute(select(tasks.c.officers).where(tasks.c.plan_id == plan_id)).scalars()
               for o in team}
        found = conn.execute(select(inspectors.c.name, inspectors.c.cert_no).where(inspectors.c.id.in_(ids))).all()
    return {v for pair in found for v in pair}


def test_the_algorithm_and_verifiers_are_the_page_s_files(client):
    for path in ("/public/draw-algorithm.md", "/public/draw_verify.py", "/ledger/ledger_verify.py"):
        assert ok(client, path).data == client.get(path).data


def test_nothing_here_needs_a_login_and_the_document_says_so(client):
    spec = client.get("/api/openapi.json").get_json()
    public = [p for p in spec["paths"] if p.startswith(API + "/public")]
    assert len(public) >= 12
    for path in public:
        assert spec["paths"][path]["get"]["security"] == [], path
    assert client.get(API + "/jobs").status_code == 401  # while the rest of the API wants one
