"""The reminder rules as the reminder job and the rules page read them: one row per
jurisdiction that has rules of its own, and one for everywhere else (code "*")."""

from sqlalchemy import JSON, Column, DateTime, Integer, String, Table, Text

from .tables import metadata

reminder_rules = Table(
    "reminder_rules", metadata,
    Column("id", String(32), primary_key=True),
    Column("jurisdiction", String(30), nullable=False, unique=True),  # a code, or "*"
    Column("rules", JSON, nullable=False),  # {kind: {enabled, days, webhook}}, every kind
    Column("reason", Text, nullable=False),  # of the last change
    Column("changed_by", String(40), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

REMINDER_REBUILT = [reminder_rules]
