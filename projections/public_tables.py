"""The read tables of 一公开 (disclosure, credit, special supervision, corrections) and of
the working-day calendar. Built from the event log like the others (projections/tables.py)."""

from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, DateTime, Index, Integer, String, Table, Text

from .tables import metadata

# The holiday schedules an administrator recorded (domain/holiday_schedule.py), by year.
calendar_years = Table(
    "calendar_years", metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("id", String(32), nullable=False),
    Column("holidays", JSON, nullable=False),  # ISO dates
    Column("workdays", JSON, nullable=False),  # ISO dates: weekend days worked (调休上班)
    Column("notice", String(200), nullable=False),
    Column("recorded_by", String(40), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

# One row per completed task: its disclosure obligation and where it stands. The id is the
# disclosure's aggregate id (domain.disclosure.Disclosure.create_id(task id)); the row exists
# from the task's completion, before anyone reviews it.
disclosures = Table(
    "disclosures", metadata,
    Column("id", String(32), primary_key=True),
    Column("task_id", String(32), nullable=False, unique=True),
    Column("target_id", String(32), nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("category", String(20), nullable=False),  # the task's category (污染源类型)
    Column("origin", String(20), nullable=False),
    Column("inspected_on", Date),  # 检查时间
    Column("completed_on", Date, nullable=False),
    Column("due", Date, nullable=False),  # 20 working days after completion
    Column("provisional", Boolean, nullable=False),  # counted through a year with no known schedule
    Column("state", String(10), nullable=False),  # pending / reviewed / published / withheld
    Column("phrase", String(20), nullable=False),
    Column("text", String(200), nullable=False),  # 检查结果 as published
    Column("description", Text, nullable=False),  # 情况说明
    Column("reviewed_by", String(40), nullable=False),
    Column("reviewed_on", Date),
    Column("published_on", Date),
    Column("notice", String(200), nullable=False),
    Column("on_time", Boolean),  # published (or withheld) by the due date; None while open
    Column("withheld_ground", String(20), nullable=False),
    Column("withheld_reason", Text, nullable=False),
    Column("withheld_by", String(100), nullable=False),
    Column("withheld_on", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),  # the disclosure aggregate's version (0: none yet)
    Index("ix_disclosures_path", "jurisdiction_path"),
    Index("ix_disclosures_due", "due"),
    Index("ix_disclosures_inspected", "inspected_on"),
    Index("ix_disclosures_published", "published_on"),
    Index("ix_disclosures_target", "target_id"),
)

# One row per penalty decision in force (a revision replaces the decision it revises): what
# is pushed to the national credit system and shown on the unit's public page until
# publish_until (domain/credit.py says how long).
credit_entries = Table(
    "credit_entries", metadata,
    Column("id", String(44), primary_key=True),  # problem id : disposition id
    Column("problem_id", String(32), nullable=False),
    Column("task_id", String(32), nullable=False),
    Column("target_id", String(32), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("decision_no", String(100), nullable=False),
    Column("issuing_body", String(100), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("facts", Text, nullable=False),  # 违法事实: the problem's description
    Column("legal_basis", Text, nullable=False),
    Column("fine_fen", BigInteger, nullable=False),
    Column("other_sanctions", JSON, nullable=False),
    Column("publish_until", Date, nullable=False),
    Column("revised", Boolean, nullable=False),  # replaced an earlier decision (hearing, review, court)
    Column("version", Integer, nullable=False),
    Index("ix_credit_target", "target_id"),
    Index("ix_credit_decided", "decided_on"),
    Index("ix_credit_path", "jurisdiction_path"),
)

# The joint review meetings' decisions on the special list (domain/special_review.py).
special_reviews = Table(
    "special_reviews", metadata,
    Column("id", String(32), primary_key=True),
    Column("jurisdiction", String(40), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("year", Integer, nullable=False),
    Column("reference", String(200), nullable=False),
    Column("meeting_on", Date, nullable=False),
    Column("units", JSON, nullable=False),  # [{target_id, criteria}]
    Column("decided_by", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_special_reviews_year", "year"),
)

# Reports of a data error from the public (domain/corrections.py). `contact` is for the answer
# only and never leaves the supervisors' pages.
corrections = Table(
    "corrections", metadata,
    Column("id", String(32), primary_key=True),
    Column("target_id", String(32), nullable=False),
    Column("jurisdiction", String(40), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("subject", String(10), nullable=False),
    Column("details", Text, nullable=False),
    Column("contact", String(100), nullable=False),
    Column("state", String(10), nullable=False),
    Column("submitted_on", Date, nullable=False),
    Column("handled_by", String(40), nullable=False),
    Column("answer", Text, nullable=False),
    Column("corrected", Boolean),
    Column("resolved_on", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_corrections_path", "jurisdiction_path"),
    Index("ix_corrections_state", "state"),
)

PUBLIC_REBUILT = [calendar_years, disclosures, credit_entries, special_reviews, corrections]
