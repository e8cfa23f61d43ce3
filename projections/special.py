"""特殊监管对象 (Changji 2025, 附件2): the units the record of year Y−1 proposes for the
special list of year Y, each with the criteria it meets and the events that meet them, and
the joint review meeting's recorded decision of a jurisdiction and year.

The three criteria the record can show (domain.vocabulary.SPECIAL_CRITERIA, first three):
- 刑事犯罪: a case transferred to the police (a transfer with receiver "police"; the domain
  allows a suspected crime only on such a transfer), dated by the transfer;
- 行政处罚金额在20万元及以上: a penalty decision in force dated in Y−1 with a fine of
  200,000 yuan or more (domain.dispositions.PENALTY_THRESHOLD);
- 信访投诉3次及以上: three or more 12369 complaints (targeted tasks of origin "complaint").
A unit belongs to the jurisdiction of its current directory entry: the list is the
directory's, whoever inspected it then."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import Connection, and_, or_, select

from domain.calendar import local_day
from domain.dispositions import PENALTY_THRESHOLD
from domain.vocabulary import SPECIAL_CRITERIA

from .public_tables import special_reviews
from .scope import Scope
from .tables import dispositions, history, jurisdictions, problems, targets, tasks, users

CRIMINAL, PENALTY, COMPLAINTS = SPECIAL_CRITERIA[:3]
PENALTY_FEN = int(PENALTY_THRESHOLD * 100)
COMPLAINTS_NEEDED = 3


@dataclass
class Evidence:
    kind: str  # "problem" or "task": the record page (/record/<kind>/<id>) that shows it
    id: str
    on: date
    number: str  # the transfer's document, the decision's number, the complaint's 12369 number
    amount: Decimal | None = None  # a penalty's fine, in yuan

    @property
    def record(self) -> str:
        return f"/record/{self.kind}/{self.id}"


@dataclass
class Proposal:
    target_id: str
    name: str
    site: str
    credit_code: str
    jurisdiction: str
    jurisdiction_name: str
    category: str  # the unit's current category in the directory
    category_year: int | None
    reasons: dict[str, list[Evidence]] = field(default_factory=dict)  # criterion → its events

    @property
    def criteria(self) -> list[str]:
        return [c for c in SPECIAL_CRITERIA if c in self.reasons]

    def plain(self) -> dict:
        """For JSON: dates and sums as text, each event with its record page."""
        data = asdict(self)
        data["reasons"] = {c: [{**asdict(e), "on": e.on.isoformat(), "record": e.record,
                                "amount": str(e.amount) if e.amount is not None else None} for e in events]
                           for c, events in self.reasons.items()}
        return data


def _year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _in_scope(scope: Scope, column):
    """Events joined to their unit, kept where the unit's current entry is in scope."""
    return and_(targets.c.id == column, scope.clause(targets.c.jurisdiction_path))


def _criminal(conn: Connection, scope: Scope, start: date, end: date):
    query = (select(dispositions.c.target_id, dispositions.c.problem_id, dispositions.c.started_on,
                    dispositions.c.number)
             .select_from(dispositions.join(problems, problems.c.id == dispositions.c.problem_id)
                          .join(targets, _in_scope(scope, dispositions.c.target_id)))
             .where(dispositions.c.kind == "transfer",
                    or_(dispositions.c.measure == "police", problems.c.suspected_crime.is_(True)),
                    dispositions.c.started_on >= start, dispositions.c.started_on <= end))
    for r in conn.execute(query):
        yield r.target_id, CRIMINAL, Evidence("problem", r.problem_id, r.started_on, r.number)


def _penalties(conn: Connection, scope: Scope, start: date, end: date):
    # The dispositions row holds the decision in force (a revision replaces it), as the
    # credit record does: a fine cut below the threshold on review no longer counts.
    query = (select(dispositions.c.target_id, dispositions.c.problem_id, dispositions.c.decided_on,
                    dispositions.c.decision_no, dispositions.c.fine_fen)
             .select_from(dispositions.join(targets, _in_scope(scope, dispositions.c.target_id)))
             .where(dispositions.c.kind == "case", dispositions.c.fine_fen >= PENALTY_FEN,
                    dispositions.c.decided_on >= start, dispositions.c.decided_on <= end))
    for r in conn.execute(query):
        yield r.target_id, PENALTY, Evidence("problem", r.problem_id, r.decided_on, r.decision_no,
                                             Decimal(r.fine_fen).scaleb(-2))


