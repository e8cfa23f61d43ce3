"""One place for error handling: domain errors become 409/422 pages (or JSON), in Chinese; a
database that cannot be reached (PostgreSQL restarting) becomes 503 with Retry-After."""

from __future__ import annotations

import psycopg
import sqlalchemy.exc
from eventsourcing import persistence
from flask import Flask, current_app, g, jsonify, render_template, render_template_string, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from domain.base import AlreadyExistsError, DomainError, NoChangeError, NotFoundError
from domain.vocabulary import N_

# Chinese titles, translated where shown (error.html and the JSON answer).
TITLES = {400: N_("请求有误"), 401: N_("请先登录"), 403: N_("无权访问"), 404: N_("未找到"),
          405: N_("不支持的请求方式"), 409: N_("与现有记录冲突"), 413: N_("文件过大"), 422: N_("内容有误"),
          429: N_("请求过于频繁"), 500: N_("系统错误"), 503: N_("服务暂时不可用")}
UNTITLED = N_("错误")

# What is raised when the database is away: SQLAlchemy (read tables, users) wraps psycopg's
# errors; the event store (eventsourcing's pool) raises its own, after its retries; code that
# talks psycopg directly raises psycopg's. Not eventsourcing's IntegrityError: a conflict.
DATABASE_AWAY = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.TimeoutError,
                 persistence.OperationalError, persistence.InterfaceError, psycopg.OperationalError,
                 psycopg.InterfaceError)
RETRY_AFTER = 10  # seconds: a restart of PostgreSQL takes a few
AWAY_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · {{ site }}</title><link rel="stylesheet" href="{{ url_for('static', filename='site.css') }}">
</head><body><main><section class="card narrow error-page">
<h1>503 · {{ title }}</h1><p class="error-message">{{ message }}</p>
<p><a href="{{ request.full_path.rstrip('?') }}">{{ again }}</a></p>
</section></main></body></html>"""


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz" or (
        request.accept_mimetypes.best == "application/json")


def render_error(status: int, message: str, errors: dict | None = None):
    if request.path.startswith("/api/"):  # the API's one shape (flask-smorest's ErrorSchema)
        body = {"code": status, "status": _(TITLES.get(status, UNTITLED)), "message": message}
        return jsonify({**body, "errors": errors} if errors else body), status
    if _wants_json():
        return jsonify({"error": _(TITLES.get(status, UNTITLED)), "message": message}), status
    return render_template("error.html", status=status, title=TITLES.get(status, UNTITLED),
                           message=message), status


def database_away(error: BaseException):
    """503 without touching the database again: the page is self-contained (base.html asks
    for the user and the projections' position), and the user counts as anonymous for the
    rest of this request (the security headers look at the user)."""
    from .extensions import login_manager

    g._login_user = login_manager.anonymous_user()
    first = (str(error).strip().splitlines() or [""])[0][:200]
    current_app.logger.warning("数据库暂时无法连接 %s %s：%s: %s", request.method, request.path,
                               type(error).__name__, first)
    message = _("数据库暂时无法连接，请稍后重试")
    if _wants_json():
        response = jsonify({"error": _(TITLES[503]), "message": message})
    else:
        response = render_template_string(AWAY_PAGE, title=_(TITLES[503]), message=message, site=_("双随"),
                                          again=_("重新加载"))
    return response, 503, {"Retry-After": str(RETRY_AFTER)}


LOCATIONS = ("query", "json", "form", "files", "headers", "cookies", "path", "view_args", "json_or_form")


def _schema_lines(exc) -> list[str]:
    """"标签：消息" lines of a refused API query or body, without webargs' location level."""
    from marshmallow import ValidationError

    from .forms import flat_messages

    messages = exc.messages
    if isinstance(messages, dict) and len(messages) == 1 and next(iter(messages)) in LOCATIONS:
        inner = ValidationError(next(iter(messages.values())))
        inner.labels = getattr(exc, "labels", {})
        exc = inner
    return flat_messages(exc)


def _field_errors(error: HTTPException) -> tuple[dict] | tuple[()]:
    """Field-by-field messages of a 422: a page form's (Invalid) or an API body's (webargs)."""
    fields = getattr(error, "fields", None) or (getattr(error, "data", None) or {}).get("messages")
    return (_as_lists(fields),) if fields else ()


def _as_lists(messages):
    """marshmallow's messages, every leaf a list of strings ({"reason": ["必填"]}): a message made
    from a lazy (translated) string is kept bare by marshmallow."""
    if isinstance(messages, dict):
        return {str(k): _as_lists(v) for k, v in messages.items()}
    if isinstance(messages, (list, tuple)):
        if all(not isinstance(m, (dict, list, tuple)) for m in messages):
            return [str(m) for m in messages]
        return [_as_lists(m) for m in messages]
    return [str(messages)]


def register_error_handlers(app: Flask) -> None:
    for cls in DATABASE_AWAY:
        app.register_error_handler(cls, database_away)

    @app.before_request
    def _user_first():
        # Load the signed-in user (a database read) before the view, where a failure is
        # handled above; first loaded by an after_request function (the security headers),
        # it would escape every handler and end as a bare 500.
        current_user._get_current_object()

    @app.before_request
    def _no_nul():
        # A NUL character can reach no record, and PostgreSQL refuses it in text (a DataError).
        if "\x00" in request.path or any("\x00" in v for v in request.args.values()):
            return render_error(400, _("请求中含有不允许的字符"))
        return None

    @app.errorhandler(sqlalchemy.exc.DataError)
    def _out_of_range(error):
        # A value the database cannot hold (a page number past its integers, a NUL in a form):
        # the request's fault, said without the database's words.
        current_app.logger.warning("数据库拒绝了请求中的值 %s %s：%s", request.method, request.path,
                                   str(error.orig).splitlines()[0][:200] if error.orig else error)
        return render_error(422, _("请求中的数值或文字超出允许范围"))

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
        if isinstance(getattr(error, "original_exception", None), DATABASE_AWAY):
            return database_away(error.original_exception)  # raised after the view (e.g. after_request)
        description = error.description if error.code in (401, 403, 422, 409) else _(TITLES.get(error.code, error.name))
        if error.code == 413:
            description = _("上传的文件超过%(mb)sMB上限", mb=app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024))
        if error.code == 400 and "CSRF" in str(error.description):
            description = _("表单已过期或缺少安全校验（CSRF），请刷新页面后重新提交")
        exc = getattr(error, "exc", None)  # webargs keeps the ValidationError beside its data
        if error.code == 422 and exc is not None:  # an API query or body refused by its schema
            description = _("；").join(_schema_lines(exc))
        return render_error(error.code or 500, description, *_field_errors(error))
