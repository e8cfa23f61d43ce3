"""The demo's stories as a reviewer sees them in the read tables, after `shuangsui demo`:
Korla's second quarter of 2022 (13 inspections, nothing found), an order verified on the
first re-inspection, an order that fails and ends in a paid penalty, hazardous waste sent
to the police, a seal-up lifted, a positive-list unit inspected off-site; and a second
`shuangsui demo` that writes nothing."""

from collections import Counter
from datetime import date
from uuid import UUID

import pytest
from sqlalchemy import select

from projections.tables import brigades, history, inspectors, problems, targets, tasks
from workers import evidence
from workers.demo import seeded, stories
from workers.demo.load import load_demo

LATEST = date(2026, 11, 22)  # nothing in the demo happened after the day it was written


@pytest.fixture
def demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    return system


def task_row(conn, task_id):
    return conn.execute(select(tasks).where(tasks.c.id == task_id.hex)).mappings().one()


def problem_row(conn, story):
    return conn.execute(select(problems).where(problems.c.id == stories.problem_id(story).hex)).mappings().one()


def records(conn, task_id) -> list[dict]:
    """The inspection records of a task, from its history."""
    return [p["record"] for p in conn.execute(select(history.c.payload).where(
        history.c.stream_id == task_id.hex, history.c.event == "InspectionRecorded")
        .order_by(history.c.position)).scalars()]


def id_of(row) -> UUID:
    return UUID(row["id"])


def unit_of(conn, task) -> dict:
    return conn.execute(select(targets).where(targets.c.id == task["target_id"])).mappings().one()


def dispositions(row) -> list[tuple[str, str]]:
    return [(d["kind"], d["state"]) for d in row["dispositions"]]


def test_korla_2022q2_thirteen_inspections_nothing_found(demo):
    table = seeded.korla_2022q2_inspections()
    with demo.engine.connect() as conn:
        crew = set(conn.execute(select(brigades.c.members).where(brigades.c.code == "BR-652800-KF")).scalar())
        crew |= set(conn.execute(select(inspectors.c.id).where(inspectors.c.unit == "BR-652800-KF")).scalars())
        listed = conn.execute(select(tasks).where(tasks.c.reference == stories.KORLA_REFERENCE)).mappings().all()
        assert len(listed) == 13
        names = Counter()
        for row in table:
            task = task_row(conn, stories.task_id(stories.korla_key(row["seq"])))
            unit = unit_of(conn, task)
            names[unit["name"]] += 1
            assert unit["name"] == row["name"] and unit["jurisdiction"] == seeded.KORLA_ZONE
            assert (task["origin"], task["state"], task["result"], task["problems"]) == \
                ("random_record", "closed", "no_problem", [])
            seed_type = {"特殊源": "special", "重点源": "key", "一般污染源": "general"}[row["category"]]
            assert task["stratum"] == seed_type  # as the published table typed the source
            assert len(task["officers"]) == 2 and set(task["officers"]) <= crew
            [record] = records(conn, id_of(task))
            assert record["inspected_on"] == row["date"].isoformat()
            assert record["on_site"] and record["form"] == "污染源现场检查记录表"
            assert record["findings"] == "正常" and set(record["checklist"].values()) == {"ok"}
            assert sorted(record["present"]) == sorted(task["officers"])
    assert len(names) == 11
    assert names["新疆美克化工股份有限公司"] == names["新疆根力多生物科技有限公司"] == 2


