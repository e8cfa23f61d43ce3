"""`python -m bench jobs`: background work through a real Redis and real rq worker processes
(issue 8), each figure next to its baseline measured in the same run:

1. a no-op job through one worker: rq's own (`noop` below, enqueued straight onto the queue)
   next to ours (a `Job` requested as an event, handed over by the dispatcher with the RQ
   backend, run by `workers.jobs.runner.run_job`: progress rows, the Finished event);
2. the reminder job (`workers.reminders.send_reminders`) on the demo data, in this process
   and queued for a worker as the scheduler queues it;
3. the time from a deadline entering its reminder window (an event written) to the
   notification row, with the embedded scheduler (SQLite, no Redis) at a few intervals.

The worker is `shuangsui worker --burst` itself (the app's CLI: rq's `Worker`, which forks a
work horse per job) in a child process, `python -m bench.jobs worker`, which first registers
the no-op kind (`register`: in that process only; the app's files do not know it); it exits
when the queue is empty. Every kind of job goes through that same worker. Rates come from
rq's own start and end times of the jobs (first start to last end), so the worker's start-up
is not counted. Parts 1–2 run on PostgreSQL (as deployed with Redis) in a fresh schema,
dropped afterwards; Redis is db 14 of the local server (BENCH_REDIS_URL), flushed before and
after, so nothing else may use that db meanwhile."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from uuid import UUID

import psycopg
from redis import Redis
from rq import Queue
from rq.job import Job as RQJob
from sqlalchemy import func, select

from domain.base import SYSTEM, Actor
from domain.calendar import local_day
from domain.jobs import KINDS
from domain.problems import Problem
from projections.job_tables import job_progress, notifications
from projections.system import Settings, open_system
from projections.tables import problems
from workers.reminders import send_reminders

# The worker process imports this module too. What `shuangsui worker` has not imported before
# it forks (workers.jobs.*, the demo) is imported where used, so its work horses import it
# as they would under `shuangsui worker`.
ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
KIND = "bench_noop"
JOBS, REMIND_RUNS, INTERVALS, CROSSINGS, TICK = 2000, 20, (1.0, 3.0, 9.0), 5, 1.0
QUIET = lambda *_: None  # noqa: E731 - the demo loader's echo


def noop() -> None:
    """rq's own baseline: a module-level job that does nothing."""


def noop_handler(system, job, progress) -> dict:
    return {}


def register() -> None:
    """The no-op kind, in this process only: its name among the job kinds, its handler."""
    from workers.jobs.handlers import HANDLERS

    KINDS.setdefault(KIND, "性能测试：空任务")
    HANDLERS[KIND] = noop_handler


def work() -> None:
    """`python -m bench.jobs worker`: `shuangsui worker --burst`, after `register`."""
    from webapp.cli import main

    register()
    main(["worker", "--burst"], prog_name="shuangsui")


@contextmanager
def job_context(system):
    """Jobs run in this process against `system`; whatever was there before comes back after."""
    from workers.jobs import context

    before = context._system
    context.use(system)
    try:
        yield
    finally:
        context.use(before)


# -- a real worker and rq's record of its jobs ----------------------------------------------
class Worker:
    def __init__(self, settings, redis_url: str, log: Path) -> None:
        """The environment a deployed worker has: the same store, tables not created by it."""
        self.env = {**os.environ, "REDIS_URL": redis_url, "SHUANGSUI_VAR": str(settings.var_dir),
                    "SHUANGSUI_CREATE_TABLES": "false", "PYTHONPATH": str(ROOT)}
        for name, value in (("DATABASE_URL", settings.database_url), ("DB_SCHEMA", settings.schema)):
            self.env.pop(name, None)
            if value:
                self.env[name] = value
        self.log = log

    def burst(self, timeout: float = 1800) -> float:
        """One worker process until the queue is empty; its wall time (start-up included)."""
        started = time.perf_counter()
        with self.log.open("ab") as out:
            subprocess.run([sys.executable, "-m", "bench.jobs", "worker"], env=self.env, stdout=out,
                           stderr=out, cwd=ROOT, check=True, timeout=timeout)
        return time.perf_counter() - started


@dataclass
class Rate:
    jobs: int
    seconds: float  # first start to last end
    each: float  # mean seconds of one job, start to end in its work horse

    @property
    def per_second(self) -> float:
        return self.jobs / self.seconds

    @classmethod
    def of_rq(cls, connection, ids: list[str]) -> "Rate":
        jobs = RQJob.fetch_many(ids, connection=connection)
        missing = [i for i, j in zip(ids, jobs) if j is None or j.get_status() != "finished"]
        if missing:
            raise RuntimeError(f"{len(missing)} 个 rq 任务未完成，如 {missing[0]}")
        seconds = (max(j.ended_at for j in jobs) - min(j.started_at for j in jobs)).total_seconds()
        return cls(len(jobs), seconds, sum((j.ended_at - j.started_at).total_seconds() for j in jobs) / len(jobs))


