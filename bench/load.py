"""Issue 9: the web app under load at province scale. `python -m bench load` (or
`python -m bench.load --help` for the options).

The data: the province demo plus a year of casework (~1 M events) in PostgreSQL
(bench/pg_province.py, made on first use and then reused). The server: gunicorn as deployed
(`webapp:create_app`, DATABASE_URL set, SHUANGSUI_CREATE_TABLES=false, no projector in the web
process: nothing measured writes), `-w 3 --threads 4` by default on this 2-core machine. The
baseline: a Flask route answering "ok" (bench/trivial_app.py) under the same configuration.
The clients: ApacheBench on loopback, keep-alive, 10, 50 and 200 at a time, each sending its
next request as soon as the last is answered (no think time).

Who: the officer with the most tasks in the data set (an inspector account made for them in
their brigade, as the demo's accounts are) and a supervisor of that officer's prefecture.
What: the officer's list (/tasks/mine), a task page of theirs (four tasks in turn), the
supervisor's task list (/tasks) and home page (/), and the public disclosure table."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import String, cast, select, text

from domain.base import Actor
from projections.system import System
from projections.tables import brigades, inspectors, tasks, users
from webapp.auth.credentials import set_password

from .load_client import Result, ab_or_exit, children, cpu_seconds, fetch, gunicorn, load, login, machine, spent

PASSWORD = "Bench-load-2026"
OFFICER, SUPERVISOR = "bench.officer", "bench.supervisor"
ADMIN = Actor("bench", "admin")
CONCURRENCY = (10, 50, 200)
APP = "webapp:create_app({'EMBEDDED_PROJECTOR': False})"
AIMS = {"officer-list": 100, "task": 100, "supervisor-list": 100, "home": 300}  # p95 ms at 50 clients


@dataclass
class Page:
    key: str
    title: str
    paths: list[str]
    who: str | None = None  # OFFICER, SUPERVISOR or None (public)
    trivial: bool = False


@dataclass
class Row:
    page: Page
    clients: int
    result: Result


@dataclass
class Cast:
    officer_name: str
    brigade: str
    prefecture: str
    task_ids: list[str] = field(default_factory=list)
    officer_tasks: int = 0


def prepare(system: System, tasks_shown: int = 4) -> Cast:
    """The two accounts (made once; passwords set each run) and the officer's tasks to show."""
    app = system.app
    with system.engine.connect() as conn:
        counts = Counter(o for (officers,) in conn.execute(select(tasks.c.officers)) for o in officers or [])
        names = Counter((r.name, r.unit) for r in conn.execute(select(inspectors.c.name, inspectors.c.unit)))
        people = {r.id: r for r in conn.execute(select(inspectors.c.id, inspectors.c.name, inspectors.c.unit))}
        # officer_of (webapp/tasks/queries.py) finds an account's officer by name within its brigade
        officer = next(o for o, _ in counts.most_common() if o in people and people[o].unit
                       and names[people[o].name, people[o].unit] == 1)
        person = people[officer]
        path = conn.execute(select(brigades.c.jurisdiction_path).where(brigades.c.code == person.unit)).scalar()
        rows = conn.execute(select(tasks.c.id, tasks.c.state, tasks.c.officers).where(
            cast(tasks.c.officers, String).contains(officer)).order_by(tasks.c.id)).all()
        existing = set(conn.execute(select(users.c.username)).scalars())
    mine = [r for r in rows if officer in (r.officers or [])]
    by_state = {}
    for r in mine:  # one task of each state first, then the rest in id order
        by_state.setdefault(r.state, r.id)
    chosen = (list(by_state.values()) + [r.id for r in mine if r.id not in by_state.values()])[:tasks_shown]
    parts = [p for p in path.split("/") if p]  # "/650000/652300/652301/": the province, prefecture, county
    prefecture = parts[1] if len(parts) > 1 else parts[0]
    if OFFICER not in existing:
        app.create_user(ADMIN, f"bench:load:{OFFICER}", username=OFFICER, display_name=person.name,
                        role="inspector", brigade=person.unit)
    if SUPERVISOR not in existing:
        app.create_user(ADMIN, f"bench:load:{SUPERVISOR}", username=SUPERVISOR, display_name="压测调度员",
                        role="supervisor", jurisdiction=prefecture)
    for username in (OFFICER, SUPERVISOR):
        set_password(system.engine, username, PASSWORD)
    system.read_side_up_to_date()
    return Cast(person.name, person.unit, prefecture, chosen, len(mine))


