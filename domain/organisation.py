"""辖区 (jurisdictions) and the brigades / inspection groups that work in them."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from .base import DomainError, NoChangeError, Record, natural_id, require_reason, require_text
from .vocabulary import BRIGADE_KINDS, JURISDICTION_LEVELS, choice


class Jurisdiction(Record):
    """A prefecture, county/city, development zone or park, or a Corps division (兵团师)."""

    @staticmethod
    def create_id(code: str, **_: object) -> UUID:
        return natural_id("jurisdiction", code)

    @event("Registered")
    def __init__(self, code: str, name: str, level: str, parent: str | None,
                 actor_id: str, actor_role: str, command_id: str) -> None:
        self.code, self.name, self.level, self.parent = code, name, level, parent
        self.command_ids = set()

    @classmethod
    def register(cls, *, code: str, name: str, level: str, parent: str | None, **by: str) -> "Jurisdiction":
        choice(level, JURISDICTION_LEVELS, "辖区级别")
        if level != "province" and not parent:
            raise DomainError("除自治区外，辖区须有上级辖区")
        return cls(code=require_text(code, "辖区代码", 30), name=require_text(name, "辖区名称", 50),
                   level=level, parent=parent, **by)

    class Renamed(Record.Event):
        name: str
        previous: str
        reason: str

        def apply(self, jurisdiction: "Jurisdiction") -> None:
            jurisdiction.name = self.name

    def rename(self, *, name: str, reason: str, **by: str) -> None:
        if name == self.name:
            raise NoChangeError("名称未变化")
        self.trigger_event(self.Renamed, name=require_text(name, "辖区名称", 50),
                           previous=self.name, reason=require_reason(reason), **by)


class Brigade(Record):
    """An enforcement brigade (大队), or a group formed for a campaign: inspection group
    (帮扶检查组), dispatch group (调度组), technical support group (技术支撑组)."""

    @staticmethod
    def create_id(code: str, **_: object) -> UUID:
        return natural_id("brigade", code)

    @event("Formed")
    def __init__(self, code: str, name: str, kind: str, jurisdiction: str, covers: list[str],
                 vehicles: list[str], actor_id: str, actor_role: str, command_id: str) -> None:
        self.code, self.name, self.kind = code, name, kind
        self.jurisdiction, self.covers, self.vehicles = jurisdiction, list(covers), list(vehicles)
        self.leader: str | None = None  # inspector id (hex)
        self.members: list[str] = []  # inspector ids (hex), leader included
        self.dissolved = False
        self.command_ids = set()

    @classmethod
    def form(cls, *, code: str, name: str, kind: str, jurisdiction: str,
             covers: list[str] | None = None, vehicles: list[str] | None = None, **by: str) -> "Brigade":
        choice(kind, BRIGADE_KINDS, "组织类别")
        return cls(code=require_text(code, "单位代码", 40), name=require_text(name, "单位名称", 80),
                   kind=kind, jurisdiction=require_text(jurisdiction, "所属辖区"),
                   covers=list(covers or [jurisdiction]), vehicles=list(vehicles or []), **by)

    class MemberJoined(Record.Event):
        inspector_id: UUID
        as_leader: bool
        reason: str

        def apply(self, brigade: "Brigade") -> None:
            if self.inspector_id.hex not in brigade.members:
                brigade.members.append(self.inspector_id.hex)
            if self.as_leader:
                brigade.leader = self.inspector_id.hex

    class MemberLeft(Record.Event):
        inspector_id: UUID
        reason: str

        def apply(self, brigade: "Brigade") -> None:
            brigade.members.remove(self.inspector_id.hex)
            if brigade.leader == self.inspector_id.hex:
                brigade.leader = None

    class CoverageChanged(Record.Event):
        covers: list[str]
        previous: list[str]
        vehicles: list[str]
        reason: str

        def apply(self, brigade: "Brigade") -> None:
            brigade.covers, brigade.vehicles = list(self.covers), list(self.vehicles)

    class Dissolved(Record.Event):
        reason: str

        def apply(self, brigade: "Brigade") -> None:
            brigade.dissolved = True

    def _check_open(self) -> None:
        if self.dissolved:
            raise DomainError("该组织已撤销，不能再变更")

    def add_member(self, *, inspector_id: UUID, as_leader: bool = False, reason: str = "", **by: str) -> None:
        self._check_open()
        if inspector_id.hex in self.members and (not as_leader or self.leader == inspector_id.hex):
            raise NoChangeError("该人员已是本组成员")
        self.trigger_event(self.MemberJoined, inspector_id=inspector_id, as_leader=as_leader,
                           reason=reason, **by)

    def remove_member(self, *, inspector_id: UUID, reason: str, **by: str) -> None:
        self._check_open()
        if inspector_id.hex not in self.members:
            raise NoChangeError("该人员不是本组成员")
        self.trigger_event(self.MemberLeft, inspector_id=inspector_id,
                           reason=require_reason(reason), **by)

    def change_coverage(self, *, covers: list[str], vehicles: list[str], reason: str, **by: str) -> None:
        self._check_open()
        if not covers:
            raise DomainError("负责范围至少包括一个辖区")
        if (list(covers), list(vehicles)) == (self.covers, self.vehicles):
            raise NoChangeError("负责范围和车辆保障均未变化")
        self.trigger_event(self.CoverageChanged, covers=list(covers), previous=self.covers,
                           vehicles=list(vehicles), reason=require_reason(reason), **by)

    def dissolve(self, *, reason: str, **by: str) -> None:
        self._check_open()
        self.trigger_event(self.Dissolved, reason=require_reason(reason), **by)
