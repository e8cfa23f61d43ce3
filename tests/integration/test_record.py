"""The full-process record's queries on PostgreSQL (JSON cast to text, subqueries): the demo's
penalty case read as a task, its officer and its draw-free unit, with the same numbers and
hashes as the events themselves carry."""

from __future__ import annotations

from sqlalchemy import select

from projections import record
from projections.tables import tasks
from workers.demo import stories
from workers.demo.load import load_demo

STORY = "order-failed-penalty"


def test_the_records_of_the_penalty_case_on_postgresql(pg_system):
    load_demo(pg_system, "default", echo=lambda *_: None)
    task_id = stories.task_id(STORY).hex
    with pg_system.engine.connect() as conn:
        officers = conn.execute(select(tasks.c.officers).where(tasks.c.id == task_id)).scalar()
        case = record.record(conn, "task", task_id)
        person = record.record(conn, "officer", officers[0])
        assert record.record(conn, "unit", "0" * 32) is None
    positions = [e["position"] for e in case["entries"]]
    assert positions == sorted(positions) and case["ids"]["problem_ids"] == [stories.problem_id(STORY).hex]
    numbers = [n for e in case["entries"] for n in e["documents"]]
    assert {"昌州环责改〔2026〕58号", "昌州环立〔2026〕112号", "昌州环罚〔2026〕27号"} <= set(numbers)
    assert sum(len(e["hashes"]) for e in case["entries"]) == 2  # the monitoring export and the report photo
    assigned = [e for e in person["entries"] if e["event"] in record.ASSIGNING]
    assert assigned and task_id in {e["stream_id"] for e in assigned}
    assert all(e["actor_key"] == officers[0] or e["event"] in record.ASSIGNING or e["kind"] == "inspector"
               for e in person["entries"])
