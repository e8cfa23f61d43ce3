#!/usr/bin/env python3
"""Standalone verifier of a Shuangsui ledger bundle ("shuangsui-ledger-bundle/1").

    python ledger_verify.py bundle.json [--checkpoint POSITION:CHAINHASH ...] [--key PUBLICKEYHEX ...] [--all]

Exit 0 when the bundle holds (a summary with the key ids to compare with the published
ones); 1 naming the first broken place — position, stream, version, what is wrong — in
Chinese | English (--all: every problem); 2 when the file cannot be read, is not a ledger
bundle, or the arguments are wrong.

Standard library only, nothing from the project: copy this one file anywhere. Ed25519
verification is written out from RFC 8032. The hashing and formats are specified byte for
byte in docs/ledger.md (test vectors: docs/ledger-vectors.json); the system imports the
hash functions from here, so the database and a reviewer's copy cannot hash differently.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import re
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

FORMAT = "shuangsui-ledger-bundle/1"
ZERO = "00" * 32  # the chain before the first event of the log; a stream before its version 1
_TAG = b"shuangsui-ledger/1/"
_HEX = {n: re.compile(f"[0-9a-f]{{{n}}}", re.ASCII) for n in (32, 64, 128)}
_LIMIT = 2**63  # positions and versions fit a signed 64-bit column


# ------------------------------------------------------------------------- the hashes


def _raw(hex_hash: str) -> bytes:
    raw = bytes.fromhex(hex_hash)
    if len(raw) != 32:
        raise ValueError(f"a hash is 32 bytes, got {len(raw)}")
    return raw


def _u64(n: int) -> bytes:
    if not _count(n, 1):
        raise ValueError(f"positions and versions are integers from 1 to 2**63-1, got {n!r}")
    return n.to_bytes(8, "big")


def event_hash(stream_hex: str, version: int, topic: str, state: bytes) -> str:
    """SHA256(tag "event" + stream UUID (16 bytes) + version (u64) + topic (u32 length,
    UTF-8) + state (u64 length, the stored bytes)), hex."""
    name = topic.encode("utf-8")
    return hashlib.sha256(b"".join((
        _TAG + b"event\x00", uuid.UUID(str(stream_hex)).bytes, _u64(version),
        len(name).to_bytes(4, "big"), name, len(state).to_bytes(8, "big"), bytes(state),
    ))).hexdigest()


def stream_hash(previous_hex: str, event_hash_hex: str) -> str:
    """SHA256(tag "stream" + the stream's previous stream hash + this event hash), hex."""
    return hashlib.sha256(_TAG + b"stream\x00" + _raw(previous_hex) + _raw(event_hash_hex)).hexdigest()


def chain_hash(previous_hex: str, position: int, event_hash_hex: str) -> str:
    """SHA256(tag "chain" + previous chain hash + position (u64) + event hash), hex."""
    return hashlib.sha256(
        _TAG + b"chain\x00" + _raw(previous_hex) + _u64(position) + _raw(event_hash_hex)
    ).hexdigest()


def checkpoint_message(position: int, chain_hash_hex: str, made_at: str) -> bytes:
    """The bytes a checkpoint's Ed25519 signature covers."""
    moment = made_at.encode("utf-8")
    return (_TAG + b"checkpoint\x00" + _u64(position) + _raw(chain_hash_hex)
            + len(moment).to_bytes(4, "big") + moment)


def key_id(public_key: bytes) -> str:
    """The first 32 hex digits of SHA256(tag "key" + the raw 32-byte public key)."""
    return hashlib.sha256(_TAG + b"key\x00" + bytes(public_key)).hexdigest()[:32]


# ------------------------------------------------- Ed25519 verification (RFC 8032 §6)

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _add(a, b):
    """Point addition in extended coordinates (X, Y, Z, T); also doubles."""
    pa = (a[1] - a[0]) * (b[1] - b[0]) % _P
    pb = (a[1] + a[0]) * (b[1] + b[0]) % _P
    pc = 2 * a[3] * b[3] * _D % _P
    pd = 2 * a[2] * b[2] % _P
    e, f, g, h = pb - pa, pd - pc, pd + pc, pb + pa
    return e * f % _P, g * h % _P, f * g % _P, e * h % _P


def _mul(scalar: int, point):
    result = (0, 1, 1, 0)
    while scalar > 0:
        if scalar & 1:
            result = _add(result, point)
        point = _add(point, point)
        scalar >>= 1
    return result


def _same_point(a, b) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    return _P - x if (x & 1) != sign else x


def _decompress(data: bytes):
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


_GY = 4 * pow(5, _P - 2, _P) % _P
_G = (_recover_x(_GY, 0), _GY, 1, _recover_x(_GY, 0) * _GY % _P)


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Pure Ed25519 (not Ed25519ph, no context): [S]B = R + [k]A, RFC 8032 §5.1.7."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a, r = _decompress(bytes(public_key)), _decompress(bytes(signature[:32]))
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(bytes(signature[:32]) + bytes(public_key) + message).digest(), "little") % _L
    return _same_point(_mul(s, _G), _add(r, _mul(k, a)))


