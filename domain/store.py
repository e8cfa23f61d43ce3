"""How the application reaches its event store: an environment built from settings.

SQLite file under var/ by default; PostgreSQL (psycopg 3) when a DATABASE_URL is given.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse


def event_store_env(database_url: str | None, var_dir: str | os.PathLike, *,
                    create_table: bool = True, schema: str | None = None) -> dict[str, str]:
    if not database_url or database_url.startswith("sqlite"):
        path = Path(var_dir) / "events.sqlite"
        if database_url and database_url.startswith("sqlite:///"):
            path = Path(database_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path),
                "CREATE_TABLE": "y" if create_table else "n"}
    url = urlparse(database_url)
    if url.scheme not in ("postgres", "postgresql", "postgresql+psycopg"):
        raise ValueError(f"DATABASE_URL 只支持 postgresql:// 或 sqlite:///，实际为 {url.scheme}://")
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "CREATE_TABLE": "y" if create_table else "n",
        # Seconds a call waits for a pooled connection; eventsourcing retries a call 10 times,
        # so while PostgreSQL is down a request fails (503) after ~20 s, not after the default
        # 30 s × 10. Reconnecting needs no setting: a dead connection fails at once, is
        # dropped by the pool, and the retry takes a fresh one (tests/faults/test_postgres_restart.py).
        "POSTGRES_CONNECT_TIMEOUT": os.environ.get("POSTGRES_CONNECT_TIMEOUT") or "2",
    }
    if schema:
        env["POSTGRES_SCHEMA"] = schema
    return env
