"""Read model of jurisdictions and brigades / inspection groups."""

from __future__ import annotations


from domain.organisation import Brigade, Jurisdiction

from .base import Batch, Projection, merge_update
from .tables import brigades, jurisdictions


def _jurisdiction_registered(batch: Batch, e: Jurisdiction.Registered) -> None:
    parent_path = batch.path(e.parent) if e.parent else "/"
    path = f"{parent_path}{e.code}/"
    batch.remember_path(e.code, path)
    batch.insert(jurisdictions, code=e.code, id=e.originator_id.hex, name=e.name, level=e.level,
                 parent=e.parent, path=path, depth=path.count("/") - 1, version=e.originator_version)


def _jurisdiction_renamed(batch: Batch, e: Jurisdiction.Renamed) -> None:
    merge_update(batch, jurisdictions, "id", e, {"name": e.name})


def _brigade_formed(batch: Batch, e: Brigade.Formed) -> None:
    path = batch.path(e.jurisdiction)
    batch.remember_unit_path(e.code, path)
    batch.insert(brigades, code=e.code, id=e.originator_id.hex, name=e.name, kind=e.kind,
                 jurisdiction=e.jurisdiction, jurisdiction_path=path, covers=list(e.covers),
                 vehicles=list(e.vehicles), leader=None, members=[], dissolved=False,
                 version=e.originator_version)


def _member_joined(batch: Batch, e: Brigade.MemberJoined) -> None:
    members = batch.row(brigades, e.originator_id.hex)["members"]
    members = list(members) + ([e.inspector_id.hex] if e.inspector_id.hex not in members else [])
    values = {"members": members}
    if e.as_leader:
        values["leader"] = e.inspector_id.hex
    merge_update(batch, brigades, "id", e, values)


def _member_left(batch: Batch, e: Brigade.MemberLeft) -> None:
    row = batch.row(brigades, e.originator_id.hex)
    values = {"members": [m for m in row["members"] if m != e.inspector_id.hex]}
    if row["leader"] == e.inspector_id.hex:
        values["leader"] = None
    merge_update(batch, brigades, "id", e, values)


class OrganisationProjection(Projection):
    name = "organisation"
    tables = (jurisdictions, brigades)
    handlers = {
        Jurisdiction.Registered: _jurisdiction_registered,
        Jurisdiction.Renamed: _jurisdiction_renamed,
        Brigade.Formed: _brigade_formed,
        Brigade.MemberJoined: _member_joined,
        Brigade.MemberLeft: _member_left,
        Brigade.CoverageChanged: lambda batch, e: merge_update(
            batch, brigades, "id", e, {"covers": list(e.covers), "vehicles": list(e.vehicles)}),
        Brigade.Dissolved: lambda batch, e: merge_update(batch, brigades, "id", e, {"dissolved": True}),
    }