def complaint_day(inspected_on: date | None, created_at: datetime) -> date:
    """The day a complaint counts in. The platform counts a complaint when it is received,
    and the task is opened when it is; but a task entered later (a back-entry, an import)
    is created on the day of entry, while its inspection date is the business date the
    officer recorded, which follows the complaint within the days the platform allows.
    So: the first inspection's date when there is one, else the day the task was made
    (Asia/Shanghai). A complaint received on 28 December and inspected on 3 January counts
    in the new year: the rare cost of a date no back-entry can distort."""
    if inspected_on is not None:
        return inspected_on
    if created_at.tzinfo is None:  # SQLite hands back the stored UTC time without its zone
        created_at = created_at.replace(tzinfo=timezone.utc)
    return local_day(created_at)


def _complaints(conn: Connection, scope: Scope, start: date, end: date):
    # A cancelled task is one entered by mistake (a duplicate, the wrong unit): not a complaint.
    query = (select(tasks.c.id, tasks.c.target_id, tasks.c.reference, tasks.c.inspected_on, tasks.c.created_at)
             .select_from(tasks.join(targets, _in_scope(scope, tasks.c.target_id)))
             .where(tasks.c.origin == "complaint", tasks.c.state != "cancelled",
                    or_(and_(tasks.c.inspected_on >= start, tasks.c.inspected_on <= end),
                        tasks.c.inspected_on.is_(None))))
    found: dict[str, list[Evidence]] = {}
    for r in conn.execute(query):
        day = complaint_day(r.inspected_on, r.created_at)
        if start <= day <= end:
            found.setdefault(r.target_id, []).append(Evidence("task", r.id, day, r.reference))
    for target_id, events in found.items():
        if len(events) >= COMPLAINTS_NEEDED:
            for e in events:
                yield target_id, COMPLAINTS, e


def proposals(conn: Connection, scope: Scope, year: int) -> list[Proposal]:
    """The units of `scope` proposed for year `year`'s special list, from year − 1's record,
    by jurisdiction then name; each reason's events by date."""
    start, end = _year(year - 1)
    hits: dict[str, dict[str, list[Evidence]]] = {}
    for source in (_criminal, _penalties, _complaints):
        for target_id, criterion, evidence in source(conn, scope, start, end):
            hits.setdefault(target_id, {}).setdefault(criterion, []).append(evidence)
    if not hits:
        return []
    rows = conn.execute(select(targets, jurisdictions.c.name.label("place"))
                        .select_from(targets.join(jurisdictions, jurisdictions.c.code == targets.c.jurisdiction))
                        .where(targets.c.id.in_(list(hits)))
                        .order_by(targets.c.jurisdiction_path, targets.c.name, targets.c.site)).mappings()
    return [Proposal(r["id"], r["name"], r["site"], r["credit_code"], r["jurisdiction"], r["place"], r["category"],
                     r["category_year"],
                     {c: sorted(hits[r["id"]][c], key=lambda e: (e.on, e.id))
                      for c in SPECIAL_CRITERIA if c in hits[r["id"]]})
            for r in rows]


# -- units the meeting may add ------------------------------------------------------------------
def units_of(conn: Connection, path: str, *, ids: tuple[str, ...] | list[str] = (), credit_code: str = "") -> list[dict]:
    """Directory entries under `path`, by id or by credit code (one row per site)."""
    where = [targets.c.jurisdiction_path.startswith(path, autoescape=True)]
    where.append(targets.c.id.in_(list(ids)) if ids else targets.c.credit_code == credit_code.strip().upper())
    query = (select(targets.c.id, targets.c.name, targets.c.site, targets.c.credit_code, targets.c.category,
                    targets.c.category_year, targets.c.jurisdiction)
             .where(*where).order_by(targets.c.site))
    return [dict(r) for r in conn.execute(query).mappings()]


# -- the recorded decision ----------------------------------------------------------------------
def decision(conn: Connection, jurisdiction: str, year: int) -> dict | None:
    """The meeting's decision of the jurisdiction and year as recorded: reference, meeting
    day, who recorded it and when, and each unit with its criteria and its entry now."""
    row = conn.execute(select(special_reviews).where(special_reviews.c.jurisdiction == jurisdiction,
                                                     special_reviews.c.year == year)).mappings().one_or_none()
    if row is None:
        return None
    found = dict(row)
    found["recorded_at"] = conn.execute(select(history.c.at).where(history.c.stream_id == row["id"])
                                        .order_by(history.c.position).limit(1)).scalar()
    found["decided_by_name"] = conn.execute(select(users.c.display_name)
                                            .where(users.c.username == row["decided_by"])).scalar() or ""
    ids = [u["target_id"] for u in row["units"]]
    entries = {r["id"]: r for r in conn.execute(
        select(targets.c.id, targets.c.name, targets.c.site, targets.c.credit_code, targets.c.category,
               targets.c.category_year, jurisdictions.c.name.label("place"))
        .select_from(targets.join(jurisdictions, jurisdictions.c.code == targets.c.jurisdiction))
        .where(targets.c.id.in_(ids))).mappings()}
    found["units"] = [{**u, **dict(entries.get(u["target_id"], {}))} for u in row["units"]]
    return found
