"""problems read table

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "problems",
        sa.Column("id", sa.String(length=32), primary_key=True),
        sa.Column("task_id", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction_path", sa.String(length=400), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("dispositions", sa.JSON(), nullable=False),
        sa.Column("open_kinds", sa.JSON(), nullable=False),
        sa.Column("next_deadline", sa.Date(), nullable=True),
        sa.Column("special_criteria_hit", sa.Boolean(), nullable=False),
        sa.Column("suspected_crime", sa.Boolean(), nullable=False),
        sa.Column("fines", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_problems_task", "problems", ["task_id"])
    op.create_index("ix_problems_target", "problems", ["target_id"])
    op.create_index("ix_problems_path", "problems", ["jurisdiction_path"])


def downgrade() -> None:
    op.drop_table("problems")
