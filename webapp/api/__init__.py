"""The JSON API under /api/v1, described at /api/openapi.json (Swagger UI at /api/docs).

Every command of the pages is here through the bridge (webapp/api/bridge.py); the queries
are one module per area, each reading the same tables as its pages with the same scope."""

from __future__ import annotations

from flask import Flask
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask_smorest import Api

from ..extensions import csrf
from . import (access, bridge, calendar, dashboards, directory, disclosure, docs, imports, jobs, ledger,
               notifications, organisation, plans, problems, public, records, reports, special, stats, tasks,
               tokens, users)

# The areas' query endpoints; each module has a flask-smorest blueprint `blp`.
AREAS = (directory, organisation, users, plans, calendar, tasks, problems, stats, disclosure, reports, special,
         jobs, notifications, ledger, records, public, imports, dashboards, tokens)


def init_api(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "双随 Shuangsui JSON API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": "“双随机、一公开”执法记录系统的全部查询与命令。认证：页面会话（需 X-CSRFToken），"
                                "或 `Authorization: Bearer <令牌>`（在“API令牌”页签发）。命令可带 `X-Command-Id` "
                                "请求头（或 command_id 字段），同一编号重复提交不会重复执行。错误信息默认中文，"
                                "`Accept-Language: en` 返回英文。"},
        "components": {"securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "API令牌（ss_…）"},
            "session": {"type": "apiKey", "in": "cookie", "name": "session"}}},
        "security": [{"bearer": []}, {"session": []}],
    })
    plugin = MarshmallowPlugin(schema_name_resolver=schema_name)
    api = Api(app, spec_kwargs={"marshmallow_plugin": plugin})  # one per app: the spec of its routes
    for blp in (bridge.commands_blueprint(app, api), *(module.blp for module in AREAS)):
        csrf.exempt(blp)  # access.guard checks CSRF for calls on the session, not for tokens
        api.register_blueprint(blp)
    app.register_blueprint(docs.bp)
    access.guard(app)


def schema_name(schema) -> str | None:
    """Component names by area: two areas may both have a `TransferForm`. A schema narrowed
    with only/exclude/partial is written inline."""
    if not isinstance(schema, type) and (schema.only or schema.exclude or schema.partial):
        return None
    cls = resolve_schema_cls(schema)
    parts = cls.__module__.split(".")
    name = cls.__name__.removesuffix("Schema")
    if parts[:2] == ["webapp", "api"] and len(parts) > 2:  # webapp.api.tasks_schemas → tasks
        return f"{parts[2].removesuffix('_schemas')}.{name}"
    return f"{parts[1]}.{name}" if parts[0] == "webapp" and len(parts) > 2 else name
