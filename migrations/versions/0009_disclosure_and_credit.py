"""一公开: disclosures, credit entries, special reviews, corrections, recorded holiday schedules;
dispositions remember whether their deadline is provisional

Revision ID: 0009
Revises: 0008

The new tables are filled by the projector from the log. Existing tasks' disclosure rows
come from their Completed events, and dispositions' provisional flags from the problems'
events, so both projections start again from the beginning (their positions are removed).
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from projections.public_tables import PUBLIC_REBUILT

    bind = op.get_bind()
    for table in PUBLIC_REBUILT:
        table.create(bind)
    op.add_column("dispositions", sa.Column("provisional", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    for name in ("tasks", "problems"):
        op.execute(f"DELETE FROM {name}")
    op.execute("DELETE FROM dispositions")
    op.execute("DELETE FROM projection_positions WHERE name IN ('tasks', 'problems', 'publication')")


def downgrade() -> None:
    from projections.public_tables import PUBLIC_REBUILT

    bind = op.get_bind()
    for table in reversed(PUBLIC_REBUILT):
        table.drop(bind)
    op.drop_column("dispositions", "provisional")
