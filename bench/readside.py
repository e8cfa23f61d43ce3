"""The read side at province scale with a year of work (issue 5), on the data set of
bench/history_year.py (made on first use, then reused from var/bench/province-year/):

- a full rebuild of every read table, next to a bare scan-and-decode of the notification
  log in the same run, and a check that the rebuilt tables equal the incremental ones;
- a task as of a past date (version_at + repository.get), median and p95 of 200;
- the whole province's quarterly statistics table for 2026Q3, median of 5.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import statistics
import time
from contextlib import closing
from datetime import date, datetime, timezone
from pathlib import Path
from uuid import UUID

from sqlalchemy import func, select

from projections.database import make_engine
from projections.runner import Projector
from projections.tables import dispositions, plans, problems, targets, tasks

from .history_year import open_cached

CHECKSUMMED = (tasks, problems, dispositions, plans, targets)


def scan_and_decode(app, limit: int = 5000) -> tuple[int, float]:
    """Read and decode every notification, as the projector does, writing nothing."""
    started, count, position = time.perf_counter(), 0, 0
    while batch := app.recorder.select_notifications(position, limit, inclusive_of_start=False):
        for n in batch:
            app.mapper.to_domain_event(n)
        count, position = count + len(batch), batch[-1].id
    return count, time.perf_counter() - started


def rebuild_copy(system, work: Path) -> tuple[Projector, int, float]:
    """Rebuild every read table in a copy of the read database (the cache stays as it is)."""
    source = system.engine.url.database
    copy = work / "read-rebuild.sqlite"
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)
    projector = Projector(system.app, make_engine(f"sqlite:///{copy}"))
    started = time.perf_counter()  # emptying the tables is part of a rebuild, as in `make bench`
    projector.batch_size = 2000  # as `shuangsui rebuild` does
    rebuilt = projector.rebuild()
    return projector, rebuilt, time.perf_counter() - started


def table_digest(engine, table, with_rows: bool) -> tuple[int, str]:
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(table)).scalar()
        if not with_rows:
            return count, ""
        digest = hashlib.sha256()
        for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode())
    return count, digest.hexdigest()[:16]


def same_tables(incremental, rebuilt) -> list[str]:
    """Differences between the two databases: row counts of every projection table, and a
    checksum over the rows of the main ones."""
    differences = []
    for p in rebuilt.projections:
        for table in p.tables:
            a = table_digest(incremental, table, table in CHECKSUMMED)
            b = table_digest(rebuilt.engine, table, table in CHECKSUMMED)
            if a != b:
                differences.append(f"{table.name}：增量 {a[0]:,} 行 {a[1]}，重建 {b[0]:,} 行 {b[1]}")
    return differences


# -- measured when the engineers writing them are done --------------------------------------
def measure_as_of(system) -> tuple[float, float] | None:
    """A task as of a moment within its life: version_at, then the aggregate at that version.
    Median and p95 in ms over 200 random tasks, or None while version_at does not exist."""
    try:
        from projections.timetravel import version_at
    except ImportError:
        print("[过去某日的任务] not yet available（projections.timetravel.version_at 尚未提供）")
        return None
    rng = random.Random(5)
    with system.engine.connect() as conn:
        rows = conn.execute(select(tasks.c.id, tasks.c.created_at, tasks.c.updated_at).order_by(tasks.c.id)).all()
        times = []
        for stream_id, created, updated in rng.sample(rows, min(200, len(rows))):
            when = _aware(created) + (_aware(updated) - _aware(created)) * rng.random()
            started = time.perf_counter()
            version = version_at(conn, stream_id, when)
            if version is not None:
                system.app.repository.get(UUID(stream_id), version=version)
            times.append((time.perf_counter() - started) * 1000)
    median, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    print(f"[过去某日的任务] {len(times)} 个任务：中位数 {median:.1f} ms，p95 {p95:.1f} ms（目标 < 50 ms）")
    return median, p95


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def measure_quarter_statistics(system) -> float | None:
    """The whole province's 2026Q3 category table, median of 5 (s), or None until it exists."""
    try:
        from projections.scope import EVERYTHING
        from projections.statistics import category_table
    except ImportError:
        print("[季度统计表] not yet available（projections.statistics.category_table 尚未提供）")
        return None
    times = []
    with system.engine.connect() as conn:
        for _ in range(5):
            started = time.perf_counter()
            category_table(conn, EVERYTHING, date(2026, 7, 1), date(2026, 9, 30))
            times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"[季度统计表] 全区2026年第三季度：中位数 {median:.3f} s（5次；目标 < 1 s）")
    return median


def run(work: Path, fresh: bool = False) -> None:
    started = time.perf_counter()
    system = open_cached("province", fresh=fresh)
    print(f"准备数据：{time.perf_counter() - started:.1f} s（不计入）")
    count, scan_s = scan_and_decode(system.app)
    print(f"[基线] 事件日志读取并解码：{count:,} 条，{scan_s:.1f} s，{count / scan_s:,.0f} 条/s")
    projector, rebuilt, seconds = rebuild_copy(system, work)
    rate, bare = rebuilt / seconds, count / scan_s
    print(f"[重建] 全部读表（副本）：{rebuilt:,} 条，{seconds:.1f} s，{rate:,.0f} 条/s，为基线速率的 {rate / bare:.0%}"
          f"（目标 ≥ 25% 且 ≤ 120 s）")
    differences = same_tables(system.engine, projector)
    print("[核对] 重建后的读表与增量维护的读表一致（各表行数；任务、问题、处置、计划、监管对象逐行校验和）"
          if not differences else "[核对] 重建与增量读表不一致：\n  " + "\n  ".join(differences))
    as_of = measure_as_of(system)
    stats = measure_quarter_statistics(system)
    print("\n| 项目 | 结果 | 目标 |\n|---|---|---|")
    print(f"| 事件日志读取并解码（基线） | {bare:,.0f} 条/s（{count:,} 条，{scan_s:.1f} s） | — |")
    print(f"| 全部读表重建 | {rate:,.0f} 条/s，{seconds:.1f} s，基线的 {rate / bare:.0%} | ≥ 25%，≤ 120 s |")
    print(f"| 重建与增量一致 | {'是' if not differences else '否'} | 是 |")
    print(f"| 过去某日的任务 | {f'中位数 {as_of[0]:.1f} ms，p95 {as_of[1]:.1f} ms' if as_of else '尚未提供'} | < 50 ms |")
    print(f"| 全区季度统计表 | {f'{stats:.3f} s' if stats is not None else '尚未提供'} | < 1 s |")
    projector.engine.dispose()
    for copy in work.glob("read-rebuild.sqlite*"):  # 1.5 GB at this size
        copy.unlink()
    system.close()
