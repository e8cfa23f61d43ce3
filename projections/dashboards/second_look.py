"""A reviewer's second look: the recent draws and how far their record is verified, the
ledger, and the recent changes that deserve a second look — a draw voided or a drawn unit
replaced, officers changed after the draw or assignment, a closed task or problem reopened,
a task cancelled or given more time, a rectification deadline extended, a penalty revised,
a published result corrected or a result withheld.

A draw's record is "verified" when its last event is in the ledger (the hash chain over the
log) and the last whole-store check, which passed, reached it; "signed" when a signed
checkpoint covers it. Recomputing the draw itself is the bundle's job (the plan page offers
it and the standalone verifier). The changes come from the history table (one row per
event), in scope through the record they belong to."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Connection, case, func, select

from domain.calendar import SHANGHAI

from ..ledger_views import status as ledger_status
from ..public_tables import disclosures
from ..scope import Scope
from ..tables import history, inspectors, ledger, plans, problems, targets, tasks, users

# kind -> (stream kind, event name), in the order the page shows them
CHANGES = {
    "void": ("samplingplan", "Voided"), "replacement": ("samplingplan", "UnitReplaced"),
    "reassignment": ("inspectiontask", "OfficersAssigned"), "task_reopened": ("inspectiontask", "Reopened"),
    "problem_reopened": ("problem", "Reopened"), "task_cancelled": ("inspectiontask", "Cancelled"),
    "due_extended": ("inspectiontask", "DueExtended"), "deadline_extended": ("problem", "DeadlineExtended"),
    "decision_revised": ("problem", "DecisionRevised"), "disclosure_corrected": ("disclosure", "Corrected"),
    "disclosure_withheld": ("disclosure", "Withheld"),
}
RECORD = {"samplingplan": "plan", "inspectiontask": "task", "problem": "problem", "disclosure": "disclosure"}
DRAWS = 10
PER_KIND = 20


def reviewer(conn: Connection, scope: Scope, today: date, days: int = 90) -> dict:
    """{"since": date, "draws": [draw], "ledger": ledger_views.status, "changes": {"counts":
    {kind: n}, "rows": {kind: [change]}}}; see draws() and changes() for the shapes."""
    since, chain = today - timedelta(days=days), ledger_status(conn)
    return {"since": since.isoformat(), "days": days, "draws": draws(conn, scope, chain=chain),
            "ledger": chain, "changes": changes(conn, scope, since)}


# -- the draws -----------------------------------------------------------------------------------
def draws(conn: Connection, scope: Scope, n: int = DRAWS, chain: dict | None = None) -> list[dict]:
    """The latest plans past their draft, newest change first: [{id, title, period, jurisdiction,
    state, commitment_hash, executed, public_value, replacements, void_reason, updated_at,
    version, chained_version, chained, checked (True / False: the check failed / None: not yet),
    signed, status: verified | check_failed | chained | unchained}]."""
    rows = [dict(r) for r in conn.execute(
        select(plans.c.id, plans.c.title, plans.c.period, plans.c.jurisdiction, plans.c.state,
               plans.c.commitment_hash, plans.c.seed, plans.c.public_value, plans.c.replacements,
               plans.c.void_reason, plans.c.updated_at, plans.c.version)
        .where(scope.clause(plans.c.jurisdiction_path), plans.c.state != "draft")
        .order_by(plans.c.updated_at.desc(), plans.c.id).limit(n)).mappings()]
    chained = {r.stream_id: (r.version, r.position) for r in conn.execute(
        select(ledger.c.stream_id, func.max(ledger.c.version).label("version"),
               func.max(ledger.c.position).label("position"))
        .where(ledger.c.stream_id.in_([r["id"] for r in rows])).group_by(ledger.c.stream_id))} if rows else {}
    found = ledger_status(conn) if chain is None else chain
    check, mark = found["last_check"], found["last_checkpoint"]
    for r in rows:
        version, position = chained.get(r["id"], (0, None))
        covered = check is not None and position is not None and check["position"] >= position
        r.update(executed=bool(r.pop("seed")), replacements=len(r["replacements"] or []),
                 updated_at=_iso(r["updated_at"]), chained_version=version, chained=version >= r["version"],
                 checked=check["ok"] if covered else None,
                 signed=bool(mark and position is not None and mark["position"] >= position))
        r["status"] = ("unchained" if not r["chained"] else "check_failed" if r["checked"] is False
                       else "verified" if r["checked"] else "chained")
    return rows


# -- the changes -----------------------------------------------------------------------------------
def first_position_since(conn: Connection, moment: datetime) -> int | None:
    """The first position of the log recorded at or after `moment`, found by bisecting the
    primary key (events are recorded in time order): the window is then a range of the key,
    not a scan of the whole history for a time no index covers."""
    lo, hi = conn.execute(select(func.min(history.c.position), func.max(history.c.position))).one()
    if lo is None:
        return None
    found = None
    while lo <= hi:
        row = conn.execute(select(history.c.position, history.c.at).where(history.c.position >= (lo + hi) // 2)
                           .order_by(history.c.position).limit(1)).one()
        if _aware(row.at) >= moment:
            found, hi = row.position, (lo + hi) // 2 - 1
        else:
            lo = row.position + 1
    return found


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _joined():
    """The history joined to the record each row belongs to (its place, its title)."""
    return (history.join(plans, plans.c.id == history.c.stream_id, isouter=True)
            .join(tasks, tasks.c.id == history.c.stream_id, isouter=True)
            .join(problems, problems.c.id == history.c.stream_id, isouter=True)
            .join(disclosures, disclosures.c.id == history.c.stream_id, isouter=True))


def _candidates(conn: Connection, scope: Scope, start: int) -> list[dict]:
    """The rows of the window that may be changes, oldest first: a range of the primary key
    filtered by event name (the first assignment of a targeted task is told apart below)."""
    assigned = history.c.event == "OfficersAssigned"
    query = (select(history.c.position, history.c.stream_kind, history.c.event,
                    case((assigned, history.c.payload), else_=None).label("payload"))
             .where(history.c.position >= start, history.c.event.in_(sorted({e for _, e in CHANGES.values()})))
             .order_by(history.c.position))
    if not scope.unlimited:
        query = query.select_from(_joined()).where(scope.clause(func.coalesce(
            plans.c.jurisdiction_path, tasks.c.jurisdiction_path, problems.c.jurisdiction_path,
            disclosures.c.jurisdiction_path)))
    return [dict(r) for r in conn.execute(query).mappings()]


def _kind(row: dict) -> str | None:
    for kind, (stream, event) in CHANGES.items():
        if row["stream_kind"] == stream and row["event"] == event:
            # officers changed, not given for the first time: someone had been drawn or assigned
            if event == "OfficersAssigned" and not (row["payload"] or {}).get("previous"):
                return None
            return kind
    return None


def changes(conn: Connection, scope: Scope, since: date, per_kind: int = PER_KIND) -> dict:
    """{"counts": {kind: n since `since`}, "rows": {kind: [{position, at, kind, record: {kind, id,
    title}, actor, actor_role, reason, change: {from, to} | None}]}} (the latest per_kind of each)."""
    counts: dict[str, int] = {k: 0 for k in CHANGES}
    latest: dict[int, str] = {}
    start = first_position_since(conn, _moment(since))
    for row in _candidates(conn, scope, start) if start is not None else []:
        kind = _kind(row)
        if kind is None:
            continue
        counts[kind] += 1
        latest[row["position"]] = kind
    kept: dict[str, list[int]] = {k: [] for k in CHANGES}
    for position in sorted(latest, reverse=True):
        if len(kept[latest[position]]) < per_kind:
            kept[latest[position]].append(position)
    wanted = sorted((p for ps in kept.values() for p in ps), reverse=True)
    query = (select(history, plans.c.title.label("plan_title"),
                    func.coalesce(tasks.c.target_id, problems.c.target_id, disclosures.c.target_id).label("unit"),
                    problems.c.description.label("problem"), disclosures.c.task_id.label("disclosed_task"))
             .select_from(_joined()).where(history.c.position.in_(wanted)).order_by(history.c.position.desc()))
    found = [{**r, "kind": latest[r["position"]]} for r in conn.execute(query).mappings()] if wanted else []
    names = _names(conn, found)
    rows: dict[str, list[dict]] = {k: [] for k in CHANGES}
    for r in found:
        rows[r["kind"]].append(_change(r, names))
    return {"counts": counts, "rows": rows}


def _names(conn: Connection, found: list[dict]) -> dict[str, str]:
    """Units and people by name: the units the changes touch, the officers and the actors."""
    ids: set[str] = set()
    for r in found:
        p = r["payload"] or {}
        ids.update(v for v in (r["unit"], r["actor_id"], p.get("replaced"), p.get("replacement")) if v)
        ids.update(p.get("officers") or [])
        ids.update(p.get("previous") or [] if isinstance(p.get("previous"), list) else [])
    if not ids:
        return {}
    wanted = sorted(ids)
    names = dict(conn.execute(select(targets.c.id, targets.c.name).where(targets.c.id.in_(wanted))).all())
    names.update(conn.execute(select(inspectors.c.id, inspectors.c.name).where(inspectors.c.id.in_(wanted))).all())
    names.update(conn.execute(select(users.c.username, users.c.display_name)
                              .where(users.c.username.in_(wanted))).all())
    return names


def _change(r: dict, names: dict[str, str]) -> dict:
    p, kind = r["payload"] or {}, r["kind"]
    record = RECORD[r["stream_kind"]]
    title = {"plan": r["plan_title"], "problem": r["problem"]}.get(record) or names.get(r["unit"] or "", "")
    people = lambda ids: [names.get(i, i) for i in ids or []]  # noqa: E731
    change = {"reassignment": lambda: {"from": people(p.get("previous")), "to": people(p.get("officers"))},
              "replacement": lambda: {"from": names.get(p.get("replaced"), p.get("replaced")),
                                      "to": names.get(p.get("replacement"), p.get("replacement"))},
              "due_extended": lambda: {"from": p.get("previous"), "to": p.get("due")},
              "deadline_extended": lambda: {"from": p.get("previous_deadline"), "to": p.get("deadline")},
              "decision_revised": lambda: {"from": (p.get("previous") or {}).get("fine"), "to": p.get("fine")},
              }.get(kind)
    return {"position": r["position"], "at": _iso(r["at"]), "kind": kind,
            "record": {"kind": record, "id": r["disclosed_task"] if record == "disclosure" else r["stream_id"],
                       "title": title},
            "actor": names.get(r["actor_id"], r["actor_id"]), "actor_role": r["actor_role"], "reason": r["reason"],
            "change": change() if change else None}


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, SHANGHAI).astimezone(timezone.utc)


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:  # SQLite: stored as UTC, read back naive
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()
