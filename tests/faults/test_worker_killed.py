"""A worker killed (SIGKILL, with its work horse: a crash, not a shutdown) in the middle of a
large export: rq finds the job abandoned once its heartbeat has expired, retries it, another
worker writes the file again from the start, and the result is whole: every row, one end.

How rq notices (rq 2.x, worker/base.py and registry.py): while a job runs, the worker keeps
its entry in the StartedJobRegistry alive with a heartbeat whose TTL is
min(job timeout, job_monitoring_interval) + 60 s (30 + 60 = 90 s by default; the 60 is fixed).
A dead worker stops the heartbeat; the next registry cleanup after the entry expired
(`clean_registries`, run by every worker when it starts and then every maintenance_interval,
600 s by default, and only between two dequeues) hands the job to its Retry: rescheduled
after the first back-off (5 s), and a worker's scheduler puts it back on the queue."""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rq.registry import StartedJobRegistry
from sqlalchemy import insert

from bench.reports import filled
from domain.base import Actor
from domain.jobs import Job
from projections.public_tables import disclosures
from projections.tables import jurisdictions, targets, tasks
from tests.support.processes import app_env, ends, progress_of, redis_system, wait_until
from workers.jobs.backends import QUEUE, RQBackend
from workers.jobs.dispatch import Dispatcher
from workers.jobs.service import request_job

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.faults]
FIXTURES = (redis_system,)  # used by the tests below, by name
ROWS = 60_000
QUARTER = ("2026Q2", date(2026, 4, 1))
COUNTY = ("659099", "故障演练县")
CLERK = Actor("zhidui", "supervisor")


def published_quarter(engine, rows: int) -> None:
    """`rows` published results of one county in the quarter, written straight into the read
    tables (what the export reads): a province-sized table without projecting a year of work."""
    code, name = COUNTY
    path, now = f"/{code}/", datetime(2026, 7, 1, tzinfo=timezone.utc)
    batch: dict = {targets: [], tasks: [], disclosures: []}
    for n in range(rows):
        target, task, day = uuid.uuid4().hex, uuid.uuid4().hex, QUARTER[1] + timedelta(days=n % 91)
        batch[targets].append(filled(targets, {
            "id": target, "credit_code": f"9165{n:014d}", "name": f"演练企业{n:06d}有限公司", "jurisdiction": code,
            "jurisdiction_path": path, "category": "general", "fingerprint": f"{n:024d}", "registered_at": now,
            "updated_at": now, "version": 1}))
        batch[tasks].append(filled(tasks, {
            "id": task, "origin": "random", "target_id": target, "stratum": "general", "jurisdiction": code,
            "jurisdiction_path": path, "due": date(2026, 6, 30), "officers": [], "state": "completed",
            "created_at": now + timedelta(seconds=n), "version": 8, "inspected_on": day, "completed_on": day}))
        batch[disclosures].append(filled(disclosures, {
            "id": uuid.uuid4().hex, "task_id": task, "target_id": target, "jurisdiction": code,
            "jurisdiction_path": path, "category": "general", "origin": "random", "inspected_on": day,
            "completed_on": day, "due": day + timedelta(days=28), "state": "published", "phrase": "no_problem",
            "text": "未发现问题", "description": "无", "published_on": day + timedelta(days=14), "on_time": True,
            "updated_at": now, "version": 3}))
    with engine.begin() as conn:
        conn.execute(insert(jurisdictions).values(filled(jurisdictions, {
            "code": code, "id": uuid.uuid4().hex, "name": name, "level": "county", "path": path, "depth": 1,
            "version": 1})))
        for table, values in batch.items():
            for i in range(0, len(values), 5000):
                conn.execute(insert(table), values[i:i + 5000])


def test_a_worker_killed_mid_export_is_retried_and_the_file_is_whole(redis_system):
    s, redis, ps = redis_system
    published_quarter(s.engine, ROWS)
    job_id = request_job(s, CLERK, "fault:killed-export", "export_disclosure_table", quarter=QUARTER[0],
                         jurisdiction=COUNTY[0]).aggregate_id
    backend = RQBackend(redis.url)
    assert Dispatcher(s, backend).run_once() == 1
    env = app_env(s, redis.url)
    started = time.monotonic()

    first = ps.worker(env, burst=True)
    wait_until(lambda: (p := progress_of(s.engine, job_id)) and p["state"] == "running" and p["done"] > 0,
               120, "导出开始写行", every=0.05)
    first.kill()
    killed_at = progress_of(s.engine, job_id)
    assert killed_at["state"] == "running" and 0 < killed_at["done"] < ROWS, dict(killed_at)
    assert ends(s, job_id) == []
    assert not (Path(s.settings.var_dir) / "jobs" / f"{job_id.hex}.xlsx").exists(), "no half file under its name"

    # The crashed worker's heartbeat runs out; a worker that starts after that cleans the registry.
    started_jobs = StartedJobRegistry(QUEUE, connection=redis.client())
    expiry = max(score for _, score in started_jobs.connection.zrange(started_jobs.key, 0, -1, withscores=True))
    time.sleep(max(0.0, expiry - time.time() + 1))
    second = ps.worker(env)
    wait_until(lambda: ends(s, job_id), 150, lambda: f"任务重试后完成（进度：{dict(progress_of(s.engine, job_id))}；"
               f"worker 输出：{second.output(1500)}）", every=0.5)
    took = time.monotonic() - started

    [end] = ends(s, job_id)
    assert isinstance(end, Job.Finished), end
    assert end.result["rows"] == ROWS
    final = progress_of(s.engine, job_id)
    assert final["state"] == "done" and final["done"] == ROWS
    sheet = load_workbook(Path(s.settings.var_dir) / end.result["file"], read_only=True).worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], int)]
    assert [row[0] for row in values] == list(range(1, ROWS + 1)), "序号 1…N, each row once"
    assert sorted(row[2] for row in values) == [f"演练企业{n:06d}有限公司" for n in range(ROWS)], "every unit once"
    assert {(row[1], row[5]) for row in values} == {(COUNTY[1], "未发现问题")}
    print(f"导出 {ROWS} 行：第 {killed_at['done']} 行处强制终止，重试后完整，用时 {took:.1f} 秒")
    second.stop()
