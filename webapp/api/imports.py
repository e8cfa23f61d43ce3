"""API: 名录导入: what the import page offers (the two directories, their templates, the upload
limit and the size above which a confirmed file is imported in the background), and the
templates themselves. Admins and supervisors only, as on the page.

Uploading and confirming are the page's commands (POST /api/v1/imports/<kind> with the file
as multipart/form-data, then /confirm with its token: the bridge)."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _
from marshmallow import Schema, fields

from workers.imports import KINDS

from ..auth.users import roles_required
from ..imports.routes import _in_request_limit
from .base import area
from .bridge import XLSX, file_doc, page_file

blp = area("imports", "名录导入")


class ImportKindSchema(Schema):
    kind = fields.String(required=True, metadata={"description": "targets / inspectors"})
    title = fields.String(required=True, metadata={"description": "名录"})
    template = fields.String(required=True, metadata={"description": "导入模板的下载地址"})
    upload = fields.String(required=True, metadata={"description": "上传并校验（POST，multipart/form-data，字段 file）"})
    confirm = fields.String(required=True, metadata={"description": "确认导入（POST，字段 token）"})


class ImportPageSchema(Schema):
    kinds = fields.List(fields.Nested(ImportKindSchema), required=True)
    max_upload_mb = fields.Integer(required=True, metadata={"description": "文件大小上限（MB）"})
    in_request_rows = fields.Integer(required=True,
                                     metadata={"description": "超过此行数的文件确认后在后台导入（转到后台任务）"})
    note = fields.String(required=True)


@blp.route("/imports")
@blp.response(200, ImportPageSchema)
@roles_required("admin", "supervisor")
def import_page():
    """名录导入：可导入的名录、模板与文件限制（系统管理员、支队）"""
    return {
        "kinds": [{"kind": kind, "title": _(title), "template": url_for(".import_template", kind=kind),
                   "upload": url_for("api_commands.imports_upload", kind=kind),
                   "confirm": url_for("api_commands.imports_confirm", kind=kind)} for kind, title in KINDS.items()],
        "max_upload_mb": current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
        "in_request_rows": _in_request_limit(),
        "note": _("上传后先逐行校验，列出全部问题；没有问题时显示将产生的变更，确认后才写入。同一文件重复导入不会产生任何变更。"),
    }


@blp.route("/imports/template/<kind>.xlsx")
@blp.doc(**file_doc(XLSX))
@roles_required("admin", "supervisor")
def import_template(kind: str):
    """下载导入模板（Excel）"""
    return page_file("imports.template", kind=kind)
