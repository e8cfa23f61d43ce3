"""task lifecycle columns

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (
    sa.Column("reference", sa.String(length=100), nullable=False, server_default=""),
    sa.Column("followup_of", sa.String(length=32), nullable=True),
    sa.Column("accepted_by", sa.JSON(), nullable=False, server_default="[]"),
    sa.Column("records", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("evidence", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("result", sa.String(length=20), nullable=False, server_default=""),
    sa.Column("problems", sa.JSON(), nullable=False, server_default="[]"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
)


def upgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        for column in COLUMNS:
            batch.add_column(column)
    # From here the tasks table belongs to its own projection ("tasks"), which starts at the
    # beginning of the log and fills it again: rows the plans projection wrote must go.
    op.execute("DELETE FROM tasks")


def downgrade() -> None:
    with op.batch_alter_table("tasks") as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column.name)
