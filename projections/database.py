"""The read database: a SQLite file under var/ by default, PostgreSQL when configured.

On PostgreSQL an optional schema keeps the read tables apart (tests use a fresh one).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event


def read_database_url(database_url: str | None, var_dir: str | os.PathLike) -> str:
    if database_url and not database_url.startswith("sqlite"):
        # SQLAlchemy wants the driver named; the same database as the event store.
        return database_url.replace("postgres://", "postgresql://", 1).replace(
            "postgresql://", "postgresql+psycopg://", 1)
    if database_url and database_url.startswith("sqlite:///"):
        events = Path(database_url.removeprefix("sqlite:///"))
        return f"sqlite:///{events.with_name('read.sqlite')}"
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(var_dir) / 'read.sqlite'}"


def make_engine(url: str, schema: str | None = None) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            # WAL lets pages read while the projector writes; let SQLAlchemy own BEGIN.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn) -> None:
            # Writers ask for IMMEDIATE so two of them queue on the busy timeout instead
            # of failing when a read transaction tries to become a write transaction.
            immediate = conn.get_execution_options().get("sqlite_immediate")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True, pool_size=5, max_overflow=5)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes. On SQLite it takes the write lock at BEGIN (IMMEDIATE):
    a deferred transaction that reads first and then writes fails at once ("database is
    locked") when another writer got in between, instead of waiting its turn."""
    with engine.connect() as conn, conn.execution_options(sqlite_immediate=True).begin():
        yield conn
