"""The standalone ledger verifier (domain/ledger_verify.py): vectors, Ed25519, every tampering.

The bundles come from docs/ledger_vectors.py, which hashes from the spec with `struct`
(not with the module under test) and signs with `cryptography`: three streams, eight
events, no events at positions 4 and 8, checkpoints at 5 (first key) and 10 (the key
it was rotated to at 7).
"""

from __future__ import annotations

import base64
import json
import os
import re
import time

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain import ledger_verify as L
from tests.support.ledger_bundles import KEYS, ROOT, VECTORS, V, entry, first, partial, rehash, resign, store



# ------------------------------------------------------------------- vectors and hashes


def test_vectors_file_is_current():
    """docs/ledger-vectors.json is exactly what docs/ledger_vectors.py builds (--write rewrites it)."""
    assert json.loads((ROOT / "docs" / "ledger-vectors.json").read_text(encoding="utf-8")) == VECTORS


def test_the_verifier_reproduces_every_vector():
    previous, streams = L.ZERO, {}
    for e in VECTORS["events"]:
        own = L.event_hash(e["stream"], e["version"], e["topic"], base64.b64decode(e["state"]))
        assert own == e["event_hash"]
        assert L.stream_hash(streams.get(e["stream"], L.ZERO), own) == e["stream_hash"]
        assert L.chain_hash(previous, e["position"], own) == e["chain_hash"]
        previous, streams[e["stream"]] = e["chain_hash"], e["stream_hash"]
    dashed = "0c1f4a6e-2b5d-4e8f-9a0b-1c2d3e4f5a6b"  # the system may pass str(uuid)
    assert L.event_hash(dashed, 1, VECTORS["events"][0]["topic"], base64.b64decode(VECTORS["events"][0]["state"])) \
        == VECTORS["events"][0]["event_hash"]
    for key in VECTORS["keys"]:
        assert L.key_id(bytes.fromhex(key["public_key"])) == key["key_id"]
    publics = {k["key_id"]: bytes.fromhex(k["public_key"]) for k in VECTORS["keys"]}
    for c in VECTORS["checkpoints"]:
        message = L.checkpoint_message(c["position"], c["chain_hash"], c["made_at"])
        assert message.hex() == c["message"]
        assert L.ed25519_verify(publics[c["key_id"]], message, bytes.fromhex(c["signature"]))


def test_every_hash_quoted_in_the_spec_is_in_the_vectors():
    doc = (ROOT / "docs" / "ledger.md").read_text(encoding="utf-8")
    vectors = (ROOT / "docs" / "ledger-vectors.json").read_text(encoding="utf-8")
    quoted = set(re.findall(r"\b[0-9a-f]{32,}\b", doc))
    assert len(quoted) >= 8
    assert sorted(h for h in quoted if h not in vectors and set(h) != {"0"}) == []


# -------------------------------------------------------------------------------- Ed25519

RFC8032 = [  # RFC 8032 §7.1, tests 1-3: (secret key, public key, message, signature)
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
]


@pytest.mark.parametrize("secret, public, message, signature", RFC8032, ids=["test1", "test2", "test3"])
def test_ed25519_rfc8032(secret, public, message, signature):
    public, message, signature = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    assert V.public_key(bytes.fromhex(secret)) == public  # the vectors as cryptography reads them
    assert L.ed25519_verify(public, message, signature)
    assert not L.ed25519_verify(public, message + b"\0", signature)
    for index in (0, 31, 32, 63):  # R and S, first and last byte
        bent = bytearray(signature)
        bent[index] ^= 0x01
        assert not L.ed25519_verify(public, message, bytes(bent))
    s = int.from_bytes(signature[32:], "little") + L._L  # the same S + the group order: malleable, refused
    assert not L.ed25519_verify(public, message, signature[:32] + s.to_bytes(32, "little"))
    assert not L.ed25519_verify(public, message, signature[:63])
    assert not L.ed25519_verify(b"\xff" * 32, message, signature)  # y >= p: not a point
    assert not L.ed25519_verify(KEYS[0], message, signature)


def test_ed25519_accepts_what_cryptography_signs():
    for n in range(12):
        seed = os.urandom(32)
        message = os.urandom(n * 11)
        signature = Ed25519PrivateKey.from_private_bytes(seed).sign(message)
        assert L.ed25519_verify(V.public_key(seed), message, signature)
        assert not L.ed25519_verify(V.public_key(os.urandom(32)), message, signature)


# -------------------------------------------------------------------------------- tampering


def test_untouched_bundles_verify_with_and_without_trust():
    for bundle in (store(), partial()):
        assert L.verify_bundle(bundle) == []
        assert L.verify_bundle(bundle, trusted_keys=KEYS) == []
        assert L.verify_bundle(bundle, trusted_keys=[k.hex() for k in KEYS]) == []
        assert L.verify_bundle(bundle, trusted_checkpoints=[(5, entry(store(), 5)["chain_hash"]),
                                                            (10, entry(store(), 10)["chain_hash"])]) == []
    # a published checkpoint just before a partial bundle's range vouches for its chain_before
    assert L.verify_bundle(partial(), trusted_checkpoints=[(2, entry(store(), 2)["chain_hash"])]) == []


