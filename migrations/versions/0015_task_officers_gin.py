"""an officer's tasks on PostgreSQL: a GIN index on ((officers::jsonb) jsonb_path_ops)

我的任务 (webapp/tasks/queries.my_tasks) finds an officer's tasks by the JSON list of their
officers. Matched as text (`CAST(officers AS VARCHAR) LIKE '%<id>%'`) that read every task:
31 ms for the province year's 80,017 tasks, half the page's CPU. On PostgreSQL the query now
asks `CAST(officers AS JSONB) @> '["<id>"]'`, which this index serves (1.2 ms on a copy of the
same data). jsonb_path_ops: smaller than the default jsonb_ops and it serves exactly `@>`;
no extension needed (a pg_trgm index would, in every schema the tests make). SQLite keeps the
LIKE, which needs nothing.

Revision ID: 0015
Revises: 0014
"""
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

INDEX = "ix_tasks_officers_gin"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON tasks USING gin ((officers::jsonb) jsonb_path_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
