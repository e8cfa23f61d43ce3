"""One place for error handling: domain errors become 409/422 pages (or JSON), in Chinese."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from domain.base import AlreadyExistsError, DomainError, NoChangeError, NotFoundError
from domain.vocabulary import N_

# Chinese titles, translated where shown (error.html and the JSON answer).
TITLES = {400: N_("请求有误"), 401: N_("请先登录"), 403: N_("无权访问"), 404: N_("未找到"),
          405: N_("不支持的请求方式"), 409: N_("与现有记录冲突"), 413: N_("文件过大"), 422: N_("内容有误"),
          429: N_("请求过于频繁"), 500: N_("系统错误")}
UNTITLED = N_("错误")


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz" or (
        request.accept_mimetypes.best == "application/json")


def render_error(status: int, message: str):
    if _wants_json():
        return jsonify({"error": _(TITLES.get(status, UNTITLED)), "message": message}), status
    return render_template("error.html", status=status, title=TITLES.get(status, UNTITLED),
                           message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(NotFoundError)
    def _not_found(error):
        return render_error(404, str(error))

    @app.errorhandler(AlreadyExistsError)
    def _exists(error):
        return render_error(409, str(error))

    @app.errorhandler(NoChangeError)
    def _no_change(error):
        return render_error(409, str(error))

    @app.errorhandler(DomainError)
    def _rule(error):
        return render_error(422, str(error))

    @app.errorhandler(HTTPException)
    def _http(error):
        description = error.description if error.code in (403, 422, 409) else _(TITLES.get(error.code, error.name))
        if error.code == 413:
            description = _("上传的文件超过%(mb)sMB上限", mb=app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))
        if error.code == 400 and "CSRF" in str(error.description):
            description = _("表单已过期或缺少安全校验（CSRF），请刷新页面后重新提交")
        return render_error(error.code or 500, description)
