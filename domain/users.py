"""系统用户: a login with a role and a scope (a jurisdiction or a brigade).

The password itself never enters the event log (bundles of the log are handed to
reviewers); events record that it was set or reset, by whom. The hash lives in the
credentials table of the web side.
"""

from __future__ import annotations

import re
from uuid import UUID

from eventsourcing.domain import event

from .base import AlreadyExistsError, DomainError, NoChangeError, NotFoundError, Record, natural_id, require_reason, require_text
from .vocabulary import ROLES, choice

USERNAME = re.compile(r"^[a-z][a-z0-9_.-]{2,31}$")
MAX_TOKENS = 10  # API tokens in force per account: enough for the platforms a brigade uses


def check_scope(role: str, jurisdiction: str | None, brigade: str | None) -> None:
    choice(role, ROLES, "角色")
    if role == "inspector" and not brigade:
        raise DomainError("执法人员账号须归属一个执法大队或检查组")
    if role in ("supervisor", "reviewer") and not (jurisdiction or brigade):
        raise DomainError(f"{ROLES[role]}账号须指定管辖范围（辖区或大队）")


class User(Record):
    @staticmethod
    def create_id(username: str, **_: object) -> UUID:
        return natural_id("user", username)

    @event("Created")
    def __init__(self, username: str, display_name: str, role: str, jurisdiction: str | None,
                 brigade: str | None, actor_id: str, actor_role: str, command_id: str) -> None:
        self.username, self.display_name, self.role = username, display_name, role
        self.jurisdiction, self.brigade = jurisdiction, brigade
        self.disabled = False
        self.tokens: dict[str, str] = {}  # API tokens in force: id → name (the secret is never here)
        self.command_ids = set()

    @classmethod
    def create(cls, *, username: str, display_name: str, role: str,
               jurisdiction: str | None = None, brigade: str | None = None, **by: str) -> "User":
        if not USERNAME.match(username or ""):
            raise DomainError("用户名须以小写字母开头，由3至32位小写字母、数字、“_”“.”“-”组成")
        check_scope(role, jurisdiction, brigade)
        return cls(username=username, display_name=require_text(display_name, "姓名", 50),
                   role=role, jurisdiction=jurisdiction or None, brigade=brigade or None, **by)

    class RoleChanged(Record.Event):
        role: str
        jurisdiction: str | None
        brigade: str | None
        previous: dict
        reason: str

        def apply(self, user: "User") -> None:
            user.role, user.jurisdiction, user.brigade = self.role, self.jurisdiction, self.brigade

    class PasswordReset(Record.Event):
        reason: str

        def apply(self, user: "User") -> None:
            pass

    class Disabled(Record.Event):
        reason: str

        def apply(self, user: "User") -> None:
            user.disabled = True

    class Enabled(Record.Event):
        reason: str

        def apply(self, user: "User") -> None:
            user.disabled = False

    class TokenIssued(Record.Event):
        """An API token for a machine client acting as this user. Only its id and name are
        recorded: the secret's hash lives outside the log, like the password's."""
        token_id: str
        name: str

        def apply(self, user: "User") -> None:
            user.tokens = {**getattr(user, "tokens", {}), self.token_id: self.name}

    class TokenRevoked(Record.Event):
        token_id: str
        reason: str

        def apply(self, user: "User") -> None:
            user.tokens = {k: v for k, v in getattr(user, "tokens", {}).items() if k != self.token_id}

    def issue_token(self, *, token_id: str, name: str, **by: str) -> None:
        if self.disabled:
            raise DomainError("该账号已停用，不能签发令牌")
        name = require_text(name, "令牌名称", 50)
        if name in getattr(self, "tokens", {}).values():
            raise AlreadyExistsError(f"已有名为“{name}”的令牌")
        if len(getattr(self, "tokens", {})) >= MAX_TOKENS:
            raise DomainError(f"每个账号最多{MAX_TOKENS}个有效令牌，请先吊销不用的令牌")
        self.trigger_event(self.TokenIssued, token_id=token_id, name=name, **by)

    def revoke_token(self, *, token_id: str, reason: str, **by: str) -> None:
        if token_id not in getattr(self, "tokens", {}):
            raise NotFoundError("该令牌不存在或已吊销")
        self.trigger_event(self.TokenRevoked, token_id=token_id, reason=reason or "吊销令牌", **by)

    def change_role(self, *, role: str, jurisdiction: str | None, brigade: str | None,
                    reason: str, **by: str) -> None:
        check_scope(role, jurisdiction, brigade)
        jurisdiction, brigade = jurisdiction or None, brigade or None
        if (role, jurisdiction, brigade) == (self.role, self.jurisdiction, self.brigade):
            raise NoChangeError("角色与管辖范围均未变化")
        previous = {"role": self.role, "jurisdiction": self.jurisdiction, "brigade": self.brigade}
        self.trigger_event(self.RoleChanged, role=role, jurisdiction=jurisdiction, brigade=brigade,
                           previous=previous, reason=require_reason(reason), **by)

    def reset_password(self, *, reason: str, **by: str) -> None:
        self.trigger_event(self.PasswordReset, reason=reason or "重置密码", **by)

    def disable(self, *, reason: str, **by: str) -> None:
        if self.disabled:
            raise NoChangeError("该账号已停用")
        self.trigger_event(self.Disabled, reason=require_reason(reason), **by)

    def enable(self, *, reason: str, **by: str) -> None:
        if not self.disabled:
            raise NoChangeError("该账号本来就是启用状态")
        self.trigger_event(self.Enabled, reason=require_reason(reason), **by)
