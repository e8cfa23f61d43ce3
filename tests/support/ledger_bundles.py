"""The bundles of docs/ledger_vectors.py (hashed from the spec with `struct`, not with the
module under test; signed with `cryptography`) and what an attacker does to them: shared
by the verifier's tests and its command-line tests."""

from __future__ import annotations

import base64
import copy
import importlib.util
from pathlib import Path

from domain import ledger_verify as L

ROOT = Path(__file__).resolve().parents[2]
VERIFIER = ROOT / "domain" / "ledger_verify.py"
_spec = importlib.util.spec_from_file_location("ledger_vectors", ROOT / "docs" / "ledger_vectors.py")
V = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(V)
VECTORS = V.build_vectors()
KEYS = [bytes.fromhex(k["public_key"]) for k in VECTORS["keys"]]
ATTACKER = bytes([0x66]) * 32  # a key of someone with the database but without the signing key


def store() -> dict:
    return copy.deepcopy(VECTORS["bundle_store"])


def partial() -> dict:
    return copy.deepcopy(VECTORS["bundle_partial"])


def entry(bundle: dict, position: int) -> dict:
    return next(e for e in bundle["entries"] if e["position"] == position)


def rehash(bundle: dict) -> dict:
    """What an attacker with the database can do: recompute every hash from the stored bytes."""
    chain, streams = bundle["chain_before"], {}
    for e in bundle["entries"]:
        if e["event"]:
            e["event_hash"] = L.event_hash(e["stream"], e["version"], e["event"]["topic"],
                                           base64.b64decode(e["event"]["state"]))
            streams[e["stream"]] = e["event"]["stream_hash"] = L.stream_hash(streams.get(e["stream"], L.ZERO),
                                                                             e["event_hash"])
        chain = e["chain_hash"] = L.chain_hash(chain, e["position"], e["event_hash"])
    return bundle


def resign(bundle: dict, seed: bytes = ATTACKER) -> dict:
    """Sign every checkpoint again over the rewritten chain, with a key of one's own."""
    public = V.public_key(seed)
    for c in bundle["checkpoints"]:
        c.update(V.checkpoint(c["position"], entry(bundle, c["position"])["chain_hash"], c["made_at"], seed))
    bundle["keys"].append({"key_id": L.key_id(public), "public_key": public.hex(), "introduced_at_position": 1})
    return bundle


def first(bundle: dict, **trust) -> L.Problem:
    problems = L.verify_bundle(bundle, **trust)
    assert problems, "a tampered bundle verified"
    assert all(" | " in str(p) for p in problems)
    return problems[0]
