"""What the logged-in user may narrow the board and the tables to, and the filters that
result. A jurisdiction or brigade that does not exist is a mistake (422); one that exists
outside the user's scope is refused (403). An inspector sees its own brigade's work only."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import Connection, select

from projections.board import Filters
from projections.scope import Scope
from projections.tables import brigades, jurisdictions

from ..auth.users import refuse
from ..directory import queries as dq
from .schemas import Period


def place(conn: Connection, code: str | None) -> dict | None:
    """The jurisdiction picked (which must be in scope), or None for the whole scope."""
    if not code:
        return None
    row = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path)
                       .where(jurisdictions.c.code == code)).mappings().one_or_none()
    if row is None:
        raise ValidationError({"jurisdiction": [_("辖区“%(code)s”不存在", code=code)]})
    if not current_user.scope.covers_path(row["path"]):
        refuse(_("辖区“%(name)s”不在您的管辖范围内", name=row["name"]))
    return dict(row)


def _brigade(conn: Connection, code: str | None) -> str | None:
    if current_user.role == "inspector":
        if code and code != current_user.brigade:
            refuse(_("执法人员只能查看本单位的任务"))
        return current_user.brigade
    if not code:
        return None
    row = conn.execute(select(brigades.c.name, brigades.c.jurisdiction_path)
                       .where(brigades.c.code == code)).one_or_none()
    if row is None:
        raise ValidationError({"brigade": [_("执法单位“%(code)s”不存在", code=code)]})
    if not current_user.scope.covers_path(row.jurisdiction_path):
        refuse(_("执法单位“%(name)s”不在您的管辖范围内", name=row.name))
    return code


def narrowed(conn: Connection, data: dict, period: Period | None) -> tuple[Scope, Filters, dict | None]:
    """(the scope to count in, the filters, the jurisdiction picked)."""
    scope, picked = current_user.scope, place(conn, data.get("jurisdiction"))
    if picked is not None:
        scope = Scope((picked["path"],), scope.brigade)
    officer, target = data.get("officer"), data.get("target")
    return scope, Filters(start=period.start if period else None, end=period.end if period else None,
                          brigade=_brigade(conn, data.get("brigade")), category=data.get("category"),
                          origin=data.get("origin"), industry=data.get("industry") or None,
                          officer=officer.hex if officer else None, target=target.hex if target else None), picked


def options(conn: Connection) -> dict:
    """The choices of the filter form, within the user's scope."""
    scope = current_user.scope
    return {"places": dq.jurisdiction_options(conn, scope),
            "brigades": [] if current_user.role == "inspector" else dq.brigade_options(conn, scope),
            "industries": dq.industry_options(conn, scope)}