def test_one_changed_byte_of_an_event():
    bundle = store()
    state = bytearray(base64.b64decode(entry(bundle, 5)["event"]["state"]))
    state[-3] ^= 0x01
    entry(bundle, 5)["event"]["state"] = base64.b64encode(bytes(state)).decode()
    problem = first(bundle)
    assert (problem.kind, problem.position, problem.stream, problem.version) == ("event_hash", 5, V.TASK, 3)
    assert str(problem) == (f"位置 5（流 {V.TASK[:8]}…，第 3 版）：事件内容与其哈希不符 | "
                            f"position 5 (stream {V.TASK[:8]}…, version 3): event bytes do not match its hash")


def test_a_changed_event_with_its_own_hash_recomputed_breaks_the_chain_there():
    bundle = store()
    e = entry(bundle, 5)
    e["event"]["state"] = base64.b64encode('{"result":"未发现问题"}'.encode()).decode()
    e["event_hash"] = L.event_hash(e["stream"], e["version"], e["event"]["topic"],
                                   base64.b64decode(e["event"]["state"]))
    problems = L.verify_bundle(bundle)
    assert [(p.kind, p.position) for p in problems][:2] == [("chain", 5), ("stream_hash", 5)]
    assert "链哈希断裂" in str(problems[0]) and "the chain breaks here" in str(problems[0])


@pytest.mark.parametrize("position, where", [(6, 7), (5, 5), (1, 2)])
def test_a_deleted_entry(position, where):
    bundle = store()
    bundle["entries"].remove(entry(bundle, position))
    problem = first(bundle)
    assert problem.position == where and problem.kind in {"chain", "checkpoint_position"}


def test_an_inserted_entry_in_a_gap():
    bundle = store()
    forged = {"position": 4, "stream": V.UNIT, "version": 1, "event_hash": "ab" * 32, "event": None}
    forged["chain_hash"] = L.chain_hash(entry(bundle, 3)["chain_hash"], 4, forged["event_hash"])
    bundle["entries"].insert(3, forged)
    problems = L.verify_bundle(bundle)
    assert (problems[0].kind, problems[0].position) in {("disclosure", 4), ("chain", 5)}
    assert ("chain", 5) in [(p.kind, p.position) for p in problems]


def test_swapped_entries_and_swapped_contents():
    bundle = store()
    entries = bundle["entries"]
    entries[4], entries[5] = entries[5], entries[4]  # positions 6 and 7 now listed 7, 6
    assert [(p.kind, p.position) for p in L.verify_bundle(bundle)][:2] == [("order", 6), ("chain", 6)]
    bundle = store()
    a, b = entry(bundle, 6), entry(bundle, 7)  # the events moved, the positions and chain left
    for field in ("stream", "version", "event_hash", "event"):
        a[field], b[field] = b[field], a[field]
    problem = first(bundle)
    assert (problem.kind, problem.position, problem.stream) == ("chain", 6, V.PROBLEM)


def test_a_cut_tail():
    bundle = store()
    del bundle["entries"][-2:]
    problem = first(bundle)
    assert (problem.kind, problem.position) == ("truncated", 7)
    assert str(problem).startswith("位置 7：文件包在位置 7 之后被截断")
    bundle["checkpoints"].pop()  # the export's checkpoint removed with the tail
    problem = first(bundle)
    assert (problem.kind, problem.position) == ("truncated", 7) and "没有签名检查点" in str(problem)


def test_history_rewritten_after_a_checkpoint():
    bundle = store()
    entry(bundle, 7)["event"]["state"] = base64.b64encode('{"deadline":"2022-12-31"}'.encode()).decode()
    rehash(bundle)
    problem = first(bundle)
    assert (problem.kind, problem.position) == ("checkpoint_hash", 10) and "位置 5 之后" in str(problem)
    bundle["checkpoints"][-1]["chain_hash"] = entry(bundle, 10)["chain_hash"]  # without the key
    assert (first(bundle).kind, first(bundle).position) == ("signature", 10)
    resign(bundle)  # with a key of one's own: only trust in the published keys or checkpoints tells
    assert L.verify_bundle(bundle) == []
    assert first(bundle, trusted_keys=KEYS).kind == "untrusted_key"
    problem = first(bundle, trusted_checkpoints=[(10, entry(store(), 10)["chain_hash"])])
    assert (problem.kind, problem.position) == ("trusted_checkpoint", 10)