# --------------------------------------------------------------------- verification


@dataclass(frozen=True)
class Problem:
    """One broken place: ``kind`` for programs (docs/ledger.md §6), ``str()`` = "中文 | English"."""

    kind: str
    zh: str
    en: str
    position: int | None = None
    stream: str | None = None
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.zh} | {self.en}"


class _Malformed(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _count(value, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and least <= value < _LIMIT


def _hex(value, digits: int) -> bool:
    return isinstance(value, str) and _HEX[digits].fullmatch(value) is not None


def _utc(value) -> bool:
    try:
        return datetime.fromisoformat(value).utcoffset() == timedelta(0)
    except (TypeError, ValueError):
        return False


def _base64(value) -> bool:
    try:
        return isinstance(value, str) and base64.b64decode(value, validate=True) is not None
    except binascii.Error:
        return False


_TEXT, _POSITION = (lambda v: isinstance(v, str)), (lambda v: _count(v, 1))
_H32, _H64, _H128 = (lambda v: _hex(v, 32)), (lambda v: _hex(v, 64)), (lambda v: _hex(v, 128))
_SHAPES = {  # what each part of a bundle holds: field -> test
    "bundle": {"format": lambda v: v == FORMAT, "scope": lambda v: isinstance(v, dict), "exported_at": _TEXT,
               "position_before": lambda v: _count(v, 0), "chain_before": _H64,
               "entries": lambda v: isinstance(v, list) and v != [], "disclosed_streams": lambda v: isinstance(v, dict),
               "checkpoints": lambda v: isinstance(v, list), "keys": lambda v: isinstance(v, list)},
    "entry": {"position": _POSITION, "stream": _H32, "version": _POSITION, "event_hash": _H64, "chain_hash": _H64,
              "event": lambda v: v is None or isinstance(v, dict)},
    "event": {"topic": _TEXT, "state": _base64, "stream_hash": _H64},
    "disclosed stream": {"kind": _TEXT, "versions": _POSITION},
    "key": {"key_id": _H32, "public_key": _H64, "introduced_at_position": lambda v: _count(v, 0)},
    "checkpoint": {"position": _POSITION, "chain_hash": _H64, "made_at": _utc, "key_id": _H32, "signature": _H128},
}
_SHAPE_ZH = {"bundle": "文件包", "entry": "条目", "event": "事件", "disclosed stream": "披露的流", "key": "密钥",
             "checkpoint": "检查点"}


def _check(value, shape: str, number: str = "") -> None:
    """Raise _Malformed naming every missing or malformed field (hex is lower case; made_at UTC)."""
    bad = [f for f, ok in _SHAPES[shape].items() if not (isinstance(value, dict) and f in value and ok(value[f]))]
    if bad:
        raise _Malformed(f"{_SHAPE_ZH[shape]}{' ' + number if number else ''} 的字段缺失或格式不符：{'、'.join(bad)}",
                         f"{shape}{' ' + number if number else ''}: missing or malformed {', '.join(bad)}")


def _public_keys(values) -> dict[str, bytes]:
    """key id -> key, for trusted keys given as 32 bytes or 64 hex digits (ValueError otherwise)."""
    keys = [bytes.fromhex(v) if isinstance(v, str) else bytes(v) for v in values]
    if any(len(k) != 32 for k in keys):
        raise ValueError("an Ed25519 public key is 32 bytes")
    return {key_id(k): k for k in keys}


def verify_bundle(bundle: dict, trusted_checkpoints=(), trusted_keys=()) -> list[Problem]:
    """Every problem of the bundle, the first broken place first; empty = intact. Never raises
    on a bad bundle. ``trusted_checkpoints``: (position, chain hash hex) pairs the reviewer kept;
    ``trusted_keys``: public keys the reviewer trusts (then every checkpoint must use one)."""
    try:
        _check(bundle, "bundle")
    except _Malformed as exc:
        return [Problem("format", f"不是有效的账本文件包（{FORMAT}）：{exc.zh}", f"not a valid {FORMAT}: {exc.en}")]
    problems: list[Problem] = []
    try:
        _verify(bundle, [(int(p), str(h).lower()) for p, h in trusted_checkpoints], _public_keys(trusted_keys),
                problems)
    except _Malformed as exc:
        problems.append(Problem("malformed", exc.zh, exc.en))
    # Stable sort by place. What has none (a stream's missing tail, a bad key entry) comes last:
    # it follows from something with a place (a cut tail, a checkpoint that no longer verifies).
    problems.sort(key=lambda p: _LIMIT if p.position is None else p.position)
    return problems


def _verify(bundle: dict, trusted_checkpoints: list, trusted: dict, problems: list) -> None:

    def add(kind, zh, en, position=None, stream=None, version=None):
        if stream is not None:
            zh, en = (f"位置 {position}（流 {stream[:8]}…，第 {version} 版）：{zh}",
                      f"position {position} (stream {stream[:8]}…, version {version}): {en}")
        elif position is not None:
            zh, en = f"位置 {position}：{zh}", f"position {position}: {en}"
        problems.append(Problem(kind, zh, en, position, stream, version))

    keys = {}  # key id -> (public key, introduced at position)
    for n, key in enumerate(bundle["keys"], 1):
        _check(key, "key", str(n))
        if key_id(bytes.fromhex(key["public_key"])) != key["key_id"] or key["key_id"] in keys:
            add("key", f"密钥 {key['key_id']} 与其公钥不符，或重复列出",
                f"key {key['key_id']} does not match its public key, or is listed twice")
        else:
            keys[key["key_id"]] = (bytes.fromhex(key["public_key"]), key["introduced_at_position"])
    disclosed = bundle["disclosed_streams"]
    for s, info in disclosed.items():
        _check(info, "disclosed stream", s)
        if not _hex(s, 32):
            raise _Malformed(f"披露的流应以32位小写十六进制为键：{s}", f"a disclosed stream's key must be 32 hex: {s}")

    before, chain = bundle["position_before"], bundle["chain_before"]
    if (before == 0) != (chain == ZERO):
        add("chain", "chain_before 与 position_before 不符：只有日志开头（position_before 为 0）之前的链哈希为全零",
            "chain_before and position_before disagree: only before the log's start (0) is the chain all zeros",
            bundle["entries"][0].get("position") if isinstance(bundle["entries"][0], dict) else None)
    anchors = {before: chain} if before else {}  # position -> the chain hash recorded there
    previous, last, streams = before, None, {}  # stream -> [(first version, position), (last ...), stream hash]
    for entry in bundle["entries"]:
        try:
            _check(entry, "entry")
            if (event := entry["event"]) is not None:
                _check(event, "event")
        except _Malformed as exc:
            where = entry["position"] if isinstance(entry, dict) and _count(entry.get("position"), 1) else last
            return add("malformed", f"{exc.zh}；无法继续核验", f"{exc.en}; verification stopped", where)
        p, s, v, own, recorded = (entry[k] for k in ("position", "stream", "version", "event_hash", "chain_hash"))
        if p <= previous:
            add("order", f"位置不递增（前一条目在位置 {previous}）", f"positions must increase (previous: {previous})", p, s, v)
        if event is not None and event_hash(s, v, event["topic"], base64.b64decode(event["state"])) != own:
            add("event_hash", "事件内容与其哈希不符", "event bytes do not match its hash", p, s, v)
        expected = chain_hash(chain, p, own)
        if expected != recorded:
            add("chain", f"链哈希断裂：由前一条目算得 {expected[:16]}…，记录为 {recorded[:16]}…（条目被改动、删除、插入或调换）",
                f"the chain breaks here: the previous entry gives {expected[:16]}…, recorded {recorded[:16]}… "
                f"(an entry changed, deleted, inserted or swapped)", p, s, v)
        chain = anchors[p] = recorded  # go on from the recorded value: each break is named once
        seen = streams.setdefault(s, [(v, p), None, ZERO if v == 1 else None])
        if seen[1] is not None and v != seen[1][0] + 1:
            add("version", f"该流的上一版本为第 {seen[1][0]} 版（版本应逐一递增，不得重复）",
                f"the stream's previous version is {seen[1][0]} (versions go up one by one)", p, s, v)
        seen[1] = (v, p)
        if s in disclosed and event is None:
            add("disclosure", "该流已披露，但此版本缺少事件内容", "the stream is disclosed but this version has no event",
                p, s, v)
        elif s not in disclosed and event is not None:
            add("disclosure", "披露了未列入 disclosed_streams 的流的事件", "an event of a stream not in disclosed_streams",
                p, s, v)
        elif event is not None:
            if seen[2] is not None and stream_hash(seen[2], own) != event["stream_hash"]:
                add("stream_hash", "流哈希与该流此前的版本不符", "the stream hash does not follow the stream's earlier "
                    "versions", p, s, v)
            seen[2] = event["stream_hash"]
        previous = last = p
    for s, info in disclosed.items():
        if s not in streams:
            add("disclosure", f"披露的流 {s} 在文件包中没有条目", f"disclosed stream {s} has no entry in the bundle")
            continue
        (v1, p1), (vn, pn), _ = streams[s]
        if v1 != 1:
            add("disclosure", f"披露的流不完整：缺少第 1 至 {v1 - 1} 版", f"the disclosed stream lacks versions 1 to "
                f"{v1 - 1}", p1, s, v1)
        if vn != info["versions"]:
            add("disclosure", f"披露的流 {s} 应有 {info['versions']} 个版本，文件包中只到第 {vn} 版",
                f"disclosed stream {s} has {info['versions']} versions, the bundle only {vn}")
    _verify_checkpoints(bundle["checkpoints"], anchors, before, last, keys, trusted, add)
    for p, h in trusted_checkpoints:
        if anchors.get(p, h) != h:
            add("trusted_checkpoint", f"与您保存的检查点不符：此处链哈希为 {anchors[p]}，可信值为 {h}（此前的历史被改写）",
                f"differs from the checkpoint you kept: the chain here is {anchors[p]}, trusted {h} "
                f"(the history up to here was rewritten)", p)
        elif p not in anchors:
            add("trusted_checkpoint", f"可信检查点（位置 {p}）无从核对：文件包只有位置 {before + 1} 至 {last}，"
                f"且没有位置 {p} 的条目（超出范围：尾部被截断或导出较早；或条目被删除）",
                f"the trusted checkpoint at {p} cannot be checked: the bundle covers {before + 1} to {last} and has "
                f"no entry {p} (out of range: a cut tail or an earlier export; or the entry was deleted)",
                min(p, last))


def _verify_checkpoints(checkpoints: list, anchors: dict, before: int, last: int, keys: dict, trusted: dict,
                        add) -> None:
    covered, cut, good = False, False, before
    listed = [(c.get("position") if isinstance(c, dict) else None, n, c) for n, c in enumerate(checkpoints, 1)]
    for p, n, c in sorted(listed, key=lambda t: (t[0] if _count(t[0], 0) else -1, t[1])):
        _check(c, "checkpoint", str(n))
        if p not in anchors:
            cut = cut or p > last
            add(*(("truncated", f"文件包在位置 {last} 之后被截断：检查点位于位置 {p}，超出最后的条目",
                   f"the bundle was cut after position {last}: a checkpoint lies at {p}, beyond the last entry", last)
                  if p > last else ("checkpoint_position", "检查点所在的条目不在文件包中（不在范围内或被删除）",
                                    "the checkpoint's entry is not in the bundle (out of range, or deleted)", p)))
            continue
        covered, name = covered or p == last, c["key_id"]
        zh, en = f"检查点（{c['made_at']}）", f"checkpoint ({c['made_at']}) "
        if anchors[p] != c["chain_hash"]:
            add("checkpoint_hash", f"{zh}签名的链哈希与重新计算的不符：位置 {good} 之后、{p} 之前（含）的历史被改写",
                f"{en}signed another chain hash: the history after {good} up to {p} was rewritten", p)
        else:
            good = p
        if trusted and name not in trusted:
            add("untrusted_key", f"{zh}的签名密钥 {name} 不是可信密钥（--key）", f"{en}is signed by {name}, "
                f"not a trusted key", p)
        public = trusted.get(name) or keys.get(name, (None,))[0]
        if public is None:
            add("unknown_key", f"{zh}的签名密钥 {name} 未知（不在 keys 中）", f"{en}names an unknown key {name}", p)
            continue
        if name in keys and p < keys[name][1]:
            add("key", f"{zh}早于其签名密钥启用的位置 {keys[name][1]}", f"{en}precedes its key's introduction at "
                f"{keys[name][1]}", p)
        message = checkpoint_message(p, c["chain_hash"], c["made_at"])
        if not ed25519_verify(public, message, bytes.fromhex(c["signature"])):
            add("signature", f"{zh}的签名无效（检查点被伪造或改动）", f"{en}has an invalid signature (forged or altered)", p)
    if not covered and not cut:
        add("truncated", f"最后的条目没有签名检查点：文件包可能在位置 {last} 之后被截断，或导出时的检查点被删除",
            f"no signed checkpoint at the last entry: the bundle may have been cut after {last}, or the export's "
            f"checkpoint removed", last)


# ------------------------------------------------------------------------------ CLI

def _no_duplicate_keys(pairs):
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)):
        raise ValueError(f"重复的键 | duplicate keys: {sorted({n for n in names if names.count(n) > 1})}")
    return dict(pairs)


