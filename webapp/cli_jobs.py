"""`shuangsui scheduler` (the one process that queues job requests and periodic work when
Redis is configured) and `shuangsui jobs …`: list, watch (a progress bar until the job
ends; exit 1 when it failed), retry, and the background imports and exports, which ask for
a job and then watch it.

    shuangsui jobs import targets 名录.xlsx
    shuangsui jobs export disclosure-table --quarter 2022Q2 --jurisdiction 库尔勒经济技术开发区 -o t.xlsx
    shuangsui jobs export statistics --period 2026Q3 [--jurisdiction 昌吉州] -o s.xlsx
    shuangsui jobs export ledger-bundle [--kind whole|task|unit|draw|period --subject ID --from D --to D]
    shuangsui jobs list · shuangsui jobs watch 1a2b3c4d · shuangsui jobs retry 1a2b3c4d --reason …

With REDIS_URL the workers run the job. In the embedded default the web process runs it
when it is up; when none takes the request within CLAIM_WAIT seconds, this process runs it
(workers.jobs.runner.run_job), and any other request waiting in the log after it."""

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
from flask import current_app
from flask.cli import with_appcontext


def system():
    return current_app.extensions["shuangsui"]


@click.command("scheduler")
@with_appcontext
def scheduler() -> None:
    """定时与派发进程（配置 REDIS_URL 时使用，只运行一个）：把任务请求和定时任务放入队列。"""
    from workers.jobs import context
    from workers.jobs.backends import RQBackend
    from workers.jobs.dispatch import Dispatcher
    from workers.jobs.schedule import Scheduler, redis_lock, rq_runner

    s = system()
    if not s.settings.redis_url:
        raise click.ClickException("未配置 REDIS_URL：内置默认模式下定时任务在网页进程内运行，不需要单独的进程")
    context.use(s)
    backend = RQBackend(s.settings.redis_url)
    loop = Scheduler(rq_runner(backend.queue), Dispatcher(s, backend), lock=redis_lock(backend.connection))
    click.echo(f"定时与派发进程已启动：队列 {backend.queue.name}；间隔（秒）{loop.every}")
    loop.run_forever()


@click.group("jobs")
def jobs_group() -> None:
    """后台任务：列表、查看进度、重试，以及后台导入、导出。

    \b
    配置 REDIS_URL 时任务由 `shuangsui worker` 进程运行，本命令只提交并显示进度；
    内置默认模式（未配置 REDIS_URL）下，网页进程（shuangsui serve）在运行时由它运行；
    否则本命令在本进程内运行排队中的任务（先等约2秒，看是否已有网页进程接手）。
    """


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


@jobs_group.command("list")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="列出最近的多少个")
@click.option("--user", default=None, help="只列出该用户提交的")
@with_appcontext
def list_jobs(limit: int, user: str | None) -> None:
    """最近的后台任务（最新的在前）：编号、类型、状态、提交人、时间、进度、结果。"""
    from .jobs import views
    from .templating import local_time

    s = system()
    s.read_side_up_to_date()
    with s.engine.connect() as conn:
        rows, total = views.page(conn, user, 1, limit)
    if not rows:
        click.echo("还没有后台任务")
        return
    for job in rows:
        result = job["result"] or {}
        what = result.get("name") or (job["error"][:40] if job["status"] == "failed" else "")
        total_text = job["total"] if job["total"] is not None else "?"
        click.echo(f"{job['id'][:8]}  {job['kind_label']}  {job['status_label']}  {job['who']}  "
                   f"{local_time(job['requested_at'], '%Y-%m-%d %H:%M')}  {job['done']}/{total_text}"
                   + (f"  错误行 {job['errors']}" if job["errors"] else "") + (f"  {what}" if what else ""))
    click.echo(f"共 {total} 个")