def pages(cast: Cast) -> list[Page]:
    return [
        Page("trivial", "基线：Flask 返回 \"ok\"", ["/"], trivial=True),
        Page("officer-list", "执法人员的任务 /tasks/mine", ["/tasks/mine"], OFFICER),
        Page("task", f"任务页 /tasks/<id>（{len(cast.task_ids)} 个轮换）", [f"/tasks/{t}" for t in cast.task_ids],
             OFFICER),
        Page("supervisor-list", "调度员的任务列表 /tasks", ["/tasks"], SUPERVISOR),
        Page("home", "调度员首页 /", ["/"], SUPERVISOR),
        Page("disclosure", "公开表 /public/disclosure", ["/public/disclosure"]),
    ]


def app_env(system: System) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DB_SCHEMA", "DATABASE_URL")}
    env.update(SHUANGSUI_VAR=str(system.settings.var_dir), SHUANGSUI_CREATE_TABLES="false",
               SECRET_KEY=secrets.token_urlsafe(32))
    if system.settings.database_url:
        env["DATABASE_URL"] = system.settings.database_url
    if system.settings.schema:
        env["DB_SCHEMA"] = system.settings.schema
    return env


def measure(system: System, cast: Cast, work: Path, concurrencies=CONCURRENCY, seconds: float = 10,
            workers: int = 3, threads: int = 4, fixed: int | None = None, strict: bool = False,
            only: tuple[str, ...] = (), echo=print) -> tuple[list[Row], dict]:
    """Every page at every concurrency; `fixed` requests per run instead of ~`seconds` of load.
    A page that does not answer 200 before the load is skipped and said (`strict`: an error)."""
    rows, single = [], {}
    log = work / "gunicorn.log"
    with gunicorn("bench.trivial_app:app", dict(os.environ), workers, threads, "/", log) as (trivial_base, tpid), \
            gunicorn(APP, app_env(system), workers, threads, "/healthz", log) as (app_base, apid):
        cookies = {who: login(app_base, who, PASSWORD) for who in (OFFICER, SUPERVISOR)}
        for page in [p for p in pages(cast) if not only or p.key in only]:
            base = trivial_base if page.trivial else app_base
            cookie = cookies.get(page.who)
            broken = [f"{path} 返回 {status}（{page.who or '公众'}）" for path in page.paths
                      for status, body in [fetch(base, path, cookie)]  # what the load gets: the page, no redirect
                      if status != 200 or 'name="password"' in body]
            if broken and strict:
                raise RuntimeError(f"{broken[0]}，不能压测")
            if broken:
                echo(f"跳过 {page.title}：{broken[0]}")
                continue
            urls = [base + p for p in page.paths]
            load(urls, workers * threads, workers * threads * 3, cookie, keep_alive=False)  # every worker warm
            probe = load(urls, 1, fixed or 20, cookie)
            single[page.key] = probe.p50
            for c in concurrencies:
                n = fixed or int(min(20000, max(3 * c, 100, seconds * 1000 / max(probe.p50, 0.5))))
                app_pids, db_pids = children(tpid if page.trivial else apid), [] if page.trivial else backends(system)
                app_before, db_before = cpu_seconds(app_pids), cpu_seconds(db_pids)
                result = load(urls, c, n, cookie)
                db_pids = set(db_pids) | set([] if page.trivial else backends(system))  # the pools may have grown
                result.app_cpu_ms = spent(app_before, cpu_seconds(app_pids)) * 1000 / max(result.requests, 1)
                result.db_cpu_ms = spent(db_before, cpu_seconds(db_pids)) * 1000 / max(result.requests, 1)
                rows.append(Row(page, c, result))
                echo(f"{page.title:<34} {c:>4} 客户端：{line(result)}")
    return rows, single


