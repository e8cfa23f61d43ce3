"""The event store refuses UPDATE and DELETE at the database level (issue 6).

PostgreSQL: a BEFORE UPDATE OR DELETE row trigger and a BEFORE TRUNCATE statement
trigger on each event table raise SQLSTATE 42501 (insufficient_privilege, so a caller
catches one "not allowed" class: psycopg.errors.InsufficientPrivilege) with REFUSAL as
the message and the operation and table in DETAIL; a missing GRANT says "permission
denied" instead, which is how the two refusals are told apart. Triggers bind everyone,
the owner too, but the owner (and a superuser) can drop or disable them: so the web and
worker processes connect as an application role (`grant_app_role`) that owns nothing
and holds no DELETE or TRUNCATE right; only the migrate step runs as the owner.

SQLite: BEFORE UPDATE and BEFORE DELETE triggers (SQLite has no TRUNCATE). They stop
accidents and casual edits only: anyone who can write the file can drop them, or edit
the bytes. What the database cannot prevent there, the ledger's hash chain and its
verifier (`shuangsui ledger verify-store`) detect.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass

import psycopg
from psycopg import sql

from .wakeup import conninfo

REFUSAL = "事件库只允许追加，不允许修改或删除 | the event store is append-only"
SQLSTATE = "42501"
TRIGGER = "shuangsui_append_only"


def protect_postgres(database_url: str, schema: str | None, tables: list[str]) -> None:
    """Idempotent; run where tables are created (the migrate step, as the tables' owner)."""
    where = sql.Identifier(schema or "public")
    body = (f"BEGIN RAISE EXCEPTION USING ERRCODE = '{SQLSTATE}', MESSAGE = '{REFUSAL}', "
            "DETAIL = format('%s on %I.%I', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME); END")
    with psycopg.connect(conninfo(database_url), autocommit=False) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('shuangsui_append_only'))")
        conn.execute(sql.SQL(
            "CREATE OR REPLACE FUNCTION {schema}.shuangsui_refuse_change() RETURNS trigger "
            "LANGUAGE plpgsql AS {body}").format(schema=where, body=sql.Literal(body)))
        for table in tables:
            names = dict(schema=where, table=sql.Identifier(table))
            conn.execute(sql.SQL(
                "CREATE OR REPLACE TRIGGER shuangsui_append_only BEFORE UPDATE OR DELETE ON {schema}.{table} "
                "FOR EACH ROW EXECUTE FUNCTION {schema}.shuangsui_refuse_change()").format(**names))
            conn.execute(sql.SQL(
                "CREATE OR REPLACE TRIGGER shuangsui_append_only_truncate BEFORE TRUNCATE ON {schema}.{table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION {schema}.shuangsui_refuse_change()").format(**names))


def protect_sqlite(path: str, tables: list[str]) -> None:
    """Idempotent: a trigger is (re)written only when missing or different."""
    with closing(sqlite3.connect(path, timeout=30, isolation_level=None)) as db, db:
        db.execute("BEGIN IMMEDIATE")  # `with db` commits, or rolls back on an error
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            for op in ("UPDATE", "DELETE"):
                name = f"{TRIGGER}_{op.lower()}_{table}"
                ddl = (f'CREATE TRIGGER "{name}" BEFORE {op} ON {quoted} '
                       f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")
                found = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                   (name,)).fetchone()
                if found is None or found[0] != ddl:
                    db.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    db.execute(ddl)


@dataclass(frozen=True)
class AppRoleGrants:
    """What `grant_app_role` granted, for the command line to print."""
    role: str
    created: bool
    login: bool
    event_tables: list[str]
    event_sequences: list[str]
    read_tables: list[str]
    read_sequences: list[str]


