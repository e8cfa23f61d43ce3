"""Where a page's time goes: the app built as gunicorn builds it, in this process, one user
logged in through the test client, N requests of one path under cProfile (the top functions
by own time and by cumulative time) and the SQL statements it ran, slowest first.

Usage (after `python -m bench load` has made the data and the accounts):
  python -m bench.load_profile /tasks/mine --as bench.officer [-n 20] [--url postgresql://…]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import time
from collections import defaultdict

from sqlalchemy import event

from . import pg_province
from .load import PASSWORD


def profile(path: str, username: str | None, n: int, url: str, var: str | None) -> None:
    os.environ.update(DATABASE_URL=url, SHUANGSUI_CREATE_TABLES="false")
    if var:
        os.environ["SHUANGSUI_VAR"] = var
    from webapp import create_app

    app = create_app({"EMBEDDED_PROJECTOR": False, "WTF_CSRF_ENABLED": False})
    client = app.test_client()
    if username:
        answer = client.post("/login", data={"username": username, "password": PASSWORD})
        assert answer.status_code == 302, answer.status_code
    for _ in range(3):  # warm: templates compiled, statement caches filled
        assert client.get(path).status_code == 200
    statements: dict[str, list[float]] = defaultdict(list)
    engine = app.extensions["shuangsui"].engine

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn, cursor, statement, params, context, many):
        conn.info.setdefault("t", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _end(conn, cursor, statement, params, context, many):
        statements[re.sub(r"\s+", " ", statement)[:300]].append(time.perf_counter() - conn.info["t"].pop())

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(n):
        client.get(path)
    profiler.disable()
    each = (time.perf_counter() - started) / n * 1000
    print(f"{path}：每次 {each:.1f} ms（{n} 次，单进程，含 cProfile 开销）")
    sql_ms = sum(sum(v) for v in statements.values()) / n * 1000
    print(f"SQL：每次 {sum(len(v) for v in statements.values()) / n:.0f} 条语句，{sql_ms:.1f} ms")
    for statement, times in sorted(statements.items(), key=lambda kv: -sum(kv[1]))[:8]:
        print(f"  {sum(times) / n * 1000:7.2f} ms/次  ×{len(times) // n:<3} {statement}")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(18)
        print("\n".join(out.getvalue().splitlines()[6:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="username", help="log in as (bench.officer, bench.supervisor); none: public")
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--url", default=pg_province.DEFAULT_URL)
    parser.add_argument("--var", help="the data set's folder (evidence files), default var/bench/province-year")
    args = parser.parse_args()
    profile(args.path, args.username, args.n, args.url, args.var or str(pg_province.history_year.ROOT / "var" /
                                                                         "bench" / "province-year"))


if __name__ == "__main__":
    main()
