"""Checkpoints: made on demand, on a schedule and at every export.

Before signing, the chain from the last checkpoint this installation signed (kept in a
file beside the key, outside the database) to the head is checked against the stored
events. A database rewritten since then is refused — with the place named — instead of
signed: otherwise the next scheduled checkpoint would vouch for the rewrite."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select

from domain.base import Actor, AlreadyExistsError, DomainError
from domain.ledger import Checkpoint, SigningKey
from domain.ledger_verify import checkpoint_message
from projections.system import System
from projections.tables import checkpoints, ledger

from .ledger_check import walk
from .ledger_keys import SigningKeyFile, key_path, load_key, rotate_key


class LedgerAlarm(DomainError):
    """The store no longer matches what was signed: someone changed the history."""


def register_key(system: System, actor: Actor, key: SigningKeyFile, reason: str) -> None:
    """The key's public half as an event, once (a key already recorded is left as it is)."""
    try:
        system.app.create(SigningKey, SigningKey.introduce, actor, f"ledger-key:{key.key_id}",
                          key_id=key.key_id, public_key=key.public_hex, reason=reason)
    except AlreadyExistsError:
        pass


def make_checkpoint(system: System, actor: Actor, occasion: str = "demand") -> dict:
    """Sign the chain at the head of the log; returns the checkpoint as a bundle holds it."""
    key = load_key(system.settings.var_dir)
    register_key(system, actor, key, "首次用于签署检查点")
    system.read_side_up_to_date()
    kept = _kept(system)
    problem, _, _ = walk(system, kept["position"], kept["chain_hash"]) if kept else walk(system)
    if problem:
        raise LedgerAlarm(f"事件库与上次签署的检查点之后的账本不符，拒绝签署：{problem}")
    with system.engine.connect() as conn:
        head = conn.execute(select(ledger.c.position, ledger.c.chain_hash)
                            .order_by(ledger.c.position.desc()).limit(1)).first()
        latest = conn.execute(select(checkpoints).order_by(checkpoints.c.position.desc()).limit(1)).first()
        if latest is not None and latest.recorded_at == head.position:
            # Nothing happened since the last checkpoint but the checkpoint itself (a double
            # click, two exports in a row): that one stands.
            return {k: getattr(latest, k) for k in ("position", "chain_hash", "made_at", "key_id", "signature")}
        if kept and conn.execute(select(ledger.c.chain_hash).where(
                ledger.c.position == kept["position"])).scalar() != kept["chain_hash"]:
            raise LedgerAlarm(f"位置 {kept['position']} 的链哈希与上次签署的检查点不符：该位置之前的历史被改写")
    made_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    signed = {"position": head.position, "chain_hash": head.chain_hash, "made_at": made_at,
              "key_id": key.key_id,
              "signature": key.sign(checkpoint_message(head.position, head.chain_hash, made_at))}
    try:
        system.app.create(Checkpoint, Checkpoint.make, actor, f"checkpoint:{head.position}",
                          occasion=occasion, **signed)
    except AlreadyExistsError:  # nothing was written since the last one: that one stands
        c = system.app.repository.get(Checkpoint.create_id(head.position))
        signed = {"position": c.position, "chain_hash": c.chain_hash, "made_at": c.made_at,
                  "key_id": c.key_id, "signature": c.signature}
    _keep(system, signed)
    system.read_side_up_to_date()
    return signed


def rotate(system: System, actor: Actor, reason: str) -> tuple[str, str]:
    old, new = rotate_key(system.settings.var_dir)
    register_key(system, actor, old, "轮换前的签名密钥")
    register_key(system, actor, new, reason)
    system.app.command(SigningKey, SigningKey.create_id(old.key_id), "retire", actor,
                       f"ledger-key-retire:{old.key_id}", reason=reason)
    system.read_side_up_to_date()
    return old.key_id, new.key_id


def _kept_path(system: System) -> Path:
    return key_path(system.settings.var_dir).with_name("ledger-last-checkpoint.json")


def _kept(system: System) -> dict | None:
    path = _kept_path(system)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _keep(system: System, checkpoint: dict) -> None:
    kept = _kept(system)
    if kept is None or kept["position"] <= checkpoint["position"]:
        _kept_path(system).write_text(json.dumps(checkpoint), encoding="utf-8")

