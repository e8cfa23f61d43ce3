"""Read model of inspection tasks: where each stands, who goes, what was recorded."""

from __future__ import annotations

from sqlalchemy import select

from domain.tasks import InspectionTask

from .base import Batch, Projection, merge_update
from .tables import tasks


def _created(batch: Batch, e: InspectionTask.Created) -> None:
    batch.insert(tasks, id=e.originator_id.hex, origin=e.origin, plan_id=e.plan_id.hex if e.plan_id else None,
                 target_id=e.target_id.hex, stratum=e.stratum, jurisdiction=e.jurisdiction,
                 jurisdiction_path=batch.path(e.jurisdiction), due=e.due, off_site=e.off_site, officers=[],
                 short=False, shortage="", state="created", created_at=e.timestamp, version=e.originator_version,
                 reference=e.reference, followup_of=e.followup_of.hex if e.followup_of else None,
                 accepted_by=[], records=0, evidence=0, result="", problems=[], updated_at=e.timestamp)


def _drawn(batch: Batch, e: InspectionTask.OfficersDrawn) -> None:
    if e.record["kind"] != "officer":
        return merge_update(batch, tasks, "id", e, {})
    state = batch.execute(select(tasks.c.state).where(tasks.c.id == e.originator_id.hex)).scalar()
    values = {"officers": list(e.record["selected"]), "short": e.record["short"], "shortage": e.record["reason"] or ""}
    if state == "created" and not e.record["short"]:
        values["state"] = "assigned"
    merge_update(batch, tasks, "id", e, values)


def _assigned(batch: Batch, e: InspectionTask.OfficersAssigned) -> None:
    row = batch.execute(select(tasks.c.state, tasks.c.accepted_by).where(tasks.c.id == e.originator_id.hex)).one()
    merge_update(batch, tasks, "id", e, {
        "officers": list(e.officers), "short": False, "shortage": "",
        "accepted_by": [o for o in row.accepted_by if o in e.officers],
        "state": "assigned" if row.state == "created" else row.state})


def _count(column: str):
    def handler(batch: Batch, e) -> None:
        current = batch.execute(select(tasks.c[column]).where(tasks.c.id == e.originator_id.hex)).scalar()
        values = {column: current + 1}
        if column == "records":
            values["state"] = "inspected"
        merge_update(batch, tasks, "id", e, values)
    return handler


def _accepted(batch: Batch, e: InspectionTask.Accepted) -> None:
    current = batch.execute(select(tasks.c.accepted_by).where(tasks.c.id == e.originator_id.hex)).scalar()
    merge_update(batch, tasks, "id", e, {"accepted_by": [*current, e.officer_id], "state": "accepted"})


def _state(state: str):
    return lambda batch, e: merge_update(batch, tasks, "id", e, {"state": state})


class TasksProjection(Projection):
    name = "tasks"
    tables = (tasks,)
    handlers = {
        InspectionTask.Created: _created,
        InspectionTask.OfficersDrawn: _drawn,
        InspectionTask.OfficersAssigned: _assigned,
        InspectionTask.Dispatched: _state("dispatched"),
        InspectionTask.Accepted: _accepted,
        InspectionTask.InspectionRecorded: _count("records"),
        InspectionTask.EvidenceAttached: _count("evidence"),
        InspectionTask.Completed: lambda b, e: merge_update(b, tasks, "id", e, {
            "state": "completed", "result": e.result, "problems": list(e.problems)}),
        InspectionTask.Closed: _state("closed"),
        InspectionTask.Reopened: _state("completed"),
        InspectionTask.DueExtended: lambda b, e: merge_update(b, tasks, "id", e, {"due": e.due}),
        InspectionTask.Cancelled: _state("cancelled"),
    }
