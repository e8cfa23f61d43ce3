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

import shutil
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


from .cli_job_follow import _cli_actor, _follow, _job_id, _request  # noqa: E402 - after the group


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
