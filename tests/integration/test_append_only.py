"""The event store is append-only at the database level: triggers on PostgreSQL and SQLite,
and on PostgreSQL an application role without DELETE or TRUNCATE rights."""

import sqlite3
import uuid
from urllib.parse import urlparse

import click
import psycopg
import pytest
from psycopg import sql
from sqlalchemy import select

from projections.append_only import REFUSAL, grant_app_role, protect_postgres, protect_sqlite
from projections.system import Settings, open_system
from projections.tables import jurisdictions
from tests.support.history import SUPERVISOR



def _events(s) -> str:
    """The event table: `shuangsui_events` on PostgreSQL (named after the application),
    `stored_events` on SQLite; the recorder knows."""
    return s.app.recorder.events_table_name


def _register(s, code: str, name: str) -> None:
    parent = None if code == "650000" else "650000"
    s.app.register_jurisdiction(SUPERVISOR, f"j-{code}", code=code, name=name,
                                level="province" if parent is None else "prefecture", parent=parent)


def _projected_names(s) -> set[str]:
    s.projector.catch_up()
    with s.engine.connect() as conn:
        return set(conn.execute(select(jurisdictions.c.name)).scalars())


def _owner(s) -> psycopg.Connection:
    return psycopg.connect(s.settings.database_url, autocommit=True)


def _rows(conn, table: str) -> list:
    return conn.execute(f"SELECT originator_id, originator_version, topic, state, notification_id "
                        f"FROM {table} ORDER BY notification_id").fetchall()


# --- PostgreSQL: the triggers --------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.parametrize("statement", [
    "UPDATE {t} SET topic = 'forged'",
    "DELETE FROM {t}",
    "TRUNCATE {t}",
    "INSERT INTO {t} (originator_id, originator_version, topic) SELECT originator_id, originator_version, 'x' "
    "FROM {t} ON CONFLICT (originator_id, originator_version) DO UPDATE SET topic = 'forged'",
])
def test_on_postgresql_the_owner_cannot_rewrite_history(pg_system, statement):
    s = pg_system
    _register(s, "650000", "新疆维吾尔自治区")
    table = f'"{s.settings.schema}".{_events(s)}'
    with _owner(s) as conn:
        before = _rows(conn, table)
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            conn.execute(statement.format(t=table))
        assert refused.value.diag.message_primary == REFUSAL
        assert _rows(conn, table) == before
    # Writing events and projecting them goes on as before.
    _register(s, "652300", "昌吉回族自治州")
    assert _projected_names(s) == {"新疆维吾尔自治区", "昌吉回族自治州"}


@pytest.mark.postgres
def test_protecting_twice_leaves_one_set_of_triggers(pg_system):
    s = pg_system
    protect_postgres(s.settings.database_url, s.settings.schema, [_events(s)])
    with _owner(s) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY 1",
            (f'"{s.settings.schema}".{_events(s)}',))]
    assert names == ["shuangsui_append_only", "shuangsui_append_only_truncate", "shuangsui_notify"]


# --- PostgreSQL: the application role ------------------------------------------------

@pytest.fixture
def app_role(pg_system):
    role = f"shuangsui_app_{uuid.uuid4().hex[:8]}"
    yield role
    with _owner(pg_system) as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def _as_role(conn, role: str, statement: str) -> None:
    """Run `statement` as `role` in a transaction that is rolled back whatever happens."""
    with conn.transaction(force_rollback=True):
        conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))
        conn.execute(statement)


@pytest.mark.postgres
def test_lock_table_in_exclusive_mode_needs_table_level_update(pg_system, app_role):
    """Why the app role holds UPDATE: eventsourcing locks the table before every insert."""
    s, who = pg_system, sql.Identifier(app_role)
    table = sql.Identifier(s.settings.schema, _events(s))
    lock = f'LOCK TABLE "{s.settings.schema}".{_events(s)} IN EXCLUSIVE MODE'
    with _owner(s) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(who))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(s.settings.schema), who))
        conn.execute(sql.SQL("GRANT SELECT, INSERT ON {} TO {}").format(table, who))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            _as_role(conn, app_role, lock)
        conn.execute(sql.SQL("GRANT UPDATE (topic) ON {} TO {}").format(table, who))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            _as_role(conn, app_role, lock)  # a column-level UPDATE is not enough
        conn.execute(sql.SQL("GRANT UPDATE ON {} TO {}").format(table, who))
        _as_role(conn, app_role, lock)


