"""The moment a user asks about, typed in Asia/Shanghai time: "2026-10-01 09:30" (that
minute), "2026-10-01 09:30:15" (that second) or "2026-10-01" (that day). "As of" a minute
or a day means at its end, so an event the history shows at 09:30 is included at 09:30.
A moment still to come is refused: the record has no future to show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _, lazy_gettext
from marshmallow import ValidationError, fields, validates_schema

from ..forms import FormSchema, field
from ..templating import SHANGHAI

# The formats a person types (and a browser's datetime-local sends, with "T"), each with
# the length of the period it names.
FORMATS = (("%Y-%m-%d %H:%M:%S", timedelta(seconds=1)), ("%Y-%m-%d %H:%M", timedelta(minutes=1)),
           ("%Y-%m-%d", timedelta(days=1)))
TICK = timedelta(microseconds=1)
BAD = lazy_gettext("时间格式不正确，应为“年-月-日 时:分”（如 2026-10-01 09:30）或“年-月-日”（指当日结束时）")


@dataclass(frozen=True)
class Moment:
    start: datetime  # aware, Asia/Shanghai
    period: timedelta

    @property
    def end(self) -> datetime:
        """The last instant of the period: the state "as of" it includes everything up to here."""
        return self.start + self.period - TICK

    @property
    def text(self) -> str:
        if self.period == timedelta(days=1):
            return _("%(day)s（当日结束时）", day=self.start.strftime("%Y-%m-%d"))
        return self.start.strftime("%Y-%m-%d %H:%M:%S" if self.period.seconds == 1 else "%Y-%m-%d %H:%M")

    @property
    def query(self) -> str:
        """The moment as it goes back into a link."""
        if self.period == timedelta(days=1):
            return self.start.strftime("%Y-%m-%d")
        return self.start.strftime("%Y-%m-%d %H:%M:%S" if self.period.seconds == 1 else "%Y-%m-%d %H:%M")


def now() -> datetime:
    return datetime.now(SHANGHAI)


def parse(text: str) -> Moment | None:
    text = " ".join(text.replace("T", " ").split())
    for fmt, period in FORMATS:
        try:
            return Moment(datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI), period)
        except ValueError:
            continue
    return None


class MomentField(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs) -> Moment:
        moment = parse(value) if isinstance(value, str) else None
        if moment is None:
            raise ValidationError(str(BAD))
        if moment.start.year < 1900:  # before any record, and before the UTC offset can be taken
            raise ValidationError(_("时间应在1900年以后"))
        if moment.start > now():
            raise ValidationError(_("%(moment)s 尚未到来，只能回溯到过去的时间", moment=moment.text))
        return moment


def a_moment(label, *, required: bool = True, **kwargs) -> fields.Field:
    return field(MomentField, label, **({"required": True} if required else {"load_default": None}), **kwargs)


class AsOfForm(FormSchema):
    at = a_moment(lazy_gettext("回溯时间"))


class CompareForm(FormSchema):
    start = a_moment(lazy_gettext("起始时间"), data_key="from")
    to = a_moment(lazy_gettext("结束时间（不填为现在）"), required=False)

    @validates_schema
    def _in_order(self, data, **_kwargs):
        start, to = data.get("start"), data.get("to")
        if start and to and start.end >= to.end:
            raise ValidationError(_("起始时间须早于结束时间"), "from")

    def labels(self) -> dict[str, str]:
        # Errors are keyed by the form's names ("from"), not the attributes.
        return {f.data_key or name: str(f.metadata.get("label", name)) for name, f in self.fields.items()}
