"""statistics: indexes for the figures of a period (inspections, problems, dispositions by date)

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# name -> (table, columns); the same Index(...) lines are on the tables in projections/tables.py
INDEXES = {
    # the inspections of a period counted from the index alone (no table rows read)
    "ix_tasks_inspected": ("tasks", ["inspected_on", "category", "on_site", "origin", "jurisdiction_path"]),
    # a problem's or disposition's task category, looked up by id without reading the task row
    "ix_tasks_id_category": ("tasks", ["id", "category"]),
    "ix_tasks_due": ("tasks", ["due"]),
    "ix_problems_found": ("problems", ["found_on"]),
    "ix_problems_closed": ("problems", ["closed_on"]),
    "ix_dispositions_started": ("dispositions", ["started_on"]),
    "ix_dispositions_decided": ("dispositions", ["decided_on"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in reversed(INDEXES.items()):
        op.drop_index(name, table_name=table)