def grant_app_role(database_url: str, schema: str | None, role: str, event_tables: list[str],
                   read_tables_schema: str | None = None, *, login: bool = False,
                   password: str | None = None) -> AppRoleGrants:
    """Create (if missing) the role the web and worker processes connect as, and grant it
    exactly what they need. Idempotent: run it again after every migrate (new read tables).

    Event tables: SELECT, INSERT and UPDATE, never DELETE or TRUNCATE (revoked if present);
    USAGE on their sequences (the notification id is a bigserial). UPDATE is there only
    because eventsourcing takes `LOCK TABLE … IN EXCLUSIVE MODE` before every insert (so
    that commit order is notification order) and PostgreSQL allows a mode stronger than
    ROW EXCLUSIVE only to a role with table-level UPDATE, DELETE or TRUNCATE (or MAINTAIN
    from 17 on). From the LOCK page of the manual: "If the user has UPDATE, DELETE, or
    TRUNCATE privileges on the table, any lockmode is permitted. If the user has INSERT
    privileges on the table, ROW EXCLUSIVE MODE (or a less-conflicting mode) is
    permitted." Checked here on PostgreSQL 15 (tests/integration/test_append_only.py):
    SELECT+INSERT is refused the lock, a column-level UPDATE is refused too, table UPDATE
    gets it. Why UPDATE of the three: the row trigger refuses every UPDATE (INSERT … ON
    CONFLICT DO UPDATE included), while deleting history, the quiet way to lose a record,
    stays refused twice over, by privilege and by trigger. The role owns nothing, so it
    cannot drop or disable the triggers, and has no TRIGGER right to add its own.

    Read tables (every table of `read_tables_schema`, by default the events' schema, other
    than the event tables): SELECT, INSERT, UPDATE, DELETE — the projector rewrites them —
    and USAGE, SELECT on their sequences. Not DDL: `shuangsui migrate` and `rebuild` (which
    drops and rebuilds indexes) run as the owner.

    A password is sent as a SCRAM verifier computed here (libpq's PQencryptPasswordConn),
    never in clear text, so it cannot land in a statement log.
    """
    events_schema, read_schema = schema or "public", read_tables_schema or schema or "public"
    with psycopg.connect(conninfo(database_url), autocommit=False) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('shuangsui_app_role'))")
        created, can_login = _ensure_role(conn, role, login, password)
        grant = _granter(conn, role)
        for name in dict.fromkeys([events_schema, read_schema]):
            grant("GRANT USAGE ON SCHEMA {} TO {}", [(name,)])
        events = [_event_table(conn, events_schema, t, role) for t in event_tables]
        event_sequences = _sequences(conn, events_schema, event_tables)
        grant("REVOKE ALL ON TABLE {} FROM {}", events)
        grant("GRANT SELECT, INSERT, UPDATE ON TABLE {} TO {}", events)
        grant("REVOKE ALL ON SEQUENCE {} FROM {}", event_sequences)
        grant("GRANT USAGE ON SEQUENCE {} TO {}", event_sequences)
        read = [(read_schema, t) for t in _relations(conn, read_schema, "rp") if (read_schema, t) not in events]
        read_sequences = [(read_schema, s) for s in _relations(conn, read_schema, "S")
                          if (read_schema, s) not in event_sequences]
        grant("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {} TO {}", read)
        grant("GRANT USAGE, SELECT ON SEQUENCE {} TO {}", read_sequences)
        text = lambda names: [".".join(n) for n in names]  # noqa: E731
        return AppRoleGrants(role, created, can_login, text(events), text(event_sequences),
                             text(read), text(read_sequences))


def _granter(conn: psycopg.Connection, role: str):
    def grant(statement: str, objects: list[tuple[str, ...]]) -> None:
        if objects:  # one statement for all: GRANT takes a list
            conn.execute(sql.SQL(statement).format(
                sql.SQL(", ").join(sql.Identifier(*o) for o in objects), sql.Identifier(role)))
    return grant


def _ensure_role(conn: psycopg.Connection, role: str, login: bool, password: str | None) -> tuple[bool, bool]:
    """(created, can log in)."""
    found = conn.execute("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if found and found[0]:
        raise ValueError(f"角色 {role} 是超级用户，不受权限与触发器约束，不能用作应用角色")
    options = sql.SQL("LOGIN" if login else "NOLOGIN")
    if password:
        verifier = conn.pgconn.encrypt_password(password.encode(), role.encode()).decode()
        options += sql.SQL(" PASSWORD {}").format(sql.Literal(verifier))
    if found is None:
        conn.execute(sql.SQL("CREATE ROLE {} {}").format(sql.Identifier(role), options))
    elif login:  # never take LOGIN away from a role a running deployment may be using
        conn.execute(sql.SQL("ALTER ROLE {} {}").format(sql.Identifier(role), options))
    return found is None, login or bool(found and found[1])


def _event_table(conn: psycopg.Connection, schema: str, table: str, role: str) -> tuple[str, str]:
    found = conn.execute("SELECT pg_has_role(%s, tableowner, 'MEMBER') FROM pg_tables "
                         "WHERE schemaname = %s AND tablename = %s", (role, schema, table)).fetchone()
    if found is None:
        raise ValueError(f"找不到事件表 {schema}.{table}：请先以所有者身份运行 shuangsui migrate")
    if found[0]:
        raise ValueError(f"角色 {role} 是事件表 {schema}.{table} 的所有者（或其成员），可删除触发器，不能用作应用角色")
    return schema, table


def _sequences(conn: psycopg.Connection, schema: str, tables: list[str]) -> list[tuple[str, str]]:
    """The sequences the tables own (serial / identity columns)."""
    rows = conn.execute(
        "SELECT sn.nspname, s.relname FROM pg_class t "
        "JOIN pg_namespace tn ON tn.oid = t.relnamespace "
        "JOIN pg_depend d ON d.refobjid = t.oid AND d.refclassid = 'pg_class'::regclass "
        "AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
        "JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
        "JOIN pg_namespace sn ON sn.oid = s.relnamespace "
        "WHERE tn.nspname = %s AND t.relname = ANY(%s) ORDER BY 1, 2", (schema, list(tables))).fetchall()
    return [(n, s) for n, s in rows]


def _relations(conn: psycopg.Connection, schema: str, kinds: str) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = ANY(%s) ORDER BY 1", (schema, list(kinds))).fetchall()]
