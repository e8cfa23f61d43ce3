"""Read model of the user accounts (never the passwords: those are in `credentials`)."""

from __future__ import annotations

from domain.users import User

from .base import Batch, Projection, merge_update
from .tables import users


def _created(batch: Batch, e: User.Created) -> None:
    batch.insert(users, id=e.originator_id.hex, username=e.username, display_name=e.display_name,
                 role=e.role, jurisdiction=e.jurisdiction, brigade=e.brigade, disabled=False,
                 created_at=e.timestamp, version=e.originator_version)


class UsersProjection(Projection):
    name = "users"
    tables = (users,)
    handlers = {
        User.Created: _created,
        User.RoleChanged: lambda batch, e: merge_update(batch, users, "id", e, {
            "role": e.role, "jurisdiction": e.jurisdiction, "brigade": e.brigade}),
        User.Disabled: lambda batch, e: merge_update(batch, users, "id", e, {"disabled": True}),
        User.Enabled: lambda batch, e: merge_update(batch, users, "id", e, {"disabled": False}),
        User.PasswordReset: lambda batch, e: merge_update(batch, users, "id", e, {}),
        # the token's secret is in `api_tokens` (written by the web side); here only the version moves
        User.TokenIssued: lambda batch, e: merge_update(batch, users, "id", e, {}),
        User.TokenRevoked: lambda batch, e: merge_update(batch, users, "id", e, {}),
    }
