"""Top-level fixtures for the external services the tests talk to.

* ``postgres_url`` / ``redis_url`` (session): URLs of a reachable PostgreSQL /
  Redis, from ``TEST_DATABASE_URL`` / ``TEST_REDIS_URL`` or the local defaults.
* ``chromium_path`` (session): Debian's Chromium for the Playwright tests.
* ``fresh_pg_schema`` (function): ``(url, schema)`` with a new, empty schema
  that is dropped (CASCADE) after the test; run the event store
  (``POSTGRES_SCHEMA=schema``) and the read tables inside it so that parallel
  or earlier runs never see each other's rows.

A missing service skips the test with a reason, unless
``SHUANGSUI_REQUIRE_SERVICES=1`` (set by ``.ci/run``): then the test fails, so
CI can never go green by skipping everything that needs PostgreSQL, Redis or
Chromium.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
CHROMIUM_PATH = "/usr/bin/chromium"
CONNECT_TIMEOUT_S = 2


def services_required() -> bool:
    return os.environ.get("SHUANGSUI_REQUIRE_SERVICES", "").strip() == "1"


def _unavailable(service: str, reason: str) -> None:
    """Skip (locally) or fail (SHUANGSUI_REQUIRE_SERVICES=1) for a missing service."""
    message = f"{service} 不可用：{reason}"
    if services_required():
        pytest.fail(f"{message}（SHUANGSUI_REQUIRE_SERVICES=1，不允许跳过）", pytrace=False)
    pytest.skip(message)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _pg_connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, **kwargs)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_DATABASE_URL
    problem = None
    try:
        with _pg_connect(url, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable"
        problem = _one_line(exc)
    if problem is not None:  # reported outside `except`: no chained traceback
        _unavailable("PostgreSQL", f"{_redact(url)} → {problem}")
    return url


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL") or DEFAULT_REDIS_URL
    import redis  # a runtime dependency of the project (rq)

    problem = None
    client = redis.Redis.from_url(
        url, socket_connect_timeout=CONNECT_TIMEOUT_S, socket_timeout=CONNECT_TIMEOUT_S
    )
    try:
        if not client.ping():
            problem = "PING did not return PONG"
    except Exception as exc:  # noqa: BLE001
        problem = _one_line(exc)
    finally:
        client.close()
    if problem is not None:
        _unavailable("Redis", f"{_redact(url)} → {problem}")
    return url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not (os.path.isfile(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK)):
        _unavailable(
            "Chromium",
            f"{CHROMIUM_PATH} 不存在（apt-get install chromium fonts-noto-cjk；"
            "不要运行 playwright install）",
        )
    return CHROMIUM_PATH


@pytest.fixture
def fresh_pg_schema(postgres_url: str) -> Iterator[tuple[str, str]]:
    """Yield ``(url, schema)``: a new empty schema in the test database.

    ``url`` is the plain database URL (no search_path); point the code under
    test at ``schema`` explicitly (eventsourcing: ``POSTGRES_SCHEMA``; SQLAlchemy:
    ``schema_translate_map`` or ``options=-csearch_path=<schema>``).
    """
    schema = f"t_{uuid.uuid4().hex[:8]}"
    with _pg_connect(postgres_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        yield postgres_url, schema
    finally:
        _drop_schema(postgres_url, schema)


def _drop_schema(url: str, schema: str) -> None:
    try:
        with _pg_connect(url, autocommit=True) as conn:
            # A connection leaked by the test could hold locks in the schema:
            # do not hang until the pytest timeout, warn instead.
            conn.execute("SET lock_timeout = '10s'")
            conn.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema))
            )
    except Exception as exc:  # noqa: BLE001
        warnings.warn(
            f"could not drop test schema {schema!r}: {_one_line(exc)}",
            RuntimeWarning,
            stacklevel=1,
        )


def _redact(url: str) -> str:
    """Hide a password in a service URL before it goes into a skip/fail message."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _, hostpart = rest.rpartition("@")
    if ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":***"
    return f"{scheme}://{userinfo}@{hostpart}"


# --- the application under test -------------------------------------------------------
# `system` is a real event store and read database: SQLite files in a temp folder by
# default; the `pg_system` fixture gives the same on PostgreSQL, in a fresh schema.

@pytest.fixture
def system(tmp_path):
    from projections.system import Settings, open_system

    s = open_system(Settings(var_dir=tmp_path / "var"))
    yield s
    s.close()


@pytest.fixture
def pg_system(fresh_pg_schema, tmp_path):
    from projections.system import Settings, open_system

    url, schema = fresh_pg_schema
    # var/ still holds what stays outside the database (the ledger's signing key): per test
    s = open_system(Settings(database_url=url, schema=schema, var_dir=tmp_path / "pg-var"))
    yield s
    s.close()


@pytest.fixture
def app(system, tmp_path):
    from webapp import create_app

    flask_app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False,
                            "SHUANGSUI_SETTINGS": {"var_dir": tmp_path / "var"}}, system=system)
    return flask_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def projector_in_request(system, monkeypatch):
    """After a command a page waits until the projector has passed it (read-your-writes).
    Under test no projector thread runs: it runs in the request, just before that wait."""
    from webapp import forms
    from webapp.services import wait_for

    def project_then_wait(position):
        system.projector.catch_up()
        return wait_for(position)

    monkeypatch.setattr(forms, "wait_for", project_then_wait)


@pytest.fixture
def login(client, system):
    """Log the test client in as `username` (the password is set only for who logs in:
    scrypt is slow). A module may override this, e.g. with a fresh browser per user."""
    from tests.support.pages import PASSWORD
    from webapp.auth.credentials import set_password

    def as_user(username: str):
        set_password(system.engine, username, PASSWORD)
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return client
    return as_user
