"""监管对象: a supervised unit (one site of one legal entity) in the directory 检查对象名录库."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from .base import DomainError, NoChangeError, Record, natural_id, require_reason, require_text
from .credit_code import credit_code_problem
from .vocabulary import CATEGORIES, EXCLUSION_REASONS, SPECIAL_CRITERIA, choice


def check_category(category: str, year: int | None, basis: str, criteria: list[str]) -> None:
    """The rules a category assignment must meet, shared by commands and the import check."""
    choice(category, CATEGORIES, "监管类别")
    if category == "general":
        return
    if year is None or not 2000 <= int(year) <= 2100:
        raise DomainError(f"{CATEGORIES[category]}须注明类别年度")
    if not (basis or "").strip():
        raise DomainError(f"{CATEGORIES[category]}须注明依据（重点排污单位名录或联审会文号）")
    if category == "special":
        if not criteria:
            raise DomainError("特殊监管对象须注明符合的特殊监管条件")
        unknown = [c for c in criteria if c not in SPECIAL_CRITERIA]
        if unknown:
            raise DomainError(f"特殊监管条件“{'、'.join(unknown)}”不存在，可选：{'、'.join(SPECIAL_CRITERIA)}")


def check_exclusion(reason: str, note: str) -> None:
    choice(reason, EXCLUSION_REASONS, "不参与双随机原因")
    if reason in ("relocated", "other") and not (note or "").strip():
        what = "搬迁去向或新地址" if reason == "relocated" else "具体原因"
        raise DomainError(f"不参与双随机原因为“{EXCLUSION_REASONS[reason]}”时须说明{what}")


class Target(Record):
    @staticmethod
    def create_id(credit_code: str, site: str, **_: object) -> UUID:
        return natural_id("target", credit_code, site)

    @event("Registered")
    def __init__(
        self, credit_code: str, site: str, name: str, jurisdiction: str, address: str,
        industry: str, permit_no: str, category: str, category_year: int | None,
        category_basis: str, special_criteria: list[str], exclusion_reason: str | None,
        exclusion_note: str, positive_list: bool, source: str,
        actor_id: str, actor_role: str, command_id: str,
    ) -> None:
        self.credit_code, self.site, self.name = credit_code, site, name
        self.jurisdiction, self.address, self.industry = jurisdiction, address, industry
        self.permit_no = permit_no
        self.category, self.category_year = category, category_year
        self.category_basis, self.special_criteria = category_basis, list(special_criteria)
        self.exclusion_reason, self.exclusion_note = exclusion_reason, exclusion_note
        self.positive_list = positive_list
        self.command_ids = set()

    @classmethod
    def register(cls, *, credit_code: str, site: str, name: str, jurisdiction: str,
                 address: str, industry: str = "", permit_no: str = "",
                 category: str = "general", category_year: int | None = None,
                 category_basis: str = "", special_criteria: list[str] | None = None,
                 exclusion_reason: str | None = None, exclusion_note: str = "",
                 positive_list: bool = False, source: str = "", **by: str) -> "Target":
        problem = credit_code_problem(credit_code)
        if problem:
            raise DomainError(problem)
        check_category(category, category_year, category_basis, special_criteria or [])
        if exclusion_reason:
            check_exclusion(exclusion_reason, exclusion_note)
        if positive_list and category == "special":
            raise DomainError("特殊监管对象不得纳入正面清单")
        return cls(credit_code=credit_code, site=site.strip(), name=require_text(name, "单位名称", 100),
                   jurisdiction=jurisdiction, address=require_text(address, "详细地址"),
                   industry=industry, permit_no=permit_no, category=category,
                   category_year=category_year if category != "general" else None,
                   category_basis=category_basis if category != "general" else "",
                   special_criteria=list(special_criteria or []) if category == "special" else [],
                   exclusion_reason=exclusion_reason, exclusion_note=exclusion_note,
                   positive_list=positive_list, source=source, **by)

    @property
    def excluded(self) -> bool:
        return self.exclusion_reason is not None

    # -- details ---------------------------------------------------------------------
    class DetailsChanged(Record.Event):
        """Name, address, industry, permit number or jurisdiction corrected or changed."""

        changes: dict  # field -> [before, after]
        reason: str

        def apply(self, target: "Target") -> None:
            for field, (_, after) in self.changes.items():
                setattr(target, field, after)

    DETAIL_FIELDS = {"name": "单位名称", "address": "详细地址", "industry": "行业类别",
                     "permit_no": "排污许可证编号", "jurisdiction": "所在辖区"}

    def change_details(self, *, reason: str, **by_and_fields: str) -> None:
        fields = {k: v for k, v in by_and_fields.items() if k in self.DETAIL_FIELDS}
        by = {k: v for k, v in by_and_fields.items() if k not in self.DETAIL_FIELDS}
        for required in ("name", "address", "jurisdiction"):
            if required in fields:
                require_text(fields[required], self.DETAIL_FIELDS[required])
        changes = {k: [getattr(self, k), v] for k, v in fields.items() if getattr(self, k) != v}
        if not changes:
            raise NoChangeError("没有需要变更的内容")
        self.trigger_event(self.DetailsChanged, changes=changes, reason=require_reason(reason), **by)

    # -- category --------------------------------------------------------------------
    class CategoryChanged(Record.Event):
        category: str
        year: int | None
        basis: str
        special_criteria: list[str]
        previous: str
        reason: str

        def apply(self, target: "Target") -> None:
            target.category, target.category_year = self.category, self.year
            target.category_basis, target.special_criteria = self.basis, list(self.special_criteria)

    def change_category(self, *, category: str, year: int | None, basis: str,
                        special_criteria: list[str], reason: str, **by: str) -> None:
        check_category(category, year, basis, special_criteria)
        if category == "general":
            year, basis, special_criteria = None, "", []
        elif category == "key":
            special_criteria = []
        if category == "special" and self.positive_list:
            raise DomainError("该单位在正面清单内，须先移出正面清单才能列为特殊监管对象")
        same = (category, year, basis, sorted(special_criteria)) == (
            self.category, self.category_year, self.category_basis, sorted(self.special_criteria))
        if same:
            raise NoChangeError("监管类别及依据均未变化")
        self.trigger_event(self.CategoryChanged, category=category, year=year, basis=basis,
                           special_criteria=list(special_criteria), previous=self.category,
                           reason=require_reason(reason), **by)

    # -- exclusion from draws (不参与双随机) --------------------------------------------
    class ExcludedFromDraws(Record.Event):
        exclusion_reason: str
        note: str
        reason: str

        def apply(self, target: "Target") -> None:
            target.exclusion_reason, target.exclusion_note = self.exclusion_reason, self.note

    class ExclusionLifted(Record.Event):
        previous: str
        reason: str

        def apply(self, target: "Target") -> None:
            target.exclusion_reason, target.exclusion_note = None, ""

    def exclude_from_draws(self, *, exclusion_reason: str, note: str, reason: str, **by: str) -> None:
        check_exclusion(exclusion_reason, note)
        if (self.exclusion_reason, self.exclusion_note) == (exclusion_reason, note):
            raise NoChangeError("该单位已按同一原因不参与双随机")
        self.trigger_event(self.ExcludedFromDraws, exclusion_reason=exclusion_reason,
                           note=note, reason=require_reason(reason), **by)

    def lift_exclusion(self, *, reason: str, **by: str) -> None:
        if not self.excluded:
            raise NoChangeError("该单位本来就参与双随机")
        self.trigger_event(self.ExclusionLifted, previous=self.exclusion_reason,
                           reason=require_reason(reason), **by)

    # -- positive list (正面清单) ------------------------------------------------------
    class PositiveListAdded(Record.Event):
        basis: str
        reason: str

        def apply(self, target: "Target") -> None:
            target.positive_list = True

    class PositiveListRemoved(Record.Event):
        basis: str
        reason: str

        def apply(self, target: "Target") -> None:
            target.positive_list = False

    def add_to_positive_list(self, *, basis: str, reason: str, **by: str) -> None:
        if self.positive_list:
            raise NoChangeError("该单位已在正面清单内")
        if self.category == "special":
            raise DomainError("特殊监管对象不得纳入正面清单")
        self.trigger_event(self.PositiveListAdded, basis=basis, reason=require_reason(reason), **by)

    def remove_from_positive_list(self, *, basis: str, reason: str, **by: str) -> None:
        if not self.positive_list:
            raise NoChangeError("该单位不在正面清单内")
        self.trigger_event(self.PositiveListRemoved, basis=basis, reason=require_reason(reason), **by)
