"""Template helpers: labels of the vocabularies, times in Asia/Shanghai, the "data as of"
note, and a fresh command id for every rendered form."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import get_locale, gettext as _

from domain import vocabulary as v

from .services import new_command_id, system

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_time(value: datetime | str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # SQLite hands timestamps back naive: they were stored as UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(SHANGHAI).strftime(fmt)


def label(vocabulary: str, code: str | None) -> str:
    """The display label of a code, through the catalog so English works too."""
    table = {"category": v.CATEGORIES, "exclusion": v.EXCLUSION_REASONS, "kind": v.INSPECTOR_KINDS,
             "level": v.JURISDICTION_LEVELS, "brigade_kind": v.BRIGADE_KINDS, "role": v.ROLES}[vocabulary]
    if code is None or code == "":
        return ""
    return _(table.get(code, code))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(get_locale=get_locale, label=label, new_command_id=new_command_id, vocab=v, today=date.today)
    app.jinja_env.filters["local_time"] = local_time

    @app.context_processor
    def _data_as_of():
        def data_as_of() -> dict:
            s = system()
            try:
                return {"lag": s.projector.lag(), "position": s.projector.position()}
            except Exception:
                return {"lag": None, "position": None}
        return {"data_as_of": data_as_of}