def rq_jobs(connection, worker: Worker, function, n: int) -> tuple[Rate, float]:
    """n jobs of `function` enqueued straight onto the app's queue, then one burst worker."""
    from workers.jobs.backends import QUEUE

    queue = Queue(QUEUE, connection=connection)
    ids = [queue.enqueue(function, job_timeout=3600, result_ttl=3600).id for _ in range(n)]
    wall = worker.burst()
    return Rate.of_rq(connection, ids), wall


def our_jobs(system, connection, redis_url: str, worker: Worker, n: int) -> dict:
    """n no-op jobs the app's way: requested (events), dispatched, run by one burst worker."""
    from workers.jobs.backends import RQBackend
    from workers.jobs.dispatch import Dispatcher

    ids, requested = timed(request, system, n)
    backend = RQBackend(redis_url)
    handed, dispatched = timed(Dispatcher(system, backend).run_once)
    backend.close()
    wall = worker.burst()
    with system.engine.connect() as conn:
        done = conn.execute(select(func.count()).where(job_progress.c.job_id.in_(ids),
                                                       job_progress.c.state == "done")).scalar()
    if done != n or handed != n:
        raise RuntimeError(f"请求 {n} 个任务，派发 {handed} 个，完成 {done} 个")
    rate = Rate.of_rq(connection, [f"{i}-1" for i in ids])  # the backend's rq id of attempt 1
    return {"requested": requested, "dispatched": dispatched, "rate": rate, "wall": wall}


def request(system, n: int) -> list[str]:
    from workers.jobs.service import request_job

    run = uuid.uuid4().hex[:8]
    return [request_job(system, SYSTEM, f"bench:{run}:{i}", KIND).aggregate_id.hex for i in range(n)]


def in_process(system, n: int) -> tuple[float, float]:
    """Where a job's time goes, medians in ms: run_job on a store already open and warm (no
    worker), and what each work horse does instead: open the store, run one job on it cold,
    close it (neither rq nor `shuangsui worker` opens the store before forking)."""
    from workers.jobs.runner import run_job

    warm, cold, settings = [], [], replace(system.settings, create_tables=False)
    with job_context(system):
        for job_id in request(system, n):
            warm.append(timed(run_job, job_id)[1])
    for job_id in request(system, 5):
        started, fresh = time.perf_counter(), open_system(settings)
        with job_context(fresh):
            run_job(job_id)
        fresh.close()
        cold.append(time.perf_counter() - started)
    return median(warm) * 1000, median(cold) * 1000


def timed(fn, *args):
    started = time.perf_counter()
    return fn(*args), time.perf_counter() - started


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# -- parts 1 and 2: PostgreSQL + Redis + a real worker ---------------------------------------
@contextmanager
def pg_system(database_url: str, var_dir: Path):
    schema = f"bench_jobs_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    system = None
    try:
        system = open_system(Settings(database_url=database_url, schema=schema, var_dir=var_dir))
        yield system
    finally:
        if system is not None:
            system.close()
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def throughput(system, connection, redis_url: str, worker: Worker, n: int) -> None:
    baseline, wall = rq_jobs(connection, worker, noop, n)
    print(f"[基线] rq 空任务（bench.jobs.noop 直接入队）经 1 个工作进程：{n} 个，{baseline.per_second:,.0f} 个/s"
          f"（每个 {baseline.each * 1000:.1f} ms；进程总耗时含启动 {wall:.1f} s）")
    ours = our_jobs(system, connection, redis_url, worker, n)
    rate = ours["rate"]
    print(f"[本系统] 空任务（事件请求 → 派发 → run_job）：请求 {n / ours['requested']:,.0f} 个/s，"
          f"派发入队 {n / ours['dispatched']:,.0f} 个/s，工作进程执行 {rate.per_second:,.1f} 个/s"
          f"（每个 {rate.each * 1000:.1f} ms；进程总耗时 {ours['wall']:.1f} s）"
          f"：rq 基线的 {rate.per_second / baseline.per_second:.2f}")
    warm, cold = in_process(system, min(n, 200))
    print(f"  其中：本进程内 run_job（存储已打开，不经工作进程）每个 {warm:.1f} ms；如工作子进程那样"
          f"每个任务新开存储、运行、关闭：每个 {cold:.0f} ms")


def reminders(system, connection, worker: Worker, runs: int) -> None:
    from workers.demo.load import load_demo

    _, seconds = timed(lambda: (load_demo(system, "default", echo=QUIET), system.projector.catch_up()))
    print(f"  （演示数据载入并投影：{seconds:.1f} s，不计入）")
    sent, first = timed(send_reminders, system)
    again = [timed(send_reminders, system) for _ in range(5)]
    repeat = median([s for _, s in again])
    print(f"[提醒] 本进程内 send_reminders（演示数据）：首次 {first * 1000:.0f} ms（新提醒 {sent} 条），"
          f"再次（新提醒 {sum(n for n, _ in again)} 条）中位数 {repeat * 1000:.0f} ms")
    rate, wall = rq_jobs(connection, worker, "workers.jobs.periodic.remind", runs)
    print(f"[提醒] 经工作进程（workers.jobs.periodic.remind，如调度进程入队）：{runs} 次，"
          f"{rate.per_second:,.1f} 次/s，每次 {rate.each * 1000:.0f} ms（本进程内的 {rate.each / repeat:.1f} 倍；"
          f"进程总耗时 {wall:.1f} s）")


