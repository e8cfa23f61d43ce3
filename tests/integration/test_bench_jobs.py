"""`python -m bench jobs` runs end to end on tiny inputs: a private redis-server, PostgreSQL,
real `shuangsui worker --burst` processes, the embedded scheduler. Not a speed assertion:
it checks that every figure is measured, that the jobs really ran, and that the bench leaves
the app's job kinds as it found them."""

import re

import pytest

from tests.support.processes import RedisServer

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def figure(out: str, pattern: str) -> float:
    found = re.search(pattern, out)
    assert found, f"输出中没有 {pattern!r}：\n{out}"
    return float(found.group(1).replace(",", ""))


def bench_schemas(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("select schema_name from information_schema.schemata "
                                           "where schema_name like 'bench_jobs_%'")}


def test_the_jobs_bench_measures_every_figure(tmp_path, postgres_url, capsys, monkeypatch):
    from bench import jobs
    from domain.jobs import KINDS
    from workers.jobs import context
    from workers.jobs.handlers import HANDLERS

    # what `register` adds is taken away again after the test (monkeypatch restores both)
    monkeypatch.setitem(KINDS, jobs.KIND, "性能测试：空任务")
    monkeypatch.setitem(HANDLERS, jobs.KIND, jobs.noop_handler)
    schemas_before, context_before = bench_schemas(postgres_url), context._system
    redis = RedisServer(tmp_path / "redis").start()
    try:
        jobs.run(tmp_path, redis_url=redis.url, database_url=postgres_url, jobs=3, remind_runs=2,
                 intervals=(1.0,), crossings=2)
        assert redis.client().dbsize() == 0  # flushed after the run
    finally:
        redis.stop()
    out = capsys.readouterr().out

    assert figure(out, r"\[基线\] rq 空任务.*?：3 个，([\d,.]+) 个/s") > 0
    assert figure(out, r"\[本系统\] 空任务.*?工作进程执行 ([\d,.]+) 个/s") > 0
    assert figure(out, r"rq 基线的 ([\d.]+)") > 0
    assert figure(out, r"本进程内 run_job.*?每个 ([\d.]+) ms") > 0
    # the demo has reminders due: the first run sends them, the next ones send nothing new
    assert figure(out, r"首次 \d+ ms（新提醒 (\d+) 条）") > 0
    assert figure(out, r"再次（新提醒 (\d+) 条）") == 0
    assert figure(out, r"经工作进程.*?：2 次，([\d,.]+) 次/s") > 0
    # both crossings were reminded, within the bound of the interval
    assert "超时" not in out
    assert figure(out, r"EVERY_REMIND=1 s：2 次，中位数 ([\d.]+) s") < figure(out, r"上限约 ([\d.]+) s")

    worker_log = (tmp_path / "jobs-worker.log").read_text(encoding="utf-8")
    assert worker_log.count("后台任务进程已启动：队列 shuangsui") == 3  # three burst workers
    assert worker_log.count("Job OK") == 3 + 3 + 2
    assert bench_schemas(postgres_url) <= schemas_before  # its PostgreSQL schema is dropped
    assert context._system is context_before  # the process's job context is as it was
