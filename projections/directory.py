"""Read model of the two directories: supervised units and inspectors, as they stand now."""

from __future__ import annotations


from domain.inspectors import Inspector
from domain.sync import inspector_fingerprint, target_fingerprint
from domain.targets import Target

from .base import Batch, Projection, merge_update
from .tables import inspectors, targets


def _target_registered(batch: Batch, e: Target.Registered) -> None:
    row = dict(credit_code=e.credit_code, site=e.site, name=e.name, jurisdiction=e.jurisdiction,
               address=e.address, industry=e.industry, permit_no=e.permit_no, category=e.category,
               category_year=e.category_year, category_basis=e.category_basis,
               special_criteria=sorted(e.special_criteria), exclusion_reason=e.exclusion_reason,
               exclusion_note=e.exclusion_note, positive_list=e.positive_list)
    batch.insert(targets, id=e.originator_id.hex, **row, fingerprint=target_fingerprint(row),
                 jurisdiction_path=batch.path(e.jurisdiction), registered_at=e.timestamp,
                 updated_at=e.timestamp, version=e.originator_version)


def _target_update(values_of):
    def handler(batch: Batch, e) -> None:
        def derive(row: dict) -> dict:
            return {"fingerprint": target_fingerprint(row), "jurisdiction_path": batch.path(row["jurisdiction"])}
        merge_update(batch, targets, "id", e, values_of(e), derive)
    return handler


def _inspector_registered(batch: Batch, e: Inspector.Registered) -> None:
    row = dict(name=e.name, kind=e.kind, cert_no=e.cert_no, cert_valid_until=e.cert_valid_until,
               unit=e.unit, post=e.post, years_of_service=e.years_of_service,
               specialities=list(e.specialities), department=e.department, in_draw_pool=e.in_draw_pool)
    batch.insert(inspectors, id=e.originator_id.hex, **row, cert_expired=False, active=True, conflicts={},
                 fingerprint=inspector_fingerprint(row), unit_path=batch.unit_path(e.unit),
                 updated_at=e.timestamp, version=e.originator_version)


def _inspector_update(values_of):
    def handler(batch: Batch, e) -> None:
        def derive(row: dict) -> dict:
            return {"fingerprint": inspector_fingerprint(row), "unit_path": batch.unit_path(row["unit"])}
        merge_update(batch, inspectors, "id", e, values_of(batch, e), derive)
    return handler


def _conflicts(batch: Batch, e, change) -> dict:
    current = dict(batch.row(inspectors, e.originator_id.hex)["conflicts"] or {})
    change(current)
    return {"conflicts": current}


def _changes(e) -> dict:
    return {k: after for k, (_, after) in e.changes.items()}


class DirectoryProjection(Projection):
    name = "directory"
    tables = (targets, inspectors)
    handlers = {
        Target.Registered: _target_registered,
        Target.DetailsChanged: _target_update(_changes),
        Target.CategoryChanged: _target_update(lambda e: {
            "category": e.category, "category_year": e.year, "category_basis": e.basis,
            "special_criteria": sorted(e.special_criteria)}),
        Target.ExcludedFromDraws: _target_update(lambda e: {
            "exclusion_reason": e.exclusion_reason, "exclusion_note": e.note}),
        Target.ExclusionLifted: _target_update(lambda e: {"exclusion_reason": None, "exclusion_note": ""}),
        Target.PositiveListAdded: _target_update(lambda e: {"positive_list": True}),
        Target.PositiveListRemoved: _target_update(lambda e: {"positive_list": False}),
        Inspector.Registered: _inspector_registered,
        Inspector.DetailsChanged: _inspector_update(lambda b, e: _changes(e)),
        Inspector.CertificateRenewed: _inspector_update(lambda b, e: {
            "cert_no": e.cert_no, "cert_valid_until": e.valid_until, "cert_expired": False}),
        Inspector.CertificateExpired: _inspector_update(lambda b, e: {"cert_expired": True}),
        Inspector.Transferred: _inspector_update(lambda b, e: {"unit": e.unit}),
        Inspector.Deactivated: _inspector_update(lambda b, e: {"active": False}),
        Inspector.Reactivated: _inspector_update(lambda b, e: {"active": True}),
        Inspector.ConflictDeclared: _inspector_update(lambda b, e: _conflicts(
            b, e, lambda c: c.__setitem__(e.target_id.hex, e.relation))),
        Inspector.ConflictWithdrawn: _inspector_update(lambda b, e: _conflicts(
            b, e, lambda c: c.pop(e.target_id.hex, None))),
    }
