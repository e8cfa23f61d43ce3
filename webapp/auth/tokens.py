"""API tokens for machine clients (the platforms brigades already use).

A token acts as its user, with the user's role and scope, until it is revoked or the user is
disabled. Issuing and revoking are events on the user's record (who, when, which token); the
secret is shown once and only its SHA-256 is kept, in `api_tokens`, outside the log.
A token looks like `ss_<token id>.<secret>`.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine, select

from domain.base import Actor, NotFoundError
from domain.users import User
from projections.database import write_transaction
from projections.system import System
from projections.tables import api_tokens

PREFIX = "ss_"
TOUCH_EVERY = timedelta(minutes=5)  # last use is written at most this often (not on every call)


@dataclass(frozen=True)
class Issued:
    token_id: str
    name: str
    token: str  # the whole token: shown once, never stored


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(system: System, actor: Actor, command_id: str, username: str, name: str) -> Issued:
    token_id = uuid.uuid4().hex
    system.app.command(User, User.create_id(username=username), "issue_token", actor, command_id,
                       token_id=token_id, name=name)
    token = f"{PREFIX}{token_id}.{secrets.token_urlsafe(32)}"
    with write_transaction(system.engine) as conn:
        conn.execute(api_tokens.insert().values(
            token_id=token_id, username=username, name=name.strip(), secret_sha256=_digest(token),
            created_at=datetime.now(timezone.utc)))
    return Issued(token_id, name.strip(), token)


def revoke(system: System, actor: Actor, command_id: str, username: str, token_id: str, reason: str) -> int | None:
    """The token stops working first (the table), then the revocation is recorded."""
    with write_transaction(system.engine) as conn:
        done = conn.execute(api_tokens.update().where(
            api_tokens.c.token_id == token_id, api_tokens.c.username == username,
            api_tokens.c.revoked_at.is_(None)).values(revoked_at=datetime.now(timezone.utc))).rowcount
    if not done:
        raise NotFoundError("该令牌不存在或已吊销")
    return system.app.command(User, User.create_id(username=username), "revoke_token", actor, command_id,
                              token_id=token_id, reason=reason).position


def tokens_of(engine: Engine, username: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(api_tokens.c.token_id, api_tokens.c.name, api_tokens.c.created_at,
                                   api_tokens.c.last_used_at, api_tokens.c.revoked_at)
                            .where(api_tokens.c.username == username)
                            .order_by(api_tokens.c.created_at.desc())).mappings().all()
    return [dict(r) for r in rows]


def username_for(engine: Engine, token: str) -> str | None:
    """The user a token in force acts for, or None. Unknown and revoked tokens look the same."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(api_tokens.c.token_id, api_tokens.c.username, api_tokens.c.last_used_at)
                           .where(api_tokens.c.secret_sha256 == _digest(token),
                                  api_tokens.c.revoked_at.is_(None))).first()
    if row is None:
        return None
    now = datetime.now(timezone.utc)
    last = row.last_used_at
    if last is None or now - (last if last.tzinfo else last.replace(tzinfo=timezone.utc)) > TOUCH_EVERY:
        with write_transaction(engine) as conn:
            conn.execute(api_tokens.update().where(api_tokens.c.token_id == row.token_id)
                         .values(last_used_at=now))
    return row.username
