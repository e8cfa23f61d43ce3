"""Read model of problems: where each stands in its closed loop.

The disposition rules live in the domain only: for each event the projector rebuilds the
problem at that event's version (a short stream) and writes the summary its helpers give,
so the board can never disagree with the aggregate about what is open or overdue."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.problems import Problem

from .base import Batch, Projection
from .tables import problems, targets

NUMBER = {"order": "order_no", "case": "case_no", "guidance": "document_no", "coercive": "document_no",
          "transfer": "document_no"}


def summary(problem: Problem) -> dict:
    rows, fines, crime = [], Decimal("0"), False
    for d in problem.dispositions.values():
        facts = d.facts
        decision = facts.get("decision") or {}
        fines += Decimal(str(decision.get("fine") or 0))
        crime = crime or bool(facts.get("suspected_crime"))
        rows.append({"id": d.id, "kind": d.kind, "state": d.state, "number": facts.get(NUMBER.get(d.kind, ""), ""),
                     "decision_no": decision.get("decision_no", ""),
                     "deadline": facts["deadline"].isoformat() if facts.get("deadline") else None,
                     "ended_on": d.ended_on.isoformat() if d.ended_on else None})
    return {"state": problem.state, "dispositions": rows,
            "open_kinds": sorted({d.kind for d in problem.open_dispositions()}),
            "next_deadline": problem.next_deadline(), "special_criteria_hit": problem.special_criteria_hit,
            "suspected_crime": crime, "fines": str(fines)}


class ProblemsProjection(Projection):
    name = "problems"
    tables = (problems,)
    app = None  # set by the projector: the repository rebuilds a problem at a version

    def apply(self, batch: Batch, event, position: int) -> None:
        if not isinstance(event, Problem.Event) or self.app is None:
            return
        problem = self.app.repository.get(event.originator_id, version=event.originator_version)
        values = {**summary(problem), "updated_at": event.timestamp, "version": event.originator_version}
        if event.originator_version == 1:
            path = batch.execute(select(targets.c.jurisdiction_path)
                                 .where(targets.c.id == problem.target_id.hex)).scalar() or "/?/"
            batch.insert(problems, id=problem.id.hex, task_id=problem.task_id.hex, target_id=problem.target_id.hex,
                         jurisdiction_path=path, category=problem.category, description=problem.description,
                         legal_basis=problem.legal_basis, found_on=problem.found_on, **values)
        else:
            batch.execute(problems.update().where(problems.c.id == problem.id.hex).values(**values))