def backends(system: System) -> list[int]:
    """The PostgreSQL server processes of this database (the web workers' pooled connections)."""
    if system.settings.embedded:
        return []
    with system.engine.connect() as conn:
        return list(conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"))
                    .scalars())


def line(r: Result) -> str:
    return (f"{r.requests:>6} 次 {r.rate:>8.1f}/s  p50 {r.p50:>6.0f}  p95 {r.p95:>6.0f}  p99 {r.p99:>6.0f} ms  "
            f"非2xx {r.non_2xx}  失败 {r.failed}  CPU/次 应用 {r.app_cpu_ms:.1f} + 数据库 {r.db_cpu_ms:.1f} ms")


def table(rows: list[Row], single: dict) -> str:
    out = ["| page | clients | requests | req/s | p50 ms | p95 ms | p99 ms | non-2xx | failed | 1 client p50 ms "
           "| CPU ms/req app + PG |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        r = row.result
        out.append(f"| {row.page.title} | {row.clients} | {r.requests:,} | {r.rate:,.1f} | {r.p50:.0f} | {r.p95:.0f} "
                   f"| {r.p99:.0f} | {r.non_2xx} | {r.failed} | {single[row.page.key]:.0f} "
                   f"| {r.app_cpu_ms:.1f} + {r.db_cpu_ms:.1f} |")
    return "\n".join(out)


def verdicts(rows: list[Row]) -> list[str]:
    said = []
    for row in rows:
        aim = AIMS.get(row.page.key)
        if row.clients == 50 and aim:
            ok = row.result.p95 < aim
            said.append(f"{row.page.title}：50 客户端 p95 {row.result.p95:.0f} ms，目标 < {aim} ms {'✔' if ok else '✘'}")
        if row.clients == max(r.clients for r in rows):
            bad = row.result.non_2xx + row.result.failed
            said.append(f"{row.page.title}：{row.clients} 客户端错误 {bad} {'✔' if not bad else '✘'}")
    return said


def run(work: Path, fresh: bool = False, workers: int = 3, threads: int = 4, seconds: float = 10,
        concurrencies=CONCURRENCY, url: str | None = None, only: tuple[str, ...] = ()) -> list[Row]:
    ab_or_exit()
    from . import pg_province

    system = pg_province.open_cached(fresh=fresh, url=url or pg_province.DEFAULT_URL)
    try:
        cast = prepare(system)
        print(f"执法人员：{cast.officer_name}（{cast.brigade}，{cast.officer_tasks} 个任务）；调度员辖区 {cast.prefecture}；"
              f"gunicorn -w {workers} --threads {threads}；{machine()}")
        started = time.perf_counter()
        rows, single = measure(system, cast, work, concurrencies, seconds, workers, threads, only=only)
    finally:
        system.close()
    print(table(rows, single))
    print("\n".join(verdicts(rows)))
    print(f"用时 {time.perf_counter() - started:.0f} s；结束时{machine()}；gunicorn 日志 {work / 'gunicorn.log'}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10, help="about how long each run lasts")
    parser.add_argument("--clients", type=int, nargs="+", default=list(CONCURRENCY))
    parser.add_argument("--url", help="the PostgreSQL database (default as bench/pg_province.py)")
    parser.add_argument("--fresh", action="store_true", help="copy the data into PostgreSQL again")
    parser.add_argument("--pages", nargs="+", default=(), help="only these (trivial officer-list task "
                                                               "supervisor-list home disclosure)")
    args = parser.parse_args()
    run(Path(tempfile.mkdtemp(prefix="shuangsui-load-")), args.fresh, args.workers, args.threads, args.seconds,
        tuple(args.clients), args.url, tuple(args.pages))


if __name__ == "__main__":
    sys.exit(main())
