"""提醒: the reminder job, and the use case that changes the reminder rules.

`send_reminders` runs on a schedule (workers/jobs/periodic.remind). It asks the read side what
is due today (projections/reminders.py), decides who is reminded, and adds one row per person
to `notifications`. The row's key is sha256(rule|subject kind|subject id|occasion|user), and
the insert ignores a key already there, so a second run (or two workers at once) sends nothing
new. Jobs only remind: no deadline or state is changed here.

Who is reminded: the supervisors nearest the subject (of all the supervisors whose scope covers
its jurisdiction, those whose scope reaches deepest: a county's own dispatch group before the
prefecture's detachment, which hears only where a county has no supervisor), for a report the
supervisors of exactly that jurisdiction; and for a task's matters its officers, as far as
they have a login. Users and inspector records are not linked yet; an officer's login is found
by the rule the task pages use (webapp/tasks/queries.officer_of): username = 执法证号, else the
one inspector user of the officer's brigade whose display name is the officer's name.

Webhook: with SHUANGSUI_WEBHOOK_URL set and the rule saying so, a new row is marked `pending`
and POSTed as JSON (one attempt per run, timeout 5 s); `sent` after a 2xx answer and never
again, `failed` after 5 attempts. An attempt is claimed in the database before it is made, so
two workers never post the same row; the key goes along for a receiver that must de-duplicate
(a worker killed between the answer and marking it sent is retried).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import urllib.error
import urllib.request
from collections import Counter
from datetime import date, datetime, timezone

from sqlalchemy import Connection, select, update

from domain.base import Actor, NotFoundError
from domain.calendar import local_day
from domain.organisation import Jurisdiction
from domain.reminder_rules import EVERYWHERE, ReminderRules
from projections.database import write_transaction
from projections.job_tables import notifications
from projections.reminder_tables import reminder_rules
from projections.reminders import Due, RuleBook, due_reminders
from projections.scope import scope_for
from projections.system import System
from projections.tables import inspectors, jurisdictions, users

log = logging.getLogger("shuangsui.reminders")
WEBHOOK_ENV = "SHUANGSUI_WEBHOOK_URL"
WEBHOOK_TIMEOUT = 5.0
WEBHOOK_ATTEMPTS = 5
GIVE_UP_ROUND = 3  # failures in a row that end a round of deliveries (the rest wait for the next)
CHUNK = 500


def notification_key(rule: str, subject_kind: str, subject_id: str, occasion: date, user_id: str) -> str:
    return hashlib.sha256("|".join((rule, subject_kind, subject_id, occasion.isoformat(), user_id))
                          .encode()).hexdigest()


# -- who -----------------------------------------------------------------------------------------
class People:
    """The active supervisors with their scopes, and the inspector logins by officer."""

    def __init__(self, conn: Connection) -> None:
        rows = conn.execute(select(users).where(users.c.disabled.is_(False),
                                                users.c.role.in_(("supervisor", "inspector")))).mappings().all()
        self.supervisors = [(r["username"], r["jurisdiction"], scope_for(conn, r["role"], r["jurisdiction"],
                                                                         r["brigade"]).paths or ())
                            for r in rows if r["role"] == "supervisor"]
        self.logins = self._officer_logins(conn, [r for r in rows if r["role"] == "inspector"])

    @staticmethod
    def _officer_logins(conn: Connection, people: list) -> dict[str, list[str]]:
        """officer id → usernames, by officer_of's rule (certificate number, else unique name)."""
        logins: dict[str, list[str]] = {}
        by_cert = dict(conn.execute(select(inspectors.c.cert_no, inspectors.c.id).where(
            inspectors.c.cert_no.in_([p["username"] for p in people]))).all()) if people else {}
        named = [p for p in people if p["username"] not in by_cert and p["brigade"]]
        found: dict[tuple[str, str], list[str]] = {}
        if named:
            rows = conn.execute(select(inspectors.c.id, inspectors.c.name, inspectors.c.unit).where(
                inspectors.c.name.in_({p["display_name"] for p in named}),
                inspectors.c.unit.in_({p["brigade"] for p in named}))).all()
            for r in rows:
                found.setdefault((r.name, r.unit), []).append(r.id)
        for p in people:
            officer = by_cert.get(p["username"])
            if officer is None:
                same = found.get((p["display_name"], p["brigade"]), [])
                officer = same[0] if len(same) == 1 else None
            if officer is not None:
                logins.setdefault(officer, []).append(p["username"])
        return logins

    def nearest_supervisors(self, path: str) -> list[str]:
        depth = {name: max((len(p) for p in paths if path.startswith(p)), default=0)
                 for name, _j, paths in self.supervisors}
        deepest = max(depth.values(), default=0)
        return sorted(name for name, d in depth.items() if d and d == deepest)

    def of(self, due: Due) -> list[str]:
        if due.jurisdiction is not None:
            chosen = [name for name, code, _p in self.supervisors if code == due.jurisdiction]
        else:
            chosen = self.nearest_supervisors(due.path)
        for officer in due.officers:
            chosen.extend(self.logins.get(officer, ()))
        return sorted(set(chosen))