@pytest.mark.postgres
def test_the_app_role_may_read_and_append_events_but_not_change_them(pg_system, app_role):
    s = pg_system
    _register(s, "650000", "新疆维吾尔自治区")
    grants = grant_app_role(s.settings.database_url, s.settings.schema, app_role, [_events(s)])
    assert grants.created and not grants.login
    assert f"{s.settings.schema}.{_events(s)}" not in grants.read_tables
    assert f"{s.settings.schema}.jurisdictions" in grants.read_tables
    table = f'"{s.settings.schema}".{_events(s)}'
    with _owner(s) as conn:
        def may(relation: str, right: str) -> bool:
            return conn.execute("SELECT has_table_privilege(%s, %s, %s)", (app_role, relation, right)).fetchone()[0]

        assert may(table, "SELECT") and may(table, "INSERT") and may(table, "UPDATE")
        assert not may(table, "DELETE") and not may(table, "TRUNCATE") and not may(table, "TRIGGER")
        assert all(may(f'"{s.settings.schema}".jurisdictions', r) for r in ("SELECT", "INSERT", "UPDATE", "DELETE"))
        before = _rows(conn, table)
        for statement in (f"DELETE FROM {table}", f"TRUNCATE {table}", f"DROP TRIGGER shuangsui_append_only ON {table}"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
                _as_role(conn, app_role, statement)
            assert refused.value.diag.message_primary != REFUSAL  # refused by privilege, before any trigger
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as refused:
            _as_role(conn, app_role, f"UPDATE {table} SET topic = 'forged'")
        assert refused.value.diag.message_primary == REFUSAL  # allowed by privilege, refused by the trigger
        assert _rows(conn, table) == before


@pytest.mark.postgres
def test_the_web_and_worker_processes_run_as_the_app_role(pg_system, app_role):
    """Granting twice is harmless; the app connects as the role, writes events and projects them."""
    s, password = pg_system, uuid.uuid4().hex
    _register(s, "650000", "新疆维吾尔自治区")
    grant_app_role(s.settings.database_url, s.settings.schema, app_role, [_events(s)])
    again = grant_app_role(s.settings.database_url, s.settings.schema, app_role, [_events(s)], login=True, password=password)
    assert not again.created and again.login
    owner = urlparse(s.settings.database_url)
    as_role = owner._replace(netloc=f"{app_role}:{password}@{owner.netloc.rpartition('@')[2]}").geturl()
    web = open_system(Settings(database_url=as_role, schema=s.settings.schema, create_tables=False))
    try:
        _register(web, "652300", "昌吉回族自治州")
        assert _projected_names(web) == {"新疆维吾尔自治区", "昌吉回族自治州"}
    finally:
        web.close()


@pytest.mark.postgres
def test_a_superuser_or_the_owner_is_refused_as_app_role(pg_system):
    s = pg_system
    with _owner(s) as conn:
        me = conn.execute("SELECT current_user").fetchone()[0]
    with pytest.raises(ValueError, match="超级用户|所有者"):
        grant_app_role(s.settings.database_url, s.settings.schema, me, [_events(s)])


@pytest.mark.postgres
def test_the_command_grants_and_says_what_it_granted(pg_system, app_role, tmp_path):
    from webapp import create_app
    from webapp.cli_ledger_db import register

    @click.group()
    def ledger():
        pass

    register(ledger)
    flask_app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path / "var"}}, system=pg_system)
    result = flask_app.test_cli_runner().invoke(ledger, ["grant-app-role", app_role])
    assert result.exit_code == 0, result.output
    assert f"角色 {app_role}：已新建，不可登录" in result.output
    assert f"事件表 {pg_system.settings.schema}.{_events(pg_system)}：SELECT、INSERT、UPDATE；不授予 DELETE、TRUNCATE" in result.output
    with _owner(pg_system) as conn:
        assert not conn.execute("SELECT has_table_privilege(%s, %s, 'DELETE')",
                                (app_role, f'"{pg_system.settings.schema}".{_events(pg_system)}')).fetchone()[0]
    missing = flask_app.test_cli_runner().invoke(ledger, ["grant-app-role", app_role, "--login", "--password-env", "NO_SUCH_VAR_X"])
    assert missing.exit_code != 0 and "环境变量 NO_SUCH_VAR_X 未设置或为空" in missing.output


# --- SQLite ----------------------------------------------------------------------------

@pytest.mark.parametrize("statement", ["UPDATE {t} SET topic = 'forged'", "DELETE FROM {t}"])
def test_on_sqlite_the_events_file_refuses_updates_and_deletes(system, statement):
    _register(system, "650000", "新疆维吾尔自治区")
    path, table = system.settings.var_dir / "events.sqlite", _events(system)
    with sqlite3.connect(path) as db:
        before = db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        with pytest.raises(sqlite3.IntegrityError, match="事件库只允许追加，不允许修改或删除"):
            db.execute(statement.format(t=table))
    with sqlite3.connect(path) as db:
        assert db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() == before
    protect_sqlite(str(path), [_events(system)])  # idempotent, and harmless beside the open store
    _register(system, "652300", "昌吉回族自治州")
    assert _projected_names(system) == {"新疆维吾尔自治区", "昌吉回族自治州"}


def test_the_command_explains_there_are_no_roles_on_sqlite(app):
    from webapp.cli_ledger_db import register

    @click.group()
    def ledger():
        pass

    register(ledger)
    result = app.test_cli_runner().invoke(ledger, ["grant-app-role", "shuangsui_app"])
    assert result.exit_code != 0 and "SQLite 没有数据库角色" in result.output
