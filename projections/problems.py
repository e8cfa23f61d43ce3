"""Read model of problems: where each stands in its closed loop, and one row per disposition.

The disposition rules live in the domain only: for each event the projector brings the
problem to that event's version and writes the summary its helpers give, so the board can
never disagree with the aggregate about what is open or overdue. The problem is carried
in memory from one event to the next (`Problems`); only a problem it has not seen at the
previous version is read again from the store (after a restart, or a rolled-back batch)."""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal
from uuid import UUID

from domain import credit
from domain.problems import Problem

from .base import Batch, Projection
from .public_tables import credit_entries
from .tables import dispositions, problems, targets

NUMBER = {"order": "order_no", "case": "case_no", "guidance": "document_no", "coercive": "document_no",
          "transfer": "document_no"}
FEN = Decimal(100)


def disposition_row(d) -> dict:
    facts = d.facts
    decision = facts.get("decision") or {}
    fine = decision.get("fine")
    return {"kind": d.kind, "state": d.state, "started_on": d.started_on,
            "deadline": d.deadline if d.kind == "order" else facts.get("deadline"), "provisional": d.provisional,
            "ended_on": d.ended_on, "number": facts.get(NUMBER.get(d.kind, ""), "") or "",
            "decision_no": decision.get("decision_no", ""), "decided_on": decision.get("decided_on"),
            "fine_fen": int(Decimal(str(fine)) * FEN) if fine is not None else None,
            "measure": facts.get("measure") or facts.get("receiver_kind") or ""}


def summary(problem: Problem) -> dict:
    rows, fines, crime = [], Decimal("0"), False
    for d in problem.dispositions.values():
        facts = d.facts
        decision = facts.get("decision") or {}
        fines += Decimal(str(decision.get("fine") or 0))
        crime = crime or bool(facts.get("suspected_crime"))
        rows.append({"id": d.id, "kind": d.kind, "state": d.state, "number": facts.get(NUMBER.get(d.kind, ""), ""),
                     "decision_no": decision.get("decision_no", ""),
                     "deadline": d.deadline.isoformat() if d.deadline else None,
                     "ended_on": d.ended_on.isoformat() if d.ended_on else None})
    closed = problem.state == "closed"
    ends = [d.ended_on for d in problem.dispositions.values() if d.ended_on]
    late = any(d.ended_on and d.deadline and d.ended_on > d.deadline
               for d in problem.dispositions.values())
    return {"state": problem.state, "dispositions": rows,
            "open_kinds": sorted({d.kind for d in problem.open_dispositions()}),
            "next_deadline": problem.next_deadline(), "special_criteria_hit": problem.special_criteria_hit,
            "suspected_crime": crime, "fines": str(fines),
            "closed_on": max(ends) if closed and ends else None, "closed_on_time": (not late) if closed else None}


class Problems:
    """The problems most recently projected, by id, each at the version last applied."""

    def __init__(self, size: int = 20_000):
        self.size = size
        self._held: OrderedDict[UUID, Problem] = OrderedDict()

    def at(self, app, event) -> Problem:
        held = self._held.pop(event.originator_id, None)
        if event.originator_version == 1:
            problem = event.mutate(None)
        elif held is not None and held.version == event.originator_version - 1:
            problem = event.mutate(held)
        else:
            problem = app.repository.get(event.originator_id, version=event.originator_version)
        self._held[event.originator_id] = problem
        if len(self._held) > self.size:
            self._held.popitem(last=False)
        return problem


class ProblemsProjection(Projection):
    name = "problems"
    tables = (problems, dispositions, credit_entries)
    app = None  # set by the projector: the repository rebuilds a problem it does not hold

    def __init__(self) -> None:
        self.held = Problems()

    def apply(self, batch: Batch, event, position: int) -> None:
        if not isinstance(event, Problem.Event) or self.app is None:
            return
        problem = self.held.at(self.app, event)
        values = {**summary(problem), "updated_at": event.timestamp, "version": event.originator_version}
        pid = problem.id.hex
        if event.originator_version == 1:
            path = (batch.row(targets, problem.target_id.hex) or {}).get("jurisdiction_path") or "/?/"
            batch.insert(problems, id=pid, task_id=problem.task_id.hex, target_id=problem.target_id.hex,
                         jurisdiction_path=path, category=problem.category, description=problem.description,
                         legal_basis=problem.legal_basis, found_on=problem.found_on, **values)
            known: set[str] = set()
        else:
            known = {d["id"] for d in batch.row(problems, pid)["dispositions"]}
            batch.update(problems, pid, **values)
        row = batch.row(problems, pid)
        for d in problem.dispositions.values():
            current = disposition_row(d)
            if d.id not in known:
                batch.insert(dispositions, id=f"{pid}:{d.id}", problem_id=pid, disposition_id=d.id,
                             task_id=row["task_id"], target_id=row["target_id"],
                             jurisdiction_path=row["jurisdiction_path"], **current)
                continue
            before = batch.row(dispositions, f"{pid}:{d.id}")
            changed = {k: v for k, v in current.items() if before[k] != v}
            if changed:
                batch.update(dispositions, f"{pid}:{d.id}", **changed)
        for d in problem.dispositions.values():
            decision = d.facts.get("decision") if d.kind == "case" else None
            if decision:
                _credit(batch, row, f"{pid}:{d.id}", decision, len(d.facts.get("decisions") or []) > 1,
                        problem.description, event.originator_version)


def _credit(batch: Batch, problem_row: dict, id: str, decision: dict, revised: bool, facts: str,
            version: int) -> None:
    """The credit record entry of the decision in force (a revision replaces it in place)."""
    values = {**credit.entry(decision, facts), "revised": revised, "version": version}
    before = batch.row(credit_entries, id)
    if before is None:
        batch.insert(credit_entries, id=id, problem_id=problem_row["id"], task_id=problem_row["task_id"],
                     target_id=problem_row["target_id"], jurisdiction_path=problem_row["jurisdiction_path"], **values)
    elif any(before[k] != v for k, v in values.items() if k != "version"):
        batch.update(credit_entries, id, **values)