# -- the job -------------------------------------------------------------------------------------
def send_reminders(system: System, today: date | None = None, now: datetime | None = None) -> int:
    """Add today's reminders; returns how many notifications are new. Then deliver the
    webhook copies still to go."""
    now = now or datetime.now(timezone.utc)
    today = today or local_day(now)
    url = os.environ.get(WEBHOOK_ENV, "").strip()
    with system.engine.connect() as conn:
        book = RuleBook(conn)
        found = due_reminders(conn, today, book)
        people = People(conn)
    rows, seen = [], set()
    for due in found:
        hook = bool(url) and book.rules(due.path)[due.rule]["webhook"]
        for user in people.of(due):
            key = notification_key(due.rule, due.subject_kind, due.subject_id, due.occasion, user)
            if key in seen:
                continue
            seen.add(key)
            rows.append({"key": key, "user_id": user, "rule": due.rule, "subject_kind": due.subject_kind,
                         "subject_id": due.subject_id, "occasion": due.occasion, "message": due.message,
                         "link": due.link, "created_at": now, "read_at": None,
                         "webhook_state": "pending" if hook else "none", "webhook_attempts": 0})
    new = _insert_new(system, rows)
    if new:
        log.info("新增提醒 %s 条：%s", new, dict(Counter(r["rule"] for r in rows)))
    if url:
        deliver_webhooks(system, url)
    return new


def _insert_new(system: System, rows: list[dict]) -> int:
    """Insert the rows whose key is not there yet; how many went in."""
    if not rows:
        return 0
    with system.engine.connect() as conn:  # most keys are usually there already: skip them cheaply
        known = set()
        for start in range(0, len(rows), CHUNK):
            keys = [r["key"] for r in rows[start:start + CHUNK]]
            known.update(conn.execute(select(notifications.c.key).where(notifications.c.key.in_(keys))).scalars())
    fresh = [r for r in rows if r["key"] not in known]
    added = 0
    with write_transaction(system.engine) as conn:
        for start in range(0, len(fresh), CHUNK):
            statement = _ignore_duplicates(conn).returning(notifications.c.id)
            added += len(conn.execute(statement, fresh[start:start + CHUNK]).all())
    return added


