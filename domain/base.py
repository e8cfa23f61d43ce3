"""What every aggregate and command of ours shares: who acted, the command id, the errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Transcoding

# Stable namespace for ids derived from natural keys (credit code + site, certificate no …).
NAMESPACE = uuid5(NAMESPACE_URL, "https://shuangsui.org/ids")


def natural_id(kind: str, *parts: str) -> UUID:
    return uuid5(NAMESPACE, "|".join((kind, *parts)))


class DomainError(Exception):
    """A command broke a rule. The message is in Chinese and names the rule."""


class NotFoundError(DomainError):
    pass


class AlreadyExistsError(DomainError):
    pass


class NoChangeError(DomainError):
    """The command would not change anything (kept apart so imports can skip it)."""


@dataclass(frozen=True)
class Actor:
    """Who issues a command: the user's id (login name) and the role they act in."""

    user_id: str
    role: str

    def by(self, command_id: str) -> dict[str, str]:
        return {"actor_id": self.user_id, "actor_role": self.role, "command_id": command_id}


SYSTEM = Actor("system", "system")


class Record(Aggregate):
    """Base of our aggregates: every event says who did it and under which command id.

    The aggregate remembers the command ids it has applied, so that a resubmitted
    command (a double click, a retried request) is recognised and does nothing.
    """

    class Event(Aggregate.Event):
        actor_id: str
        actor_role: str
        command_id: str

        def mutate(self, aggregate):  # type: ignore[override]
            aggregate = super().mutate(aggregate)
            aggregate.command_ids.add(self.command_id)
            return aggregate

    def has_applied(self, command_id: str) -> bool:
        return command_id in self.command_ids


class DateAsISO(Transcoding):
    """`date` is not known to the JSON transcoder; dates are stored as YYYY-MM-DD."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


def require_text(value: str, label: str, max_len: int = 200) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"{label}不能为空")
    if len(value) > max_len:
        raise DomainError(f"{label}不能超过{max_len}个字")
    return value


def require_reason(reason: str) -> str:
    return require_text(reason, "变更理由", 500)