@jobs_group.command("watch")
@click.argument("job_id")
@with_appcontext
def watch(job_id: str) -> None:
    """显示任务进度直到结束（失败时退出码为1）。"""
    s = system()
    _follow(s, _job_id(s, job_id))


@jobs_group.command("retry")
@click.argument("job_id")
@click.option("--reason", required=True, help="重试理由（记入任务记录）")
@with_appcontext
def retry(job_id: str, reason: str) -> None:
    """重试失败的任务，并显示进度。"""
    from domain.base import DomainError
    from domain.jobs import Job

    s = system()
    job_id = _job_id(s, job_id)
    try:
        s.app.command(Job, UUID(hex=job_id), "retry", _cli_actor(), f"cli-retry:{uuid.uuid4().hex}", reason=reason)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    _follow(s, job_id)


@jobs_group.command("import")
@click.argument("kind", type=click.Choice(["targets", "inspectors"]))
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_file(kind: str, path: Path) -> None:
    """后台导入名录：targets（检查对象名录库）或 inspectors（检查人员名录库）。"""
    s = system()
    uploads = s.settings.var_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    stored = uploads / f"cli-{uuid.uuid4().hex}.upload"  # where a worker finds it (var/ is shared)
    shutil.copyfile(path, stored)
    _request(s, f"import_{kind}", path=f"uploads/{stored.name}", name=path.name)


OUTPUT = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                      help="完成后把结果文件复制到这里")


@jobs_group.group("export")
def export_group() -> None:
    """后台导出：随机抽查情况公开表、情况统计表、核验文件包。"""


def _jurisdiction_code(s, text: str | None) -> str:
    from projections.disclosure_views import jurisdiction_by_name

    if not text:
        return ""
    s.read_side_up_to_date()
    with s.engine.connect() as conn:
        row = jurisdiction_by_name(conn, text)
    if row is None:
        raise click.ClickException(f"辖区“{text}”不存在（可填写辖区名称或代码）")
    return row["code"]


@export_group.command("disclosure-table")
@click.option("--quarter", required=True, help="季度，如 2022Q2")
@click.option("--jurisdiction", required=True, help="辖区名称或代码")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), default="xlsx", show_default=True)
@OUTPUT
@with_appcontext
def export_disclosure(quarter: str, jurisdiction: str, fmt: str, output: Path | None) -> None:
    """随机抽查情况公开表（一个季度、一个辖区及其下级）。"""
    s = system()
    _request(s, "export_disclosure_table", output, quarter=quarter.strip().upper(),
             jurisdiction=_jurisdiction_code(s, jurisdiction), format=fmt)


@export_group.command("statistics")
@click.option("--period", required=True, help="统计期间：2026Q3、2026 或 2026-07")
@click.option("--jurisdiction", default=None, help="辖区名称或代码；不填即全部辖区")
@OUTPUT
@with_appcontext
def export_statistics(period: str, jurisdiction: str | None, output: Path | None) -> None:
    """生态环境“双随机、一公开”情况统计表（.xlsx）。"""
    s = system()
    _request(s, "export_statistics", output, period=period.strip().upper(),
             jurisdiction=_jurisdiction_code(s, jurisdiction))


@export_group.command("ledger-bundle")
@click.option("--kind", type=click.Choice(["whole", "task", "unit", "draw", "period"]), default="whole",
              show_default=True, help="范围：整个事件库、检查任务、监管对象、抽查计划或期间")
@click.option("--subject", default=None, help="检查任务、监管对象或抽查计划的编号")
@click.option("--from", "start", default=None, help="期间起（含），如 2026-07-01")
@click.option("--to", "end", default=None, help="期间止（含）")
@OUTPUT
@with_appcontext
def export_bundle(kind: str, subject: str | None, start: str | None, end: str | None, output: Path | None) -> None:
    """核验文件包（JSON，可用 ledger_verify.py 离线验证）。"""
    _request(system(), "export_ledger_bundle", output, scope=kind, subject=subject, start=start, end=end)
