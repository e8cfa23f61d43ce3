"""Check an API answer against our own OpenAPI document (the schema the API promises)."""

from __future__ import annotations

import re

import jsonschema


def _as_json_schema(node):
    """OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null"; $refs point into the document."""
    if isinstance(node, list):
        return [_as_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _as_json_schema(v) for k, v in node.items() if k != "nullable"}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/definitions/")
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def _operation(spec: dict, path: str, method: str) -> dict:
    if path in spec["paths"]:
        return spec["paths"][path][method.lower()]
    for template, item in spec["paths"].items():  # a concrete path: find its template
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return item[method.lower()]
    raise AssertionError(f"OpenAPI 文档中没有 {method} {path}")


def assert_matches_openapi(app, response, path: str, method: str = "GET") -> None:
    """The response's status is documented for that operation and its JSON body fits the schema."""
    spec = app.test_client().get("/api/openapi.json").get_json()
    operation = _operation(spec, path.split("?")[0], method)
    responses = operation["responses"]
    documented = responses.get(str(response.status_code)) or responses.get("default")
    assert documented is not None, f"{method} {path}: 状态码 {response.status_code} 未在文档中"
    content = (documented.get("content") or {}).get("application/json")
    if content is None or "schema" not in content:
        return
    schema = _as_json_schema(content["schema"])
    schema["definitions"] = {name: _as_json_schema(s) for name, s in spec["components"]["schemas"].items()}
    jsonschema.validate(response.get_json(), schema)
