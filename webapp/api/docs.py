"""Swagger UI for /api/openapi.json, from our own static files (no CDN can be reached, and the
CSP allows only our own scripts). "Try it out" works with the page session (the CSRF token is
sent as X-CSRFToken) or with a token entered under "Authorize"."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("api-docs-ui", __name__)


@bp.route("/api/docs")
def page():
    return render_template("api/docs.html")
