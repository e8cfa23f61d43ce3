"""The records of the verifiable draw (algorithm "shuangsui-draw/1") that are made from a
draw but not needed to verify one, pure functions: a stratum's minimum by the rules
(``minimum_required``, with ``parse_ratio`` and ``ceil_ratio``) and the quota to commit
(``plan_quota``); the record of the people drawn for a task (``officer_draw_record``);
the record replacing an ineligible drawn unit (``replacement_record``); and the bundle
a reviewer re-runs (``make_bundle``). docs/draw-algorithm.md specifies them.

Same rules as domain/sampling.py (whose shared part these build on): standard library
only, no ``random``, no floating point, no I/O. domain/draw_verify.py does not need them.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .sampling import (KIND_TAGS, TAG_OFFICER_RECORD, TAG_REPLACEMENT_RECORD, DrawInputError, _is_count,
                       _secret_bytes, commitment_hash, draw_officers, next_substitute, record_digest)

_RATIO = re.compile(r"([0-9]+)/([0-9]+)", re.ASCII)
_PERCENT = re.compile(r"([0-9]+)%", re.ASCII)


def parse_ratio(ratio) -> Fraction:
    """A ratio written "p/q" or as an integer percent "N%" (ASCII digits), or a Fraction;
    0 < ratio <= 1."""
    fraction = _RATIO.fullmatch(ratio) if isinstance(ratio, str) else None
    percent = _PERCENT.fullmatch(ratio) if isinstance(ratio, str) else None
    if isinstance(ratio, Fraction):
        value = ratio
    elif fraction is not None and int(fraction[2]) != 0:
        value = Fraction(int(fraction[1]), int(fraction[2]))
    elif percent is not None:
        value = Fraction(int(percent[1]), 100)
    else:
        raise DrawInputError(
            f"比例应写作“分子/分母”或整数百分比，如 1/4、25%：{ratio}", f"a ratio is written 'p/q' or 'N%', e.g. 1/4, 25%: {ratio}"
        )
    if not 0 < value <= 1:
        raise DrawInputError(f"比例应大于0且不超过1：{ratio}", f"a ratio must be > 0 and <= 1: {ratio}")
    return value


def ceil_ratio(count: int, ratio) -> int:
    """ceil(count × ratio) in integers."""
    value = parse_ratio(ratio)
    return -(-(count * value.numerator) // value.denominator)


def minimum_required(pool_size: int, rule: dict, officers: int | None = None) -> int:
    """The least number the rules require a plan to draw from a stratum.

    ratio "p/q" → ceil(pool_size × p/q) (23 × 1/4 → 6); per_officer n → officers × n
    (NOT capped at the pool: when the pool is smaller the draw takes the whole pool and
    reports the shortfall plainly); both → the larger; neither → the rule's fixed
    "minimum". Record the returned number as the rule's "minimum" in the commitment."""
    if not _is_count(pool_size):
        raise DrawInputError(f"候选对象数量应为非负整数：{pool_size!r}", f"pool size must be an integer >= 0: {pool_size!r}")
    ratio, per_officer = rule.get("ratio"), rule.get("per_officer")
    if ratio is None and per_officer is None:
        fixed = rule.get("minimum", 0)
        if not _is_count(fixed):
            raise DrawInputError("规则的固定最低数量应为非负整数", "a fixed minimum must be an integer >= 0")
        return fixed
    needs = []
    if ratio is not None:
        needs.append(ceil_ratio(pool_size, ratio))
    if per_officer is not None:
        if not _is_count(per_officer, 1):
            raise DrawInputError("每名检查人员对应的抽查数应为正整数", "per_officer must be a positive integer")
        if not _is_count(officers):
            raise DrawInputError(
                "按检查人员人数计算最低数量时须提供双随机检查人员人数",
                "a per-officer rule needs the number of the unit's 双随机 officers",
            )
        needs.append(officers * per_officer)
    return max(needs)


def plan_quota(pool_size: int, minimum: int, requested: int | None = None) -> int:
    """The quota to commit: the requested number (default: the minimum), never below the
    minimum, capped at the pool (the draw then reports the shortfall)."""
    wanted = minimum if requested is None else requested
    if not _is_count(wanted) or wanted < minimum:
        raise DrawInputError(
            f"计划抽取数量{wanted}不得低于规则最低要求{minimum}家", f"the quota {wanted} may not be below the minimum {minimum}"
        )
    return min(wanted, pool_size)


def officer_draw_record(commitment_hash_hex: str, seed, task_id: str, unit_id: str, candidates,
                        speciality: str | None = None, count: int = 2, kind: str = "officer") -> dict:
    """Draw people for a task and return the record a bundle keeps (with its digest).

    A recusal after the draw is a new record for the same task in which the recusing
    person is marked ineligible with the reason; the others keep their rank."""
    if kind not in KIND_TAGS:
        raise DrawInputError(f"未知的人员类别：{kind}", f"unknown kind {kind!r} (officer or assistant)")
    got = draw_officers(seed, task_id, candidates, speciality, count, KIND_TAGS[kind])
    record = {
        "task_id": task_id, "unit_id": unit_id, "kind": kind, "candidates": candidates,
        "speciality": speciality, "count": count, **got,
    }
    record["digest"] = record_digest(TAG_OFFICER_RECORD, commitment_hash_hex, record)
    return record


def replacement_record(commitment_hash_hex: str, result: dict, replacements, stratum: str, replaced: str,
                       reason: str) -> dict:
    """The record replacing a drawn unit found ineligible by the next unused one of its
    stratum's order ("by" is None when the order is exhausted)."""
    if stratum not in result["strata"]:
        raise DrawInputError(f"抽取结果中没有类别“{stratum}”", f"the result has no stratum {stratum!r}")
    if not isinstance(reason, str) or not reason.strip():
        raise DrawInputError("替补必须注明原因", "a replacement needs a reason")
    used = set(result["strata"][stratum]["selected"])
    active = set(used)
    for earlier in replacements:
        if earlier["stratum"] == stratum:
            active.discard(earlier["replaced"])
            if earlier["by"] is not None:
                used.add(earlier["by"])
                active.add(earlier["by"])
    if replaced not in active:
        raise DrawInputError(
            f"对象 {replaced} 不是类别“{stratum}”当前抽中的对象", f"{replaced} is not a currently drawn unit of {stratum!r}"
        )
    record = {
        "stratum": stratum, "replaced": replaced,
        "by": next_substitute(result["strata"][stratum]["order"], used), "reason": reason,
    }
    record["digest"] = record_digest(TAG_REPLACEMENT_RECORD, commitment_hash_hex, record)
    return record


def make_bundle(document: dict, secret, public_value: str, result: dict, officer_draws=(), replacements=(),
                voided: bool = False, void_reason: str | None = None) -> dict:
    """Everything a reviewer needs to re-run the draw (verify with draw_verify.py)."""
    return {
        "commitment": document,
        "commitment_hash": commitment_hash(document),
        "secret": _secret_bytes(secret).hex(),
        "public_value": public_value,
        "result": result,
        "officer_draws": list(officer_draws),
        "replacements": list(replacements),
        "voided": voided,
        "void_reason": void_reason,
    }
