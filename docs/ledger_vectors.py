"""Builds docs/ledger-vectors.json, the test vectors of docs/ledger.md.

    .venv/bin/python docs/ledger_vectors.py            # exit 0 when the file is current
    .venv/bin/python docs/ledger_vectors.py --write    # rewrite it (after a deliberate change)

The hashing here is written again from the spec with `struct` — on purpose not imported
from domain/ledger_verify.py — so that tests/unit/test_ledger_verify.py compares two
implementations. Signatures are made with `cryptography` from FIXED, PUBLISHED seeds:
these keys are for test vectors only and must never sign a real checkpoint.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import sys
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PATH = Path(__file__).with_name("ledger-vectors.json")
ZERO = bytes(32)
TEST_SEEDS = [bytes(range(32)), bytes(range(32, 64))]  # TEST ONLY: published, never use for real
TASK, PROBLEM = "0c1f4a6e2b5d4e8f9a0b1c2d3e4f5a6b", "7d3e0f1a2b3c4d5e8f9a0b1c2d3e4f50"
UNIT = "f0e1d2c3b4a5968778695a4b3c2d1e0f"
TIME = '{"_type_":"datetime_iso","_data_":"2022-04-%02dT0%d:00:00+00:00"}'
LOG = [  # (position, stream, version, topic, stored state bytes); no event at positions 4 and 8
    (1, TASK, 1, "domain.tasks:InspectionTask.Created",
     '{"timestamp":%s,"unit_id":"%s","title":"库尔勒经济技术开发区 2022年第二季度双随机检查"}' % (TIME % (6, 2), UNIT)),
    (2, TASK, 2, "domain.tasks:InspectionTask.OfficersDrawn",
     '{"timestamp":%s,"officers":["officer-01","officer-04"]}' % (TIME % (6, 3))),
    (3, PROBLEM, 1, "domain.problems:Problem.Found",
     '{"timestamp":%s,"task_id":"%s","summary":"废气处理设施未正常运行"}' % (TIME % (12, 2), TASK)),
    (5, TASK, 3, "domain.tasks:InspectionTask.Completed", '{"timestamp":%s,"result":"发现问题"}' % (TIME % (12, 4))),
    (6, UNIT, 1, "domain.targets:Target.Registered", '{"timestamp":%s,"name":"示例化工有限公司"}' % (TIME % (13, 1))),
    (7, PROBLEM, 2, "domain.problems:Problem.OrderIssued",
     '{"timestamp":%s,"deadline":"2022-05-12"}' % (TIME % (14, 2))),
    (9, UNIT, 2, "domain.targets:Target.Renamed", '{"timestamp":%s,"name":"示例化工股份有限公司"}' % (TIME % (20, 5))),
    (10, PROBLEM, 3, "domain.problems:Problem.Closed", '{"timestamp":%s,"reason":"已整改到位"}' % (TIME % (28, 3))),
]
KINDS = {TASK: "task", PROBLEM: "problem", UNIT: "target"}
KEYS_AT = [1, 7]  # the position at which each test key was introduced (a rotation at 7)
CHECKPOINTS = [(5, "2022-04-12T06:00:00+00:00", 0), (10, "2022-04-28T05:00:00+00:00", 1)]  # (position, made_at, key)


def h(*parts: bytes) -> bytes:
    return hashlib.sha256(b"".join(parts)).digest()


def event_input(stream: str, version: int, topic: str, state: bytes) -> bytes:
    name = topic.encode("utf-8")
    return (b"shuangsui-ledger/1/event\x00" + bytes.fromhex(stream) + struct.pack(">Q", version)
            + struct.pack(">I", len(name)) + name + struct.pack(">Q", len(state)) + state)


def checkpoint_input(position: int, chain: bytes, made_at: str) -> bytes:
    moment = made_at.encode("utf-8")
    return (b"shuangsui-ledger/1/checkpoint\x00" + struct.pack(">Q", position) + chain
            + struct.pack(">I", len(moment)) + moment)


def public_key(seed: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(public: bytes) -> str:
    return h(b"shuangsui-ledger/1/key\x00", public).hex()[:32]


def chained(log=LOG) -> list[dict]:
    """Every event of a log with its three hashes, computed from the spec."""
    rows, chain, streams = [], ZERO, {}
    for position, stream, version, topic, text in log:
        state = text.encode("utf-8")
        own = h(event_input(stream, version, topic, state))
        streams[stream] = h(b"shuangsui-ledger/1/stream\x00", streams.get(stream, ZERO), own)
        chain = h(b"shuangsui-ledger/1/chain\x00", chain, struct.pack(">Q", position), own)
        rows.append({"position": position, "stream": stream, "version": version, "topic": topic,
                     "state": base64.b64encode(state).decode(), "event_hash": own.hex(),
                     "stream_hash": streams[stream].hex(), "chain_hash": chain.hex()})
    return rows


def checkpoint(position: int, chain_hex: str, made_at: str, seed: bytes) -> dict:
    message = checkpoint_input(position, bytes.fromhex(chain_hex), made_at)
    signature = Ed25519PrivateKey.from_private_bytes(seed).sign(message)
    return {"position": position, "chain_hash": chain_hex, "made_at": made_at,
            "key_id": key_id(public_key(seed)), "signature": signature.hex()}


def bundle(rows: list[dict], disclosed: dict | None, checkpoints: list[dict], keys: list[dict], scope: dict,
           first: int = 1) -> dict:
    """A bundle of the rows from position `first` on; `disclosed`: stream -> kind (None: all)."""
    inside = [r for r in rows if r["position"] >= first]
    before = [r for r in rows if r["position"] < first]
    shown = disclosed if disclosed is not None else {r["stream"]: KINDS[r["stream"]] for r in rows}
    versions = {r["stream"]: r["version"] for r in inside}
    return {
        "format": "shuangsui-ledger-bundle/1", "scope": scope, "exported_at": "2022-04-28T05:00:00+00:00",
        "position_before": before[-1]["position"] if before else 0,
        "chain_before": before[-1]["chain_hash"] if before else ZERO.hex(),
        "entries": [{"position": r["position"], "stream": r["stream"], "version": r["version"],
                     "event_hash": r["event_hash"], "chain_hash": r["chain_hash"],
                     "event": {"topic": r["topic"], "state": r["state"], "stream_hash": r["stream_hash"]}
                     if r["stream"] in shown else None} for r in inside],
        "disclosed_streams": {s: {"kind": kind, "versions": versions[s]} for s, kind in shown.items()},
        "checkpoints": [c for c in checkpoints if c["position"] >= (before[-1]["position"] if before else 1)],
        "keys": keys,
    }


def build_vectors() -> dict:
    rows = chained()
    at = {r["position"]: r for r in rows}
    keys = [{"key_id": key_id(public_key(seed)), "public_key": public_key(seed).hex(), "introduced_at_position": p}
            for seed, p in zip(TEST_SEEDS, KEYS_AT)]
    marks = [checkpoint(p, at[p]["chain_hash"], made_at, TEST_SEEDS[k]) for p, made_at, k in CHECKPOINTS]
    first = rows[0]
    return {
        "version": "shuangsui-ledger/1",
        "note": "Test vectors of docs/ledger.md. Hex is lower-case; state is base64 of the stored bytes "
                "(UTF-8 JSON here). The two private key seeds are published TEST-ONLY keys: never sign "
                "a real checkpoint with them.",
        "worked_example": {"event_hash_input": event_input(TASK, 1, first["topic"], LOG[0][4].encode()).hex(),
                           "chain_hash_input": (b"shuangsui-ledger/1/chain\x00" + ZERO + struct.pack(">Q", 1)
                                                + bytes.fromhex(first["event_hash"])).hex()},
        "events": rows,
        "keys": [{"private_seed_TEST_ONLY": seed.hex(), **key} for seed, key in zip(TEST_SEEDS, keys)],
        "checkpoints": [{**mark, "message": checkpoint_input(mark["position"], bytes.fromhex(mark["chain_hash"]),
                                                             mark["made_at"]).hex()} for mark in marks],
        "bundle_store": bundle(rows, None, marks, keys, {"kind": "store", "title": "整个事件库"}),
        "bundle_partial": bundle(rows, {PROBLEM: "problem"}, marks, keys, {"kind": "period", "from": "2022-04-12",
                                 "to": "2022-04-28", "title": "示例：从位置 3 起，只披露一个问题"}, first=3),
    }


def text() -> str:
    return json.dumps(build_vectors(), ensure_ascii=False, indent=1) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        PATH.write_text(text(), encoding="utf-8")
        print(f"wrote {PATH}")
    else:
        current = PATH.exists() and PATH.read_text(encoding="utf-8") == text()
        print("ledger-vectors.json is current" if current else "ledger-vectors.json differs: run with --write")
        sys.exit(0 if current else 1)