def _trusted_checkpoint(value: str) -> tuple[int, str]:
    position, _, hash_hex = value.rpartition(":")
    if not (position.isascii() and position.isdigit() and int(position) > 0 and _HEX[64].fullmatch(hash_hex.lower())):
        raise argparse.ArgumentTypeError(f"应为 位置:64位链哈希 | must be POSITION:CHAINHASH: {value!r}")
    return int(position), hash_hex.lower()


def _trusted_key(value: str) -> bytes:
    if not _HEX[64].fullmatch(value.lower()):
        raise argparse.ArgumentTypeError(f"应为64位十六进制的公钥 | must be a 64-hex public key: {value!r}")
    return bytes.fromhex(value)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.exit(2, f"{self.format_usage()}参数错误 | bad arguments: {message}\n")


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = _Parser(prog="ledger_verify.py", description="核验双随账本文件包 | verify a Shuangsui "
                                     "ledger bundle (docs/ledger.md)")
    parser.add_argument("bundle", help="文件包 | the bundle (JSON)")
    parser.add_argument("--checkpoint", action="append", default=[], type=_trusted_checkpoint,
                        metavar="POSITION:CHAINHASH", help="您保存的已公布检查点 | a published checkpoint you kept")
    parser.add_argument("--key", action="append", default=[], type=_trusted_key, metavar="PUBLICKEYHEX",
                        help="可信公钥：每个检查点都须由其之一签署 | a trusted public key: every checkpoint must use one")
    parser.add_argument("--all", action="store_true", help="列出全部问题 | list every problem")
    return parser.parse_args(argv)  # exits 2 on bad arguments


