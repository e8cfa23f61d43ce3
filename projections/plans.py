"""Read model of sampling plans (their tasks: projections/tasks.py)."""

from __future__ import annotations

from collections import Counter

from domain.plans import SamplingPlan

from .base import Batch, Projection, merge_update
from .tables import plans


def _planned(batch: Batch, e: SamplingPlan.Planned) -> None:
    batch.insert(plans, id=e.originator_id.hex, title=e.title, period_kind=e.period_kind, period=e.period,
                 period_start=e.period_start, period_end=e.period_end, jurisdiction=e.jurisdiction,
                 jurisdiction_path=batch.path(e.jurisdiction), level=e.level, brigades=list(e.brigades),
                 rules=e.rules, requested=e.requested, public_source=e.public_source, state="draft",
                 commitment_hash="", pool_sizes={}, quotas={}, minimums={}, shortfalls={}, cutoff="",
                 public_value="", seed="", selected={}, replacements=[], void_reason="",
                 created_at=e.timestamp, updated_at=e.timestamp, version=e.originator_version)


def _committed(batch: Batch, e: SamplingPlan.Committed) -> None:
    sizes = Counter(entry["stratum"] for entry in e.document["pool"])
    merge_update(batch, plans, "id", e, {
        "state": "committed", "commitment_hash": e.commitment_hash, "pool_sizes": dict(sizes),
        "quotas": e.document["quotas"], "minimums": e.minimums, "shortfalls": e.shortfalls,
        "cutoff": e.document["cutoff"]})


def _replaced(batch: Batch, e: SamplingPlan.UnitReplaced) -> None:
    row = batch.row(plans, e.originator_id.hex)
    selected = {k: list(v) for k, v in row["selected"].items()}
    ids = selected[e.stratum]
    ids[ids.index(e.replaced)] = e.replacement
    replacements = [*row["replacements"], {"stratum": e.stratum, "replaced": e.replaced, "by": e.replacement,
                                        "reason": e.reason, "at": e.timestamp.isoformat()}]
    merge_update(batch, plans, "id", e, {"selected": selected, "replacements": replacements})


class PlansProjection(Projection):
    name = "plans"
    tables = (plans,)
    handlers = {
        SamplingPlan.Planned: _planned,
        SamplingPlan.RulesChanged: lambda b, e: merge_update(b, plans, "id", e, {
            "rules": e.rules, "requested": e.requested}),
        SamplingPlan.Committed: _committed,
        SamplingPlan.Executed: lambda b, e: merge_update(b, plans, "id", e, {
            "state": "executed", "public_value": e.public_value, "seed": e.seed, "selected": e.selected}),
        SamplingPlan.UnitReplaced: _replaced,
        SamplingPlan.Voided: lambda b, e: merge_update(b, plans, "id", e, {"state": "voided", "void_reason": e.reason}),
    }
