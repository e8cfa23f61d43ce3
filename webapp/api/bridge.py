"""Every command of the pages, in the API: `POST /api/v1/<the page's path>` runs the page's
own view (the same role and scope checks, the same schema, the same Chinese messages) with
the request's JSON body in place of the posted form, and answers in JSON.

One implementation per command, so the API can never drift from the pages. The request body
of each command is documented with the form schema its view loads (found in the view's own
code, and checked when it runs: `load_form` records what it loaded).
"""

from __future__ import annotations

import html
import inspect
import json
import re

from flask import Flask, current_app, g, get_flashed_messages, jsonify, make_response, request
from flask_babel import gettext as _
from marshmallow import Schema
from werkzeug.datastructures import ImmutableMultiDict

from .base import CommandResult, area

# POST routes of the pages that are not commands on records: the login form, the language
# switch, the public correction form (CSRF and a per-address limit: people, not machines),
# and the token pages (the API has its own token endpoints).
NOT_COMMANDS = {"auth.login", "auth.logout", "home.set_language", "public.correction",
                "auth.issue_token", "auth.revoke_token"}
SCHEMA_CALL = re.compile(r"\b(?:([a-z_]\w*)\.)?([A-Z]\w*)\(")
ALERT = re.compile(r'<(?:ul|div|section|p)[^>]*role="alert"[^>]*>(.*?)</(?:ul|div|section|p)>', re.S)
ITEM = re.compile(r"<li[^>]*>(.*?)</li>", re.S)
TAG = re.compile(r"<[^>]+>")


def command_endpoints(app: Flask) -> list[tuple[str, str]]:
    """(page endpoint, page path) of every POST route of the pages that is a command."""
    found = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or ()) and not rule.endpoint.startswith(("api", "static")) \
                and rule.endpoint not in NOT_COMMANDS:
            found.append((rule.endpoint, rule.rule))
    return sorted(found, key=lambda item: item[1])


def form_schema_of(view) -> type[Schema] | None:
    """The form schema the view loads: the first Schema class it calls by name, in its own
    code or in the module-level helper it hands the work to (`_command(…, OrderForm(), …)`)."""
    plain = inspect.unwrap(view)
    source = inspect.getsource(plain)
    for module, name in SCHEMA_CALL.findall(source):
        found = getattr(plain.__globals__.get(module), name, None) if module else plain.__globals__.get(name)
        if isinstance(found, type) and issubclass(found, Schema):
            return found
    return None


def _inspection_form():
    from domain.checklists import items

    from ..tasks.schemas import inspection_form
    return type(inspection_form(items()))


def _rules_body() -> dict:
    from domain.reminder_rules import KINDS

    each = {"type": "string", "enum": ["yes", "no"]}
    properties = {"reason": {"type": "string", "description": "变更理由"}}
    for kind in KINDS:
        properties |= {f"enabled_{kind}": each, f"webhook_{kind}": each,
                       f"days_{kind}": {"type": "integer", "minimum": 0, "maximum": 60}}
    return {"type": "object", "properties": properties}


# Bodies not found in the view's code: a form built from data (one field per checklist item),
# a file, or fields the view reads one by one. A callable gives a Schema class or an
# OpenAPI schema; None: the command takes no body.
BODIES = {
    "tasks.record_inspection": _inspection_form,
    "notifications.change_rules": _rules_body,
    "imports.upload": lambda: {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "名录 Excel 文件（.xlsx）"}}},
    "imports.confirm": lambda: {"type": "object", "required": ["token"], "properties": {
        "token": {"type": "string", "description": "上传校验后返回的凭据"}}},
    "ledger.sign": None, "ledger.verify": None, "notifications.open_": None, "notifications.read": None,
    "notifications.read_all": None,
}


def as_form(payload: dict) -> ImmutableMultiDict:
    """A JSON object as the posted form the view reads: a list gives several values, true and
    false are the forms' yes/no, numbers are written out, and null is a field not given."""
    items = []
    for key, value in payload.items():
        for one in value if isinstance(value, list) else [value]:
            if one is None:
                continue
            if isinstance(one, bool):
                one = "yes" if one else "no"
            elif isinstance(one, (dict, list)):
                one = json.dumps(one, ensure_ascii=False)
            items.append((str(key), str(one)))
    return ImmutableMultiDict(items)


