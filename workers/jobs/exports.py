"""Export jobs: the quarterly 随机抽查情况公开表, the 情况统计表 and a ledger bundle, written
under var/jobs/. Each file is written beside its final name and renamed at the end, so a
worker killed half-way leaves no half file behind, and the retry writes it whole.

Parameters are the ones the pages and the CLI give (primitive values): a disclosure table's
`quarter` and `jurisdiction` (code or name), the statistics' `period` (2026Q3, 2026, 2026-07)
and `jurisdiction` (code; empty: every jurisdiction), a ledger bundle's `scope`
(whole|store|task|unit|draw|period), `subject`, `start`, `end`."""

from __future__ import annotations

import io
import os
import re
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator
from uuid import UUID

from sqlalchemy import select

from domain.base import SYSTEM, Actor, NotFoundError
from domain.calendar import SHANGHAI
from domain.plans import PERIOD, period_dates
from projections import ledger_views
from projections.disclosure_views import count_public, jurisdiction_by_name, public_rows
from projections.scope import EVERYTHING, Scope
from projections.tables import brigades, jurisdictions

from .handlers import JobFailed, handler, output_path

QUARTER = re.compile(r"^\d{4}Q[1-4]$")
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')  # characters a download name must not carry


# -- shared by the job handlers -------------------------------------------------------------------
def requester(system, job) -> Actor:
    """Who asked for the job, in the role they asked in (read from the request event): an
    import's events and an export's checkpoint name that person, not the worker."""
    for event in system.app.events.get(job.id, lte=1):
        return Actor(event.actor_id, event.actor_role)
    return SYSTEM


def write_file(system, job, suffix: str, write: Callable[[io.BufferedWriter], int]) -> tuple[str, int]:
    """Run `write(binary stream)` into var/jobs/<id><suffix>; returns (the path relative to
    var/, what `write` returned). A private partial name per run: two runs that race (a
    request handed over twice) never write into one file; the rename is atomic."""
    final = output_path(system, job.id.hex, suffix)
    partial = final.with_name(f".{final.name}.{os.getpid()}-{threading.get_ident()}.partial")
    try:
        with partial.open("wb") as out:
            count = write(out)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return relative(system, final), count


def relative(system, path: Path) -> str:
    return path.relative_to(Path(system.settings.var_dir)).as_posix()


def safe_name(text: str, suffix: str) -> str:
    return UNSAFE.sub("_", text)[:80].strip("_") + suffix


def counted(rows: Iterable, progress) -> Iterator:
    """The rows, each told to the progress as it is handed on."""
    for row in rows:
        progress.update(add=1)
        yield row


def _today() -> date:
    return datetime.now(SHANGHAI).date()


# -- 随机抽查情况公开表 ------------------------------------------------------------------------------
@handler("export_disclosure_table")
def export_disclosure_table(system, job, progress) -> dict:
    from workers.reports import disclosure_table as table

    params = job.params
    label = str(params.get("quarter") or "").strip().upper()
    if not QUARTER.match(label):
        raise JobFailed(f"季度“{label}”格式不正确，应写作如 2022Q2")
    fmt = params.get("format") or "xlsx"
    if fmt not in table.FORMATS:
        raise JobFailed(f"不支持的文件格式“{fmt}”，可选 xlsx、csv、json")
    start, end = period_dates("quarter", label)
    with system.engine.connect() as conn:
        place = jurisdiction_by_name(conn, str(params.get("jurisdiction") or ""))
        if place is None:
            raise JobFailed(f"辖区“{params.get('jurisdiction') or ''}”不存在")
        progress.update(total=count_public(conn, place["path"], start, end), message="正在生成随机抽查情况公开表",
                        force=True)
        heading = table.Heading(place["name"], label, end >= _today(), ledger_views.latest_checkpoint(conn))
        rows = counted(public_rows(conn, place["path"], start, end), progress)
        file, count = write_file(system, job, f".{fmt}", lambda out: table.write(fmt, rows, heading, out))
    progress.update(done=count, total=count, message=f"已写入 {count} 行", force=True)
    return {"file": file, "name": table.filename(heading, fmt), "rows": count}


# -- 情况统计表 ----------------------------------------------------------------------------------
def _period(label: str):
    from webapp.stats.schemas import Period

    text = (label or "").strip().upper()
    for kind, pattern in PERIOD.items():
        if pattern.match(text):
            return Period(text, *period_dates(kind, text))
    raise JobFailed(f"统计期间“{label}”格式不正确，应写作如 2026Q3（季度）、2026（年度）或 2026-07（月份）")