def _ignore_duplicates(conn: Connection):
    """INSERT … ON CONFLICT (key) DO NOTHING, in the database's own dialect (another worker
    may have sent the same reminder a moment ago)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(notifications).on_conflict_do_nothing(index_elements=["key"])


# -- the webhook -----------------------------------------------------------------------------------
def deliver_webhooks(system: System, url: str, limit: int = 200) -> dict[str, int]:
    """One attempt for each pending row (oldest first), until three in a row fail:
    {sent, retry, failed}."""
    with system.engine.connect() as conn:
        pending = conn.execute(select(notifications, users.c.display_name)
                               .join_from(notifications, users, users.c.username == notifications.c.user_id,
                                          isouter=True)
                               .where(notifications.c.webhook_state == "pending")
                               .order_by(notifications.c.id).limit(limit)).mappings().all()
    outcome, failing = Counter(), 0
    for row in pending:
        if failing >= GIVE_UP_ROUND:  # the receiver is down: do not wait out a timeout per row
            break
        attempt = row["webhook_attempts"] + 1
        with write_transaction(system.engine) as conn:  # claim this attempt: one worker makes it
            claimed = conn.execute(update(notifications).where(
                notifications.c.id == row["id"], notifications.c.webhook_state == "pending",
                notifications.c.webhook_attempts == row["webhook_attempts"]).values(webhook_attempts=attempt)).rowcount
        if not claimed:
            continue
        error = _post(url, _payload(row))
        state = "sent" if error is None else ("failed" if attempt >= WEBHOOK_ATTEMPTS else "pending")
        with write_transaction(system.engine) as conn:
            conn.execute(update(notifications).where(notifications.c.id == row["id"]).values(webhook_state=state))
        if error is not None:
            log.warning("提醒推送失败（第%s次，%s）：%s", attempt, "不再重试" if state == "failed" else "下次重试", error)
        failing = 0 if error is None else failing + 1
        outcome["retry" if state == "pending" else state] += 1
    return dict(outcome)


def _payload(row) -> dict:
    return {"id": row["key"], "user": row["user_id"], "user_name": row["display_name"] or "",
            "rule": row["rule"], "subject_kind": row["subject_kind"], "subject_id": row["subject_id"],
            "occasion": row["occasion"].isoformat(), "message": row["message"], "link": row["link"],
            "created_at": row["created_at"].isoformat()}


def _post(url: str, payload: dict) -> str | None:
    """None when the receiver took it (2xx), else why not."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            return None if 200 <= response.status < 300 else f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return str(getattr(error, "reason", error))


# -- the rules ---------------------------------------------------------------------------------------
def rules_of(conn: Connection, jurisdiction: str) -> dict:
    """The jurisdiction's rules as they stand: {rules, row (its own, if any), source (the code
    whose rules apply: itself, one above it, EVERYWHERE; None: the built-in defaults)}."""
    book = RuleBook(conn)
    own = {r["jurisdiction"]: r for r in conn.execute(select(reminder_rules).where(
        reminder_rules.c.jurisdiction.in_((jurisdiction, EVERYWHERE)))).mappings()}
    fallback = EVERYWHERE if EVERYWHERE in own else None
    if jurisdiction == EVERYWHERE:
        return {"rules": book.default, "row": own.get(EVERYWHERE), "source": fallback}
    path = conn.execute(select(jurisdictions.c.path).where(jurisdictions.c.code == jurisdiction)).scalar()
    found = book.source(path)
    source = conn.execute(select(jurisdictions.c.code).where(jurisdictions.c.path == found)).scalar() \
        if found else fallback
    return {"rules": book.rules(path), "row": own.get(jurisdiction), "source": source}


def change_rules(system: System, actor: Actor, command_id: str, *, jurisdiction: str, rules: dict, reason: str):
    """Set a jurisdiction's (or everywhere's) reminder rules: the first change makes its own
    record from the rules it followed until then; later ones change that record."""
    app = system.app
    if jurisdiction != EVERYWHERE and not app.exists(Jurisdiction.create_id(code=jurisdiction)):
        raise NotFoundError(f"辖区“{jurisdiction}”不存在")
    record = ReminderRules.create_id(jurisdiction=jurisdiction)
    if app.exists(record):
        return app.command(ReminderRules, record, "change", actor, command_id, rules=rules, reason=reason)
    system.read_side_up_to_date()  # the rules followed until now are read from the table
    with system.engine.connect() as conn:
        base = rules_of(conn, jurisdiction)["rules"]
    return app.create(ReminderRules, ReminderRules.set, actor, command_id, jurisdiction=jurisdiction,
                      rules=rules, reason=reason, base=base)
