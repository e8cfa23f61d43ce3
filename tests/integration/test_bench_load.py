"""`python -m bench load` end to end at tiny size, so that it cannot rot: the tiny year
generated on SQLite, copied into a fresh PostgreSQL database and rebuilt there
(bench/pg_province.py), the two accounts made, gunicorn started (one worker) for the app and
for the trivial route, each page loaded by ApacheBench a handful of times. Not a speed
assertion: every page answers 200 to every request and each figure is measured."""

import shutil
import uuid
from urllib.parse import urlparse

import psycopg
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.postgres,
              pytest.mark.skipif(not shutil.which("ab"), reason="需要 ab：apt-get install -y apache2-utils")]


@pytest.fixture
def bench_database(postgres_url):
    url = urlparse(postgres_url)._replace(path=f"/bench_load_{uuid.uuid4().hex[:8]}").geturl()
    yield url
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{urlparse(url).path[1:]}" WITH (FORCE)')


def test_every_page_is_loaded_and_measured(tmp_path, bench_database, capsys):
    from bench import load, pg_province

    system = pg_province.open_cached("tiny", url=bench_database, var=tmp_path / "year")
    try:
        assert system.app.recorder.max_notification_id() > 5000  # the demo and the tiny year, copied
        cast = load.prepare(system)
        assert cast.officer_tasks >= len(cast.task_ids) > 1
        rows, single = load.measure(system, cast, tmp_path, concurrencies=(3,), fixed=6, workers=1, threads=2,
                                    strict=True)
    finally:
        system.close()
    assert [r.page.key for r in rows] == ["trivial", "officer-list", "task", "supervisor-list", "home", "disclosure"]
    for row in rows:
        r = row.result
        assert (r.requests, r.non_2xx, r.failed) == (6, 0, 0), row.page.title
        assert 0 <= r.p50 <= r.p95 <= r.p99 and r.rate > 0
        assert r.app_cpu_ms > 0 or row.page.trivial  # the workers' CPU time (ticks of 10 ms: "ok" may take none)
        assert r.db_cpu_ms == 0 or not row.page.trivial
    assert sum(r.result.db_cpu_ms for r in rows) > 0  # PostgreSQL's, for the app's pages
    assert all(single[r.page.key] > 0 for r in rows if not r.page.trivial)  # pages take time; "ok" may take < 1 ms
    printed = load.table(rows, single)
    assert printed.count("\n") == len(rows) + 1 and "任务页 /tasks/<id>" in printed

    # a second run reuses the copy instead of making it again
    again = pg_province.open_cached("tiny", url=bench_database, var=tmp_path / "year")
    again.close()
    assert "使用已复制到 PostgreSQL 的数据" in capsys.readouterr().out
