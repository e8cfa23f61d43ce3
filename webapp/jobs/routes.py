"""后台任务: the jobs a user started (all of them for an admin), their progress and results.

Only who asked for a job, or an admin, may see it, download its file or retry it (403 for
anyone else; a supervisor does not see the jobs of the people in its jurisdiction: a job's
file can hold more than the supervisor's scope, e.g. an admin's whole-store bundle). The
progress page refreshes itself: static/job_progress.js polls /jobs/<id>.json every second
(the CSP allows no inline script), and without JavaScript a <meta refresh> does it."""

from __future__ import annotations

import re
from math import ceil
from pathlib import Path
from urllib.parse import quote
from uuid import UUID

from flask import Blueprint, abort, current_app, jsonify, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.jobs import Job

from ..auth.users import refuse
from ..directory.schemas import PageFilters
from ..forms import FormSchema, Invalid, answer, load_form, reason
from ..services import actor, command_id, system
from . import views

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
JOB_ID = re.compile(r"^[0-9a-f]{32}$")
SHOWN_ERRORS = 200
MIMETYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             ".json": "application/json", ".csv": "text/csv; charset=utf-8"}


class RetryForm(FormSchema):
    reason = reason()


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    job_id = (request.view_args or {}).get("job_id")
    back = url_for(".show", job_id=job_id) if job_id else url_for(".index")
    return render_template("directory/invalid.html", messages=error.lines, back=back), 422


def _job(job_id: str) -> dict:
    """The job, if this user may see it: who asked for it, or an admin."""
    if not JOB_ID.match(job_id):
        abort(404)
    with system().engine.connect() as conn:
        job = views.one(conn, job_id)
    if job is None:
        abort(404, description=_("后台任务不存在（刚提交的任务请稍候刷新）"))
    if current_user.role != "admin" and job["requested_by"] != current_user.username:
        refuse(_("只有提交该后台任务的用户或系统管理员可以查看"))
    return job


@bp.route("/")
@login_required
def index():
    data = load_form(PageFilters(), request.args)
    size = current_app.config["PAGE_SIZE"]
    everyone = current_user.role == "admin"
    with system().engine.connect() as conn:
        rows, total = views.page(conn, None if everyone else current_user.username, data["page"], size)
    return render_template("jobs/index.html", rows=rows, total=total, page=data["page"], everyone=everyone,
                           pages=max(1, ceil(total / size)))


@bp.route("/<string(length=32):job_id>")
@login_required
def show(job_id: str):
    job = _job(job_id)
    result = job["result"] or {}
    row_errors = result.get("row_errors", [])[:SHOWN_ERRORS] if job["status"] == "failed" else []
    return render_template("jobs/show.html", job=job, result=result, row_errors=row_errors,
                           file=_file(job, "file") is not None, errors_file=_file(job, "errors_file") is not None)


@bp.route("/<string(length=32):job_id>.json")
@login_required
def progress(job_id: str):
    return jsonify(views.as_json(_job(job_id)))


def _file(job: dict, key: str) -> Path | None:
    """The job's file named in its result, if it is still there (and under var/jobs/)."""
    name = (job["result"] or {}).get(key)
    if not name or (key == "file" and job["status"] != "finished"):
        return None
    folder = (Path(system().settings.var_dir) / "jobs").resolve()
    path = (Path(system().settings.var_dir) / name).resolve()
    return path if path.parent == folder and path.is_file() else None


def _send(job_id: str, key: str, missing: str, named):
    """The job's file under `key` of its result as a download called `named(job, path)`."""
    job = _job(job_id)
    path = _file(job, key)
    if path is None:
        abort(404, description=missing)
    name = named(job, path)
    response = send_file(path, mimetype=MIMETYPES.get(path.suffix, "application/octet-stream"), as_attachment=True,
                         download_name=name)
    # RFC 5987: the Chinese name for current browsers, a plain one for the rest (Werkzeug's own
    # fallback drops every Chinese character).
    plain = f"job-{path.stem[:40]}{path.suffix}"
    response.headers["Content-Disposition"] = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
    return response


@bp.route("/<string(length=32):job_id>/download")
@login_required
def download(job_id: str):
    return _send(job_id, "file", _("该任务没有可下载的文件（未完成，或文件已被清理）"),
                 lambda job, path: job["result"].get("name") or path.name)


@bp.route("/<string(length=32):job_id>/errors.xlsx")
@login_required
def errors_file(job_id: str):
    listing = _("错误清单")  # outside the f-string, where pybabel can see it
    return _send(job_id, "errors_file", _("该任务没有错误清单"),
                 lambda job, path: f"{Path(str(job['params'].get('name') or 'import')).stem}-{listing}.xlsx")


@bp.route("/<string(length=32):job_id>/retry", methods=["POST"])
@login_required
def retry(job_id: str):
    job = _job(job_id)
    data = load_form(RetryForm())
    if job["state"] != "failed":
        raise Invalid([_("只有失败的后台任务才能重试")])
    outcome = system().app.command(Job, UUID(hex=job_id), "retry", actor(), command_id(), reason=data["reason"])
    return answer(outcome.position, _("已重新提交后台任务"), url_for(".show", job_id=job_id))
