"""Accessors for the services a request needs: the system (store, read db, projector),
the acting user as a domain Actor, and a fresh command id."""

from __future__ import annotations

import uuid

from flask import current_app, request
from flask_login import current_user

from domain.base import Actor
from projections.system import System


def system() -> System:
    return current_app.extensions["shuangsui"]


def actor() -> Actor:
    return Actor(current_user.username, current_user.role)


def command_id() -> str:
    """The client's command id (hidden form field / header), else a new one.

    Forms carry an id made when the form was rendered, so a double submission of the
    same form is recognised by the aggregate and does nothing the second time.
    """
    given = request.form.get("command_id") or request.headers.get("X-Command-Id")
    return given[:80] if given else uuid.uuid4().hex


def new_command_id() -> str:
    return uuid.uuid4().hex


def wait_for(position: int | None) -> bool:
    """Read-your-writes: wait, bounded, until the projections show the command."""
    return system().projector.wait_for(position, current_app.config["READ_YOUR_WRITES_TIMEOUT"])
