"""Password hashes, kept in the `credentials` table and never in the event log."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Engine, select
from werkzeug.security import check_password_hash, generate_password_hash

from projections.database import write_transaction
from projections.tables import credentials

MIN_LENGTH = 8


def _chinese(message: str, **variables) -> str:
    return message % variables if variables else message


def password_problem(password: str, _=_chinese) -> str | None:
    """What is wrong with a new password, in Chinese; a page passes flask_babel's gettext
    as `_` to say it in the user's language (the CLI has no request to choose one)."""
    if len(password or "") < MIN_LENGTH:
        return _("密码至少%(n)s位", n=MIN_LENGTH)
    if password.isdigit() or password.isalpha():
        return _("密码须同时包含字母和数字")
    return None


def set_password(engine: Engine, username: str, password: str) -> None:
    values = {"password_hash": generate_password_hash(password, method="scrypt"),
              "changed_at": datetime.now(timezone.utc)}
    with write_transaction(engine) as conn:
        exists = conn.execute(select(credentials.c.username).where(credentials.c.username == username)).first()
        if exists:
            conn.execute(credentials.update().where(credentials.c.username == username).values(**values))
        else:
            conn.execute(credentials.insert().values(username=username, **values))


def check_password(engine: Engine, username: str, password: str) -> bool:
    with engine.connect() as conn:
        stored = conn.execute(select(credentials.c.password_hash)
                              .where(credentials.c.username == username)).scalar()
    # Check against a dummy hash when the user is unknown, so timing does not tell.
    return check_password_hash(stored or _DUMMY, password or "") and stored is not None


_DUMMY = generate_password_hash("not-a-password-0", method="scrypt")
