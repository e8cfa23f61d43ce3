"""Read model of the two directories: supervised units and inspectors, as they stand now."""

from __future__ import annotations

from sqlalchemy import insert, select

from domain.inspectors import Inspector
from domain.sync import inspector_fingerprint, target_fingerprint
from domain.targets import Target

from .base import Projection, merge_update, path_of
from .tables import brigades, inspectors, targets


def _target_derived(conn):
    def derive(row: dict) -> dict:
        return {"fingerprint": target_fingerprint(row), "jurisdiction_path": path_of(conn, row["jurisdiction"])}
    return derive


def _target_registered(conn, e: Target.Registered) -> None:
    row = dict(credit_code=e.credit_code, site=e.site, name=e.name, jurisdiction=e.jurisdiction,
               address=e.address, industry=e.industry, permit_no=e.permit_no, category=e.category,
               category_year=e.category_year, category_basis=e.category_basis,
               special_criteria=sorted(e.special_criteria), exclusion_reason=e.exclusion_reason,
               exclusion_note=e.exclusion_note, positive_list=e.positive_list)
    conn.execute(insert(targets).values(
        id=e.originator_id.hex, **row, fingerprint=target_fingerprint(row),
        jurisdiction_path=path_of(conn, e.jurisdiction), registered_at=e.timestamp,
        updated_at=e.timestamp, version=e.originator_version))


def _target_update(values_of):
    def handler(conn, e) -> None:
        merge_update(conn, targets, "id", e, values_of(e), _target_derived(conn))
    return handler


def _unit_path(conn, unit: str) -> str:
    path = conn.execute(select(brigades.c.jurisdiction_path).where(brigades.c.code == unit)).scalar()
    return path or f"/?/{unit}/"


def _inspector_derived(conn):
    def derive(row: dict) -> dict:
        return {"fingerprint": inspector_fingerprint(row), "unit_path": _unit_path(conn, row["unit"])}
    return derive


def _inspector_registered(conn, e: Inspector.Registered) -> None:
    row = dict(name=e.name, kind=e.kind, cert_no=e.cert_no, cert_valid_until=e.cert_valid_until,
               unit=e.unit, post=e.post, years_of_service=e.years_of_service,
               specialities=list(e.specialities), department=e.department, in_draw_pool=e.in_draw_pool)
    conn.execute(insert(inspectors).values(
        id=e.originator_id.hex, **row, cert_expired=False, active=True, conflicts={},
        fingerprint=inspector_fingerprint(row), unit_path=_unit_path(conn, e.unit),
        updated_at=e.timestamp, version=e.originator_version))


def _inspector_update(values_of):
    def handler(conn, e) -> None:
        merge_update(conn, inspectors, "id", e, values_of(e), _inspector_derived(conn))
    return handler


def _conflicts(conn, e, change) -> dict:
    current = conn.execute(select(inspectors.c.conflicts).where(inspectors.c.id == e.originator_id.hex)).scalar()
    current = dict(current or {})
    change(current)
    return {"conflicts": current}


class DirectoryProjection(Projection):
    name = "directory"
    tables = (targets, inspectors)
    handlers = {
        Target.Registered: _target_registered,
        Target.DetailsChanged: _target_update(lambda e: {k: after for k, (_, after) in e.changes.items()}),
        Target.CategoryChanged: _target_update(lambda e: {
            "category": e.category, "category_year": e.year, "category_basis": e.basis,
            "special_criteria": sorted(e.special_criteria)}),
        Target.ExcludedFromDraws: _target_update(lambda e: {
            "exclusion_reason": e.exclusion_reason, "exclusion_note": e.note}),
        Target.ExclusionLifted: _target_update(lambda e: {"exclusion_reason": None, "exclusion_note": ""}),
        Target.PositiveListAdded: _target_update(lambda e: {"positive_list": True}),
        Target.PositiveListRemoved: _target_update(lambda e: {"positive_list": False}),
        Inspector.Registered: _inspector_registered,
        Inspector.DetailsChanged: _inspector_update(lambda e: {k: after for k, (_, after) in e.changes.items()}),
        Inspector.CertificateRenewed: _inspector_update(lambda e: {
            "cert_no": e.cert_no, "cert_valid_until": e.valid_until, "cert_expired": False}),
        Inspector.CertificateExpired: _inspector_update(lambda e: {"cert_expired": True}),
        Inspector.Transferred: _inspector_update(lambda e: {"unit": e.unit}),
        Inspector.Deactivated: _inspector_update(lambda e: {"active": False}),
        Inspector.Reactivated: _inspector_update(lambda e: {"active": True}),
    }

    def apply(self, conn, event, position) -> None:
        if isinstance(event, Inspector.ConflictDeclared):
            values = _conflicts(conn, event, lambda c: c.__setitem__(event.target_id.hex, event.relation))
            merge_update(conn, inspectors, "id", event, values)
        elif isinstance(event, Inspector.ConflictWithdrawn):
            values = _conflicts(conn, event, lambda c: c.pop(event.target_id.hex, None))
            merge_update(conn, inspectors, "id", event, values)
        else:
            super().apply(conn, event, position)
