"""what the status board and statistics count by: task and problem dates, the dispositions table

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TASK_COLUMNS = (
    sa.Column("category", sa.String(length=10), nullable=False, server_default=""),
    sa.Column("industry", sa.String(length=100), nullable=False, server_default=""),
    sa.Column("brigade", sa.String(length=40), nullable=True),
    sa.Column("inspected_on", sa.Date(), nullable=True),
    sa.Column("on_site", sa.Boolean(), nullable=True),
    sa.Column("completed_on", sa.Date(), nullable=True),
    sa.Column("closed_on", sa.Date(), nullable=True),
)
PROBLEM_COLUMNS = (
    sa.Column("closed_on", sa.Date(), nullable=True),
    sa.Column("closed_on_time", sa.Boolean(), nullable=True),
)


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        for column in TASK_COLUMNS:
            batch.add_column(column)
        # "random_record" (a draw recorded after the fact) is 13 characters
        batch.alter_column("origin", type_=sa.String(length=20), existing_type=sa.String(length=12),
                           existing_nullable=False)
    with op.batch_alter_table("problems") as batch:
        for column in PROBLEM_COLUMNS:
            batch.add_column(column)
    op.create_table(
        "dispositions",
        sa.Column("id", sa.String(length=44), primary_key=True),
        sa.Column("problem_id", sa.String(length=32), nullable=False),
        sa.Column("disposition_id", sa.String(length=10), nullable=False),
        sa.Column("task_id", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=32), nullable=False),
        sa.Column("jurisdiction_path", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("decision_no", sa.String(length=100), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("fine_fen", sa.BigInteger(), nullable=True),
        sa.Column("measure", sa.String(length=20), nullable=False),
    )
    op.create_index("ix_dispositions_path", "dispositions", ["jurisdiction_path"])
    op.create_index("ix_history_actor", "history", ["actor_id"])
    op.create_index("ix_dispositions_target", "dispositions", ["target_id"])
    # The new columns are filled from the log: both projections start again from the beginning.
    op.execute("DELETE FROM tasks")
    op.execute("DELETE FROM problems")
    op.execute("DELETE FROM projection_positions WHERE name IN ('tasks', 'problems')")


def downgrade() -> None:
    op.drop_index("ix_history_actor", table_name="history")
    op.drop_table("dispositions")
    with op.batch_alter_table("problems") as batch:
        for column in reversed(PROBLEM_COLUMNS):
            batch.drop_column(column.name)
    with op.batch_alter_table("tasks") as batch:
        for column in reversed(TASK_COLUMNS):
            batch.drop_column(column.name)
