"""The tables of background work: jobs (from their events, rebuilt like the others), their
progress (written by the job runner while it works: not events, not rebuilt), and the
reminders sent to people (kept once sent, so a reminder is never sent twice)."""

from sqlalchemy import JSON, BigInteger, Column, Date, DateTime, Index, Integer, String, Text, Table

from .tables import metadata

jobs = Table(
    "jobs", metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("params", JSON, nullable=False),
    Column("state", String(10), nullable=False),  # requested / finished / failed
    Column("requested_by", String(40), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True)),
    Column("attempts", Integer, nullable=False),
    Column("result", JSON, nullable=False),
    Column("error", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_jobs_requested_at", "requested_at"),
    Index("ix_jobs_by", "requested_by"),
)

# Written by workers/jobs/runner.py as a job runs; one row per job (the latest attempt).
job_progress = Table(
    "job_progress", metadata,
    Column("job_id", String(32), primary_key=True),
    Column("attempt", Integer, nullable=False),
    Column("state", String(10), nullable=False),  # queued / running / done / failed
    Column("done", BigInteger, nullable=False),
    Column("total", BigInteger),  # None: not known (yet)
    Column("errors", BigInteger, nullable=False),
    Column("message", Text, nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# 提醒: one row per (rule, subject, occasion, person), made once by the reminder job; the
# unique key is what makes a reminder idempotent. `webhook_*` track the outgoing copy.
notifications = Table(
    "notifications", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, unique=True),  # sha256(rule|subject|occasion|user)
    Column("user_id", String(32), nullable=False),
    Column("rule", String(30), nullable=False),
    Column("subject_kind", String(20), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("occasion", Date, nullable=False),  # the deadline (or day) the reminder is about
    Column("message", Text, nullable=False),
    Column("link", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("read_at", DateTime(timezone=True)),
    Column("webhook_state", String(10), nullable=False),  # none / pending / sent / failed
    Column("webhook_attempts", Integer, nullable=False),
    Index("ix_notifications_user", "user_id", "read_at"),
    Index("ix_notifications_webhook", "webhook_state"),
)

JOB_REBUILT = [jobs]
