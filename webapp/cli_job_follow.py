"""Following a background job from the command line: finding it by the first characters of
its id, a progress bar until it ends, running it in this process when nothing else will (the
embedded default with no web process up), and the report of its end. Used by webapp/cli_jobs.py."""

from __future__ import annotations

import re
import shutil
import sys
import threading
import time
import uuid
from pathlib import Path
from uuid import UUID

import click

CLAIM_WAIT = 2.0  # seconds to wait for a running web process's dispatcher to take a new request


def _cli_actor():
    from .cli import CLI_ACTOR

    return CLI_ACTOR


def _job_id(s, text: str) -> str:
    """A job's id: the 32 hex digits, or the first few of them (as `jobs list` shows)."""
    from sqlalchemy import select

    from projections.job_tables import jobs

    text = text.strip().lower().replace("-", "")
    if re.fullmatch(r"[0-9a-f]{32}", text):
        return text
    if not re.fullmatch(r"[0-9a-f]{4,31}", text):
        raise click.ClickException(f"任务编号“{text}”格式不正确")
    s.read_side_up_to_date()
    with s.engine.connect() as conn:
        found = conn.execute(select(jobs.c.id).where(jobs.c.id.startswith(text)).limit(2)).scalars().all()
    if len(found) != 1:
        raise click.ClickException(f"找不到编号以“{text}”开头的唯一任务" if found else f"任务“{text}”不存在")
    return found[0]


def _progress_row(s, job_id: str):
    from sqlalchemy import select

    from projections.job_tables import job_progress

    with s.engine.connect() as conn:
        return conn.execute(select(job_progress).where(job_progress.c.job_id == job_id)).mappings().one_or_none()


class _Collect:
    """A backend that keeps what the dispatcher hands over, to run here."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def enqueue(self, job_id: str, attempt: int) -> None:
        self.ids.append(job_id)

    def close(self) -> None:
        pass


def _run_here(s, job_id: str):
    """Embedded default without a running web process: this process is the background. It
    takes every request waiting in the log (the dispatcher's position is shared, so nothing
    is taken twice), runs this job first and the others after. Returns the thread, or None."""
    from domain.jobs import Job

    job = s.app.load(Job, UUID(hex=job_id))
    if s.settings.redis_url or job.state != "requested":
        return None
    deadline = time.monotonic() + CLAIM_WAIT
    while time.monotonic() < deadline:
        row = _progress_row(s, job_id)
        if row is not None and row["attempt"] >= job.attempts:
            return None  # a dispatcher elsewhere has taken this attempt
        time.sleep(0.2)
    from workers.jobs import context
    from workers.jobs.dispatch import Dispatcher
    from workers.jobs.runner import run_job

    collected = _Collect()
    Dispatcher(s, collected).run_once()
    if not collected.ids:
        return None
    context.use(s)
    order = [i for i in collected.ids if i == job_id] + [i for i in dict.fromkeys(collected.ids) if i != job_id]
    thread = threading.Thread(target=lambda: [run_job(i) for i in dict.fromkeys(order)], name="cli-jobs")
    thread.start()
    return thread


def _watch(s, job_id: str, interval: float = 0.5) -> int:
    """A progress bar until the job ends; prints its result or its error; 0 done, 1 failed."""
    from domain.jobs import KINDS, Job

    job = s.app.load(Job, UUID(hex=job_id))
    told_queued = False
    started = time.monotonic()
    with click.progressbar(length=1, label=f"{KINDS[job.kind]} {job_id[:8]}", show_pos=True, show_eta=True,
                           item_show_func=lambda x: x) as bar:
        while True:
            row = _progress_row(s, job_id)
            job = s.app.load(Job, UUID(hex=job_id))
            if row is not None and row["attempt"] == job.attempts:
                if row["total"]:
                    bar.length = max(row["total"], 1)
                note = f"有错误的行 {row['errors']}" if row["errors"] else None
                bar.update(max(row["done"] - bar.pos, 0), note)
                if row["state"] == "queued" and not told_queued and time.monotonic() - started > 5 \
                        and not s.settings.redis_url:
                    click.echo("\n任务排队中：内置默认模式下由网页进程（shuangsui serve）运行。", err=True)
                    told_queued = True
            if job.state != "requested":
                break
            time.sleep(interval)
    return _report(s, job)


def _report(s, job) -> int:
    result = job.result or {}
    if job.state == "finished":
        if result.get("file"):
            click.echo(f"已完成：共 {result.get('rows', 0)} 行 → {s.settings.var_dir / result['file']}"
                       f"（下载名：{result.get('name', '')}）")
        else:
            click.echo(f"已完成：共 {result.get('rows', 0)} 行，新增 {result.get('new', 0)}，变更 {result.get('changed', 0)}，"
                       f"未变 {result.get('unchanged', 0)}")
        return 0
    click.echo(f"失败：{job.error}", err=True)
    for row, column, message in result.get("row_errors", [])[:20]:
        click.echo("  " + " · ".join(str(p) for p in (f"第{row}行" if row else "", column, message) if p), err=True)
    if result.get("errors_file"):
        click.echo(f"错误清单：{s.settings.var_dir / result['errors_file']}", err=True)
    click.echo(f"改正后可重试：shuangsui jobs retry {job.id.hex[:8]} --reason …", err=True)
    return 1


def _follow(s, job_id: str, output: Path | None = None) -> None:
    """Run here when this process is the background, watch, copy the file, exit 1 on failure."""
    thread = _run_here(s, job_id)
    code = _watch(s, job_id)
    if thread is not None and thread.is_alive():
        click.echo("正在运行其他排队中的后台任务……", err=True)
        thread.join()
    if code == 0 and output is not None:
        from domain.jobs import Job

        result = s.app.load(Job, UUID(hex=job_id)).result
        shutil.copyfile(s.settings.var_dir / result["file"], output)
        click.echo(f"已复制到 {output}")
    sys.exit(code)


def _request(s, job_kind: str, output: Path | None = None, /, **params) -> None:
    from domain.base import DomainError
    from workers.jobs.service import request_job

    try:
        outcome = request_job(s, _cli_actor(), f"cli-job:{uuid.uuid4().hex}", job_kind, **params)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"已提交后台任务 {outcome.aggregate_id.hex}")
    _follow(s, outcome.aggregate_id.hex, output)