def _run(page_endpoint: str, **kwargs):
    g.api_command = True
    if request.is_json:
        payload = request.get_json(silent=True)
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            return jsonify(code=422, status=_("内容有误"), message=_("请求体应为JSON对象")), 422
        # werkzeug's cached properties: the view reads these (a JSON body carries no files)
        request.form, request.files = as_form(payload), ImmutableMultiDict()
    documented = getattr(current_app.view_functions[request.endpoint], "form_schema", None)
    response = make_response(_as_page(page_endpoint, kwargs))
    loaded = g.get("form_schema")
    if loaded and documented and loaded.__name__ != documented.__name__ and current_app.testing:
        raise AssertionError(f"{page_endpoint}: 文档中的请求体是 {documented.__name__}，视图读取的是 {loaded.__name__}")
    flashed = get_flashed_messages(with_categories=True)  # taken out of the session: shown here
    if response.status_code in (301, 302, 303):
        errors = [str(m) for c, m in flashed if c == "error"]
        outcome = g.get("api_outcome", {})
        body = {"ok": not errors, "repeated": outcome.get("repeated", False),
                "position": outcome.get("position"), "messages": [str(m) for _c, m in flashed],
                "location": response.location}
        return jsonify(body), (422 if errors else 200)
    if response.mimetype == "text/html" and response.status_code >= 400:
        # a page that shows its own errors (the form again, with what was wrong)
        lines = _alerts(response.get_data(as_text=True)) or [_("内容有误")]
        return jsonify(code=response.status_code, status=_("内容有误"), message=_("；").join(lines),
                       errors={"_schema": lines}), response.status_code
    return response  # a file, or JSON the view made itself


def _as_page(page_endpoint: str, kwargs: dict):
    """Run the page's view as the page's request: its relative url_for(".x") and its checks
    see the page's endpoint. Errors are handled after, as the API's (in JSON)."""
    api_rule = request.url_rule
    request.url_rule = current_app.url_map._rules_by_endpoint[page_endpoint][0]
    try:
        return current_app.view_functions[page_endpoint](**kwargs)
    finally:
        request.url_rule = api_rule


def _alerts(page: str) -> list[str]:
    """The messages a page shows in its role="alert" blocks, as text."""
    lines = []
    for block in ALERT.findall(page):
        items = ITEM.findall(block) or [block]
        lines += [" ".join(html.unescape(TAG.sub(" ", item)).split()) for item in items]
    return [line for line in lines if line]


def commands_blueprint(app: Flask, api):
    """One API route per page command, documented with the schema its view loads (a blueprint
    per app: the routes come from that app's URL map)."""
    blp = area("commands", "各页面的全部操作（命令）：与页面同一实现、同一校验")
    for page_endpoint, path in command_endpoints(app):
        body = BODIES[page_endpoint]() if BODIES.get(page_endpoint) else None
        schema = body if isinstance(body, type) else (
            None if page_endpoint in BODIES else form_schema_of(app.view_functions[page_endpoint]))
        name = page_endpoint.replace(".", "_")

        def view(_page_endpoint=page_endpoint, **kwargs):
            return _run(_page_endpoint, **kwargs)

        view.__name__ = name
        view.__doc__ = f"{_summary(app.view_functions[page_endpoint])}\n\n页面操作 `{page_endpoint}`（POST {path}）。"
        view.page_endpoint = page_endpoint
        view.form_schema = schema
        doc: dict = {"tags": [page_endpoint.split(".")[0]]}
        if schema is not None:
            ref = api.ma_plugin.converter.resolve_nested_schema(schema)  # registered once, by class
        elif isinstance(body, dict):
            ref = body
        if schema is not None or isinstance(body, dict):
            doc["requestBody"] = {"required": False, "content": {"application/json": {"schema": ref},
                                                                 "multipart/form-data": {"schema": ref}}}
        view = blp.doc(**doc)(blp.alt_response(422, description="内容有误或不符合规则")(
            blp.response(200, CommandResult)(view)))
        blp.route(path, endpoint=name, methods=["POST"])(view)
    return blp


def _summary(view) -> str:
    doc = inspect.getdoc(inspect.unwrap(view)) or ""
    return doc.splitlines()[0] if doc else inspect.unwrap(view).__name__


# -- downloads: the pages' own files (xlsx, CSV, bundles) -------------------------------------------
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_doc(*mimetypes: str) -> dict:
    """The OpenAPI answer of an endpoint that returns a file (for `@blp.doc(**file_doc(XLSX))`)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    document = {"schema": {"type": "object", "description": "JSON 文件（证据包、记录等）"}}  # a JSON file is JSON
    return {"responses": {"200": {"description": "文件", "content": {
        m: document if m == "application/json" else binary for m in mimetypes}}}}


def page_file(page_endpoint: str, **kwargs):
    """The file a page's download route answers, from the API (same checks, same file). A page
    that answers with HTML instead (its form again, with errors) becomes a JSON error."""
    return _run(page_endpoint, **kwargs)
