"""The ledger on a real store (SQLite and PostgreSQL): a whole-store bundle verifies; a
task's bundle discloses that task and its problems and nothing else but hashes; changing
the database behind the application's back is found by `verify-store`, refused by the
next checkpoint and shown by the bundle; several writer processes keep the chain in log
order; a rotated key leaves old checkpoints verifiable."""

import io
import json
import sqlite3
import subprocess
import sys
import textwrap

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import select

from domain import ledger_verify
from domain.base import Actor
from projections.tables import ledger, problems, signing_keys
from workers.ledger import LedgerAlarm, make_checkpoint, rotate
from workers.ledger_check import verify_store
from workers.ledger_export import export_bundle
from workers.demo import stories
from workers.demo.load import load_demo

REVIEWER = Actor("jicha", "reviewer")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_system(request):
    return request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")


@pytest.fixture
def demo(any_system):
    load_demo(any_system, "default", echo=lambda *_: None)
    return any_system


def bundle_of(system, **scope) -> dict:
    out = io.StringIO()
    export_bundle(system, REVIEWER, out, **scope)
    return json.loads(out.getvalue())


def problems_in(bundle) -> list[str]:
    return [str(p) for p in ledger_verify.verify_bundle(bundle)]


def tamper(system, sql_text, *params) -> None:
    """What someone with full access to the database can do: switch the guard off, edit."""
    s = system.settings
    sql_text = sql_text[s.embedded] if isinstance(sql_text, dict) else sql_text
    if s.embedded:
        with sqlite3.connect(s.var_dir / "events.sqlite") as conn:
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
                conn.execute(f'DROP TRIGGER "{name}"')
            conn.execute(sql_text.format(table="stored_events", id="rowid"), params)
        return
    table = system.app.recorder.events_table_name
    with psycopg.connect(s.database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(s.schema)))
        conn.execute(sql.SQL("ALTER TABLE {} DISABLE TRIGGER USER").format(sql.Identifier(table)))
        conn.execute(sql_text.format(table=table, id="notification_id").replace("?", "%s"), params)


def test_the_whole_store_and_one_task_verify_and_the_task_bundle_shows_only_its_own(demo):
    whole = bundle_of(demo)
    assert problems_in(whole) == []
    assert len(whole["entries"]) == demo.app.recorder.max_notification_id() - 1  # the seal's event comes after
    assert all(e["event"] for e in whole["entries"])

    task_id = stories.task_id("order-failed-penalty").hex
    with demo.engine.connect() as conn:
        own = {task_id, *conn.execute(select(problems.c.id).where(problems.c.task_id == task_id)).scalars()}
    one = bundle_of(demo, kind="task", subject=task_id)
    assert problems_in(one) == []
    assert set(one["disclosed_streams"]) == own
    shown = {e["stream"] for e in one["entries"] if e["event"]}
    assert shown == own
    hidden = [e for e in one["entries"] if e["stream"] not in own]
    assert hidden and all(e["event"] is None for e in hidden)  # others: hashes only


def test_an_event_changed_in_the_database_is_found_and_shown(demo):
    make_checkpoint(demo, REVIEWER)
    assert verify_store(demo).ok
    with demo.engine.connect() as conn:
        victim = conn.execute(select(ledger).where(ledger.c.position == 40)).one()
    tamper(demo, CHANGE, 40)
    check = verify_store(demo)
    assert not check.ok and "位置 40" in check.problem and "被修改" in check.problem
    found = ledger_verify.verify_bundle(bundle_of(demo))
    assert found and (found[0].position, found[0].stream) == (40, victim.stream_id)
    assert "40" in str(found[0])


def test_a_checkpoint_is_refused_when_the_history_since_the_last_one_was_changed(demo):
    signed = make_checkpoint(demo, REVIEWER)
    demo.app.register_jurisdiction(REVIEWER, "after", code="659998", name="检查点之后", level="county", parent="652300")
    demo.read_side_up_to_date()
    after = demo.app.recorder.max_notification_id()
    assert after > signed["position"]
    tamper(demo, CHANGE, after)
    with pytest.raises(LedgerAlarm, match=f"位置 {after}"):
        make_checkpoint(demo, REVIEWER)


CHANGE = {  # one digit of the stored JSON, as a hand edit would
    True: "UPDATE {table} SET state = CAST(REPLACE(CAST(state AS TEXT), '65', '66') AS BLOB) WHERE {id} = ?",
    False: "UPDATE {table} SET state = convert_to(replace(convert_from(state, 'UTF8'), '65', '66'), 'UTF8') "
           "WHERE {id} = ?",
}


