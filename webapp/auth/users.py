"""The logged-in user: the read row of `users` plus the scope it may see."""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import abort, current_app, request
from flask_babel import gettext as _
from flask_login import UserMixin, current_user
from sqlalchemy import select

from projections.scope import Scope, scope_for
from projections.tables import users

from ..extensions import login_manager
from ..services import system


@dataclass
class SessionUser(UserMixin):
    id: str
    username: str
    display_name: str
    role: str
    jurisdiction: str | None
    brigade: str | None
    scope: Scope

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


def load_user_by_name(username: str) -> SessionUser | None:
    engine = system().engine
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).mappings().one_or_none()
        if row is None or row["disabled"]:
            return None
        scope = scope_for(conn, row["role"], row["jurisdiction"], row["brigade"])
    return SessionUser(id=row["username"], username=row["username"], display_name=row["display_name"],
                       role=row["role"], jurisdiction=row["jurisdiction"], brigade=row["brigade"],
                       scope=scope)


@login_manager.user_loader
def _load(user_id: str) -> SessionUser | None:
    return load_user_by_name(user_id)


def roles_required(*roles: str):
    """Only these roles; anyone else gets 403, and the refusal is logged."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                refuse(_("角色 %(role)s 无权访问", role=current_user.role))
            return view(*args, **kwargs)
        wrapped.required_roles = roles  # read by the authorisation matrix test
        return wrapped
    return decorator


def refuse(why: str, status: int = 403):
    who = current_user.username if current_user.is_authenticated else "-"
    current_app.logger.warning("拒绝访问 user=%s path=%s 原因=%s", who, request.path, why)
    abort(status, description=why)


def require_in_scope(path: str | None) -> None:
    """404 would hide the record's existence; 403 says plainly it is another brigade's."""
    if not current_user.scope.covers_path(path):
        refuse(_("不在您的管辖范围内"))