def main(argv: list[str] | None = None) -> int:
    try:
        args = _arguments(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return exc.code
    trusted_checkpoints, trusted_keys = args.checkpoint, args.key
    try:
        with open(args.bundle, encoding="utf-8") as handle:
            bundle = json.load(handle, object_pairs_hook=_no_duplicate_keys)
    except (OSError, ValueError) as exc:
        print(f"无法读取文件包 | cannot read the bundle: {exc}", file=sys.stderr)
        return 2
    for stream in (sys.stdout, sys.stderr):  # a console that cannot show a character must not stop the verdict
        getattr(stream, "reconfigure", lambda **_: None)(errors="replace")
    problems = verify_bundle(bundle, trusted_checkpoints, trusted_keys)
    if problems and problems[0].kind == "format":
        print(f"无法读取文件包 | cannot read the bundle: {problems[0]}", file=sys.stderr)
        return 2
    if problems:
        print(f"账本验证未通过 | ledger verification FAILED\n第一处问题 | first problem: {problems[0]}")
        for problem in problems[1:] if args.all else ():
            print(f"  - {problem}")
        if len(problems) > 1 and not args.all:
            print(f"另有{len(problems) - 1}处问题（--all 列出全部）| {len(problems) - 1} more (--all lists them)")
        return 1
    _summary(bundle, trusted_checkpoints, trusted_keys)
    return 0


def _summary(bundle: dict, trusted_checkpoints: list, trusted_keys: list) -> None:
    entries, scope, streams = bundle["entries"], bundle["scope"], bundle["disclosed_streams"].values()
    kinds = sorted({info["kind"] for info in streams})
    introduced = {k["key_id"]: k["introduced_at_position"] for k in bundle["keys"]}
    signed = [c["key_id"] for c in bundle["checkpoints"]]
    print("账本验证通过 | ledger verified")
    print("范围 | scope: " + " ".join(str(scope[k]) for k in ("kind", "id", "title", "from", "to") if scope.get(k)))
    print(f"条目 | entries: {len(entries)}（位置 | positions {entries[0]['position']}..{entries[-1]['position']}）"
          f"  导出于 | exported at: {bundle['exported_at']}")
    print(f"起点链哈希 | chain before (position {bundle['position_before']}): {bundle['chain_before']}")
    print(f"末位链哈希 | chain at position {entries[-1]['position']}: {entries[-1]['chain_hash']}")
    print(f"披露的流 | disclosed streams: {len(streams)}"
          + ("（" + "，".join(f"{k} {sum(i['kind'] == k for i in streams)}" for k in kinds) + "）" if kinds else ""))
    print(f"已验证的签名检查点 | signed checkpoints verified: {len(signed)}")
    print("签名密钥（请与公布的密钥编号核对）| signing keys (compare with the published key ids):")
    for name in sorted(set(signed), key=lambda k: (introduced.get(k, -1), k)):
        print(f"  {name}  签署 {signed.count(name)} 个检查点 | signed {signed.count(name)}; "
              f"启用于位置 | introduced at {introduced.get(name, '?')}"
              + ("  可信 | trusted" if name in _public_keys(trusted_keys) else ""))
    for position, hash_hex in trusted_checkpoints:
        print(f"可信检查点相符 | trusted checkpoint holds: {position}:{hash_hex}")
    if not trusted_keys and not trusted_checkpoints:
        print("提示：未给出 --key 或 --checkpoint，本结果只说明文件包自洽且由上述密钥签名；请核对密钥编号，并用 --checkpoint "
              "核对您保存的已公布检查点 | note: without --key or --checkpoint this shows only that the bundle is "
              "consistent and signed by the keys above: compare the key ids, and check the published checkpoints "
              "you kept with --checkpoint")


if __name__ == "__main__":
    sys.exit(main())
