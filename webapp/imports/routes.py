"""名录导入: upload an xlsx, see every row's problems (or the changes it implies) before
anything is written, then confirm. Templates are downloaded here too."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from io import BytesIO

from domain.vocabulary import N_
from workers.imports import KINDS, import_file
from workers.xlsx.templates import build_template

from ..auth.users import roles_required
from ..services import actor, command_id, system, wait_for

bp = Blueprint("imports", __name__, url_prefix="/imports")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# workers.imports.KINDS, marked for the catalog: the templates show them through _().
# The template's file name keeps the official Chinese name.
KIND_TITLES = (N_("检查对象名录库"), N_("检查人员名录库"))


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
    status = 200 if report.ok else 422
    return render_template("imports/preview.html", kind=kind, kind_label=KINDS[kind], report=report,
                           token=token if report.ok else None, filename=file.filename), status


@bp.route("/<kind>/confirm", methods=["POST"])
@roles_required("admin", "supervisor")
def confirm(kind: str):
    _kind(kind)
    token = request.form.get("token", "")
    path = _upload_dir() / f"{token}.upload"
    if not TOKEN.match(token) or not path.exists():
        flash(_("待导入的文件已失效，请重新上传"), "error")
        return redirect(url_for(".index"))
    filename = path.with_suffix(".name").read_text() if path.with_suffix(".name").exists() else path.name
    report = import_file(system(), kind, path, actor(), command_id(), source_name=filename)
    path.unlink(missing_ok=True)
    path.with_suffix(".name").unlink(missing_ok=True)
    if report.written:
        wait_for(report.position)
    status = 200 if report.ok else 422
    return render_template("imports/preview.html", kind=kind, kind_label=KINDS[kind], report=report,
                           token=None, filename=filename, done=True), status
