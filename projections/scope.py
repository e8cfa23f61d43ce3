"""What a user may see: the jurisdiction subtrees of their scope, as path prefixes.

A supervisor or reviewer tied to a jurisdiction sees everything below it; a user tied to
a brigade or inspection group sees the counties that brigade covers. Admins see all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, ColumnElement, false, or_, select, true

from .tables import brigades, jurisdictions


@dataclass(frozen=True)
class Scope:
    paths: tuple[str, ...] | None  # None: no limit
    brigade: str | None = None

    @property
    def unlimited(self) -> bool:
        return self.paths is None

    def clause(self, path_column) -> ColumnElement[bool]:
        if self.paths is None:
            return true()
        if not self.paths:
            return false()
        return or_(*(path_column.startswith(p, autoescape=True) for p in self.paths))

    def covers_path(self, path: str | None) -> bool:
        if self.paths is None:
            return True
        return bool(path) and any(path.startswith(p) for p in self.paths)


EVERYTHING = Scope(None)


def scope_for(conn: Connection, role: str, jurisdiction: str | None, brigade: str | None) -> Scope:
    if role == "admin" and not jurisdiction and not brigade:
        return EVERYTHING
    paths: list[str] = []
    if jurisdiction:
        path = conn.execute(select(jurisdictions.c.path).where(jurisdictions.c.code == jurisdiction)).scalar()
        if path:
            paths.append(path)
    if brigade:
        row = conn.execute(select(brigades.c.covers, brigades.c.jurisdiction_path)
                           .where(brigades.c.code == brigade)).one_or_none()
        if row is not None:
            covered = conn.execute(select(jurisdictions.c.path)
                                   .where(jurisdictions.c.code.in_(list(row.covers)))).scalars().all()
            paths.extend(covered or [row.jurisdiction_path])
    return Scope(tuple(sorted(set(paths))), brigade)