@handler("export_statistics")
def export_statistics(system, job, progress) -> dict:
    # The workbook is the statistics page's own (webapp/stats/export.py), so the page's file and
    # this one cannot drift apart; outside a request its words are the Chinese source strings.
    from projections import statistics
    from webapp.stats import export

    params = job.params
    period = _period(str(params.get("period") or ""))
    code = str(params.get("jurisdiction") or "")
    progress.update(total=3, message="正在统计", force=True)
    with system.engine.connect() as conn:
        scope, where = EVERYTHING, "全部管辖范围"
        if code:
            row = conn.execute(select(jurisdictions.c.name, jurisdictions.c.path)
                               .where(jurisdictions.c.code == code)).one_or_none()
            if row is None:
                raise JobFailed(f"辖区“{code}”不存在")
            scope, where = Scope((row.path,)), row.name
        rows = statistics.category_table(conn, scope, period.start, period.end)
        progress.update(done=1, force=True)
        officers = statistics.officer_table(conn, scope, period.start, period.end)
        progress.update(done=2, message="正在生成 Excel 文件", force=True)
        names = dict(conn.execute(select(brigades.c.code, brigades.c.name)).all())
    made = datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    content = export.workbook(rows, officers, where, period, made, names)
    file, _ = write_file(system, job, ".xlsx", lambda out: out.write(content))
    progress.update(done=3, message="已完成", force=True)
    count = len(export.category_lines(rows)[1]) + len(officers)  # the lines of both sheets
    return {"file": file, "name": safe_name(f"{where}双随机一公开情况统计表-{period.label}", ".xlsx"), "rows": count}


# -- 核验文件包 -----------------------------------------------------------------------------------
def _day(value, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise JobFailed(f"{what}“{value}”不是日期，应写作如 2026-07-01") from None


def _bundle_title(system, kind: str, subject: str | None, start: date | None, end: date | None) -> str:
    from projections.record import STREAM_KIND, stream_names
    from workers.ledger_export import KINDS

    if kind == "period":
        return f"期间 {start.isoformat()} 至 {end.isoformat()}"
    if kind == "store":
        return KINDS["store"]
    with system.engine.connect() as conn:
        named = stream_names(conn, [{"kind": STREAM_KIND[kind], "stream_id": subject}])
    return f"{KINDS[kind]}：{named[subject]['name'] or subject}"


@handler("export_ledger_bundle")
def export_ledger_bundle(system, job, progress) -> dict:
    from workers.ledger import LedgerAlarm
    from workers.ledger_export import KINDS, export_bundle

    params = job.params
    # `scope`: request_job(…, kind, **params) takes `kind` for the job's own kind; `kind` is read too.
    given = params.get("scope") or params.get("kind")
    kind = "store" if given in (None, "", "whole") else str(given)
    if kind not in KINDS:
        raise JobFailed(f"核验文件包的范围“{kind}”不存在，可选：whole、task、unit、draw、period")
    subject = str(params.get("subject") or "") or None
    if kind in ("task", "unit", "draw"):
        if subject is None:
            raise JobFailed(f"请指定{KINDS[kind]}的编号")
        try:
            subject = UUID(hex=subject.replace("-", "")).hex
        except ValueError:
            raise JobFailed(f"{KINDS[kind]}编号“{subject}”格式不正确") from None
    start, end = _day(params.get("start"), "起始日期"), _day(params.get("end"), "截止日期")
    if kind == "period" and not (start and end and start <= end):
        raise JobFailed("期间核验文件包须给出起始日期和截止日期，且起始日期不晚于截止日期")
    title = _bundle_title(system, kind, subject, start, end)
    progress.update(message="正在签署导出检查点并写出文件包", force=True)

    def write(raw) -> int:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        made = export_bundle(system, requester(system, job), out, kind=kind, subject=subject, start=start, end=end,
                             title=title, progress=lambda done, total: progress.update(done=done, total=total))
        out.flush()
        out.detach()  # the caller closes the file
        return made["entries"]

    try:
        file, count = write_file(system, job, ".json", write)
    except (LedgerAlarm, NotFoundError) as refused:
        raise JobFailed(str(refused)) from None
    progress.update(done=count, total=count, message=f"已写入 {count} 条", force=True)
    return {"file": file, "name": safe_name(f"核验文件包_{title}", ".json"), "rows": count}
