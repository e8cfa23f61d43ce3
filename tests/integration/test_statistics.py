"""The statistics of a quarter, on a history made with real commands (SQLite and PostgreSQL):
昌吉市 draws its 2026Q3 plan and works the drawn tasks (an order left open past its deadline,
two penalties, guidance, a seal-up), 阜康市 has no plan and answers a 12369 complaint with a
transfer to the police; some work falls in Q4. Every figure is checked against counts made
here from the read rows, one row at a time, not against numbers written into the test."""


from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from projections import board, statistics
from projections.board import Filters
from projections.compliance import compliance_grid
from projections.scope import Scope
from projections.tables import jurisdictions, plans, problems, tasks
from tests.support.statistics import FINES, Q3, RANDOM, TODAY, build_quarter, expected_table, in_q3

@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def quarter(request):
    s = request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")
    return s, build_quarter(s)


def prefecture(conn) -> Scope:
    return Scope((conn.execute(select(jurisdictions.c.path).where(jurisdictions.c.code == "652300")).scalar(),))


def test_the_category_table_equals_the_rows_counted_one_by_one(quarter):
    s, ids = quarter
    with s.engine.connect() as conn:
        scope = prefecture(conn)
        table = {r["category"]: r for r in statistics.category_table(conn, scope, *Q3)}
        minimums = conn.execute(select(plans.c.minimums).where(plans.c.id == ids["plan"].hex)).scalar()
        expected = expected_table(conn, scope.paths[0], minimums)
    figures = [*statistics.FIGURES, "fines_fen", "minimum"]
    for category in statistics.CATEGORIES:
        got = table[category]
        assert {f: got[f] for f in figures} == {f: expected[category][f] for f in figures}, category
        assert got["met"] and not got["estimated"]  # the plan drew what its minimum asked for
    total = table["total"]
    assert all(total[f] == sum(e[f] for e in expected.values()) for f in statistics.FIGURES)
    # the sums of money, exact to the fen: 12345.67 + 0.05 (the 100.00 of October is Q4's)
    assert total["fines"] == sum(FINES) == Decimal("12345.72")
    assert table["key"]["fines"] == FINES[0] and table["general"]["fines"] == FINES[1]
    # what the story was: 5 inspections (one off-site, one targeted), 4 problems, 2 penalties
    assert (total["inspected"], total["off_site"], total["targeted"], total["problems"], total["penalties"]) == \
        (5, 1, 1, 4, 2)
    assert total["rate"] == Decimal("80.0")
    assert total["disclosed"] == total["disclosed_on_time"] == 0  # none published (see test_official_reports)


def test_a_county_with_no_plan_gets_a_minimum_from_the_rules_and_misses_it(quarter):
    s, _ids = quarter
    with s.engine.connect() as conn:
        path = conn.execute(select(jurisdictions.c.path).where(jurisdictions.c.code == "652302")).scalar()
        table = {r["category"]: r for r in statistics.category_table(conn, Scope((path,)), *Q3)}
    key, special, general = table["key"], table["special"], table["general"]
    assert key["estimated"] and key["minimum"] == 1 and key["drawn"] == 0 and not key["met"]  # 2 × 25 %
    assert special["minimum"] == 0 and special["met"]  # no special unit
    assert general["minimum"] == 5 and not general["met"]  # 2 officers × 10 a year, a quarter of it
    assert "274号" in key["basis"] and not table["total"]["met"]


def test_every_figure_counts_as_many_rows_as_its_list_shows(quarter):
    s, _ids = quarter
    with s.engine.connect() as conn:
        scope = prefecture(conn)
        table = statistics.category_table(conn, scope, *Q3)
        for row in table:
            category = None if row["category"] == "total" else row["category"]
            f = Filters(start=Q3[0], end=Q3[1], category=category)
            for figure, (listing, measure, kind) in statistics.FIGURES.items():
                extra = board.now_clauses(listing, TODAY, disposition=kind)
                assert board.count(conn, listing, scope, f, measure, extra) == row[figure], (figure, category)
            assert board.fen_total(conn, scope, f, "penalty") == row["fines_fen"]


def test_officers_worked_as_the_tasks_say(quarter):
    s, _ids = quarter
    with s.engine.connect() as conn:
        table = {r["id"]: r for r in statistics.officer_table(conn, prefecture(conn), *Q3)}
        rows = conn.execute(select(tasks)).mappings().all()
        found = [r for r in conn.execute(select(problems)).mappings() if in_q3(r["found_on"])]
    officers_of = {r["id"]: r["officers"] for r in rows}
    for officer, got in table.items():
        mine = [r for r in rows if officer in r["officers"]]
        workload = [r for r in mine if in_q3(r["due"]) and r["state"] != "cancelled"]
        assert got["workload"] == len(workload)
        assert got["random"] == sum(r["origin"] in RANDOM for r in workload)
        assert got["inspected"] == sum(in_q3(r["inspected_on"]) for r in mine)
        assert got["completed"] == sum(in_q3(r["completed_on"]) for r in mine)
        assert got["problems"] == sum(officer in officers_of[p["task_id"]] for p in found)
    assert sum(r["workload"] for r in table.values()) == 2 * sum(
        in_q3(r["due"]) and r["state"] != "cancelled" for r in rows)  # two officers a task


def test_the_board_shows_the_open_order_overdue_in_working_days(quarter):
    s, ids = quarter
    with s.engine.connect() as conn:
        summary = board.status(conn, prefecture(conn), Filters(), TODAY)
        open_tasks = [r for r in conn.execute(select(tasks)).mappings()
                      if r["state"] not in board.FINISHED and r["due"] < TODAY]
    late = summary["dispositions_late"]
    assert late["overdue"] == 1 and late["gt20"] == 1 and late["le5"] == late["6to20"] == 0
    [worst] = summary["worst_dispositions"]
    assert worst["problem_id"] == ids["overdue_order"].hex and worst["late_days"] > 60
    assert summary["tasks_late"]["overdue"] == len(open_tasks) > 0
    assert summary["problems"] == {"open": 4, "closed": 1}


def test_the_compliance_grid_puts_the_penalty_in_its_quarter(quarter):
    s, ids = quarter
    with s.engine.connect() as conn:
        unit = conn.execute(select(problems.c.target_id).where(problems.c.id == ids["penalised_problem"].hex)).scalar()
        grid = compliance_grid(conn, unit, TODAY)
    labels = [q.label for q in grid["quarters"]]
    assert len(labels) == 12 and labels[0] == "2024Q1" and labels[-1] == "2026Q4"
    q3, q4 = labels.index("2026Q3"), labels.index("2026Q4")
    rows = grid["rows"]
    assert rows["penalties"]["cells"][q3] == 1 and sum(rows["penalties"]["cells"]) == 1
    assert grid["fines"][q3] == FINES[0] and grid["fines_total"] == FINES[0]
    assert rows["inspected"]["cells"][q3] == 1 and rows["problems"]["cells"][q3] == 1
    # the order is still open: open in Q3 and in Q4, yet one order over the twelve quarters
    assert rows["orders_open"]["cells"][q3] == rows["orders_open"]["cells"][q4] == 1
    assert rows["orders_open"]["total"] == 1 and rows["transfers"]["total"] == 0