def test_a_deleted_event_is_named(demo):
    make_checkpoint(demo, REVIEWER)
    tamper(demo, "DELETE FROM {table} WHERE {id} = ?", 55)
    check = verify_store(demo)
    assert not check.ok and "位置 55" in check.problem and "被删除" in check.problem


def test_a_rotated_key_leaves_the_old_checkpoints_verifiable(any_system):
    from tests.support.history import make_history

    make_history(any_system, units=5, changes=5, seed=9)
    first = make_checkpoint(any_system, REVIEWER)
    old, new = rotate(any_system, REVIEWER, "年度轮换")
    any_system.app.register_jurisdiction(REVIEWER, "later", code="659999", name="新增辖区", level="county", parent="652300")
    second = make_checkpoint(any_system, REVIEWER)
    assert (first["key_id"], second["key_id"]) == (old, new) and old != new
    whole = bundle_of(any_system)
    assert problems_in(whole) == []
    assert {c["key_id"] for c in whole["checkpoints"]} == {old, new}
    with any_system.engine.connect() as conn:
        assert dict(conn.execute(select(signing_keys.c.key_id, signing_keys.c.retired)).all()) == {old: True, new: False}


WRITER = textwrap.dedent("""
    import sys
    from projections.system import Settings, open_system
    from domain.base import Actor
    url, schema, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    s = open_system(Settings(database_url=url, schema=schema, create_tables=False), migrate=False)
    for i in range(40):
        s.app.register_jurisdiction(Actor("w", "admin"), f"w{n}-{i}", code=f"W{n}-{i}", name=f"写入{n}-{i}",
                                    level="county", parent="652300")
""")


@pytest.mark.postgres
def test_concurrent_writers_on_postgresql_keep_the_chain_in_log_order(pg_system):
    from tests.support.history import make_history

    make_history(pg_system, units=2, changes=0, seed=5)
    pg_system.projector.start_thread()
    url, schema = pg_system.settings.database_url, pg_system.settings.schema
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, schema, str(n)]) for n in range(4)]
    assert [w.wait(120) for w in writers] == [0, 0, 0, 0]
    pg_system.projector.stop()
    pg_system.read_side_up_to_date()
    check = verify_store(pg_system)
    assert check.ok, check.problem
    stored = [n.id for n in pg_system.app.recorder.select_notifications(0, 10_000, inclusive_of_start=False)]
    with pg_system.engine.connect() as conn:
        chained = list(conn.execute(select(ledger.c.position).order_by(ledger.c.position)).scalars())
    assert chained == stored and len(stored) >= 160
    assert problems_in(bundle_of(pg_system)) == []


def test_a_second_checkpoint_with_nothing_new_is_the_same_checkpoint(system):
    from tests.support.history import make_history

    make_history(system, units=3, changes=0, seed=2)
    first = make_checkpoint(system, REVIEWER)
    assert make_checkpoint(system, REVIEWER) == first  # a double click signs nothing new
    system.app.register_jurisdiction(REVIEWER, "x", code="659997", name="之后", level="county", parent="652300")
    assert make_checkpoint(system, REVIEWER)["position"] > first["position"]


def test_checkpoints_on_a_schedule_sign_new_history_and_refuse_a_rewrite(system, caplog):
    import time

    from projections.tables import checkpoints
    from tests.support.history import make_history
    from workers.jobs import periodic
    from workers.jobs.embedded import Background

    make_history(system, units=3, changes=0, seed=8)
    background = Background(system, every={"checkpoint": 0.1, "remind": 0, "verify_store": 0, "health": 0},
                            tick=0.05).start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with system.engine.connect() as conn:
                made = conn.execute(select(checkpoints.c.occasion)).scalars().all()
            if made:
                break
            time.sleep(0.1)
        time.sleep(0.5)  # several more rounds with nothing new written
        with system.engine.connect() as conn:
            assert conn.execute(select(checkpoints.c.occasion)).scalars().all() == ["schedule"]
    finally:
        background.stop()
    system.app.register_jurisdiction(REVIEWER, "y", code="659996", name="之后", level="county", parent="652300")
    system.read_side_up_to_date()
    tamper(system, CHANGE, system.app.recorder.max_notification_id())
    assert periodic.checkpoint() is None
    assert "定时检查点被拒绝" in caplog.text