# -- part 3: from a deadline entering its window to the notification (embedded, SQLite) -----
def order_soon(system, problem_id, n: int) -> str:
    """The event that makes a reminder due: a rectification order on an open problem, its
    deadline 2 working days away (inside the default 3-day window). Its disposition's key."""
    system.app.command(Problem, problem_id, "order_rectification", Actor("bench", "supervisor"),
                       f"bench-order:{uuid.uuid4().hex}", order_no=f"测试责改〔2026〕{n}号", working_days=2,
                       requirements="性能测试：限期整改", today=local_day(datetime.now(timezone.utc)))
    return f"{problem_id.hex}:d{len(system.app.load(Problem, problem_id).dispositions)}"


def seen_after(system, subject_id: str, timeout: float) -> float | None:
    """Polls every 10 ms for the subject's first notification row; when it was seen."""
    query = select(notifications.c.id).where(notifications.c.subject_id == subject_id).limit(1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with system.engine.connect() as conn:
            if conn.execute(query).first():
                return time.monotonic()
        time.sleep(0.01)
    return None


def open_problem(system):
    with system.engine.connect() as conn:
        return UUID(hex=conn.execute(select(problems.c.id).where(problems.c.state == "open").limit(1)).scalar_one())


def latency(var_dir: Path, intervals, crossings: int = CROSSINGS, tick: float = TICK) -> None:
    from workers.demo.load import load_demo
    from workers.jobs.embedded import Background

    system = open_system(Settings(var_dir=var_dir))
    try:
        load_demo(system, "default", echo=QUIET)
        system.projector.catch_up()
        send_reminders(system)  # what the demo already has due goes first: only ours are new after
        run_s = median([timed(send_reminders, system)[1] for _ in range(3)])
        print(f"[基线] 内置模式（SQLite）send_reminders 一次 {run_s * 1000:.0f} ms；调度线程每 {tick:g} s 一轮，"
              f"投影线程空闲时每 0.2 s 一轮：延迟上限 ≈ 间隔 + {tick:g} s + 0.2 s + 一次运行")
        problem, phase, n = open_problem(system), random.Random(8), 0
        system.projector.start_thread()
        for every in intervals:
            seen = []
            with job_context(system):
                background = Background(system, {"remind": every, "checkpoint": 0, "verify_store": 0, "health": 0},
                                        tick).start()
                for _ in range(crossings):
                    time.sleep(phase.uniform(0, every))  # crossings fall anywhere in the scheduler's cycle
                    n += 1
                    subject = order_soon(system, problem, n)
                    crossed = time.monotonic()
                    found = seen_after(system, subject, every + tick + 30)
                    seen.append(None if found is None else found - crossed)
                background.stop()
            got = sorted(x for x in seen if x is not None)
            line = f"[提醒延迟] 间隔 SHUANGSUI_EVERY_REMIND={every:g} s：{len(seen)} 次"
            if got:
                line += (f"，中位数 {median(got):.2f} s，最短 {got[0]:.2f} s，最长 {got[-1]:.2f} s"
                         f"（上限约 {every + tick + 0.2 + run_s:.1f} s）")
            print(line + (f"，{len(seen) - len(got)} 次超时未见提醒" if len(got) < len(seen) else ""))
    finally:
        system.close()


def run(work: Path, *, redis_url: str = REDIS_URL, database_url: str = DATABASE_URL, jobs: int = JOBS,
        remind_runs: int = REMIND_RUNS, intervals=INTERVALS, crossings: int = CROSSINGS) -> None:
    register()
    print(f"后台任务：Redis {redis_url}（运行前后清空该库），PostgreSQL {database_url.split('@')[-1]}（新建 schema，"
          f"结束时删除），工作进程 shuangsui worker --burst；负载 {load()}")
    connection = Redis.from_url(redis_url)
    connection.flushdb()
    worker_log = work / "jobs-worker.log"
    try:
        with pg_system(database_url, work / "jobs-pg-var") as system:
            worker = Worker(system.settings, redis_url, worker_log)
            throughput(system, connection, redis_url, worker, jobs)
            reminders(system, connection, worker, remind_runs)
    finally:
        connection.flushdb()
        connection.close()
    latency(work / "jobs-latency-var", intervals, crossings)
    print(f"  负载（结束时）{load()}；工作进程日志 {worker_log}")


if __name__ == "__main__":
    work()  # the worker process (bench/__main__.py runs the bench itself)
