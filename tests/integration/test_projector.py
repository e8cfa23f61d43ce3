"""The projector applies every event exactly once, on SQLite and on PostgreSQL."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from projections.tables import history
from domain.targets import Target
from projections.tables import targets
from tests.support.history import SUPERVISOR, make_history, snapshot


def _some_targets(s, n):
    from uuid import UUID

    with s.engine.connect() as conn:
        return [UUID(i) for i in conn.execute(select(targets.c.id).order_by(targets.c.id).limit(n)).scalars()]


def _index_names(s) -> set[str]:
    from sqlalchemy import inspect

    with s.engine.connect() as conn:
        found = inspect(conn)
        return {ix["name"] for p in s.projector.projections for t in p.tables for ix in found.get_indexes(t.name)}


def test_a_rebuild_killed_half_way_gets_its_indexes_back_when_the_system_opens(system, tmp_path):
    from projections.system import open_system

    make_history(system, units=30, changes=10, seed=4)
    expected = _index_names(system)
    calls = []

    def killed(done):
        calls.append(done)
        raise KeyboardInterrupt

    system.projector.batch_size = 20
    with pytest.raises(KeyboardInterrupt):
        system.projector.rebuild(progress=killed)
    assert _index_names(system) == expected  # the finally clause put them back
    system.projector._indexes()[0].drop(system.engine)  # as if the process had been killed
    reopened = open_system(system.settings)
    try:
        assert _index_names(reopened) == expected
    finally:
        reopened.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_system(request):
    return request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")


def test_rebuild_gives_exactly_the_incremental_tables(any_system):
    s = any_system
    s.projector.batch_size = 37  # odd batches, so batch edges fall inside aggregates' streams
    make_history(s, units=40, changes=60, seed=1)
    s.projector.catch_up()
    # More work after a first catch-up, as in real life: the next batches start mid-stream.
    for i, target in enumerate(_some_targets(s, 10)):
        s.app.command(Target, target, "change_details", SUPERVISOR, f"late-{i}", address=f"迁至新址{i}号", reason="搬迁")
    s.projector.catch_up()
    incremental = snapshot(s)
    s.projector.reset()
    assert snapshot(s)["targets"] == []
    s.projector.batch_size = 1000
    s.projector.rebuild()  # as `shuangsui rebuild` does: indexes dropped, then built once
    assert snapshot(s) == incremental
    assert _index_names(s) >= {ix.name for p in s.projector.projections for t in p.tables for ix in t.indexes}
    head = s.app.recorder.max_notification_id()
    with s.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(history)).scalar() == head


def _projector_env(s) -> dict:
    env = dict(os.environ)
    if s.settings.embedded:
        env.pop("DATABASE_URL", None)
        env["SHUANGSUI_VAR"] = str(s.settings.var_dir)
    else:
        env.update(DATABASE_URL=s.settings.database_url, DB_SCHEMA=s.settings.schema)
    return env


@pytest.mark.slow
def test_a_projector_killed_mid_batch_applies_nothing_twice(any_system, tmp_path):
    s = any_system
    make_history(s, units=80, changes=120, seed=2)
    head = s.app.recorder.max_notification_id()
    script = Path(sys.executable).with_name("shuangsui")
    log = (tmp_path / "projector.log").open("wb")  # a file, not a pipe nobody reads: it never blocks
    proc = subprocess.Popen([str(script), "projector", "--batch-size", "50", "--throttle", "0.004"],
                            env=_projector_env(s), stdout=subprocess.DEVNULL, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while s.projector.position() < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.07)  # well inside the next batch (50 events × 4 ms)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    stopped_at = s.projector.position()
    log.close()
    errors = (tmp_path / "projector.log").read_text(errors="replace")[-2000:]
    assert 0 < stopped_at < head, f"the kill must land part-way through the log (projector said: {errors})"
    assert stopped_at % 50 == 0 or stopped_at == head, "a killed batch leaves no partial position"
    with s.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(history)).scalar() == stopped_at
    s.projector.catch_up()  # a restarted projector resumes at the committed position
    resumed = snapshot(s)
    s.projector.reset()
    s.projector.catch_up()
    assert snapshot(s) == resumed


@pytest.mark.postgres
def test_on_postgresql_an_idle_projector_wakes_when_events_are_written(pg_system):
    """LISTEN/NOTIFY: with a 30 s idle bound, only the event table's trigger can wake it sooner."""
    import threading

    s = pg_system
    assert s.projector.wakeup is not None
    make_history(s, units=2, changes=0, seed=3)
    s.projector.catch_up()
    thread = threading.Thread(target=s.projector.run_forever, kwargs={"listening_idle": 30.0}, daemon=True)
    thread.start()
    time.sleep(1.0)  # it has found nothing to do and is waiting on LISTEN
    started = time.monotonic()
    s.app.register_jurisdiction(SUPERVISOR, "late", code="652303", name="呼图壁县", level="county", parent="652300")
    assert s.projector.wait_for(s.app.recorder.max_notification_id(), timeout=10)
    woke_after = time.monotonic() - started
    s.projector.stop()
    s.app.register_jurisdiction(SUPERVISOR, "bye", code="652304", name="玛纳斯县", level="county", parent="652300")
    thread.join(10)
    assert woke_after < 3, f"projector took {woke_after:.1f}s: it polled instead of waking on NOTIFY"
    assert not thread.is_alive()


