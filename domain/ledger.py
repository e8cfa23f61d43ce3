"""账本 (the tamper-evident ledger): the keys that sign checkpoints, and the checkpoints.

The chain itself is not an aggregate: it is computed over the stored bytes of every event
in log order (projections/ledger.py, docs/ledger.md). What is recorded here are the facts
a reviewer needs to trust it: which public key signs checkpoints from when on (a rotation
is a new key introduced, the old one retired: its checkpoints keep verifying), and each
checkpoint made — position, chain hash there, when, with which key, the signature.
The private key never enters the log; only its public half does.
"""

from __future__ import annotations

import re
from uuid import UUID

from eventsourcing.domain import event

from .base import DomainError, NoChangeError, Record, natural_id, require_reason
from .vocabulary import N_

HEX64 = re.compile(r"^[0-9a-f]{64}$")
OCCASIONS = {"schedule": N_("定时"), "demand": N_("手动"), "export": N_("导出文件包")}


class SigningKey(Record):
    @staticmethod
    def create_id(key_id: str, **_: object) -> UUID:
        return natural_id("ledger-key", key_id)

    @event("Introduced")
    def __init__(self, key_id: str, public_key: str, reason: str,
                 actor_id: str, actor_role: str, command_id: str) -> None:
        self.key_id, self.public_key, self.reason = key_id, public_key, reason
        self.retired = False
        self.command_ids = set()

    @classmethod
    def introduce(cls, *, key_id: str, public_key: str, reason: str, **by: str) -> "SigningKey":
        if not HEX64.match(public_key or ""):
            raise DomainError("公钥须为64位十六进制（Ed25519 公钥32字节）")
        return cls(key_id=key_id, public_key=public_key, reason=require_reason(reason), **by)

    class Retired(Record.Event):
        reason: str

        def apply(self, key: "SigningKey") -> None:
            key.retired = True

    def retire(self, *, reason: str, **by: str) -> None:
        if self.retired:
            raise NoChangeError("该签名密钥已停用")
        self.trigger_event(self.Retired, reason=require_reason(reason), **by)


class Checkpoint(Record):
    """The chain hash at a position, signed. One per position (made twice, it is the same)."""

    @staticmethod
    def create_id(position: int, **_: object) -> UUID:
        return natural_id("ledger-checkpoint", str(position))

    @event("Made")
    def __init__(self, position: int, chain_hash: str, made_at: str, key_id: str, signature: str,
                 occasion: str, actor_id: str, actor_role: str, command_id: str) -> None:
        self.position, self.chain_hash, self.made_at = position, chain_hash, made_at
        self.key_id, self.signature, self.occasion = key_id, signature, occasion
        self.command_ids = set()

    @classmethod
    def make(cls, *, position: int, chain_hash: str, made_at: str, key_id: str, signature: str,
             occasion: str, **by: str) -> "Checkpoint":
        if not isinstance(position, int) or position < 1:
            raise DomainError("检查点位置须为正整数")
        if not HEX64.match(chain_hash or ""):
            raise DomainError("链哈希须为64位十六进制")
        if occasion not in OCCASIONS:
            raise DomainError(f"检查点来由只能是：{'、'.join(OCCASIONS.values())}")
        return cls(position=position, chain_hash=chain_hash, made_at=made_at, key_id=key_id,
                   signature=signature, occasion=occasion, **by)
