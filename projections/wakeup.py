"""On PostgreSQL the projector sleeps until the event table says something was written,
instead of polling: a statement trigger on the event table sends NOTIFY, and the projector
LISTENs on its own connection. A lost connection only means polling until it is back.
SQLite has no such signal; there the projector polls (runner.run_forever)."""

from __future__ import annotations

import logging
import time

import psycopg
from psycopg import sql

log = logging.getLogger("shuangsui.projector")


def channel(schema: str | None) -> str:
    # One channel per schema: test runs and deployments sharing a database stay apart.
    return f"shuangsui_events_{schema or 'public'}"[:63]


def conninfo(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


def install_trigger(database_url: str, schema: str | None, events_table: str) -> None:
    """Idempotent; run where tables are created (one process at a time: the migrate step)."""
    where = sql.Identifier(schema or "public")
    with psycopg.connect(conninfo(database_url), autocommit=False) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('shuangsui_notify_trigger'))")
        conn.execute(sql.SQL(
            "CREATE OR REPLACE FUNCTION {schema}.shuangsui_notify_events() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify(TG_ARGV[0], ''); RETURN NULL; END $$"
        ).format(schema=where))
        conn.execute(sql.SQL(
            "CREATE OR REPLACE TRIGGER shuangsui_notify AFTER INSERT ON {schema}.{table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {schema}.shuangsui_notify_events({channel})"
        ).format(schema=where, table=sql.Identifier(events_table), channel=sql.Literal(channel(schema))))


class Wakeup:
    """Waits until events are written (or `timeout` passes)."""

    def __init__(self, database_url: str, schema: str | None):
        self.url, self.channel = conninfo(database_url), channel(schema)
        self._conn: psycopg.Connection | None = None

    def _connect(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.url, autocommit=True)
            self._conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        return self._conn

    def wait(self, timeout: float) -> bool:
        """True when woken by a notification."""
        try:
            for _ in self._connect().notifies(timeout=timeout, stop_after=1):
                return True
            return False
        except psycopg.Error:
            log.warning("LISTEN 连接中断，改为轮询直至恢复")
            self.close()
            time.sleep(min(timeout, 1.0))
            return False

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
