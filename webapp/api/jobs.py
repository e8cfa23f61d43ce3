"""API: 后台任务（导入、导出）: the jobs a user started (an admin: everyone's), one job with its
progress, the row errors of a failed import, and the job's files.

The same reads and the same check as the pages (webapp/jobs/routes.py): who asked for a job,
or an admin, may see it; anyone else 403, an unknown id 404. The stored result names the
job's files by their path under var/: the answer says instead whether each can be
downloaded, and where."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import url_for
from flask_login import current_user
from marshmallow import Schema, fields

from ..jobs import views
from ..jobs.routes import SHOWN_ERRORS, _file, _job
from ..services import system
from .base import DateTime, PageArgs, area, page_from_list, page_of
from .bridge import XLSX, file_doc, page_file

blp = area("jobs", "后台任务（导入、导出）")
HIDDEN_PARAMS = ("path",)  # where the upload lies under var/: not the user's business
FILE_KEYS = ("file", "errors_file", "row_errors")  # in the result: said otherwise below
JOB_ID = "<string(length=32):job_id>"
FILE_TYPES = (XLSX, "application/json", "text/csv", "application/octet-stream")


class JobSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "任务类型代码"})
    kind_label = fields.String(required=True, metadata={"description": "任务类型"})
    params = fields.Dict(required=True, metadata={"description": "任务参数（季度、辖区、文件名等）"})
    state = fields.String(required=True, metadata={"description": "记录的状态：requested / finished / failed"})
    status = fields.String(required=True, metadata={"description": "queued / running / ending / finished / failed"})
    status_label = fields.String(required=True, metadata={"description": "状态（排队中、运行中……）"})
    requested_by = fields.String(required=True)
    who = fields.String(required=True, metadata={"description": "提交人"})
    requested_at = DateTime(required=True)
    ended_at = DateTime(required=True, allow_none=True)
    attempts = fields.Integer(required=True, metadata={"description": "第几次运行"})
    done = fields.Integer(required=True, metadata={"description": "已处理行数"})
    total = fields.Integer(required=True, allow_none=True, metadata={"description": "总行数（未知为 null）"})
    errors = fields.Integer(required=True, metadata={"description": "有错误的行"})
    percent = fields.Integer(required=True)
    message = fields.String(required=True, allow_none=True)
    elapsed = fields.Float(required=True, allow_none=True, metadata={"description": "已用秒数"})
    eta = fields.Float(required=True, allow_none=True, metadata={"description": "预计剩余秒数"})
    elapsed_text = fields.String(required=True)
    eta_text = fields.String(required=True)
    ended = fields.Boolean(required=True)
    error = fields.String(required=True, metadata={"description": "失败原因"})
    result = fields.Dict(required=True, metadata={"description": "结果摘要（行数、新增、变更、未变、错误数……）"})
    download = fields.String(required=True, allow_none=True, metadata={"description": "结果文件的下载地址"})
    errors_download = fields.String(required=True, allow_none=True, metadata={"description": "错误清单的下载地址"})


class JobRowErrorSchema(Schema):
    row = fields.Integer(required=True, allow_none=True, metadata={"description": "行（表头为第1行）"})
    column = fields.String(required=True, allow_none=True, metadata={"description": "列"})
    message = fields.String(required=True, metadata={"description": "问题"})


class JobRowErrorsSchema(page_of(JobRowErrorSchema)):
    problems = fields.Integer(required=True, metadata={"description": "全部问题数（此处最多列出前200处，全部见错误清单）"})
    errors_download = fields.String(required=True, allow_none=True)


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite: stored as UTC


def _shown(job: dict) -> dict:
    """The job as the API tells it: the page's figures, its files as download addresses."""
    result = dict(job["result"] or {})
    file_ok, errors_ok = _file(job, "file") is not None, _file(job, "errors_file") is not None
    return {**job, "requested_at": _utc(job["requested_at"]), "ended_at": _utc(job["ended_at"]),
            "params": {k: v for k, v in (job["params"] or {}).items() if k not in HIDDEN_PARAMS},
            "result": {k: v for k, v in result.items() if k not in FILE_KEYS},
            "download": url_for(".job_download", job_id=job["id"]) if file_ok else None,
            "errors_download": url_for(".job_errors_file", job_id=job["id"]) if errors_ok else None}


@blp.route("/jobs")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(JobSchema))
def jobs(**page):
    """后台任务（本人提交的；系统管理员：全部用户的），最新的在前"""
    everyone = current_user.role == "admin"
    with system().engine.connect() as conn:
        rows, total = views.page(conn, None if everyone else current_user.username, page["page"], page["per_page"])
    return {"items": [_shown(r) for r in rows], "total": total, **page}


@blp.route(f"/jobs/{JOB_ID}")
@blp.response(200, JobSchema)
def job(job_id: str):
    """一个后台任务：状态、进度、用时与结果（提交人或系统管理员）"""
    return _shown(_job(job_id))


@blp.route(f"/jobs/{JOB_ID}/errors")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, JobRowErrorsSchema)
def job_errors(job_id: str, **page):
    """失败的导入任务的错误明细（行、列、问题；最多前200处）"""
    job = _job(job_id)
    found = _shown(job)
    listed = (job["result"] or {}).get("row_errors", []) if found["status"] == "failed" else []
    items = [{"row": row, "column": column, "message": message} for row, column, message in listed[:SHOWN_ERRORS]]
    problems = found["result"].get("problems", len(items)) if found["status"] == "failed" else 0
    return {**page_from_list(items, page), "problems": problems, "errors_download": found["errors_download"]}


@blp.route(f"/jobs/{JOB_ID}/download")
@blp.doc(**file_doc(*FILE_TYPES))
def job_download(job_id: str):
    """下载后台任务的结果文件"""
    return page_file("jobs.download", job_id=job_id)


@blp.route(f"/jobs/{JOB_ID}/errors.xlsx")
@blp.doc(**file_doc(XLSX))
def job_errors_file(job_id: str):
    """下载失败的导入任务的错误清单（Excel，含“错误说明”列）"""
    return page_file("jobs.errors_file", job_id=job_id)
