"""Read model of the joint review meetings' special lists and of the public's reports of
data errors (纠错), each where it stands."""

from __future__ import annotations

from domain.corrections import Correction
from domain.special_review import SpecialReview

from .base import Batch, Projection
from .public_tables import corrections, special_reviews


def _decided(batch: Batch, e: SpecialReview.Decided) -> None:
    batch.insert(special_reviews, id=e.originator_id.hex, jurisdiction=e.jurisdiction,
                 jurisdiction_path=batch.path(e.jurisdiction), year=e.year, reference=e.reference,
                 meeting_on=e.meeting_on, units=list(e.units), decided_by=e.actor_id, version=e.originator_version)


def _submitted(batch: Batch, e: Correction.Submitted) -> None:
    batch.insert(corrections, id=e.originator_id.hex, target_id=e.target_id.hex, jurisdiction=e.jurisdiction,
                 jurisdiction_path=batch.path(e.jurisdiction), subject=e.subject, details=e.details,
                 contact=e.contact, state="submitted", submitted_on=e.submitted_on, handled_by="", answer="",
                 corrected=None, resolved_on=None, updated_at=e.timestamp, version=e.originator_version)


def _moved(state: str):
    def handler(batch: Batch, e) -> None:
        values = {"state": state, "handled_by": e.actor_id, "updated_at": e.timestamp,
                  "version": e.originator_version}
        if state == "resolved":
            values.update(answer=e.answer, corrected=e.corrected, resolved_on=e.resolved_on)
        elif state == "rejected":
            values.update(answer=e.reason, corrected=False, resolved_on=e.resolved_on)
        elif e.note:
            values["answer"] = e.note
        batch.update(corrections, e.originator_id.hex, **values)
    return handler


class PublicRecordsProjection(Projection):
    name = "public_records"
    tables = (special_reviews, corrections)
    handlers = {
        SpecialReview.Decided: _decided,
        Correction.Submitted: _submitted,
        Correction.Accepted: _moved("accepted"),
        Correction.Resolved: _moved("resolved"),
        Correction.Rejected: _moved("rejected"),
    }


