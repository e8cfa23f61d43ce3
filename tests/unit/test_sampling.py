"""The verifiable draw (domain/sampling.py): vectors, the worked example, refusals.

docs/draw-vectors.json is built by ``build_vectors`` below and checked here against both
domain/sampling.py and the standalone domain/draw_verify.py. After a deliberate change
to the algorithm (which needs a new version tag), rewrite it with

    .venv/bin/python -m tests.unit.test_sampling --write-vectors
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import struct
import sys
import time
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest

from domain import draw_records as R, draw_verify
from domain import sampling as S
from domain.sampling import DrawInputError

ROOT = Path(__file__).resolve().parents[2]
VECTORS_PATH = ROOT / "docs" / "draw-vectors.json"
MODULES = pytest.mark.parametrize("mod", [S, draw_verify], ids=["sampling", "draw_verify"])

# ---------------------------------------------------------------- vector builder
VECTOR_SECRET = bytes(range(32))
VECTOR_SECRET_2 = hashlib.sha256(b"shuangsui test vector secret 2").digest()


def _uid(n: int) -> str:
    return f"{n:032x}"


def hand_commitment() -> dict:
    """The worked example of docs/draw-algorithm.md: 5 units, 2 strata, k=2 and k=1."""
    return {
        "version": S.VERSION,
        "plan_id": "example-2025Q1",
        "jurisdiction": "示例县",
        "period": {"start": "2025-01-01", "end": "2025-03-31"},
        "cutoff": "2024-12-25T18:00:00+08:00",
        "rules": {
            "key": {"ratio": "1/2", "per_officer": None, "minimum": 2, "basis": "示例：每季度不少于50%"},
            "special": {"ratio": "1/2", "per_officer": None, "minimum": 1, "basis": "示例：每季度不少于50%"},
        },
        "quotas": {"key": 2, "special": 1},
        "pool": [
            {"id": _uid(1), "stratum": "key", "priority": 1},
            {"id": _uid(2), "stratum": "key", "priority": 1},
            {"id": _uid(3), "stratum": "key", "priority": 0},
            {"id": _uid(4), "stratum": "special", "priority": 1},
            {"id": _uid(5), "stratum": "special", "priority": 1},
        ],
        "public_source": {"kind": "witness", "format": "[0-9]{6}", "description": "见证人在抽取会上输入的6位数字"},
        "secret_hash": S.secret_hash(VECTOR_SECRET),
    }


def county_commitment() -> dict:
    """A county quarter: key ≥ 1/4, special ≥ 1/2, general 10 per officer (3 officers, pool 20: shortfall)."""
    pool = []
    for stratum, first, size, priority0 in (("一般", 100, 20, 0), ("特殊", 200, 7, 0), ("重点", 300, 23, 5)):
        for n in range(size):
            pool.append({"id": hashlib.md5(f"{stratum}{first + n}".encode()).hexdigest(), "stratum": stratum,
                         "priority": 0 if n < priority0 else 1})
    pool.sort(key=lambda e: (e["stratum"], e["id"]))
    return {
        "version": S.VERSION,
        "plan_id": "bazhou-korla-2025Q2",
        "jurisdiction": "巴音郭楞蒙古自治州生态环境局库尔勒市分局",
        "period": {"start": "2025-04-01", "end": "2025-06-30"},
        "cutoff": "2025-03-25T18:00:00+08:00",
        "rules": {
            "重点": {"ratio": "1/4", "per_officer": None, "minimum": 6, "basis": "新环执法发〔2021〕274号：县级每季度不少于25%"},
            "特殊": {"ratio": "1/2", "per_officer": None, "minimum": 4, "basis": "新环执法发〔2021〕274号：县级每季度不少于50%"},
            "一般": {"ratio": None, "per_officer": 10, "minimum": 30, "basis": "每年不少于双随机检查人员数×10（3名）"},
        },
        "quotas": {"重点": 7, "特殊": 4, "一般": 20},
        "pool": pool,
        "public_source": {"kind": "lottery", "format": "[0-9]{7}期 [0-9]{2}( [0-9]{2}){5}\\+[0-9]{2}",
                          "description": "开奖日中国福利彩票双色球当期开奖号码（期号 红球6个+蓝球）"},
        "secret_hash": S.secret_hash(VECTOR_SECRET_2),
    }


def empty_stratum_commitment() -> dict:
    doc = hand_commitment()
    doc["plan_id"] = "example-empty-stratum"
    doc["rules"]["general"] = {"ratio": None, "per_officer": None, "minimum": 1, "basis": "示例：固定最低1家"}
    doc["quotas"]["general"] = 0
    doc["quotas"]["key"] = 3
    doc["public_source"] = {"kind": "witness", "format": ".{1,40}", "description": "任意1至40个字符"}
    return doc


def draw_vector(name: str, description: str, doc: dict, secret: bytes, public_value: str) -> dict:
    result = S.draw(doc, secret, public_value)
    seed = bytes.fromhex(result["seed"])
    keys = {s: S.stratum_key(seed, s) for s in doc["quotas"]}
    return {
        "name": name,
        "description": description,
        "commitment": doc,
        "canonical_json": S.canonical_json(doc),
        "commitment_hash": S.commitment_hash(doc),
        "secret": secret.hex(),
        "secret_hash": S.secret_hash(secret),
        "public_value": public_value,
        "seed": result["seed"],
        "stratum_keys": {s: k.hex() for s, k in sorted(keys.items())},
        "ranks": {e["id"]: S.unit_rank(keys[e["stratum"]], e["id"]).hex() for e in doc["pool"]},
        "result": result,
    }


def officer_candidates() -> list:
    return [
        {"id": "officer-01", "eligible": True, "reasons": [], "specialities": []},
        {"id": "officer-02", "eligible": False, "reasons": ["执法证已过期"], "specialities": ["辐射"]},
        {"id": "officer-03", "eligible": True, "reasons": [], "specialities": ["机动车"]},
        {"id": "officer-04", "eligible": True, "reasons": [], "specialities": ["辐射"]},
        {"id": "officer-05", "eligible": False, "reasons": ["上次检查过该对象（轮换）"], "specialities": []},
        {"id": "officer-06", "eligible": True, "reasons": [], "specialities": ["辐射", "机动车"]},
    ]


def officer_vector(seed_hex, task_id, candidates, speciality, count, kind):
    tag = S.KIND_TAGS[kind]
    got = S.draw_officers(seed_hex, task_id, candidates, speciality, count, tag)
    return {
        "seed": seed_hex, "task_id": task_id, "kind": kind, "tag": tag, "candidates": candidates,
        "speciality": speciality, "count": count,
        "ranks": {c["id"]: S.officer_rank(seed_hex, task_id, c["id"], tag).hex() for c in candidates if c["eligible"]},
        "result": got,
    }


def example_bundle() -> dict:
    doc = hand_commitment()
    result = S.draw(doc, VECTOR_SECRET, "271828")
    chash = S.commitment_hash(doc)
    key_selected = result["strata"]["key"]["selected"]
    replacement = R.replacement_record(chash, result, [], "key", key_selected[1], "已停产搬迁（2025-01-10 现场核实）")
    units = [*key_selected[:1], replacement["by"], *result["strata"]["special"]["selected"]]
    draws = []
    for number, unit in enumerate(units, 1):
        draws.append(R.officer_draw_record(chash, result["seed"], f"task-{number:04d}", unit, officer_candidates(),
                                           "辐射" if number == 1 else None, 2, "officer"))
    draws.append(R.officer_draw_record(chash, result["seed"], "task-0001", units[0], [
        {"id": "lab-01", "eligible": True, "reasons": [], "specialities": ["监测"]},
        {"id": "expert-01", "eligible": True, "reasons": [], "specialities": ["辐射"]},
        {"id": "expert-02", "eligible": True, "reasons": [], "specialities": []},
    ], None, 1, "assistant"))
    return R.make_bundle(doc, VECTOR_SECRET, "271828", result, draws, [replacement])


def build_vectors() -> dict:
    hand = draw_vector("hand", "docs/draw-algorithm.md 的手算示例：5家，2个类别，k=2 与 k=1",
                       hand_commitment(), VECTOR_SECRET, "271828")
    seed = hand["seed"]
    return {
        "version": S.VERSION,
        "note": "Test vectors of docs/draw-algorithm.md. All hex is lower-case; all text is UTF-8.",
        "enc": [{"input": x, "hex": S.enc(x).hex()} for x in
                ["", "a", "key", "双随机", "e\u0301", "\u00e9", 0, 42, -7, [], ["a", 1], [["x"], "y"]]],
        "canonical_json": [
            {"input": d, "canonical_json": S.canonical_json(d)} for d in [
                {"b": 1, "a": [True, False, None], "c": {"z": "双", "y": ""}},
                {"text": "tab\tquote\"back\\slash\u0001 line\u2028sep", "Z": 0, "a": -1, "é": "é"},
            ]
        ],
        "secret_hash": [{"secret": s.hex(), "secret_hash": S.secret_hash(s)} for s in (VECTOR_SECRET, VECTOR_SECRET_2)],
        "minimum_required": [
            {"pool_size": p, "rule": r, "officers": o, "minimum": R.minimum_required(p, r, o)} for p, r, o in [
                (23, {"ratio": "1/4", "per_officer": None, "minimum": 0}, None),
                (23, {"ratio": "1/2", "per_officer": None, "minimum": 0}, None),
                (23, {"ratio": "1/20", "per_officer": None, "minimum": 0}, None),
                (23, {"ratio": "25%", "per_officer": None, "minimum": 0}, None),
                (40, {"ratio": "1/4", "per_officer": None, "minimum": 0}, None),
                (0, {"ratio": "1/4", "per_officer": None, "minimum": 0}, None),
                (120, {"ratio": None, "per_officer": 10, "minimum": 0}, 3),
                (20, {"ratio": None, "per_officer": 10, "minimum": 0}, 3),
                (9, {"ratio": None, "per_officer": None, "minimum": 9}, None),
            ]
        ],
        "draws": [
            hand,
            draw_vector("county", "县级季度抽取：重点≥1/4，特殊≥1/2，一般每人10家（3人，可抽20家，不足10家）；中文类别名",
                        county_commitment(), VECTOR_SECRET_2, "2025038期 03 07 12 19 25 31+09"),
            draw_vector("empty-stratum", "可抽对象为0的类别（不足1家）；公开随机数含组合字符（enc 先做 NFC）",
                        empty_stratum_commitment(), VECTOR_SECRET, "见证人 Zoe\u0301 0428"),
        ],
        "officer_draws": [
            officer_vector(seed, "task-0001", officer_candidates(), "辐射", 2, "officer"),
            officer_vector(seed, "task-0002", officer_candidates(), None, 2, "officer"),
            officer_vector(seed, "task-0003", officer_candidates(), "水文", 3, "officer"),
            officer_vector(seed, "task-0004", officer_candidates()[:2], None, 2, "officer"),
            officer_vector(seed, "task-0001", officer_candidates(), None, 2, "assistant"),
        ],
        "substitution": [
            {"order": ["u1", "u2", "u3", "u4"], "used": ["u1", "u2"], "next": "u3"},
            {"order": ["u1", "u2", "u3", "u4"], "used": ["u1", "u2", "u3"], "next": "u4"},
            {"order": ["u1", "u2"], "used": ["u1", "u2"], "next": None},
        ],
        "bundle": example_bundle(),
    }


def load_vectors() -> dict:
    return json.loads(VECTORS_PATH.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the vectors file


def test_vectors_file_is_current():
    """The checked-in vectors are exactly what the code produces (rewrite: see module doc)."""
    assert load_vectors() == build_vectors()


@MODULES
def test_enc_vectors(mod):
    for vector in load_vectors()["enc"]:
        assert mod.enc(vector["input"]).hex() == vector["hex"], vector


@MODULES
def test_canonical_json_and_secret_hash_vectors(mod):
    vectors = load_vectors()
    for vector in vectors["canonical_json"]:
        assert mod.canonical_json(vector["input"]) == vector["canonical_json"]
    for vector in vectors["secret_hash"]:
        assert mod.secret_hash(bytes.fromhex(vector["secret"])) == vector["secret_hash"]
        assert mod.secret_hash(vector["secret"]) == vector["secret_hash"]


@MODULES
def test_draw_vectors(mod):
    for vector in load_vectors()["draws"]:
        doc = vector["commitment"]
        assert mod.canonical_json(doc) == vector["canonical_json"]
        assert mod.commitment_hash(doc) == vector["commitment_hash"]
        assert mod.secret_hash(vector["secret"]) == vector["secret_hash"] == doc["secret_hash"]
        seed = mod.derive_seed(vector["secret"], vector["commitment_hash"], vector["public_value"])
        assert seed.hex() == vector["seed"]
        for stratum, key in vector["stratum_keys"].items():
            assert mod.stratum_key(seed, stratum).hex() == key
        for entry in doc["pool"]:
            key = bytes.fromhex(vector["stratum_keys"][entry["stratum"]])
            assert mod.unit_rank(key, entry["id"]).hex() == vector["ranks"][entry["id"]]
        result = mod.draw(doc, bytes.fromhex(vector["secret"]), vector["public_value"])
        assert result == vector["result"], vector["name"]


@MODULES
def test_officer_vectors(mod):
    for vector in load_vectors()["officer_draws"]:
        for officer_id, rank in vector["ranks"].items():
            assert mod.officer_rank(vector["seed"], vector["task_id"], officer_id, vector["tag"]).hex() == rank
        got = mod.draw_officers(vector["seed"], vector["task_id"], vector["candidates"], vector["speciality"],
                                vector["count"], vector["tag"])
        assert got == vector["result"]


@MODULES
def test_substitution_vectors_and_bundle(mod):
    vectors = load_vectors()
    for vector in vectors["substitution"]:
        assert mod.next_substitute(vector["order"], vector["used"]) == vector["next"]
    assert mod.verify_bundle(vectors["bundle"]) == []


def test_minimum_vectors():
    for vector in load_vectors()["minimum_required"]:
        assert R.minimum_required(vector["pool_size"], vector["rule"], vector["officers"]) == vector["minimum"]


def test_every_hash_in_the_doc_is_a_vector():
    """docs/draw-algorithm.md quotes hex values; each must appear in the vectors file."""
    doc = (ROOT / "docs" / "draw-algorithm.md").read_text(encoding="utf-8")
    vectors = VECTORS_PATH.read_text(encoding="utf-8")
    quoted = set(re.findall(r"\b[0-9a-f]{64}\b", doc))
    assert len(quoted) >= 10
    assert sorted(h for h in quoted if h not in vectors) == []


# ---------------------------------------------------------------- the worked example, from scratch


def _e(x) -> bytes:
    """enc() rewritten from the doc, independent of the module under test."""
    if isinstance(x, list):
        return struct.pack(">I", len(x)) + b"".join(_e(i) for i in x)
    data = unicodedata.normalize("NFC", str(x)).encode("utf-8")
    return struct.pack(">I", len(data)) + data


def _mac(key: bytes, *parts) -> bytes:
    return hmac.new(key, b"".join(_e(p) for p in parts), hashlib.sha256).digest()


def test_hand_example_recomputed_from_the_doc():
    doc = hand_commitment()
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    chash = hashlib.sha256(_e("shuangsui/commitment/1") + _e(text)).hexdigest()
    assert chash == "6718c27228e6613d05c74138bfb832b4a6833df99787211b98ed954bc8f6fa0b"
    secret = bytes(range(32))
    assert hashlib.sha256(_e("shuangsui/secret/1") + _e(secret.hex())).hexdigest() == doc["secret_hash"]
    seed = _mac(secret, "shuangsui/seed/1", chash, "271828")
    assert seed.hex() == "27bd701dd77be809e1f05024e297db10b6c235ed5c77fbbf2afeb74b6cfe4509"
    key_key = _mac(seed, "shuangsui/stratum/1", "key")
    special_key = _mac(seed, "shuangsui/stratum/1", "special")
    ranks = {n: _mac(key_key if n <= 3 else special_key, "shuangsui/unit/1", f"{n:032x}").hex()[:8]
             for n in range(1, 6)}
    # The table in docs/draw-algorithm.md (first 8 hex digits of each rank).
    assert ranks == {1: "51a5f0db", 2: "83ab3949", 3: "f5d9e3ec", 4: "9db4c141", 5: "8171274c"}
    # key: unit 3 has priority 0 and comes first despite the largest rank; then 1 (51a5…) before 2 (83ab…).
    # special: 5 (8171…) before 4 (9db4…).
    result = S.draw(doc, secret, "271828")
    assert result["strata"]["key"]["order"] == [f"{n:032x}" for n in (3, 1, 2)]
    assert result["strata"]["key"]["selected"] == [f"{n:032x}" for n in (3, 1)]
    assert result["strata"]["special"]["order"] == [f"{n:032x}" for n in (5, 4)]
    assert result["strata"]["special"]["selected"] == [f"{5:032x}"]
    assert S.enc(["a", 1]) == _e(["a", 1]) == bytes.fromhex("0000000200000001610000000131")


def test_officer_example_recomputed_from_the_doc():
    seed = bytes.fromhex("27bd701dd77be809e1f05024e297db10b6c235ed5c77fbbf2afeb74b6cfe4509")
    candidates = officer_candidates()
    eligible = [c for c in candidates if c["eligible"]]
    ranked = sorted(eligible, key=lambda c: (_mac(seed, "shuangsui/officer/1", "task-0001", c["id"]), c["id"]))
    order = [c["id"] for c in ranked]
    assert order == ["officer-01", "officer-03", "officer-04", "officer-06"]
    # 辐射 needed: the best-ranked holder (04) first, then the rest in order (01).
    got = S.draw_officers(seed, "task-0001", candidates, "辐射", 2)
    assert got == {"selected": ["officer-04", "officer-01"], "short": False, "reason": None, "order": order}


# ---------------------------------------------------------------- encoding and hashing


def test_enc_rules():
    assert S.enc("e\u0301") == S.enc("\u00e9") == bytes.fromhex("00000002c3a9")
    assert S.enc(42) == S.enc("42") == bytes.fromhex("000000023432")
    assert S.enc([]) == b"\x00\x00\x00\x00"
    assert S.enc(("a",)) == S.enc(["a"])
    for bad in (True, 1.5, None, b"x", {"a": 1}):
        with pytest.raises(TypeError):
            S.enc(bad)


def test_canonical_json_refuses_floats_and_odd_keys():
    with pytest.raises(DrawInputError, match=r"\$\.a\[1\]\.b"):
        S.canonical_json({"a": [1, {"b": 0.25}]})
    with pytest.raises(DrawInputError, match="键应为文本"):
        S.canonical_json({1: "x"})
    assert S.canonical_json({"b": 1, "a": "双"}) == '{"a":"双","b":1}'


def test_commitment_hash_covers_every_field():
    doc = hand_commitment()
    base = S.commitment_hash(doc)
    for change in (
        lambda d: d.update(plan_id="example-2025Q2"),
        lambda d: d["period"].update(end="2025-03-30"),
        lambda d: d["rules"]["key"].update(basis="改"),
        lambda d: d["pool"][0].update(priority=0),
        lambda d: d["public_source"].update(format="[0-9]{7}"),
    ):
        changed = copy.deepcopy(doc)
        change(changed)
        assert S.commitment_hash(changed) != base


# ---------------------------------------------------------------- minimums and quotas


def test_minimum_required():
    assert R.minimum_required(23, {"ratio": "1/4"}) == 6
    assert R.minimum_required(23, {"ratio": Fraction(1, 4)}) == 6
    assert R.minimum_required(24, {"ratio": "1/4"}) == 6
    assert R.minimum_required(25, {"ratio": "1/4"}) == 7
    assert R.minimum_required(0, {"ratio": "1/2"}) == 0
    assert R.minimum_required(100, {"ratio": None, "per_officer": 10}, officers=4) == 40
    assert R.minimum_required(10, {"ratio": None, "per_officer": 10}, officers=4) == 40  # not capped: shortfall shows
    assert R.minimum_required(100, {"ratio": "1/4", "per_officer": 5}, officers=6) == 30
    assert R.minimum_required(100, {"ratio": None, "per_officer": None, "minimum": 3}) == 3
    with pytest.raises(DrawInputError, match="人员人数"):
        R.minimum_required(100, {"ratio": None, "per_officer": 10})
    assert R.minimum_required(23, {"ratio": "25%"}) == 6
    assert R.minimum_required(23, {"ratio": "5%"}) == 2
    for bad in ("0.25", "1/0", "5/4", "0/3", "１/4", 0.25, "25 %", "120%", "0%"):
        with pytest.raises(DrawInputError):
            R.minimum_required(10, {"ratio": bad})


def test_plan_quota():
    assert R.plan_quota(23, 6) == 6
    assert R.plan_quota(23, 6, 8) == 8
    assert R.plan_quota(4, 6) == 4
    with pytest.raises(DrawInputError, match="不得低于"):
        R.plan_quota(23, 6, 5)


# ---------------------------------------------------------------- the draw refuses bad input


def _refused(doc, secret=VECTOR_SECRET, public_value="271828") -> str:
    with pytest.raises(DrawInputError) as info:
        S.draw(doc, secret, public_value)
    return str(info.value)


def test_public_value_must_match_the_declared_format():
    message = _refused(hand_commitment(), public_value="27182")
    assert message == "公开随机数“27182”不符合承诺声明的格式：应为见证人在抽取会上输入的6位数字（格式：[0-9]{6}）"
    assert "公开随机数" in _refused(hand_commitment(), public_value=" 271828")
    with pytest.raises(DrawInputError) as info:
        S.check_public_value("x", {"format": "[0-9]{6}", "description": "6位数字"})
    assert "does not match" in info.value.en


def test_secret_must_match_its_hash():
    assert "密钥与承诺" in _refused(hand_commitment(), secret=VECTOR_SECRET_2)
    assert "32字节" in _refused(hand_commitment(), secret=b"short")


def test_quota_below_minimum_is_refused():
    doc = hand_commitment()
    doc["quotas"]["key"] = 1
    assert _refused(doc) == "类别“key”的抽取数量1低于最低要求2家"
    doc = hand_commitment()
    doc["quotas"]["special"] = 0
    assert _refused(doc) == "类别“special”的抽取数量0低于最低要求1家"


def test_the_committed_minimum_is_what_counts():
    """A monthly plan scales a quarterly ratio: the committed minimum may be below ceil(n × ratio)."""
    doc = hand_commitment()
    doc["rules"]["key"].update(ratio="25%", minimum=1, basis="每季度25%，按月折算：3 × 1/4 × 1/3 向上取整 = 1")
    doc["quotas"]["key"] = 1
    assert S.draw(doc, VECTOR_SECRET, "271828")["strata"]["key"]["selected"] == [f"{3:032x}"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d.update(version="shuangsui-draw/0"), "不支持的抽取算法版本"),
        (lambda d: d.pop("cutoff"), "缺少字段“cutoff”"),
        (lambda d: d["pool"].reverse(), "未按（类别，编号）排序"),
        (lambda d: d["pool"].append(dict(d["pool"][-1])), "对象重复"),
        (lambda d: d["pool"].append({"id": "f" * 32, "stratum": "general", "priority": 1}), "没有抽取数量"),
        (lambda d: d["pool"][0].update(priority=2), "优先级应为0或1"),
        (lambda d: d["pool"][0].update(priority=1.0), "优先级应为0或1"),
        (lambda d: d["pool"][0].update(note=0.5), "浮点数"),
        (lambda d: d["quotas"].update(key=-1), "非负整数"),
        (lambda d: d["rules"].pop("special"), "rules 与 quotas 的类别不一致"),
        (lambda d: d["rules"]["key"].update(basis=" "), "basis"),
        (lambda d: d["rules"]["key"].update(ratio=0.5), "ratio（文本或空）"),
        (lambda d: d["rules"]["key"].update(ratio=""), "ratio"),
        (lambda d: d["period"].update(start="2025-04-01"), "开始不晚于结束"),
        (lambda d: d.update(cutoff="yesterday"), "截止时间"),
        (lambda d: d["public_source"].update(format="[0-9"), "正则表达式"),
        (lambda d: d.update(secret_hash="ABC"), "密钥哈希"),
        (lambda d: d["pool"][0].update(id="e\u0301"), "NFC"),
    ],
)
def test_malformed_commitment_is_refused(change, fragment):
    doc = hand_commitment()
    change(doc)
    assert fragment in _refused(doc)


def test_shortfall_is_said_plainly():
    doc = hand_commitment()
    doc["rules"]["special"] = {"ratio": None, "per_officer": 10, "minimum": 10, "basis": "1名检查人员×10"}
    doc["quotas"]["special"] = 2
    doc["secret_hash"] = S.secret_hash(VECTOR_SECRET)
    part = S.draw(doc, VECTOR_SECRET, "271828")["strata"]["special"]
    assert part["shortfall"] == 8 and len(part["selected"]) == 2
    assert part["shortfall_message"] == "该类别可抽对象不足：最低应抽10家，可抽2家"


def test_extra_fields_are_allowed_and_committed():
    doc = hand_commitment()
    doc["level"] = "county"
    doc["pool"][0]["offsite"] = True
    plain = S.draw(hand_commitment(), VECTOR_SECRET, "271828")
    extra = S.draw(doc, VECTOR_SECRET, "271828")
    assert S.commitment_hash(doc) != S.commitment_hash(hand_commitment())
    assert extra["seed"] != plain["seed"]


# ---------------------------------------------------------------- officers


SEED = bytes(32)


def test_officer_draw_needs_reasons_and_unique_ids():
    with pytest.raises(DrawInputError, match="未注明原因"):
        S.draw_officers(SEED, "t", [{"id": "a", "eligible": False, "reasons": []}])
    with pytest.raises(DrawInputError, match="重复"):
        S.draw_officers(SEED, "t", [{"id": "a", "eligible": True}, {"id": "a", "eligible": True}])
    with pytest.raises(DrawInputError, match="正整数"):
        S.draw_officers(SEED, "t", [], count=0)


def test_too_few_officers_is_flagged_never_silent():
    got = S.draw_officers(SEED, "t", [{"id": "a", "eligible": True}, {"id": "b", "eligible": False,
                                                                       "reasons": ["与该企业存在利害关系（回避）"]}])
    assert got == {"selected": ["a"], "short": True, "reason": "合格检查人员不足：需要2名，仅有1名合格", "order": ["a"]}
    got = S.draw_officers(SEED, "t", [], tag=S.TAG_ASSISTANT, count=1)
    assert got["short"] and got["reason"] == "合格辅助检查人员不足：需要1名，仅有0名合格"


def test_recusal_keeps_the_other_ranks():
    candidates = officer_candidates()
    first = S.draw_officers(SEED, "task-9", candidates)
    recused = copy.deepcopy(candidates)
    gone = next(c for c in recused if c["id"] == first["selected"][0])
    gone.update(eligible=False, reasons=["申请回避：曾在该企业任职"])
    second = S.draw_officers(SEED, "task-9", recused)
    assert second["order"] == [o for o in first["order"] if o != gone["id"]]
    assert second["selected"] == [first["selected"][1], first["order"][2]]


def test_assistants_use_their_own_tag():
    a = S.draw_officers(SEED, "task-1", officer_candidates(), count=4)
    b = S.draw_officers(SEED, "task-1", officer_candidates(), count=4, tag=S.TAG_ASSISTANT)
    assert sorted(a["order"]) == sorted(b["order"]) and a["order"] != b["order"]


# ---------------------------------------------------------------- replacements and bundles


def test_replacement_chain():
    doc = hand_commitment()
    result = S.draw(doc, VECTOR_SECRET, "271828")
    chash = S.commitment_hash(doc)
    first = R.replacement_record(chash, result, [], "special", f"{5:032x}", "已注销")
    assert first["by"] == f"{4:032x}"
    second = R.replacement_record(chash, result, [first], "special", f"{4:032x}", "长期停产")
    assert second["by"] is None
    with pytest.raises(DrawInputError, match="不是类别"):
        R.replacement_record(chash, result, [first], "special", f"{5:032x}", "重复替换")
    with pytest.raises(DrawInputError, match="原因"):
        R.replacement_record(chash, result, [], "key", f"{3:032x}", " ")
    bundle = R.make_bundle(doc, VECTOR_SECRET, "271828", result, replacements=[first, second])
    assert S.verify_bundle(bundle) == []


def test_verify_names_the_first_discrepancy():
    bundle = build_vectors()["bundle"]
    bundle["result"]["strata"]["key"]["selected"][1] = f"{2:032x}"
    problems = S.verify_bundle(bundle)
    assert problems[0].startswith("类别“key”的抽中名单不符：第2位应为 " + f"{1:032x}")
    assert "stratum 'key' selected differs" in problems[0]


def test_voiding_needs_a_reason():
    bundle = build_vectors()["bundle"]
    bundle["voided"] = True
    assert S.verify_bundle(bundle) == ["抽取已作废但未注明原因 | the draw is voided without a reason"]
    bundle["void_reason"] = "抽取会见证人缺席，经批准作废重抽"
    assert S.verify_bundle(bundle) == []


def test_unit_of_an_officer_draw_must_have_been_drawn():
    bundle = build_vectors()["bundle"]
    record = bundle["officer_draws"][0]
    record["unit_id"] = f"{4:032x}"  # in the pool, not drawn
    record["digest"] = S.record_digest(S.TAG_OFFICER_RECORD, bundle["commitment_hash"], record)
    assert any("不在本次抽中的对象之中" in p for p in S.verify_bundle(bundle))


# ---------------------------------------------------------------- size


def test_draw_over_100000_units(capsys):
    ids = sorted(hashlib.sha256(str(i).encode()).hexdigest()[:32] for i in range(100_000))
    doc = hand_commitment()
    doc["rules"] = {"general": {"ratio": "1/20", "per_officer": None, "minimum": 5000, "basis": "1/20"}}
    doc["quotas"] = {"general": 5000}
    doc["pool"] = [{"id": i, "stratum": "general", "priority": 1} for i in ids]
    started = time.perf_counter()
    result = S.draw(doc, VECTOR_SECRET, "271828")
    whole = time.perf_counter() - started
    started = time.perf_counter()
    order = S.order_stratum(bytes.fromhex(result["seed"]), "general", doc["pool"])
    ranking = time.perf_counter() - started
    assert len(result["strata"]["general"]["selected"]) == 5000 and order == result["strata"]["general"]["order"]
    with capsys.disabled():
        print(f"\n[draw 100000 units, quota 5000] whole draw {whole:.3f} s, ranking alone {ranking:.3f} s")
    assert ranking < 2.0 and whole < 5.0  # generous for loaded CI machines; see the printed figures


if __name__ == "__main__":
    if sys.argv[1:] == ["--write-vectors"]:
        text = json.dumps(build_vectors(), ensure_ascii=True, indent=2) + "\n"
        VECTORS_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {VECTORS_PATH}")
    else:
        print("usage: python -m tests.unit.test_sampling --write-vectors", file=sys.stderr)
        sys.exit(2)
