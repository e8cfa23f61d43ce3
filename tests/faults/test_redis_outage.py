"""Redis stopped while users keep working: commands succeed, pages answer, the dispatcher keeps
its place in the event log; when Redis returns (empty: it kept nothing) every job asked for in
the meantime is queued, a real `shuangsui worker --burst` runs it, and each ran exactly once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import redis as redis_lib
from openpyxl import load_workbook
from sqlalchemy import select

from domain.jobs import Job
from projections.job_tables import job_progress
from tests.support.history import SUPERVISOR, credit_code, make_history
from tests.support.processes import app_env, ends, redis_system, signed_in
from webapp.jobs import views
from workers.jobs.backends import RQBackend
from workers.jobs.dispatch import Dispatcher
from workers.jobs.service import request_job

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.faults]
FIXTURES = (redis_system,)  # used by the tests below, by name
JOBS = [("export_statistics", {"period": "2026Q2", "jurisdiction": ""}),
        ("export_disclosure_table", {"quarter": "2022Q2", "jurisdiction": "652301"}),
        ("export_statistics", {"period": "2026", "jurisdiction": "652300"}),
        ("export_disclosure_table", {"quarter": "2026Q1", "jurisdiction": "昌吉州"}),
        ("export_statistics", {"period": "2026-07", "jurisdiction": "652302"})]


def progress_states(s) -> dict:
    with s.engine.connect() as conn:
        return dict(conn.execute(select(job_progress.c.job_id, job_progress.c.state)).all())


def test_jobs_asked_for_while_redis_is_down_run_exactly_once_when_it_returns(redis_system, tmp_path):
    s, redis, ps = redis_system
    make_history(s, units=10, officers=3, changes=5)
    _, client = signed_in(s)
    dispatcher = Dispatcher(s, RQBackend(redis.url))
    assert dispatcher.run_once() == 0
    kept = dispatcher.position()
    started = time.monotonic()

    redis.stop()
    # Users keep working: commands are written, the pages answer.
    asked = [request_job(s, SUPERVISOR, f"outage-{n}", kind, **params).aggregate_id
             for n, (kind, params) in enumerate(JOBS)]
    unit = s.app.register_target(SUPERVISOR, "outage-unit", credit_code=credit_code(500), site="",
                                 name="停机期间登记的企业有限公司", jurisdiction="652301", address="工业园9号",
                                 industry="水泥制造")
    assert unit.changed
    s.projector.catch_up()
    assert client.get("/board").status_code == 200
    page = client.get("/targets?q=停机期间")
    assert page.status_code == 200 and "停机期间登记的企业有限公司" in page.text
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded" and health["redis"]["ok"] is False
    # The dispatcher cannot hand them over and keeps its place (twice: it is asked every round).
    for _ in range(2):
        with pytest.raises(redis_lib.exceptions.ConnectionError):
            dispatcher.run_once()
        assert dispatcher.position() == kept
    assert all(ends(s, job_id) == [] for job_id in asked)

    redis.start()  # back, and empty
    assert dispatcher.run_once() == len(JOBS)
    worker = ps.worker(app_env(s, redis.url), burst=True)
    assert worker.wait(180) == 0, worker.output()
    for job_id in asked:
        [end] = ends(s, job_id)
        assert isinstance(end, Job.Finished), (job_id, end)
        load_workbook(Path(s.settings.var_dir) / end.result["file"], read_only=True).close()
    assert progress_states(s) == {job_id.hex: "done" for job_id in asked}

    # A dispatcher that lost its position (a crash before saving it) hands everything over
    # again: the workers see the jobs have ended and run nothing twice.
    with s.engine.begin() as conn:
        from projections.tables import positions

        conn.execute(positions.update().where(positions.c.name == "job_dispatch").values(position=kept))
    assert dispatcher.run_once() == len(JOBS)
    again = ps.worker(app_env(s, redis.url), burst=True)
    assert again.wait(180) == 0, again.output()
    assert [len(ends(s, job_id)) for job_id in asked] == [1] * len(JOBS)
    s.projector.catch_up()
    with s.engine.connect() as conn:  # what the jobs page says of them
        assert {views.one(conn, job_id.hex)["status"] for job_id in asked} == {"finished"}
    print(f"Redis 停机期间提交 {len(JOBS)} 个任务，恢复后各运行一次，用时 {time.monotonic() - started:.1f} 秒")