def test_history_rewritten_before_a_published_checkpoint():
    bundle = store()
    entry(bundle, 3)["event"]["state"] = base64.b64encode('{"summary":"无问题"}'.encode()).decode()
    resign(rehash(bundle))
    assert L.verify_bundle(bundle) == []
    problem = first(bundle, trusted_checkpoints=[(5, entry(store(), 5)["chain_hash"])])
    assert (problem.kind, problem.position) == ("trusted_checkpoint", 5) and "此前的历史被改写" in str(problem)


def test_forged_signature_unknown_key_and_late_key():
    bundle = store()
    signature = bytearray.fromhex(bundle["checkpoints"][0]["signature"])
    signature[7] ^= 0x40
    bundle["checkpoints"][0]["signature"] = signature.hex()
    assert (first(bundle).kind, first(bundle).position) == ("signature", 5)
    bundle = store()
    del bundle["keys"][0]
    assert (first(bundle).kind, first(bundle).position) == ("unknown_key", 5)
    assert L.verify_bundle(bundle, trusted_keys=KEYS) == []  # a key the reviewer trusts needs no listing
    bundle = store()
    bundle["keys"][1]["introduced_at_position"] = 11
    assert (first(bundle).kind, first(bundle).position) == ("key", 10)
    bundle = store()
    bundle["keys"][0]["public_key"] = KEYS[1].hex()
    assert [(p.kind, p.position) for p in L.verify_bundle(bundle)] == [("unknown_key", 5), ("key", None)]


def test_disclosure_and_versions():
    bundle = store()
    entry(bundle, 7)["event"] = None  # a disclosed stream's event withheld
    assert (first(bundle).kind, first(bundle).position) == ("disclosure", 7)
    bundle = partial()
    bundle["disclosed_streams"][V.PROBLEM]["versions"] = 4
    assert (first(bundle).kind, first(bundle).position) == ("disclosure", None) and "只到第 3 版" in str(first(bundle))
    bundle = partial()
    bundle["disclosed_streams"][V.UNIT] = {"kind": "target", "versions": 2}  # listed, its events withheld
    assert (first(bundle).kind, first(bundle).position) == ("disclosure", 6)
    bundle = partial()
    bundle["disclosed_streams"][V.TASK] = {"kind": "task", "versions": 3}  # versions 1 and 2 lie before the range
    assert "缺少第 1 至 2 版" in " ".join(map(str, L.verify_bundle(bundle)))
    bundle["disclosed_streams"]["ab" * 16] = {"kind": "task", "versions": 1}
    assert "在文件包中没有条目" in str(L.verify_bundle(bundle)[-1])
    bundle = partial()
    entry(bundle, 6)["event"] = {"topic": "x", "state": "", "stream_hash": "00" * 32}
    assert first(bundle).kind in {"disclosure", "event_hash"}
    bundle = partial()
    entry(bundle, 9)["version"] = 1  # the same (stream, version) twice
    assert ("version", 9) in [(p.kind, p.position) for p in L.verify_bundle(bundle)]


def test_chain_before_and_trusted_checkpoints_out_of_range():
    bundle = partial()
    bundle["chain_before"] = "11" * 32
    assert (first(bundle).kind, first(bundle).position) == ("chain", 3)
    bundle["chain_before"] = L.ZERO
    assert first(bundle).kind == "chain" and "position_before" in str(first(bundle))
    for position, kind in [(11, "trusted_checkpoint"), (4, "trusted_checkpoint"), (1, "trusted_checkpoint")]:
        assert first(partial(), trusted_checkpoints=[(position, "22" * 32)]).kind == kind


def test_malformed_bundles_are_problems_not_crashes():
    assert first({"format": "shuangsui-draw/1"}).kind == "format"
    assert first([]).kind == "format"
    bundle = store()
    bundle["entries"] = []
    assert first(bundle).kind == "format"
    bad_event = {"topic": "t", "state": "%%", "stream_hash": "0"}
    for change in ({"position": "5"}, {"event_hash": "XY"}, {"event": bad_event}):
        bundle = store()
        bundle["entries"][2].update(change)
        assert first(bundle).kind == "malformed"
    bundle = store()
    bundle["checkpoints"][0]["made_at"] = "2022-04-12 14:00"  # no UTC offset
    assert first(bundle).kind == "malformed"


def test_a_large_bundle_verifies_quickly():
    rows = [(p, f"{p % 97:032x}", p // 97 + 1, "domain.tasks:InspectionTask.Noted", "{}") for p in range(1, 20_001)]
    chained = V.chained(rows)
    keys = [{"key_id": VECTORS["keys"][0]["key_id"], "public_key": KEYS[0].hex(), "introduced_at_position": 1}]
    mark = V.checkpoint(20_000, chained[-1]["chain_hash"], "2022-04-28T05:00:00+00:00", V.TEST_SEEDS[0])
    bundle = V.bundle(chained, {}, [mark], keys, {"kind": "store"})
    started = time.perf_counter()
    assert L.verify_bundle(bundle) == []
    assert time.perf_counter() - started < 2.0  # ≈ 0.1 s here: a million entries in well under a minute
