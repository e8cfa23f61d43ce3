"""时间回溯 on the real stores, SQLite and PostgreSQL: the history's (stream, time) index
finds the version current at a moment, and the event store rebuilds the unit at it.

Event timestamps come from a clock the test moves (`clock`, also used by the page tests):
commands a few milliseconds apart could not be told apart by a minute typed in a form."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect

from domain.base import Actor
from domain.targets import Target
from projections.timetravel import version_at, versions
from tests.support.history import credit_code

BOSS = Actor("zhidui", "supervisor")


class Clock:
    """Event timestamps from here: each event a second after the last; `advance` jumps."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    def advance(self, **delta) -> datetime:
        """Move on, and return the moment just before the next event."""
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    import eventsourcing.domain

    clock = Clock(datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=10))
    monkeypatch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", clock)
    return clock


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, clock):
    return request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")


def test_the_version_current_at_a_moment_and_the_unit_as_it_was(store, clock):
    app = store.app
    before = clock.now
    app.register_jurisdiction(BOSS, "j0", code="650000", name="新疆", level="province", parent=None)
    app.register_jurisdiction(BOSS, "j1", code="652301", name="昌吉市", level="county", parent="650000")
    registered = clock.advance(hours=1)
    unit = app.register_target(BOSS, "t", credit_code=credit_code(1), site="", name="昌吉市某化工有限公司",
                               jurisdiction="652301", address="工业园1号").aggregate_id
    listed = clock.advance(days=2)
    app.command(Target, unit, "change_category", BOSS, "c1", category="key", year=2026,
                basis="昌吉州2026年重点排污单位名录", special_criteria=[], reason="列入重点排污单位名录")
    store.projector.catch_up()

    with store.engine.connect() as conn:
        assert version_at(conn, unit.hex, before) is None
        assert version_at(conn, unit.hex, registered) is None  # one second before it was registered
        assert version_at(conn, unit.hex, registered + timedelta(seconds=1)) == 1
        assert (then := version_at(conn, unit.hex, listed)) == 1
        assert version_at(conn, unit.hex, listed + timedelta(seconds=1)) == 2
        # A moment in another zone is the same moment.
        beijing = (listed + timedelta(seconds=1)).astimezone(timezone(timedelta(hours=8)))
        assert version_at(conn, unit.hex, beijing) == 2
        assert [v["event"] for v in versions(conn, unit.hex)] == ["Registered", "CategoryChanged"]
        assert version_at(conn, "0" * 32, listed) is None
        with pytest.raises(ValueError):
            version_at(conn, unit.hex, listed.replace(tzinfo=None))
        indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("history")}
    assert indexes["ix_history_stream_at"] == ["stream_id", "at"]

    assert app.repository.get(unit, version=then).category == "general"
    assert app.repository.get(unit).category == "key"
