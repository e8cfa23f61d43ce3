"""The read tables. Every table here but `credentials` is built from the event log and can
be thrown away and rebuilt (`shuangsui rebuild`); the log itself is never rebuilt."""

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Date, DateTime, Index, Integer, MetaData, false,
                        String, Table, Text)

metadata = MetaData()

positions = Table(
    "projection_positions", metadata,
    Column("name", String(40), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

jurisdictions = Table(
    "jurisdictions", metadata,
    Column("code", String(30), primary_key=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("name", String(50), nullable=False),
    Column("level", String(20), nullable=False),
    Column("parent", String(30)),
    Column("path", String(400), nullable=False),  # "/650000/652300/652301/": scope by prefix
    Column("depth", Integer, nullable=False),
    Column("version", Integer, nullable=False),
)

brigades = Table(
    "brigades", metadata,
    Column("code", String(40), primary_key=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("jurisdiction", String(30), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("covers", JSON, nullable=False),
    Column("vehicles", JSON, nullable=False),
    Column("leader", String(32)),
    Column("members", JSON, nullable=False),
    Column("dissolved", Boolean, nullable=False, default=False),
    Column("version", Integer, nullable=False),
)

targets = Table(
    "targets", metadata,
    Column("id", String(32), primary_key=True),
    Column("credit_code", String(18), nullable=False),
    Column("site", String(100), nullable=False),
    Column("name", String(100), nullable=False),
    Column("jurisdiction", String(30), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("address", String(200), nullable=False),
    Column("industry", String(100), nullable=False),
    Column("permit_no", String(60), nullable=False),
    Column("category", String(10), nullable=False),
    Column("category_year", Integer),
    Column("category_basis", Text, nullable=False),
    Column("special_criteria", JSON, nullable=False),
    Column("exclusion_reason", String(20)),
    Column("exclusion_note", Text, nullable=False),
    Column("positive_list", Boolean, nullable=False),
    Column("fingerprint", String(24), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_targets_code_site", "credit_code", "site", unique=True),
    Index("ix_targets_path", "jurisdiction_path"),
    Index("ix_targets_name", "name"),
    Index("ix_targets_category", "category"),
)

inspectors = Table(
    "inspectors", metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(50), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("cert_no", String(30), nullable=False, unique=True),
    Column("cert_valid_until", Date),
    Column("cert_expired", Boolean, nullable=False),
    Column("unit", String(40), nullable=False),
    Column("unit_path", String(400), nullable=False),
    Column("post", String(50), nullable=False),
    Column("years_of_service", Integer),
    Column("specialities", JSON, nullable=False),
    Column("department", String(80), nullable=False),
    Column("in_draw_pool", Boolean, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("conflicts", JSON, nullable=False),  # {target id hex: relation}
    Column("fingerprint", String(24), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_inspectors_unit", "unit"),
    Index("ix_inspectors_path", "unit_path"),
)

users = Table(
    "users", metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(32), nullable=False, unique=True),
    Column("display_name", String(50), nullable=False),
    Column("role", String(20), nullable=False),
    Column("jurisdiction", String(30)),
    Column("brigade", String(40)),
    Column("disabled", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
)

# One row per event: the full history of every record, in log order.
history = Table(
    "history", metadata,
    Column("position", BigInteger, primary_key=True),
    Column("stream_id", String(32), nullable=False),
    Column("stream_kind", String(20), nullable=False),
    Column("version", Integer, nullable=False),
    Column("event", String(40), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor_id", String(40), nullable=False),
    Column("actor_role", String(20), nullable=False),
    Column("command_id", String(80), nullable=False),
    Column("reason", Text, nullable=False),
    Column("basis", Text, nullable=False),
    Column("payload", JSON, nullable=False),
    Index("ix_history_stream", "stream_id", "version"),
    Index("ix_history_stream_at", "stream_id", "at"),
    Index("ix_history_actor", "actor_id"),  # an officer's full-process record: what they did
    Index("ix_history_event", "event", "position"),  # the reviewer's second look: recent events of a kind
)

plans = Table(
    "plans", metadata,
    Column("id", String(32), primary_key=True),
    Column("title", String(100), nullable=False),
    Column("period_kind", String(10), nullable=False),
    Column("period", String(10), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("jurisdiction", String(30), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("level", String(12), nullable=False),
    Column("brigades", JSON, nullable=False),
    Column("rules", JSON, nullable=False),
    Column("requested", JSON, nullable=False),
    Column("public_source", JSON, nullable=False),
    Column("state", String(12), nullable=False),
    Column("commitment_hash", String(64), nullable=False),
    Column("pool_sizes", JSON, nullable=False),  # stratum -> eligible units at the cut-off
    Column("quotas", JSON, nullable=False),
    Column("minimums", JSON, nullable=False),
    Column("shortfalls", JSON, nullable=False),
    Column("cutoff", String(40), nullable=False),
    Column("public_value", String(200), nullable=False),
    Column("seed", String(64), nullable=False),
    Column("selected", JSON, nullable=False),  # stratum -> [unit ids] (after replacements)
    Column("replacements", JSON, nullable=False),
    Column("void_reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_plans_path", "jurisdiction_path"),
)

tasks = Table(
    "tasks", metadata,
    Column("id", String(32), primary_key=True),
    Column("origin", String(20), nullable=False),  # "random_record" did not fit 12 on PostgreSQL
    Column("plan_id", String(32)),
    Column("target_id", String(32), nullable=False),
    Column("stratum", String(10), nullable=False),
    Column("jurisdiction", String(30), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("due", Date, nullable=False),
    Column("off_site", Boolean, nullable=False),
    Column("officers", JSON, nullable=False),
    Column("short", Boolean, nullable=False),
    Column("shortage", Text, nullable=False),
    Column("state", String(12), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # the lifecycle after the draw (issue 4)
    Column("reference", String(100), nullable=False, server_default=""),
    Column("followup_of", String(32)),
    Column("accepted_by", JSON, nullable=False, server_default="[]"),
    Column("records", Integer, nullable=False, server_default="0"),
    Column("evidence", Integer, nullable=False, server_default="0"),
    Column("result", String(20), nullable=False, server_default=""),
    Column("problems", JSON, nullable=False, server_default="[]"),
    Column("updated_at", DateTime(timezone=True)),
    # what the status board and the statistics count by (issue 5); dates are Asia/Shanghai days
    Column("category", String(10), nullable=False, server_default=""),  # the unit's, when the task was made
    Column("industry", String(100), nullable=False, server_default=""),
    Column("brigade", String(40)),  # the unit of the first officer drawn or assigned
    Column("inspected_on", Date),  # the first inspection record's date
    Column("on_site", Boolean),  # how that inspection was done; None until inspected
    Column("completed_on", Date),
    Column("closed_on", Date),
    Index("ix_tasks_plan", "plan_id"),
    Index("ix_tasks_target", "target_id"),
    Index("ix_tasks_path", "jurisdiction_path"),
    # statistics (0007): the inspections of a period from the index alone; a task's category by id
    Index("ix_tasks_inspected", "inspected_on", "category", "on_site", "origin", "jurisdiction_path"),
    Index("ix_tasks_id_category", "id", "category"),
    Index("ix_tasks_due", "due"),
)

problems = Table(
    "problems", metadata,
    Column("id", String(32), primary_key=True),
    Column("task_id", String(32), nullable=False),
    Column("target_id", String(32), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("category", String(20), nullable=False),
    Column("description", Text, nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("found_on", Date, nullable=False),
    Column("state", String(10), nullable=False),
    # one entry per disposition: {id, kind, state, number, deadline, ended_on}
    Column("dispositions", JSON, nullable=False),
    Column("open_kinds", JSON, nullable=False),  # kinds of the dispositions still open
    Column("next_deadline", Date),
    Column("special_criteria_hit", Boolean, nullable=False),
    Column("suspected_crime", Boolean, nullable=False),
    Column("fines", String(20), nullable=False),  # current decided fines, as a decimal string
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("closed_on", Date),  # the day its last disposition ended
    Column("closed_on_time", Boolean),  # closed, and no disposition ended after its deadline
    Index("ix_problems_task", "task_id"),
    Index("ix_problems_target", "target_id"),
    Index("ix_problems_path", "jurisdiction_path"),
    Index("ix_problems_found", "found_on"),  # statistics (0007)
    Index("ix_problems_closed", "closed_on"),
)

# One row per disposition (the problems projection writes both), so statistics are SQL sums.
dispositions = Table(
    "dispositions", metadata,
    Column("id", String(44), primary_key=True),  # problem id : disposition id
    Column("problem_id", String(32), nullable=False),
    Column("disposition_id", String(10), nullable=False),
    Column("task_id", String(32), nullable=False),
    Column("target_id", String(32), nullable=False),
    Column("jurisdiction_path", String(400), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("state", String(24), nullable=False),
    Column("started_on", Date, nullable=False),
    Column("deadline", Date),
    Column("ended_on", Date),
    Column("number", String(100), nullable=False),  # order / case / document number
    Column("decision_no", String(100), nullable=False),
    Column("decided_on", Date),  # penalty decisions: the current decision's date
    # penalty decisions: the current decided fine, in fen (integers sum exactly on SQLite too)
    Column("fine_fen", BigInteger),
    Column("measure", String(20), nullable=False),  # coercive measure kind / transfer receiver
    Column("provisional", Boolean, nullable=False, server_default=false()),  # deadline counted through an unknown year
    Index("ix_dispositions_path", "jurisdiction_path"),
    Index("ix_dispositions_target", "target_id"),
    Index("ix_dispositions_started", "started_on"),  # statistics (0007)
    Index("ix_dispositions_decided", "decided_on"),
)

# The ledger's checkpoints and signing keys, from their events (domain/ledger.py).
checkpoints = Table(
    "checkpoints", metadata,
    Column("position", BigInteger, primary_key=True),
    Column("id", String(32), nullable=False),
    Column("chain_hash", String(64), nullable=False),
    Column("made_at", String(40), nullable=False),
    Column("key_id", String(32), nullable=False),
    Column("signature", String(128), nullable=False),
    Column("occasion", String(10), nullable=False),
    Column("actor_id", String(40), nullable=False),
    Column("recorded_at", BigInteger, nullable=False),  # the position of the Made event itself
)

signing_keys = Table(
    "signing_keys", metadata,
    Column("key_id", String(32), primary_key=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("public_key", String(64), nullable=False),
    Column("introduced_at", BigInteger, nullable=False),  # position of the Introduced event
    Column("reason", Text, nullable=False),
    Column("retired", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
)

# Not projections: kept outside the event log on purpose, and not rebuilt.
# A draw's secret until the draw is executed (then it is revealed in the Executed event).
draw_secrets = Table(
    "draw_secrets", metadata,
    Column("plan_id", String(32), primary_key=True),
    Column("secret", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The hash chain over every stored event, in log order (projections/ledger.py). Evidence,
# not a view: never emptied by a rebuild; `shuangsui ledger verify-store` checks it.
ledger = Table(
    "ledger", metadata,
    Column("position", BigInteger, primary_key=True),
    Column("stream_id", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("event_hash", String(64), nullable=False),
    Column("stream_hash", String(64), nullable=False),
    Column("chain_hash", String(64), nullable=False),
    Index("ix_ledger_stream", "stream_id", "version", unique=True),
)

# The last end-to-end verifications of the store against its ledger (the health page).
ledger_checks = Table(
    "ledger_checks", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("checked_at", DateTime(timezone=True), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("problem", Text, nullable=False),
    Column("seconds", Integer, nullable=False),
)

# Password hashes stay out of the event log (bundles go to reviewers).
credentials = Table(
    "credentials", metadata,
    Column("username", String(32), primary_key=True),
    Column("password_hash", String(255), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

# API tokens of machine clients (like `credentials`, never rebuilt: the log records only that
# a token was issued or revoked, by whom; the secret's SHA-256 is here and nowhere else).
api_tokens = Table(
    "api_tokens", metadata,
    Column("token_id", String(32), primary_key=True),
    Column("username", String(32), nullable=False, index=True),
    Column("name", String(50), nullable=False),
    Column("secret_sha256", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

REBUILT = [positions, jurisdictions, brigades, targets, inspectors, users, history, plans, tasks, problems,
           dispositions, checkpoints, signing_keys]
