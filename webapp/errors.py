"""One place for error handling: domain errors become 409/422 pages (or JSON), in Chinese."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from domain.base import AlreadyExistsError, DomainError, NoChangeError, NotFoundError

TITLES = {400: "请求有误", 401: "请先登录", 403: "无权访问", 404: "未找到", 405: "不支持的请求方式",
          409: "与现有记录冲突", 413: "文件过大", 422: "内容有误", 429: "请求过于频繁", 500: "系统错误"}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz" or (
        request.accept_mimetypes.best == "application/json")


def render_error(status: int, message: str):
    if _wants_json():
        return jsonify({"error": TITLES.get(status, "错误"), "message": message}), status
    return render_template("error.html", status=status, title=TITLES.get(status, "错误"),
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
        description = error.description if error.code in (403, 422, 409) else TITLES.get(error.code, error.name)
        if error.code == 413:
            description = f"上传的文件超过{app.config['MAX_CONTENT_LENGTH'] // (1024 * 1024)}MB上限"
        if error.code == 400 and "CSRF" in str(error.description):
            description = "表单已过期或缺少安全校验（CSRF），请刷新页面后重新提交"
        return render_error(error.code or 500, description)
