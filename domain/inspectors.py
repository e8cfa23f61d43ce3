"""检查人员: an enforcement officer (执法人员) or an assistant (辅助检查人员) in 检查人员名录库."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from .base import DomainError, NoChangeError, Record, natural_id, require_reason, require_text
from .vocabulary import INSPECTOR_KINDS, choice

OFFICER_CERT = re.compile(r"^\d{11}$")
ASSISTANT_CERT = re.compile(r"^[A-Za-z0-9-]{4,30}$")


def check_certificate(kind: str, cert_no: str, valid_until: date | None) -> None:
    choice(kind, INSPECTOR_KINDS, "人员类别")
    if kind == "officer":
        if not OFFICER_CERT.match(cert_no or ""):
            raise DomainError(f"执法证号应为11位数字，实际为“{cert_no}”")
        if valid_until is None:
            raise DomainError("执法人员须注明证件有效期")
    elif not ASSISTANT_CERT.match(cert_no or ""):
        raise DomainError(f"工作证号应为4至30位字母、数字或“-”，实际为“{cert_no}”")


class Inspector(Record):
    @staticmethod
    def create_id(cert_no: str, **_: object) -> UUID:
        # Identity is the certificate number at registration; a renewed certificate with a
        # new number keeps the same person (the read side indexes the current number).
        return natural_id("inspector", cert_no)

    @event("Registered")
    def __init__(
        self, name: str, kind: str, cert_no: str, cert_valid_until: date | None, unit: str,
        post: str, years_of_service: int | None, specialities: list[str], department: str,
        in_draw_pool: bool, source: str, actor_id: str, actor_role: str, command_id: str,
    ) -> None:
        self.name, self.kind, self.cert_no = name, kind, cert_no
        self.cert_valid_until, self.cert_expired = cert_valid_until, False
        self.unit, self.post, self.years_of_service = unit, post, years_of_service
        self.specialities, self.department = list(specialities), department
        self.in_draw_pool, self.active = in_draw_pool, True
        self.conflicts: dict[str, str] = {}  # target id (hex) -> declared relation
        self.command_ids = set()

    @classmethod
    def register(cls, *, name: str, kind: str, cert_no: str, cert_valid_until: date | None,
                 unit: str, post: str = "", years_of_service: int | None = None,
                 specialities: list[str] | None = None, department: str = "",
                 in_draw_pool: bool = True, source: str = "", **by: str) -> "Inspector":
        check_certificate(kind, cert_no, cert_valid_until)
        return cls(name=require_text(name, "姓名", 50), kind=kind, cert_no=cert_no,
                   cert_valid_until=cert_valid_until, unit=require_text(unit, "所在单位"),
                   post=post, years_of_service=years_of_service,
                   specialities=list(specialities or []), department=department,
                   in_draw_pool=in_draw_pool, source=source, **by)

    def certificate_valid_on(self, day: date) -> bool:
        if self.kind == "assistant":
            return True
        return not self.cert_expired and self.cert_valid_until is not None and day <= self.cert_valid_until

    # -- details ---------------------------------------------------------------------
    class DetailsChanged(Record.Event):
        changes: dict  # field -> [before, after]
        reason: str

        def apply(self, inspector: "Inspector") -> None:
            for field, (_, after) in self.changes.items():
                setattr(inspector, field, after)

    DETAIL_FIELDS = {"name": "姓名", "post": "职务岗位", "years_of_service": "工作年限",
                     "specialities": "业务专长", "department": "所在部门",
                     "in_draw_pool": "参与双随机"}

    def change_details(self, *, reason: str, **by_and_fields: object) -> None:
        fields = {k: v for k, v in by_and_fields.items() if k in self.DETAIL_FIELDS}
        by = {k: v for k, v in by_and_fields.items() if k not in self.DETAIL_FIELDS}
        if "name" in fields:
            require_text(str(fields["name"]), "姓名", 50)
        changes = {k: [getattr(self, k), v] for k, v in fields.items() if getattr(self, k) != v}
        if not changes:
            raise NoChangeError("没有需要变更的内容")
        self.trigger_event(self.DetailsChanged, changes=changes, reason=require_reason(reason), **by)

    # -- certificate -----------------------------------------------------------------
    class CertificateRenewed(Record.Event):
        cert_no: str
        valid_until: date
        previous_cert_no: str
        previous_valid_until: date | None
        basis: str

        def apply(self, inspector: "Inspector") -> None:
            inspector.cert_no, inspector.cert_valid_until = self.cert_no, self.valid_until
            inspector.cert_expired = False

    class CertificateExpired(Record.Event):
        reason: str

        def apply(self, inspector: "Inspector") -> None:
            inspector.cert_expired = True

    def renew_certificate(self, *, cert_no: str, valid_until: date, basis: str,
                          **by: str) -> "CertificateClaim | None":
        """Returns the claim on a new number, to be saved with this change (see below)."""
        check_certificate(self.kind, cert_no, valid_until)
        if (cert_no, valid_until) == (self.cert_no, self.cert_valid_until) and not self.cert_expired:
            raise NoChangeError("证号与有效期均未变化")
        if self.cert_valid_until and valid_until < self.cert_valid_until and not self.cert_expired:
            raise DomainError("换发后的有效期不能早于原有效期")
        claim = None if cert_no == self.cert_no else CertificateClaim(
            cert_no=cert_no, holder=self.id, **by)
        self.trigger_event(self.CertificateRenewed, cert_no=cert_no, valid_until=valid_until,
                           previous_cert_no=self.cert_no,
                           previous_valid_until=self.cert_valid_until, basis=basis, **by)
        return claim

    def expire_certificate(self, *, reason: str, **by: str) -> None:
        if self.cert_expired:
            raise NoChangeError("该证件已登记为失效")
        self.trigger_event(self.CertificateExpired, reason=require_reason(reason), **by)

    # -- posting ---------------------------------------------------------------------
    class Transferred(Record.Event):
        unit: str
        previous: str
        basis: str
        reason: str

        def apply(self, inspector: "Inspector") -> None:
            inspector.unit = self.unit

    class Deactivated(Record.Event):
        reason: str

        def apply(self, inspector: "Inspector") -> None:
            inspector.active = False

    class Reactivated(Record.Event):
        reason: str

        def apply(self, inspector: "Inspector") -> None:
            inspector.active = True

    def transfer(self, *, unit: str, basis: str, reason: str, **by: str) -> None:
        if unit == self.unit:
            raise NoChangeError("调入单位与现单位相同")
        self.trigger_event(self.Transferred, unit=require_text(unit, "调入单位"),
                           previous=self.unit, basis=basis, reason=require_reason(reason), **by)

    def deactivate(self, *, reason: str, **by: str) -> None:
        if not self.active:
            raise NoChangeError("该人员已登记为不在岗")
        self.trigger_event(self.Deactivated, reason=require_reason(reason), **by)

    def reactivate(self, *, reason: str, **by: str) -> None:
        if self.active:
            raise NoChangeError("该人员本来就在岗")
        self.trigger_event(self.Reactivated, reason=require_reason(reason), **by)

    # -- conflicts of interest (回避) ----------------------------------------------------
    class ConflictDeclared(Record.Event):
        target_id: UUID
        relation: str

        def apply(self, inspector: "Inspector") -> None:
            inspector.conflicts[self.target_id.hex] = self.relation

    class ConflictWithdrawn(Record.Event):
        target_id: UUID
        reason: str

        def apply(self, inspector: "Inspector") -> None:
            inspector.conflicts.pop(self.target_id.hex, None)

    def declare_conflict(self, *, target_id: UUID, relation: str, **by: str) -> None:
        if target_id.hex in self.conflicts:
            raise NoChangeError("已申报与该单位存在利害关系")
        self.trigger_event(self.ConflictDeclared, target_id=target_id,
                           relation=require_text(relation, "利害关系说明", 500), **by)

    def withdraw_conflict(self, *, target_id: UUID, reason: str, **by: str) -> None:
        if target_id.hex not in self.conflicts:
            raise NoChangeError("未申报与该单位存在利害关系")
        self.trigger_event(self.ConflictWithdrawn, target_id=target_id,
                           reason=require_reason(reason), **by)


class CertificateClaim(Record):
    """A certificate number taken by a renewal. It lives in the same id space as the
    inspectors registered under a number, so saving it together with the renewal fails
    (and nothing is written) when anyone registered or renewed with that number before:
    certificate numbers stay unique without a read-side check that could be stale."""

    create_id = staticmethod(Inspector.create_id)

    @event("Claimed")
    def __init__(self, cert_no: str, holder: UUID, actor_id: str, actor_role: str, command_id: str) -> None:
        self.cert_no, self.holder = cert_no, holder
        self.command_ids = set()
