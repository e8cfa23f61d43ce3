"""Wiring: settings → the application (event store), the read database and the projector.

With no configuration everything lives in SQLite files under var/; DATABASE_URL points
both the event store and the read tables at PostgreSQL (DB_SCHEMA optionally names a
schema for both, which the tests use to keep runs apart).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from domain.application import Shuangsui
from domain.store import event_store_env

from .append_only import protect_postgres, protect_sqlite
from .database import make_engine, read_database_url
from .runner import Projector
from .wakeup import Wakeup, install_trigger


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None
    redis_url: str | None = None
    var_dir: Path = Path("var")
    schema: str | None = None
    create_tables: bool = True

    @classmethod
    def from_env(cls, environ: dict | None = None, **overrides) -> "Settings":
        env = os.environ if environ is None else environ
        values = dict(
            database_url=env.get("DATABASE_URL") or None,
            redis_url=env.get("REDIS_URL") or None,
            var_dir=Path(env.get("SHUANGSUI_VAR", "var")),
            schema=env.get("DB_SCHEMA") or None,
            create_tables=env.get("SHUANGSUI_CREATE_TABLES", "true").lower() not in ("0", "false", "no"),
        )
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def embedded(self) -> bool:
        return not self.database_url or self.database_url.startswith("sqlite")

    @property
    def read_url(self) -> str:
        return read_database_url(self.database_url, self.var_dir)


@dataclass
class System:
    settings: Settings
    app: Shuangsui
    engine: Engine
    projector: Projector = field(init=False)

    def __post_init__(self) -> None:
        self.projector = Projector(self.app, self.engine)
        if not self.settings.embedded:
            self.projector.wakeup = Wakeup(self.settings.database_url, self.settings.schema)

    def read_side_up_to_date(self) -> None:
        """Before reading tables to decide something (an import's lookups, a draw's pool):
        they must include every event written so far. Safe beside a running projector:
        batches take the positions under a lock, so no event is applied twice."""
        self.projector.catch_up()

    def close(self) -> None:
        self.projector.stop()
        self.engine.dispose()
        self.app.close()


def open_system(settings: Settings, *, migrate: bool = True) -> System:
    """Open the event store and the read database; bring the read tables up to date."""
    env = event_store_env(settings.database_url, settings.var_dir,
                          create_table=settings.create_tables, schema=settings.schema)
    app = Shuangsui(env=env)
    engine = make_engine(settings.read_url, settings.schema)
    if migrate and settings.create_tables:
        from migrations import upgrade

        upgrade(settings.read_url, settings.schema)
    system = System(settings, app, engine)
    load_schedules(engine)
    if migrate and settings.create_tables:
        system.projector.ensure_indexes()  # a rebuild killed half-way leaves them dropped
    if settings.create_tables and not settings.embedded:
        install_trigger(settings.database_url, settings.schema, app.recorder.events_table_name)
        protect_postgres(settings.database_url, settings.schema, [app.recorder.events_table_name])
    if settings.create_tables and settings.embedded:  # the triggers stop accidents; the verifier the rest
        protect_sqlite(env["SQLITE_DBNAME"], [app.recorder.events_table_name])
    return system


def load_schedules(engine: Engine) -> None:
    """The holiday schedules this store recorded become the calendar of this process (a test
    that opens another store gets that store's). An empty store: none."""
    from domain import calendar

    from .publication import schedules

    try:
        with engine.connect() as conn:
            calendar.use_schedules(schedules(conn))
    except Exception:  # no read tables yet (opened without migrating)
        calendar.use_schedules([])