def test_rebuilding_the_demo_gives_exactly_the_tables_built_as_it_happened(any_system):
    """The demo's casework (draws, inspections, orders, penalties, transfers, seal-ups) as it
    was projected while it was written, against a rebuild by a fresh projector with odd
    batches, and against one that must read every problem back from the store."""
    from projections.problems import Problems
    from projections.runner import Projector
    from projections.public_tables import credit_entries, disclosures
    from projections.tables import dispositions, tasks
    from workers.demo.load import load_demo

    s = any_system
    load_demo(s, "default", echo=lambda *_: None)
    s.projector.catch_up()
    as_it_happened = snapshot(s)
    with s.engine.connect() as conn:  # the counting columns are filled, not just present
        assert conn.execute(select(func.count()).select_from(tasks).where(tasks.c.on_site.is_(False))).scalar()
        assert conn.execute(select(func.count()).select_from(tasks).where(tasks.c.completed_on.is_not(None))).scalar()
        assert conn.execute(select(func.sum(dispositions.c.fine_fen))).scalar() > 0
        assert conn.execute(select(func.count()).select_from(disclosures)
                            .where(disclosures.c.state == "published")).scalar() >= 13
        assert conn.execute(select(func.count()).select_from(credit_entries)).scalar()
    for forgetful in (False, True):
        fresh = Projector(s.app, s.engine, batch_size=53)
        if forgetful:
            next(p for p in fresh.projections if p.name == "problems").held = Problems(size=0)
        fresh.reset()
        fresh.catch_up()
        assert snapshot(s) == as_it_happened


def test_two_projectors_taking_turns_never_write_from_stale_rows(system):
    """A projector keeps the rows of its earlier batches; when another one (a CLI command,
    a second process) has written in between, it must read them again."""
    from projections.runner import Projector

    make_history(system, units=20, changes=0, seed=6)
    first, second = system.projector, Projector(system.app, system.engine, batch_size=7)
    first.catch_up()  # `first` now holds the targets' rows
    for i, target in enumerate(_some_targets(system, 5)):
        system.app.command(Target, target, "change_details", SUPERVISOR, f"a-{i}", address=f"甲路{i}号", reason="搬迁")
    second.catch_up()  # the other writer applies these
    for i, target in enumerate(_some_targets(system, 5)):
        system.app.command(Target, target, "change_details", SUPERVISOR, f"b-{i}", permit_no=f"PW-{i}", reason="换证")
    first.catch_up()  # must not write its old addresses back
    taken_turns = snapshot(system)
    first.rebuild()
    assert snapshot(system) == taken_turns
    with system.engine.connect() as conn:
        assert {a for a in conn.execute(select(targets.c.address).where(targets.c.permit_no.like("PW-%"))).scalars()} \
            == {f"甲路{i}号" for i in range(5)}
