"""名录导入: upload an xlsx, see every row's problems (or the changes it implies) before
anything is written, then confirm. Templates are downloaded here too.

A file of more than IMPORT_IN_REQUEST_ROWS data rows is imported by a background job on
confirm (workers/jobs/imports_job.py): the upload is handed to the job under a name of its
own and the user goes to the job's progress page; smaller files are written in the request."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from flask import (Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, send_file,
                   url_for)
from flask_babel import gettext as _
from io import BytesIO

from domain.jobs import Job
from domain.vocabulary import N_
from workers.imports import KINDS, import_file
from workers.jobs.service import request_job
from workers.xlsx.templates import build_template

from ..auth.users import roles_required
from ..forms import answer
from ..services import actor, command_id, system, wait_for

bp = Blueprint("imports", __name__, url_prefix="/imports")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# workers.imports.KINDS, marked for the catalog: the templates show them through _().
# The template's file name keeps the official Chinese name.
KIND_TITLES = (N_("检查对象名录库"), N_("检查人员名录库"))
IMPORT_IN_REQUEST_ROWS = 2000  # default of the app setting of that name: above it, a background job


def _in_request_limit() -> int:
    return int(current_app.config.get("IMPORT_IN_REQUEST_ROWS", IMPORT_IN_REQUEST_ROWS))


def _upload_dir() -> Path:
    folder = system().settings.var_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _kind(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


@bp.route("/")
@roles_required("admin", "supervisor")
def index():
    return render_template("imports/index.html", kinds=KINDS)


@bp.route("/template/<kind>.xlsx")
@roles_required("admin", "supervisor")
def template(kind: str):
    data = build_template(_kind(kind))
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"{KINDS[kind]}导入模板.xlsx")


@bp.route("/<kind>", methods=["POST"])
@roles_required("admin", "supervisor")
def upload(kind: str):
    """Check the file and show the result; nothing is written at this step."""
    _kind(kind)
    file = request.files.get("file")
    if file is None or not file.filename:
        flash(_("请选择要导入的 Excel 文件"), "error")
        return redirect(url_for(".index"))
    token = secrets.token_urlsafe(24)
    path = _upload_dir() / f"{token}.upload"
    file.save(path)
    (path.with_suffix(".name")).write_text(file.filename[:200])
    report = import_file(system(), kind, path, actor(), command_id(), dry_run=True, source_name=file.filename)
    if not report.ok:
        path.unlink(missing_ok=True)
        path.with_suffix(".name").unlink(missing_ok=True)
    else:
        path.with_suffix(".rows").write_text(str(report.total))  # confirm decides: in the request or a job
    status = 200 if report.ok else 422
    if g.get("api_command"):  # the same check for a machine client: the report, and the token to confirm
        return _as_json(report, token if report.ok else None), status
    return render_template("imports/preview.html", kind=kind, kind_label=KINDS[kind], report=report,
                           token=token if report.ok else None, filename=file.filename,
                           background=report.total > _in_request_limit()), status


@bp.route("/<kind>/confirm", methods=["POST"])
@roles_required("admin", "supervisor")
def confirm(kind: str):
    _kind(kind)
    token = request.form.get("token", "")
    path = _upload_dir() / f"{token}.upload"
    cid = command_id()
    handed = _upload_dir() / f"job-{Job.create_id(command_id=cid).hex}.upload"
    if not TOKEN.match(token) or not path.exists():
        if handed.exists():  # the same form sent twice: its job is already asked for
            return redirect(url_for("jobs.show", job_id=handed.stem[4:]))
        flash(_("待导入的文件已失效，请重新上传"), "error")
        return redirect(url_for(".index"))
    filename = path.with_suffix(".name").read_text() if path.with_suffix(".name").exists() else path.name
    rows = path.with_suffix(".rows")
    if rows.exists() and int(rows.read_text() or 0) > _in_request_limit():
        return _background(kind, path, handed, filename, cid)
    report = import_file(system(), kind, path, actor(), cid, source_name=filename)
    for leftover in (path, path.with_suffix(".name"), rows):
        leftover.unlink(missing_ok=True)
    if report.written:
        wait_for(report.position)
    status = 200 if report.ok else 422
    if g.get("api_command"):
        return _as_json(report, None), status
    return render_template("imports/preview.html", kind=kind, kind_label=KINDS[kind], report=report,
                           token=None, filename=filename, done=True), status


def _as_json(report, token: str | None):
    """An import's check or result for the API: its counts, and every row's problem."""
    return jsonify({
        "ok": report.ok, "repeated": False, "position": report.position, "token": token,
        "messages": [str(e) for e in report.errors[:20]],
        "report": {"total": report.total, "created": report.created, "changed": report.changed,
                   "unchanged": report.unchanged, "written": report.written,
                   "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors]}})


def _background(kind: str, path: Path, handed: Path, filename: str, cid: str):
    """A large file: the upload becomes the job's (a confirmed token cannot be replayed), the
    job is asked for, and the user watches it on its page."""
    for suffix in (".upload", ".name", ".rows"):
        if path.with_suffix(suffix).exists():
            path.with_suffix(suffix).replace(handed.with_suffix(suffix))
    outcome = request_job(system(), actor(), cid, f"import_{kind}", path=f"uploads/{handed.name}", name=filename)
    return answer(outcome.position, _("文件较大，已转入后台导入：本页显示进度，完成后结果在此查看"),
                  url_for("jobs.show", job_id=outcome.aggregate_id.hex))
