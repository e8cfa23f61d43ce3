"""The read-side bench's data set (the province demo plus a year of casework, ~1 M events)
in PostgreSQL, for the load bench (`python -m bench load`).

Made from the SQLite data set (bench/history_year.py, generated first if missing): the stored
events are copied into PostgreSQL's event table as they are (same notification ids, COPY),
then every read table is rebuilt there by the projector, as `shuangsui rebuild` does. The
tables that no event makes (password hashes, API tokens, the draws' secrets) are copied
row by row. Why not generate straight into PostgreSQL: the demo imports 100,000 units in one
save, and that single insert hung in psycopg's pipeline (client waiting in `Pipeline.sync`,
server waiting for the client, both socket queues empty) on this machine.

A marker `GENERATED-PG` next to the SQLite data (var/bench/<scale>-year/) names the SQLite
generation it was copied from, the database and the last event; a later run reuses the
database while all three match. The web process uses the same var dir for the evidence files.
Usage: python -m bench.pg_province [--size province|tiny] [--fresh] [--url postgresql://…]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg
from sqlalchemy import create_engine, insert, select

from projections.system import Settings, System, open_system
from projections.tables import api_tokens, credentials, draw_secrets

from . import history_year

DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/shuangsui_bench")
UNPROJECTED = (credentials, api_tokens, draw_secrets)  # made by no event: copied as they are


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def make_database(url: str, drop: bool = False) -> None:
    """Create the database (dropping it first if asked), from the server's `postgres` database."""
    name = database_name(url)
    with psycopg.connect(urlparse(url)._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if drop:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def settings_for(url: str, var: Path) -> Settings:
    return Settings(database_url=url, var_dir=var)


def open_cached(size: str = "province", fresh: bool = False, url: str = DEFAULT_URL, var: Path | None = None,
                echo=print) -> System:
    """The data set in PostgreSQL, copied from the SQLite one on first use (or `fresh`)."""
    source = history_year.open_cached(size, var=var, echo=echo)  # generated here if missing
    var = source.settings.var_dir
    events_file = var / "events.sqlite"  # domain/store.py: the embedded store's file
    last = source.app.recorder.max_notification_id() or 0
    table = source.app.recorder.events_table_name
    source_read_url = source.settings.read_url
    source.close()
    origin = (var / "GENERATED").read_text().splitlines()[:2]
    marker, wanted = var / "GENERATED-PG", [*origin, f"db={database_name(url)} last={last}"]
    if not fresh and marker.exists() and marker.read_text().splitlines()[:3] == wanted:
        make_database(url)
        system = open_system(settings_for(url, var))
        if (system.app.recorder.max_notification_id() or 0) >= last:  # the bench's accounts come after
            echo(f"使用已复制到 PostgreSQL 的数据：{database_name(url)}（{marker.read_text().splitlines()[3]}）")
            system.read_side_up_to_date()  # a projection added since is brought up to date here
            analyse(url)
            return system
        system.close()
        echo("PostgreSQL 中的事件与标记不符，重新复制")
    marker.unlink(missing_ok=True)
    make_database(url, drop=True)
    system = open_system(settings_for(url, var))  # event table, read tables, triggers
    started = time.perf_counter()
    copied = copy_events(events_file, table, url, system.app.recorder.events_table_name, echo)
    copy_s = time.perf_counter() - started
    copy_unprojected(source_read_url, system)
    started = time.perf_counter()
    system.projector.batch_size = 2000  # as `shuangsui rebuild` does
    done = [0]

    def progress(n: int) -> None:
        done[0] += n
        if done[0] // 100_000 != (done[0] - n) // 100_000:
            echo(f"重建读表：{done[0]:,}/{copied:,}，{done[0] / (time.perf_counter() - started):,.0f} 条/s")

    rebuilt = system.projector.rebuild(progress)
    rebuild_s = time.perf_counter() - started
    analyse(url)
    summary = (f"复制 {copied:,} 条事件 {copy_s:.0f} s；在 PostgreSQL 上重建全部读表 {rebuilt:,} 条 "
               f"{rebuild_s:.0f} s（{rebuilt / rebuild_s:,.0f} 条/s）")
    marker.write_text("\n".join([*wanted, summary]) + "\n")
    echo(summary)
    return system


def analyse(url: str) -> None:
    """VACUUM (ANALYZE): what autovacuum does some time after a rebuild. Without statistics the
    planner guesses (a scope's tasks estimated at 400 rows of 80,000) and index-only scans
    need the visibility map. Autovacuum is off on the test server, so the bench does it."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def copy_events(events_file: Path, source_table: str, url: str, table: str, echo=print) -> int:
    """Every stored event, in order and with its notification id, by COPY; the id sequence is
    then moved past the last one so that new events follow."""
    source = sqlite3.connect(f"file:{events_file}?mode=ro", uri=True)
    rows = source.execute(f'SELECT rowid, originator_id, originator_version, topic, state FROM "{source_table}" '
                          "ORDER BY rowid")
    n = 0
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        with cur.copy(f'COPY "{table}" (notification_id, originator_id, originator_version, topic, state) '
                      "FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
                if n % 200_000 == 0:
                    echo(f"复制事件：{n:,}")
        cur.execute("SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                    f'(SELECT max(notification_id) FROM "{table}"))', (table,))
    source.close()
    return n


def copy_unprojected(source_read_url: str, system: System) -> None:
    source = create_engine(source_read_url)
    with source.connect() as old, system.engine.begin() as new:
        for table in UNPROJECTED:
            rows = [dict(r) for r in old.execute(select(table)).mappings()]
            if rows:
                new.execute(insert(table), rows)
    source.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(history_year.SIZES), default="province")
    parser.add_argument("--fresh", action="store_true",
                        help="copy and rebuild again (the SQLite data is kept; `python -m bench.history_year "
                             "--fresh` makes that again)")
    parser.add_argument("--url", default=DEFAULT_URL, help="the PostgreSQL database to use (created if missing)")
    parser.add_argument("--var", type=Path, help="the SQLite data set's folder (default var/bench/<scale>-year/)")
    args = parser.parse_args()
    open_cached(args.size, args.fresh, args.url, args.var).close()


if __name__ == "__main__":
    main()
