"""Who is calling the API: a token (`Authorization: Bearer ss_…`) or the page session.

A token acts as its user: same role, same scope, refused once revoked or the user disabled.
A call with a token is not a browser form, so it needs no CSRF token; a call that rides on
the page session does (`X-CSRFToken`), or any site the user visits could post in their name.
"""

from __future__ import annotations

from flask import Flask, abort, current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.tokens import username_for
from ..auth.users import load_user_by_name
from ..extensions import csrf, login_manager
from ..services import system

SAFE = ("GET", "HEAD", "OPTIONS")


@login_manager.request_loader
def _from_token(req):
    header = req.headers.get("Authorization", "")
    if not req.path.startswith("/api/") or not header.startswith("Bearer "):  # tokens are for the API
        return None
    username = username_for(system().engine, header[len("Bearer "):].strip())
    user = load_user_by_name(username) if username else None
    if user is not None:
        g.api_token_user = True
    return user


def guard(app: Flask) -> None:
    """Before every API view: who calls (401 in JSON, never a redirect to the login page), and
    CSRF for calls that ride on the session."""

    @app.before_request
    def _api_caller():
        if not request.path.startswith("/api/") or request.endpoint is None:
            return None
        view = app.view_functions.get(request.endpoint)
        if getattr(view, "api_public", False) or request.endpoint.startswith("api-docs"):
            return None
        if not current_user.is_authenticated:  # asking reads the session, or else the token
            abort(401, description=_("请先登录，或在请求头 Authorization: Bearer 中提供有效的API令牌"))
        if request.method not in SAFE and not g.get("api_token_user") and current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        return None
