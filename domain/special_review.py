"""特殊监管对象联审: for a year Y, the joint review meeting (联审会) decides which units are
supervised as special, from year Y−1's record. The system proposes (projections/special.py:
a criminal transfer, a penalty of 200,000 yuan or more, or three or more 12369 complaints,
each with the events that meet it); a supervisor records the meeting's decision here, and
the same transaction changes each designated unit's category in the directory."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .base import DomainError, Record, natural_id, require_text
from .vocabulary import SPECIAL_CRITERIA


def designations(units: object) -> list[dict]:
    """[{target_id (hex), criteria [..]}]: each unit once, each with at least one criterion."""
    if not isinstance(units, (list, tuple)) or not units:
        raise DomainError("联审会决定须至少列入一个监管对象")
    seen, result = set(), []
    for unit in units:
        target = str(unit.get("target_id") or "")
        criteria = [c for c in unit.get("criteria") or [] if c]
        if not target:
            raise DomainError("列入的监管对象缺少编号")
        if target in seen:
            raise DomainError("同一监管对象在决定中重复列入")
        if not criteria:
            raise DomainError("每个列入的监管对象须注明纳入原因")
        unknown = [c for c in criteria if c not in SPECIAL_CRITERIA]
        if unknown:
            raise DomainError(f"纳入原因“{unknown[0]}”不在特殊监管对象的认定情形中")
        seen.add(target)
        result.append({"target_id": target, "criteria": sorted(set(criteria), key=SPECIAL_CRITERIA.index)})
    return result


class SpecialReview(Record):
    @staticmethod
    def create_id(jurisdiction: str, year: int, **_: object) -> UUID:
        return natural_id("special-review", jurisdiction, str(year))

    class Decided(Record.Event, Aggregate.Created):
        jurisdiction: str
        year: int
        reference: str  # the meeting's minutes (会议纪要) or notice number
        meeting_on: date
        units: list  # [{target_id, criteria}]

    @event(Decided)
    def __init__(self, jurisdiction: str, year: int, reference: str, meeting_on: date, units: list,
                 actor_id: str, actor_role: str, command_id: str) -> None:
        self.jurisdiction, self.year, self.reference = jurisdiction, year, reference
        self.meeting_on, self.units = meeting_on, list(units)
        self.command_ids = set()

    @classmethod
    def decide(cls, *, jurisdiction: str, year: int, reference: str, meeting_on: date, units: list,
               today: date, **by: str) -> "SpecialReview":
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            raise DomainError("年度须为2000至2100之间的整数")
        if meeting_on > today:
            raise DomainError(f"会议日期（{meeting_on}）不能晚于今天（{today}）")
        if meeting_on.year not in (year - 1, year):
            raise DomainError(f"{year}年度的联审会应在{year - 1}年或{year}年召开，会议日期为{meeting_on}")
        return cls(jurisdiction=jurisdiction, year=year, reference=require_text(reference, "会议纪要或文号", 200),
                   meeting_on=meeting_on, units=designations(units), **by)

    @property
    def basis(self) -> str:
        return f"{self.meeting_on.year}年{self.meeting_on.month}月{self.meeting_on.day}日联审会（{self.reference}）"
