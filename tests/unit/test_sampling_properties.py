"""Properties of the draw (hypothesis) and its statistics over many seeds."""

from __future__ import annotations

import copy
from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from domain import draw_records as R, draw_verify
from domain import sampling as S

STRATA = ["key", "special", "general", "重点", "特殊"]
SPECIALITIES = ["辐射", "机动车", "水文"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def plans(draw):
    """(commitment document, secret, public value) for a random but valid plan."""
    numbers = draw(st.lists(st.integers(0, 2**40), min_size=0, max_size=30, unique=True))
    strata = draw(st.lists(st.sampled_from(STRATA), min_size=1, max_size=4, unique=True))
    pool = sorted(
        ({"id": f"{n:032x}", "stratum": draw(st.sampled_from(strata)), "priority": draw(st.integers(0, 1))}
         for n in numbers),
        key=lambda e: (e["stratum"], e["id"]),
    )
    rules, quotas = {}, {}
    for stratum in strata:
        size = sum(1 for e in pool if e["stratum"] == stratum)
        ratio = draw(st.one_of(st.none(), st.tuples(st.integers(1, 5), st.integers(5, 12))))
        minimum = draw(st.integers(0, 12))
        if ratio is not None:
            minimum = max(minimum, R.ceil_ratio(size, f"{ratio[0]}/{ratio[1]}"))
        quotas[stratum] = min(minimum, size) + draw(st.integers(0, 4))
        rules[stratum] = {"ratio": None if ratio is None else f"{ratio[0]}/{ratio[1]}", "per_officer": None,
                          "minimum": minimum, "basis": "性质测试"}
    secret = draw(st.binary(min_size=32, max_size=32))
    document = {
        "version": S.VERSION, "plan_id": "prop", "jurisdiction": "测试县",
        "period": {"start": "2025-01-01", "end": "2025-03-31"}, "cutoff": "2024-12-31T12:00:00+08:00",
        "rules": rules, "quotas": quotas, "pool": pool,
        "public_source": {"kind": "witness", "format": "[0-9]{1,8}", "description": "1至8位数字"},
        "secret_hash": S.secret_hash(secret),
    }
    public_value = draw(st.from_regex(r"[0-9]{1,8}", fullmatch=True).filter(str.isascii))
    return document, secret, public_value


@st.composite
def candidate_lists(draw):
    people = draw(st.lists(st.integers(0, 999), max_size=12, unique=True))
    candidates = []
    for n in people:
        eligible = draw(st.booleans())
        candidates.append({
            "id": f"officer-{n:03d}", "eligible": eligible, "reasons": [] if eligible else ["执法证已过期"],
            "specialities": draw(st.lists(st.sampled_from(SPECIALITIES), unique=True, max_size=2)),
        })
    return candidates


@SETTINGS
@given(plans())
def test_same_inputs_same_draw_and_both_modules_agree(plan):
    document, secret, public_value = plan
    first = S.draw(document, secret, public_value)
    assert S.draw(copy.deepcopy(document), secret, public_value) == first
    assert draw_verify.draw(document, secret, public_value) == first


@SETTINGS
@given(plans())
def test_selection_comes_from_the_pool_in_priority_order(plan):
    document, secret, public_value = plan
    result = S.draw(document, secret, public_value)
    assert set(result["strata"]) == set(document["quotas"])
    for stratum, part in result["strata"].items():
        entries = {e["id"]: e for e in document["pool"] if e["stratum"] == stratum}
        assert sorted(part["order"]) == sorted(entries)  # a permutation of this stratum's pool, nothing else
        size = min(document["quotas"][stratum], len(entries))
        assert part["selected"] == part["order"][:size] and len(part["selected"]) == size
        assert len(set(part["selected"])) == size
        priorities = [entries[i]["priority"] for i in part["order"]]
        assert priorities == sorted(priorities)  # every priority-0 unit before any priority-1 unit
        minimum = document["rules"][stratum]["minimum"]
        assert part["minimum"] == minimum and part["pool"] == len(entries)
        assert part["shortfall"] == max(0, minimum - len(entries))
        assert (part["shortfall_message"] is None) == (part["shortfall"] == 0)
        assert len(part["selected"]) >= min(minimum, len(entries))  # the minimum is met whenever the pool allows


@SETTINGS
@given(plans(), st.data())
def test_excluded_units_are_never_drawn(plan, data):
    document, secret, public_value = plan
    assume(document["pool"])
    excluded = set(data.draw(st.lists(st.sampled_from([e["id"] for e in document["pool"]]), unique=True)))
    document["pool"] = [e for e in document["pool"] if e["id"] not in excluded]
    for stratum, rule in document["rules"].items():  # the smaller pool may lower a ratio minimum: keep it valid
        size = sum(1 for e in document["pool"] if e["stratum"] == stratum)
        document["quotas"][stratum] = max(document["quotas"][stratum], min(rule["minimum"], size))
    result = S.draw(document, secret, public_value)
    drawn = {i for part in result["strata"].values() for i in part["order"]}
    assert not drawn & excluded


@SETTINGS
@given(st.binary(min_size=32, max_size=32), st.text(min_size=1, max_size=12), candidate_lists(),
       st.one_of(st.none(), st.sampled_from(SPECIALITIES)), st.integers(1, 4),
       st.sampled_from([S.TAG_OFFICER, S.TAG_ASSISTANT]))
def test_officer_constraints(seed, task_id, candidates, speciality, count, tag):
    got = S.draw_officers(seed, task_id, candidates, speciality, count, tag)
    assert got == draw_verify.draw_officers(seed, task_id, candidates, speciality, count, tag)
    eligible = {c["id"]: c for c in candidates if c["eligible"]}
    assert set(got["order"]) == set(eligible) and len(got["order"]) == len(eligible)
    assert set(got["selected"]) <= set(eligible)  # no ineligible (expired, conflicted, rotated-out) person
    assert len(got["selected"]) == len(set(got["selected"])) == min(count, len(eligible))
    holders = [i for i in got["order"] if speciality in eligible[i]["specialities"]]
    if speciality is not None and holders:
        assert got["selected"][0] == holders[0]
        assert got["selected"][1:] == [i for i in got["order"] if i != holders[0]][: count - 1]
    else:
        assert got["selected"] == got["order"][:count]
    should_be_short = len(eligible) < count or (speciality is not None and not holders)
    assert got["short"] == should_be_short and (got["reason"] is not None) == should_be_short


# ---------------------------------------------------------------- tampering


def _bundle(plan):
    document, secret, public_value = plan
    result = S.draw(document, secret, public_value)
    chash = S.commitment_hash(document)
    replacements, draws = [], []
    for stratum, part in result["strata"].items():
        if part["selected"]:
            replacements.append(R.replacement_record(chash, result, replacements, stratum, part["selected"][0],
                                                     "已关停"))
            unit = replacements[-1]["by"] or (part["selected"][1] if len(part["selected"]) > 1 else None)
            if unit is not None:
                candidates = [{"id": f"o{n}", "eligible": n % 3 != 0, "reasons": [] if n % 3 else ["回避"],
                               "specialities": ["辐射"] if n % 2 else []} for n in range(6)]
                draws.append(R.officer_draw_record(chash, result["seed"], f"task-{stratum}", unit, candidates,
                                                   "辐射", 2))
    return R.make_bundle(document, secret, public_value, result, draws, replacements)


def _paths(value, prefix=()):
    """Every leaf of a JSON value as a path of keys/indexes."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))
    else:
        yield prefix


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if value is None:
        return "x"
    if value == "":
        return "x"
    if all(c in "0123456789abcdef" for c in value) and len(value) % 2 == 0:
        return ("1" if value[0] == "0" else "0") + value[1:]  # a changed hex digit / id
    return value + "改"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data())
def test_any_change_to_any_recorded_input_fails_verification(plan, data):
    bundle = _bundle(plan)
    assert S.verify_bundle(bundle) == []
    paths = [p for p in _paths(bundle) if p]
    path = data.draw(st.sampled_from(paths))
    mutated = copy.deepcopy(bundle)
    holder = mutated
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = _changed(holder[path[-1]])
    problems = S.verify_bundle(mutated)
    assert problems, f"changing {path} went unnoticed"
    assert draw_verify.verify_bundle(mutated) == problems
    assert " | " in problems[0]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=4)
    | st.sampled_from(["\ud800", "key", "0" * 64, 1.5]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


def _nodes(value, prefix=()):
    """Every node (leaf or container) below the top of a JSON value."""
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*prefix, index))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data())
def test_garbage_anywhere_is_reported_never_raised(plan, data):
    bundle = _bundle(plan)
    path = data.draw(st.sampled_from(list(_nodes(bundle))))
    holder = bundle
    for step in path[:-1]:
        holder = holder[step]
    new = data.draw(JSON)
    assume(repr(new) != repr(holder[path[-1]]))
    # Leaving records out is not detectable from the bundle alone (docs/draw-algorithm.md §1).
    assume(not (path in {("officer_draws",), ("replacements",)} and new == []))
    holder[path[-1]] = new
    problems = S.verify_bundle(bundle)
    assert problems, f"{path} = {new!r} went unnoticed"
    assert draw_verify.verify_bundle(bundle) == problems


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data())
def test_changing_the_commitment_and_recomputing_its_hash_still_fails(plan, data):
    """Even a forger who recomputes the commitment hash is caught by the seed (and by the
    published hash, which the bundle cannot change)."""
    bundle = _bundle(plan)
    document = bundle["commitment"]
    field = data.draw(st.sampled_from(["quota", "rule", "plan_id", "format"]))
    stratum = sorted(document["quotas"])[0]
    if field == "quota":
        document["quotas"][stratum] += 1
    elif field == "rule":
        document["rules"][stratum]["basis"] += "改"
    elif field == "plan_id":
        document["plan_id"] += "-2"
    else:
        document["public_source"]["format"] = "[0-9]{1,9}"
    bundle["commitment_hash"] = S.commitment_hash(document)
    problems = S.verify_bundle(bundle)
    assert problems and problems[0].startswith("种子不符")


# ---------------------------------------------------------------- statistics


def _ten_unit_plan():
    secret = bytes(range(100, 132))
    document = {
        "version": S.VERSION, "plan_id": "stat", "jurisdiction": "测试县",
        "period": {"start": "2025-01-01", "end": "2025-12-31"}, "cutoff": "2024-12-31T12:00:00+08:00",
        "rules": {"general": {"ratio": None, "per_officer": None, "minimum": 3, "basis": "固定3家"}},
        "quotas": {"general": 3},
        "pool": [{"id": f"{n:032x}", "stratum": "general", "priority": 1} for n in range(1, 11)],
        "public_source": {"kind": "witness", "format": "[0-9]{4}", "description": "4位数字"},
        "secret_hash": S.secret_hash(secret),
    }
    return document, secret


def _within_five_sigma(counts, trials: int, p: Fraction) -> None:
    """|count - n·p| <= 5σ, σ² = n·p·(1-p), compared squared, in exact fractions."""
    mean, variance = trials * p, trials * p * (1 - p)
    for unit, count in counts.items():
        assert (count - mean) ** 2 <= 25 * variance, f"{unit}: {count} draws, expected {mean} ± 5σ"


def test_each_unit_is_drawn_with_the_expected_frequency():
    document, secret = _ten_unit_plan()
    counts = {e["id"]: 0 for e in document["pool"]}
    first = {e["id"]: 0 for e in document["pool"]}
    for n in range(2000):
        selected = S.draw(document, secret, f"{n:04d}")["strata"]["general"]["selected"]
        for unit in selected:
            counts[unit] += 1
        first[selected[0]] += 1
    assert sum(counts.values()) == 6000
    _within_five_sigma(counts, 2000, Fraction(3, 10))  # 600 ± 5·√420 ≈ 600 ± 102
    _within_five_sigma(first, 2000, Fraction(1, 10))  # the rank is uniform too, not only membership


def test_each_officer_is_drawn_with_the_expected_frequency():
    candidates = [{"id": f"officer-{n:02d}", "eligible": True} for n in range(10)]
    counts = {c["id"]: 0 for c in candidates}
    seed = bytes(range(32))
    for n in range(2000):
        for officer in S.draw_officers(seed, f"task-{n}", candidates)["selected"]:
            counts[officer] += 1
    _within_five_sigma(counts, 2000, Fraction(2, 10))