def test_the_problem_stories_are_closed_with_their_dispositions(demo):
    real = {t["name"] for t in seeded.changji_special_targets() + seeded.korla_targets()}
    with demo.engine.connect() as conn:
        for story in stories.STORIES:
            task = task_row(conn, stories.task_id(story))
            assert task["state"] == "closed", story
            assert unit_of(conn, task)["name"] not in real  # invented violations: never a real company
            assert all(date.fromisoformat(r["inspected_on"]) <= LATEST for r in records(conn, id_of(task)))

        # an order verified on the first re-inspection
        verified = problem_row(conn, "order-verified")
        assert verified["state"] == "closed" and dispositions(verified) == [("order", "ended")]
        assert verified["dispositions"][0]["number"] == "昌市环责改〔2026〕31号"
        task = task_row(conn, stories.task_id("order-verified"))
        assert task["result"] == "problems_found" and task["problems"] == [verified["id"]] and task["evidence"] == 1
        followup = task_row(conn, stories.followup_id("order-verified"))
        assert (followup["origin"], followup["followup_of"], followup["state"]) == \
            ("followup", verified["id"], "closed")
        report = conn.execute(select(history.c.payload).where(
            history.c.stream_id == verified["id"], history.c.event == "RectificationReported")).scalar()
        for item in report["evidence"]:  # the files are in the store, under their hash
            assert evidence.open_evidence(demo.settings.var_dir, item["sha256"]).stat().st_size == item["size"]

        # an order that fails re-inspection and ends in a penalty that is paid
        penalty = problem_row(conn, "order-failed-penalty")
        assert penalty["state"] == "closed"
        assert dispositions(penalty) == [("order", "failed"), ("case", "ended")]
        assert penalty["fines"] == "250000.00" and penalty["special_criteria_hit"]
        assert penalty["dispositions"][1]["decision_no"] == "昌州环罚〔2026〕27号"
        assert task_row(conn, stories.followup_id("order-failed-penalty"))["state"] == "closed"

        # hazardous waste transferred to the police as a suspected crime
        crime = problem_row(conn, "hazardous-waste-police")
        assert crime["category"] == "hazardous_waste" and crime["state"] == "closed"
        assert dispositions(crime) == [("transfer", "ended")] and crime["suspected_crime"]
        assert not penalty["suspected_crime"]

        # a seal-up taken and lifted
        sealed = problem_row(conn, "seal-up")
        assert sealed["state"] == "closed" and dispositions(sealed) == [("coercive", "ended")]
        taken = conn.execute(select(history.c.payload).where(
            history.c.stream_id == sealed["id"], history.c.event == "CoerciveMeasureTaken")).scalar()
        assert taken["measure"] == "seal_up"
        assert (date.fromisoformat(taken["ends_on"]) - date.fromisoformat(taken["starts_on"])).days == 30

        # a positive-list unit inspected off-site, nothing found
        task = task_row(conn, stories.task_id("positive-list-off-site"))
        assert unit_of(conn, task)["positive_list"] and task["off_site"]
        assert (task["result"], task["problems"]) == ("no_problem", [])
        [record] = records(conn, id_of(task))
        assert not record["on_site"] and record["form"] == "非现场检查记录表" and record["data_sources"]

        # every problem of the demo is one of the stories
        found = set(conn.execute(select(problems.c.id)).scalars())
        closed_loop = {stories.problem_id(s).hex for s in stories.STORIES if s != "positive-list-off-site"}
        assert found == closed_loop | {stories.problem_id("open-order").hex}  # + the one still open


def test_a_second_demo_writes_nothing(demo):
    before = demo.app.recorder.max_notification_id()
    load_demo(demo, "default", echo=lambda *_: None)
    assert demo.app.recorder.max_notification_id() == before


def test_the_demo_also_shows_work_in_progress(demo):
    """A newcomer sees an overdue order on the board and a task waiting for 毛峰 (dadui)."""
    system = demo
    with system.engine.connect() as conn:
        open_problems = conn.execute(select(problems).where(problems.c.state == "open")).mappings().all()
        waiting = conn.execute(select(tasks).where(tasks.c.reference == "12369-20261119-0902")).mappings().one()
        maofeng = conn.execute(select(inspectors.c.id).where(inspectors.c.name == "毛峰")).scalar()
    assert len(open_problems) == 1
    assert open_problems[0]["open_kinds"] == ["order"] and open_problems[0]["next_deadline"] < date(2026, 11, 22)
    assert waiting["state"] == "dispatched" and maofeng in waiting["officers"]
