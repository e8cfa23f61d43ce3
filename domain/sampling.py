"""The verifiable draw (双随机): algorithm "shuangsui-draw/1", pure functions.

Everything a reviewer needs to re-run a draw is here and in docs/draw-algorithm.md,
which specifies it byte for byte; docs/draw-vectors.json holds the test vectors.

* A supervisor commits to a document (pool, quotas, rules, declared source of public
  randomness, hash of a secret) before any randomness exists; ``commitment_hash``.
* At the draw the secret is revealed and a public value (lottery result, a value typed
  by a witness) is entered; ``derive_seed`` mixes the three; ``draw`` ranks every unit
  of each stratum by HMAC-SHA256 and takes the lowest ``quota``.
* Officers are drawn per task from the same seed (``draw_officers``); a drawn unit
  found ineligible is replaced by the next unused one of its stratum's order
  (``next_substitute``).
* ``verify_bundle`` recomputes everything from a bundle and names every discrepancy.

Rules kept on purpose: standard library only, no ``random``, no floating point (ratios
are "p/q" / "N%" text or ``Fraction``; ceilings are integer), no I/O.
``domain/draw_verify.py`` carries a copy of the shared functions below (identical
source, checked by tests/unit/test_draw_verify.py) so that it runs alone. The records made
from a draw (minimum and quota, officer draws, replacements, the bundle) are in
``domain/draw_records.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from datetime import date, datetime

# --------------------------------------------------------------------------------------
# Shared with draw_verify.py: keep the source of everything from here to the marker
# "end of shared part" identical in both files (tests/unit/test_draw_verify.py checks).
# --------------------------------------------------------------------------------------


VERSION = "shuangsui-draw/1"
TAG_COMMITMENT = "shuangsui/commitment/1"
TAG_SECRET = "shuangsui/secret/1"
TAG_SEED = "shuangsui/seed/1"
TAG_STRATUM = "shuangsui/stratum/1"
TAG_UNIT = "shuangsui/unit/1"
TAG_OFFICER = "shuangsui/officer/1"
TAG_ASSISTANT = "shuangsui/assistant/1"
TAG_OFFICER_RECORD = "shuangsui/officer-draw/1"
TAG_REPLACEMENT_RECORD = "shuangsui/replacement/1"
KIND_TAGS = {"officer": TAG_OFFICER, "assistant": TAG_ASSISTANT}
SHORTFALL_MESSAGE = "该类别可抽对象不足：最低应抽{minimum}家，可抽{pool}家"

_FIELD_ZH = {
    "quota": "抽取数量", "minimum": "最低抽取数", "pool": "可抽对象数", "order": "完整排序", "selected": "抽中名单",
    "shortfall": "不足数", "shortfall_message": "不足说明", "short": "人数不足标记", "reason": "不足原因",
}
_HEX64 = re.compile(r"[0-9a-f]{64}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class DrawInputError(ValueError):
    """Input refused by the draw. ``str(e)`` is the Chinese message; ``e.en`` the English."""

    def __init__(self, zh: str, en: str = "") -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en or zh

    def bilingual(self) -> str:
        return f"{self.zh} | {self.en}"


def enc(x) -> bytes:
    """Canonical encoding: text → NFC UTF-8 with a 4-byte big-endian length; an integer →
    its decimal text, encoded as text; a list → 4-byte count, then each item encoded."""
    if isinstance(x, bool):
        raise TypeError("enc: booleans have no encoding")
    if isinstance(x, int):
        x = str(x)
    if isinstance(x, str):
        if not x.isascii():
            x = unicodedata.normalize("NFC", x)
        data = x.encode("utf-8")
        return len(data).to_bytes(4, "big") + data
    if isinstance(x, (list, tuple)):
        return len(x).to_bytes(4, "big") + b"".join(enc(item) for item in x)
    raise TypeError(f"enc: cannot encode {type(x).__name__}")


def _json_path(trail) -> str:
    parts = []
    while trail is not None:
        trail, key = trail
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    return "$" + "".join(reversed(parts))


def _reject_floats(value) -> None:
    """Refuse floats (and non-text object keys) anywhere in a JSON value."""
    containers = (dict, list, tuple)
    stack = [(value, None)]
    while stack:
        node, trail = stack.pop()
        if isinstance(node, dict):
            for key, item in node.items():
                if not isinstance(key, str):
                    raise DrawInputError(
                        f"JSON 对象的键应为文本：{_json_path(trail)}", f"JSON object keys must be text: {_json_path(trail)}"
                    )
                if isinstance(item, containers) or isinstance(item, float):
                    stack.append((item, (trail, key)))
        elif isinstance(node, containers):
            for index, item in enumerate(node):
                if isinstance(item, containers) or isinstance(item, float):
                    stack.append((item, (trail, index)))
        else:
            where = _json_path(trail)
            raise DrawInputError(f"不允许使用小数（浮点数）：{where}", f"floating-point numbers are not allowed: {where}")


def canonical_json(document) -> str:
    """Keys sorted (by code point), separators "," and ":", non-ASCII kept literally."""
    _reject_floats(document)
    try:
        text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise DrawInputError(f"无法规范化为 JSON：{exc}", f"cannot be written as canonical JSON: {exc}") from None
    return text


def commitment_hash(document: dict) -> str:
    """SHA-256(enc(TAG_COMMITMENT) + enc(canonical JSON of the document)), hex."""
    return hashlib.sha256(enc(TAG_COMMITMENT) + enc(canonical_json(document))).hexdigest()


def record_digest(tag: str, commitment_hash_hex: str, record: dict) -> str:
    """Digest of a record made after the commitment (an officer draw, a replacement):
    SHA-256(enc(tag) + enc(commitment hash) + enc(canonical JSON of the record without
    its "digest" key)), hex."""
    body = {key: value for key, value in record.items() if key != "digest"}
    return hashlib.sha256(enc(tag) + enc(commitment_hash_hex) + enc(canonical_json(body))).hexdigest()


def _secret_bytes(secret) -> bytes:
    if isinstance(secret, str) and _HEX64.fullmatch(secret):
        return bytes.fromhex(secret)
    if isinstance(secret, (bytes, bytearray)) and len(secret) == 32:
        return bytes(secret)
    raise DrawInputError(
        "密钥应为32字节（64位小写十六进制）", "the secret must be 32 bytes (64 lower-case hex digits)"
    )


def secret_hash(secret) -> str:
    """SHA-256(enc(TAG_SECRET) + enc(lower-case hex of the 32 secret bytes)), hex."""
    return hashlib.sha256(enc(TAG_SECRET) + enc(_secret_bytes(secret).hex())).hexdigest()


def _seed_bytes(seed) -> bytes:
    if isinstance(seed, str) and _HEX64.fullmatch(seed):
        return bytes.fromhex(seed)
    if isinstance(seed, (bytes, bytearray)) and len(seed) == 32:
        return bytes(seed)
    raise DrawInputError("种子应为32字节", "the seed must be 32 bytes")


def check_public_value(public_value, public_source: dict) -> None:
    """The public value must fully match the format the commitment declared."""
    fmt = public_source.get("format") if isinstance(public_source, dict) else None
    description = public_source.get("description", "") if isinstance(public_source, dict) else ""
    if not isinstance(fmt, str):
        raise DrawInputError("承诺未声明公开随机数的格式", "the commitment declares no public value format")
    try:
        pattern = re.compile(fmt)
    except re.error as exc:
        raise DrawInputError(
            f"承诺声明的公开随机数格式不是有效的正则表达式：{fmt}", f"declared format is not a valid regex: {fmt} ({exc})"
        ) from None
    if not isinstance(public_value, str) or pattern.fullmatch(public_value) is None:
        raise DrawInputError(
            f"公开随机数“{public_value}”不符合承诺声明的格式：应为{description}（格式：{fmt}）",
            f"public value {public_value!r} does not match the declared format {fmt!r} ({description})",
        )


def derive_seed(secret, commitment_hash_hex: str, public_value: str) -> bytes:
    """HMAC-SHA256(key=secret, enc(TAG_SEED) + enc(commitment hash) + enc(public value))."""
    message = enc(TAG_SEED) + enc(commitment_hash_hex) + enc(public_value)
    return hmac.digest(_secret_bytes(secret), message, "sha256")


def stratum_key(seed, stratum: str) -> bytes:
    """HMAC-SHA256(key=seed, enc(TAG_STRATUM) + enc(stratum))."""
    return hmac.digest(_seed_bytes(seed), enc(TAG_STRATUM) + enc(stratum), "sha256")


def unit_rank(key: bytes, unit_id: str) -> bytes:
    """HMAC-SHA256(key=stratum key, enc(TAG_UNIT) + enc(unit id))."""
    return hmac.digest(key, enc(TAG_UNIT) + enc(unit_id), "sha256")


def order_stratum(seed, stratum: str, entries) -> list[str]:
    """Ids of one stratum's entries ordered by (priority, rank bytes, id).

    Sorted as the byte strings priority-byte + rank + UTF-8 id: the same order, faster."""
    base = hmac.new(stratum_key(seed, stratum), enc(TAG_UNIT), "sha256")
    copy = base.copy
    keys = []
    append = keys.append
    for entry in entries:
        unit_id = entry["id"]
        raw = unit_id.encode("utf-8")
        mac = copy()
        mac.update(len(raw).to_bytes(4, "big") + raw if unit_id.isascii() else enc(unit_id))
        append(bytes((entry["priority"],)) + mac.digest() + raw)
    keys.sort()
    return [key[33:].decode("utf-8") for key in keys]


def next_substitute(order, used) -> str | None:
    """The first id of the order not yet used (selected or already substituted)."""
    used = set(used)
    for unit_id in order:
        if unit_id not in used:
            return unit_id
    return None


def _is_count(value, least: int = 0) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _nfc_text(value) -> bool:
    return isinstance(value, str) and value != "" and unicodedata.is_normalized("NFC", value)


def _iso_date(value) -> date | None:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _pools(document) -> dict:
    """Check the structure of a commitment document; {stratum: [entries in pool order]}."""
    if not isinstance(document, dict):
        raise DrawInputError("承诺文件应为 JSON 对象", "the commitment document must be a JSON object")
    for field in (
        "version", "plan_id", "jurisdiction", "period", "cutoff",
        "rules", "quotas", "pool", "public_source", "secret_hash",
    ):
        if field not in document:
            raise DrawInputError(f"承诺文件缺少字段“{field}”", f"the commitment document lacks '{field}'")
    if document["version"] != VERSION:
        raise DrawInputError(
            f"不支持的抽取算法版本：{document['version']}（支持 {VERSION}）",
            f"unsupported algorithm version {document['version']!r} (supported: {VERSION})",
        )
    for field in ("plan_id", "jurisdiction"):
        if not isinstance(document[field], str) or not document[field].strip():
            raise DrawInputError(f"承诺文件的“{field}”应为非空文本", f"'{field}' must be non-empty text")
    period = document["period"]
    start = _iso_date(period.get("start")) if isinstance(period, dict) else None
    end = _iso_date(period.get("end")) if isinstance(period, dict) else None
    if start is None or end is None or start > end:
        raise DrawInputError(
            "抽查期间应为 {start, end} 两个 ISO 日期（YYYY-MM-DD），且开始不晚于结束",
            "period must be {start, end} ISO dates (YYYY-MM-DD), start not after end",
        )
    try:
        datetime.fromisoformat(document["cutoff"])
    except (TypeError, ValueError):
        raise DrawInputError(
            f"截止时间应为 ISO 日期时间：{document['cutoff']}", f"cutoff must be an ISO datetime: {document['cutoff']!r}"
        ) from None
    if not isinstance(document["secret_hash"], str) or not _HEX64.fullmatch(document["secret_hash"]):
        raise DrawInputError("密钥哈希应为64位小写十六进制", "secret_hash must be 64 lower-case hex digits")
    source = document["public_source"]
    if not isinstance(source, dict) or not all(
        isinstance(source.get(field), str) for field in ("kind", "format", "description")
    ):
        raise DrawInputError(
            "公开随机数来源应包含 kind、format、description 三项文本",
            "public_source must hold the texts kind, format and description",
        )
    try:
        re.compile(source["format"])
    except re.error:
        raise DrawInputError(
            f"公开随机数格式不是有效的正则表达式：{source['format']}",
            f"public_source.format is not a valid regex: {source['format']!r}",
        ) from None
    quotas, rules = document["quotas"], document["rules"]
    if not isinstance(quotas, dict) or not isinstance(rules, dict):
        raise DrawInputError("quotas 与 rules 应为按类别的对象", "quotas and rules must be objects keyed by stratum")
    for stratum, quota in quotas.items():
        if not _nfc_text(stratum):
            raise DrawInputError(
                f"类别名称应为非空、NFC 规范化的文本：{stratum!r}", f"a stratum must be non-empty NFC text: {stratum!r}"
            )
        if not _is_count(quota):
            raise DrawInputError(
                f"类别“{stratum}”的抽取数量应为非负整数：{quota!r}",
                f"quota of stratum {stratum!r} must be a non-negative integer: {quota!r}",
            )
    if set(rules) != set(quotas):
        raise DrawInputError(
            f"rules 与 quotas 的类别不一致：{sorted(set(rules) ^ set(quotas))}",
            f"rules and quotas name different strata: {sorted(set(rules) ^ set(quotas))}",
        )
    for stratum, rule in rules.items():
        ok = (
            isinstance(rule, dict)
            and all(field in rule for field in ("ratio", "per_officer", "minimum", "basis"))
            and (rule["ratio"] is None or (isinstance(rule["ratio"], str) and rule["ratio"].strip() != ""))
            and (rule["per_officer"] is None or _is_count(rule["per_officer"], 1))
            and _is_count(rule["minimum"])
            and isinstance(rule["basis"], str)
            and rule["basis"].strip() != ""
        )
        if not ok:
            raise DrawInputError(
                f"类别“{stratum}”的规则应包含 ratio（文本或空）、per_officer（正整数或空）、minimum（非负整数）、basis（依据）",
                f"the rule of stratum {stratum!r} needs ratio (text or null), per_officer (integer >= 1 or null), "
                f"minimum (integer >= 0), basis (text)",
            )
    pool = document["pool"]
    if not isinstance(pool, list):
        raise DrawInputError("候选名单（pool）应为列表", "pool must be a list")
    pools = {stratum: [] for stratum in quotas}
    seen = set()
    previous = None
    for index, entry in enumerate(pool):
        if not isinstance(entry, dict) or not _nfc_text(entry.get("id")) or not isinstance(entry.get("stratum"), str):
            raise DrawInputError(
                f"候选名单第{index + 1}项应包含编号 id（NFC 文本）与类别 stratum",
                f"pool entry {index + 1} needs an id (NFC text) and a stratum",
            )
        unit_id, stratum, priority = entry["id"], entry["stratum"], entry.get("priority")
        if stratum not in pools:
            raise DrawInputError(
                f"候选对象 {unit_id} 的类别“{stratum}”没有抽取数量", f"unit {unit_id}: stratum {stratum!r} has no quota"
            )
        if type(priority) is not int or priority not in (0, 1):
            raise DrawInputError(
                f"候选对象 {unit_id} 的优先级应为0或1：{priority!r}", f"unit {unit_id}: priority must be 0 or 1: {priority!r}"
            )
        if unit_id in seen:
            raise DrawInputError(f"候选名单中对象重复：{unit_id}", f"unit listed twice in the pool: {unit_id}")
        if previous is not None and (stratum, unit_id) < previous:
            raise DrawInputError(
                f"候选名单未按（类别，编号）排序：第{index + 1}项 {unit_id}",
                f"pool not sorted by (stratum, id) at entry {index + 1}: {unit_id}",
            )
        seen.add(unit_id)
        previous = (stratum, unit_id)
        pools[stratum].append(entry)
    return pools


def _policy_problems(document: dict, pools: dict) -> list:
    """(zh, en) for each quota below the rule's minimum (or the whole pool, if smaller).
    The minimum itself is the plan's resolved number; its basis is the rule's text."""
    problems = []
    for stratum in sorted(document["quotas"]):
        rule, quota, size = document["rules"][stratum], document["quotas"][stratum], len(pools[stratum])
        floor = min(rule["minimum"], size)
        if quota < floor:
            problems.append((
                f"类别“{stratum}”的抽取数量{quota}低于最低要求{floor}家",
                f"stratum {stratum!r}: quota {quota} is below the required {floor}",
            ))
    return problems


def _draw_strata(document: dict, pools: dict, seed: bytes) -> dict:
    strata = {}
    for stratum in sorted(document["quotas"]):
        quota, minimum = document["quotas"][stratum], document["rules"][stratum]["minimum"]
        size = len(pools[stratum])
        order = order_stratum(seed, stratum, pools[stratum])
        shortfall = max(0, minimum - size)
        strata[stratum] = {
            "quota": quota,
            "minimum": minimum,
            "pool": size,
            "selected": order[:quota],
            "order": order,
            "shortfall": shortfall,
            "shortfall_message": SHORTFALL_MESSAGE.format(minimum=minimum, pool=size) if shortfall else None,
        }
    return {"seed": seed.hex(), "strata": strata}


def draw(document: dict, secret, public_value: str, *, recorded_hash: str | None = None) -> dict:
    """Execute a committed draw. Refuses (DrawInputError) a malformed commitment, a secret
    that does not match its hash, a public value not in the declared format, a quota
    below the rules' minimum.

    `recorded_hash`: the commitment hash computed when the document was committed (the
    application keeps it); hashing 100,000 pool entries again costs a third of a second.
    A verifier never passes it: verify_bundle recomputes the hash from the document."""
    pools = _pools(document)
    committed = recorded_hash or commitment_hash(document)
    key = _secret_bytes(secret)
    if secret_hash(key) != document["secret_hash"]:
        raise DrawInputError("密钥与承诺中的密钥哈希不符", "the secret does not match the committed secret_hash")
    check_public_value(public_value, document["public_source"])
    problems = _policy_problems(document, pools)
    if problems:
        raise DrawInputError(*problems[0])
    seed = derive_seed(key, committed, public_value)
    return _draw_strata(document, pools, seed)


def officer_rank(seed, task_id: str, officer_id: str, tag: str = TAG_OFFICER) -> bytes:
    """HMAC-SHA256(key=seed, enc(tag) + enc(task id) + enc(officer id))."""
    return hmac.digest(_seed_bytes(seed), enc(tag) + enc(task_id) + enc(officer_id), "sha256")


def draw_officers(seed, task_id: str, candidates, speciality: str | None = None, count: int = 2,
                  tag: str = TAG_OFFICER) -> dict:
    """Draw ``count`` people for one task from the candidates marked eligible.

    Returns {"selected": [ids], "short": bool, "reason": Chinese text or None,
    "order": [eligible ids by (rank, id)]}. Never silently fewer than ``count``."""
    key = _seed_bytes(seed)
    if not isinstance(task_id, str) or task_id == "":
        raise DrawInputError("任务编号应为非空文本", "task_id must be non-empty text")
    if not _is_count(count, 1):
        raise DrawInputError(f"抽取人数应为正整数：{count!r}", f"count must be a positive integer: {count!r}")
    if speciality is not None and (not isinstance(speciality, str) or speciality == ""):
        raise DrawInputError("所需专长应为非空文本或空值", "speciality must be non-empty text or null")
    if not isinstance(candidates, list):
        raise DrawInputError("候选人员应为列表", "candidates must be a list")
    base = hmac.new(key, enc(tag) + enc(task_id), "sha256")
    copy = base.copy
    wanted = None if speciality is None else unicodedata.normalize("NFC", speciality)
    seen = set()
    ranked = []
    for index, person in enumerate(candidates):
        person_id = person.get("id") if isinstance(person, dict) else None
        if not _nfc_text(person_id) or not isinstance(person.get("eligible"), bool):
            raise DrawInputError(
                f"候选人员第{index + 1}项应包含编号 id 与是否合格 eligible",
                f"candidate {index + 1} needs an id and eligible (true/false)",
            )
        reasons, specialities = person.get("reasons", []), person.get("specialities", [])
        if not (
            isinstance(reasons, list) and isinstance(specialities, list)
            and all(isinstance(r, str) for r in reasons) and all(isinstance(t, str) for t in specialities)
        ):
            raise DrawInputError(
                f"候选人员 {person_id} 的 reasons 与 specialities 应为文本列表",
                f"candidate {person_id}: reasons and specialities must be lists of text",
            )
        if person_id in seen:
            raise DrawInputError(f"候选人员重复：{person_id}", f"candidate listed twice: {person_id}")
        seen.add(person_id)
        if not person["eligible"]:
            if not any(r.strip() for r in reasons):
                raise DrawInputError(
                    f"候选人员 {person_id} 不合格但未注明原因", f"candidate {person_id} is ineligible without a reason"
                )
            continue
        mac = copy()
        mac.update(enc(person_id))
        holds = wanted is not None and (
            wanted in specialities or any(unicodedata.normalize("NFC", t) == wanted for t in specialities)
        )
        ranked.append((mac.digest(), person_id, holds))
    ranked.sort()  # (rank, id, …): ids are unique, so the third item never decides
    order = [person_id for _, person_id, _ in ranked]
    label = {TAG_OFFICER: "检查人员", TAG_ASSISTANT: "辅助检查人员"}.get(tag, "人员")
    selected, reasons = [], []
    if len(order) < count:
        reasons.append(f"合格{label}不足：需要{count}名，仅有{len(order)}名合格")
    if speciality is not None:
        holder = next((person_id for _, person_id, holds in ranked if holds), None)
        if holder is None:
            reasons.append(f"没有具备“{speciality}”专长的合格{label}")
        else:
            selected.append(holder)
    for person_id in order:
        if len(selected) >= count:
            break
        if person_id not in selected:
            selected.append(person_id)
    return {"selected": selected, "short": bool(reasons), "reason": "；".join(reasons) or None, "order": order}


def _same(a, b) -> bool:
    """Equal as JSON (Python alone would take True == 1 and 1 == 1.0)."""
    try:
        return a == b and json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    except (TypeError, ValueError):
        return False


def _first_difference(expected: list, recorded: list) -> tuple[str, str]:
    for index, (want, got) in enumerate(zip(expected, recorded)):
        if want != got:
            return f"第{index + 1}位应为 {want}，记录为 {got}", f"position {index + 1}: expected {want}, recorded {got}"
    return f"应有{len(expected)}项，记录为{len(recorded)}项", f"expected {len(expected)} items, recorded {len(recorded)}"


def verify_bundle(bundle) -> list[str]:
    """Recompute a draw bundle; every discrepancy as "中文 | English", first one first.
    An empty list means the bundle holds. Never raises on malformed input."""
    problems: list[str] = []
    try:
        _verify(bundle, problems)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as exc:
        problems.append(
            f"抽取包格式错误，无法继续核验：{type(exc).__name__}: {exc} | "
            f"malformed bundle, verification stopped: {type(exc).__name__}: {exc}"
        )
    return problems


def _verify(bundle, problems: list) -> list:

    def add(zh: str, en: str) -> None:
        problems.append(f"{zh} | {en}")

    if not isinstance(bundle, dict):
        add("抽取包应为 JSON 对象", "the bundle must be a JSON object")
        return problems
    for field in ("commitment", "commitment_hash", "secret", "public_value", "result"):
        if field not in bundle:
            add(f"抽取包缺少字段“{field}”", f"the bundle lacks '{field}'")
            return problems
    document = bundle["commitment"]
    try:
        pools = _pools(document)
        computed_hash = commitment_hash(document)
    except DrawInputError as exc:
        add(exc.zh, exc.en)
        return problems
    if not _same(bundle["commitment_hash"], computed_hash):
        add(
            f"承诺哈希不符：按承诺文件重新计算为 {computed_hash}，记录为 {bundle['commitment_hash']}",
            f"commitment hash mismatch: recomputed {computed_hash}, recorded {bundle['commitment_hash']}",
        )
    try:
        secret = _secret_bytes(bundle["secret"])
    except DrawInputError as exc:
        add(exc.zh, exc.en)
        return problems
    if secret_hash(secret) != document["secret_hash"]:
        add(
            f"密钥哈希不符：公开的密钥算得 {secret_hash(secret)}，承诺中为 {document['secret_hash']}",
            f"secret hash mismatch: the revealed secret gives {secret_hash(secret)}, "
            f"the commitment says {document['secret_hash']}",
        )
    public_value = bundle["public_value"]
    if not isinstance(public_value, str):
        add("公开随机数应为文本", "the public value must be text")
        return problems
    try:
        check_public_value(public_value, document["public_source"])
    except DrawInputError as exc:
        add(exc.zh, exc.en)
    for zh, en in _policy_problems(document, pools):
        add(zh, en)
    seed = derive_seed(secret, computed_hash, public_value)
    expected = _draw_strata(document, pools, seed)

    result = bundle["result"]
    if not isinstance(result, dict) or not isinstance(result.get("strata"), dict):
        add("抽取结果应包含 seed 与 strata", "the result must hold seed and strata")
        return problems
    if not _same(result.get("seed"), expected["seed"]):
        add(
            f"种子不符：重新计算为 {expected['seed']}，记录为 {result.get('seed')}",
            f"seed mismatch: recomputed {expected['seed']}, recorded {result.get('seed')}",
        )
    for stratum in sorted(set(expected["strata"]) | set(result["strata"])):
        want, got = expected["strata"].get(stratum), result["strata"].get(stratum)
        if want is None:
            add(f"抽取结果多出承诺中没有的类别“{stratum}”", f"the result has stratum {stratum!r} the commitment lacks")
            continue
        if not isinstance(got, dict):
            add(f"抽取结果缺少类别“{stratum}”", f"the result lacks stratum {stratum!r}")
            continue
        for field in ("quota", "minimum", "pool", "order", "selected", "shortfall", "shortfall_message"):
            if _same(got.get(field), want[field]):
                continue
            if isinstance(got.get(field), list) and isinstance(want[field], list):
                zh, en = _first_difference(want[field], got[field])
                add(f"类别“{stratum}”的{_FIELD_ZH[field]}不符：{zh}", f"stratum {stratum!r} {field} differs: {en}")
            else:
                add(
                    f"类别“{stratum}”的{_FIELD_ZH[field]}不符：应为 {want[field]}，记录为 {got.get(field)}",
                    f"stratum {stratum!r} {field} differs: expected {want[field]}, recorded {got.get(field)}",
                )
        extra = sorted(set(got) - set(want))
        if extra:
            add(f"类别“{stratum}”的结果含有多余字段 {extra}", f"stratum {stratum!r} result has extra fields {extra}")

    replacements = bundle.get("replacements", [])
    officer_draws = bundle.get("officer_draws", [])
    if not isinstance(replacements, list) or not isinstance(officer_draws, list):
        add("replacements 与 officer_draws 应为列表", "replacements and officer_draws must be lists")
        return problems
    drawn = {s: set(v["selected"]) for s, v in expected["strata"].items()}
    used = {s: set(v["selected"]) for s, v in expected["strata"].items()}
    active = {s: set(v["selected"]) for s, v in expected["strata"].items()}
    for number, record in enumerate(replacements, 1):
        fields = ("stratum", "replaced", "by", "reason", "digest")
        if not isinstance(record, dict) or not all(k in record for k in fields):
            add(
                f"第{number}项替补记录应包含 stratum、replaced、by、reason、digest",
                f"replacement {number} needs stratum, replaced, by, reason, digest",
            )
            continue
        try:
            digest = record_digest(TAG_REPLACEMENT_RECORD, computed_hash, record)
        except DrawInputError as exc:
            add(f"第{number}项替补记录：{exc.zh}", f"replacement {number}: {exc.en}")
            continue
        stratum, replaced = record["stratum"], record["replaced"]
        if not isinstance(stratum, str) or not isinstance(replaced, str) or not (
            record["by"] is None or isinstance(record["by"], str)
        ):
            add(
                f"第{number}项替补记录的 stratum、replaced 应为文本，by 应为文本或空值",
                f"replacement {number}: stratum and replaced must be text, by text or null",
            )
            continue
        if stratum not in expected["strata"]:
            add(f"第{number}项替补记录的类别“{stratum}”不存在", f"replacement {number}: unknown stratum {stratum!r}")
            continue
        if replaced not in active[stratum]:
            add(
                f"第{number}项替补记录：被替换的对象 {replaced} 不是类别“{stratum}”当前抽中的对象",
                f"replacement {number}: {replaced} is not a currently drawn unit of stratum {stratum!r}",
            )
        if not isinstance(record["reason"], str) or not record["reason"].strip():
            add(f"第{number}项替补记录未注明原因", f"replacement {number} states no reason")
        want = next_substitute(expected["strata"][stratum]["order"], used[stratum])
        if not _same(record["by"], want):
            add(
                f"第{number}项替补记录不符：类别“{stratum}”中替换 {replaced} 的应为排序中下一个未用对象 {want}，"
                f"记录为 {record['by']}",
                f"replacement {number}: in stratum {stratum!r} {replaced} must be replaced by the next unused "
                f"unit {want}, recorded {record['by']}",
            )
        if not _same(record["digest"], digest):
            add(
                f"第{number}项替补记录的摘要不符（记录被改动）：应为 {digest}，记录为 {record['digest']}",
                f"replacement {number} digest mismatch (record altered): expected {digest}, "
                f"recorded {record['digest']}",
            )
        active[stratum].discard(replaced)
        if want is not None:
            used[stratum].add(want)
            active[stratum].add(want)
            drawn[stratum].add(want)
    all_drawn = set().union(*drawn.values()) if drawn else set()
    for number, record in enumerate(officer_draws, 1):
        fields = ("task_id", "unit_id", "kind", "candidates", "speciality", "count", "selected", "short", "reason",
                  "order", "digest")
        if not isinstance(record, dict) or not all(k in record for k in fields):
            add(
                f"第{number}项人员抽取记录应包含 {', '.join(fields)}",
                f"officer draw {number} needs {', '.join(fields)}",
            )
            continue
        task = f"任务 {record['task_id']}（对象 {record['unit_id']}）"
        task_en = f"task {record['task_id']} (unit {record['unit_id']})"
        try:
            digest = record_digest(TAG_OFFICER_RECORD, computed_hash, record)
        except DrawInputError as exc:
            add(f"{task}的人员抽取记录：{exc.zh}", f"{task_en} officer draw: {exc.en}")
            continue
        if not isinstance(record["unit_id"], str) or record["unit_id"] not in all_drawn:
            add(f"{task}：该对象不在本次抽中的对象之中", f"{task_en}: the unit was not drawn in this draw")
        if not isinstance(record["kind"], str) or record["kind"] not in KIND_TAGS:
            add(f"{task}：未知的人员类别 {record['kind']!r}", f"{task_en}: unknown kind {record['kind']!r}")
            continue
        try:
            got = draw_officers(
                seed, record["task_id"], record["candidates"], record["speciality"], record["count"],
                KIND_TAGS[record["kind"]],
            )
        except DrawInputError as exc:
            add(f"{task}的人员抽取：{exc.zh}", f"{task_en} officer draw: {exc.en}")
            continue
        for field in ("selected", "short", "reason", "order"):
            if not _same(record[field], got[field]):
                add(
                    f"{task}的人员抽取{_FIELD_ZH[field]}不符：应为 {got[field]}，记录为 {record[field]}",
                    f"{task_en} officer draw {field} differs: expected {got[field]}, recorded {record[field]}",
                )
        if not _same(record["digest"], digest):
            add(
                f"{task}的人员抽取记录摘要不符（记录被改动）：应为 {digest}，记录为 {record['digest']}",
                f"{task_en} officer draw digest mismatch (record altered): expected {digest}, "
                f"recorded {record['digest']}",
            )

    voided = bundle.get("voided", False)
    if not isinstance(voided, bool):
        add("voided 应为 true 或 false", "voided must be true or false")
    elif voided:
        reason = bundle.get("void_reason")
        if not isinstance(reason, str) or not reason.strip():
            add("抽取已作废但未注明原因", "the draw is voided without a reason")
    elif bundle.get("void_reason") is not None:
        add("未作废的抽取不应有作废原因", "a draw that is not voided has a void_reason")
    return problems


# ------------------------------- end of shared part -----------------------------------

# The records made from a draw (minimum_required, plan_quota, officer_draw_record,
# replacement_record, make_bundle) are in domain/draw_records.py, which imports this module.
