"""Read model of inspection tasks: where each stands, who goes, what was recorded."""

from __future__ import annotations

from datetime import date

from domain.calendar import local_day
from domain.tasks import InspectionTask
from domain.vocabulary import CATEGORIES

from .base import Batch, Projection, merge_update
from .tables import inspectors, targets, tasks


def _created(batch: Batch, e: InspectionTask.Created) -> None:
    unit = batch.row(targets, e.target_id.hex) or {}
    # A drawn task counts in the stratum it was drawn from; a targeted one in the unit's category.
    category = e.stratum if e.stratum in CATEGORIES else unit.get("category", "")
    batch.insert(tasks, id=e.originator_id.hex, origin=e.origin, plan_id=e.plan_id.hex if e.plan_id else None,
                 target_id=e.target_id.hex, stratum=e.stratum, jurisdiction=e.jurisdiction,
                 jurisdiction_path=batch.path(e.jurisdiction), due=e.due, off_site=e.off_site, officers=[],
                 short=False, shortage="", state="created", created_at=e.timestamp, version=e.originator_version,
                 reference=e.reference, followup_of=e.followup_of.hex if e.followup_of else None,
                 accepted_by=[], records=0, evidence=0, result="", problems=[], updated_at=e.timestamp,
                 category=category, industry=unit.get("industry", ""), brigade=None, inspected_on=None,
                 on_site=None, completed_on=None, closed_on=None)


def _brigade(batch: Batch, officers: list[str]) -> str | None:
    first = batch.row(inspectors, officers[0]) if officers else None
    return first["unit"] if first else None


def _drawn(batch: Batch, e: InspectionTask.OfficersDrawn) -> None:
    if e.record["kind"] != "officer":
        return merge_update(batch, tasks, "id", e, {})
    state = batch.row(tasks, e.originator_id.hex)["state"]
    officers = list(e.record["selected"])
    values = {"officers": officers, "short": e.record["short"], "shortage": e.record["reason"] or "",
              "brigade": _brigade(batch, officers)}
    if state == "created" and not e.record["short"]:
        values["state"] = "assigned"
    merge_update(batch, tasks, "id", e, values)


def _assigned(batch: Batch, e: InspectionTask.OfficersAssigned) -> None:
    row = batch.row(tasks, e.originator_id.hex)
    merge_update(batch, tasks, "id", e, {
        "officers": list(e.officers), "short": False, "shortage": "", "brigade": _brigade(batch, list(e.officers)),
        "accepted_by": [o for o in row["accepted_by"] if o in e.officers],
        "state": "assigned" if row["state"] == "created" else row["state"]})


def _recorded(batch: Batch, e: InspectionTask.InspectionRecorded) -> None:
    row = batch.row(tasks, e.originator_id.hex)
    values = {"records": row["records"] + 1, "state": "inspected"}
    if row["inspected_on"] is None:  # the first record is the inspection; later ones add to it
        values.update(inspected_on=date.fromisoformat(e.record["inspected_on"]), on_site=e.record["on_site"])
    merge_update(batch, tasks, "id", e, values)


def _evidence(batch: Batch, e: InspectionTask.EvidenceAttached) -> None:
    merge_update(batch, tasks, "id", e, {"evidence": batch.row(tasks, e.originator_id.hex)["evidence"] + 1})


def _accepted(batch: Batch, e: InspectionTask.Accepted) -> None:
    current = batch.row(tasks, e.originator_id.hex)["accepted_by"]
    merge_update(batch, tasks, "id", e, {"accepted_by": [*current, e.officer_id], "state": "accepted"})


def _state(state: str, **dates: None):
    return lambda batch, e: merge_update(batch, tasks, "id", e, {"state": state, **dates})


class TasksProjection(Projection):
    name = "tasks"
    tables = (tasks,)
    handlers = {
        InspectionTask.Created: _created,
        InspectionTask.OfficersDrawn: _drawn,
        InspectionTask.OfficersAssigned: _assigned,
        InspectionTask.Dispatched: _state("dispatched"),
        InspectionTask.Accepted: _accepted,
        InspectionTask.InspectionRecorded: _recorded,
        InspectionTask.EvidenceAttached: _evidence,
        InspectionTask.Completed: lambda b, e: merge_update(b, tasks, "id", e, {
            "state": "completed", "result": e.result, "problems": list(e.problems),
            "completed_on": e.completed_on or local_day(e.timestamp)}),
        InspectionTask.Closed: lambda b, e: merge_update(b, tasks, "id", e, {
            "state": "closed", "closed_on": local_day(e.timestamp)}),
        InspectionTask.Reopened: _state("completed", closed_on=None),
        InspectionTask.DueExtended: lambda b, e: merge_update(b, tasks, "id", e, {"due": e.due}),
        InspectionTask.Cancelled: _state("cancelled"),
    }
