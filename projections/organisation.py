"""Read model of jurisdictions and brigades / inspection groups."""

from __future__ import annotations

from sqlalchemy import insert, select

from domain.organisation import Brigade, Jurisdiction

from .base import Projection, merge_update, path_of
from .tables import brigades, jurisdictions


def _jurisdiction_registered(conn, e: Jurisdiction.Registered) -> None:
    parent_path = path_of(conn, e.parent) if e.parent else "/"
    path = f"{parent_path}{e.code}/"
    conn.execute(insert(jurisdictions).values(
        code=e.code, id=e.originator_id.hex, name=e.name, level=e.level, parent=e.parent,
        path=path, depth=path.count("/") - 1, version=e.originator_version))


def _jurisdiction_renamed(conn, e: Jurisdiction.Renamed) -> None:
    merge_update(conn, jurisdictions, "id", e, {"name": e.name})


def _brigade_formed(conn, e: Brigade.Formed) -> None:
    conn.execute(insert(brigades).values(
        code=e.code, id=e.originator_id.hex, name=e.name, kind=e.kind, jurisdiction=e.jurisdiction,
        jurisdiction_path=path_of(conn, e.jurisdiction), covers=list(e.covers),
        vehicles=list(e.vehicles), leader=None, members=[], dissolved=False,
        version=e.originator_version))


def _member_joined(conn, e: Brigade.MemberJoined) -> None:
    members = conn.execute(select(brigades.c.members).where(brigades.c.id == e.originator_id.hex)).scalar()
    members = list(members) + ([e.inspector_id.hex] if e.inspector_id.hex not in members else [])
    values = {"members": members}
    if e.as_leader:
        values["leader"] = e.inspector_id.hex
    merge_update(conn, brigades, "id", e, values)


def _member_left(conn, e: Brigade.MemberLeft) -> None:
    row = conn.execute(select(brigades.c.members, brigades.c.leader)
                       .where(brigades.c.id == e.originator_id.hex)).one()
    values = {"members": [m for m in row.members if m != e.inspector_id.hex]}
    if row.leader == e.inspector_id.hex:
        values["leader"] = None
    merge_update(conn, brigades, "id", e, values)


class OrganisationProjection(Projection):
    name = "organisation"
    tables = (jurisdictions, brigades)
    handlers = {
        Jurisdiction.Registered: _jurisdiction_registered,
        Jurisdiction.Renamed: _jurisdiction_renamed,
        Brigade.Formed: _brigade_formed,
        Brigade.MemberJoined: _member_joined,
        Brigade.MemberLeft: _member_left,
        Brigade.CoverageChanged: lambda conn, e: merge_update(
            conn, brigades, "id", e, {"covers": list(e.covers), "vehicles": list(e.vehicles)}),
        Brigade.Dissolved: lambda conn, e: merge_update(conn, brigades, "id", e, {"dissolved": True}),
    }
