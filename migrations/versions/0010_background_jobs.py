"""background jobs: their records (from events), their progress, the reminders sent

Revision ID: 0010
Revises: 0009
"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from projections.job_tables import job_progress, jobs, notifications

    bind = op.get_bind()
    for table in (jobs, job_progress, notifications):
        table.create(bind)


def downgrade() -> None:
    from projections.job_tables import job_progress, jobs, notifications

    bind = op.get_bind()
    for table in (notifications, job_progress, jobs):
        table.drop(bind)
