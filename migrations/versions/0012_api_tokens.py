"""API tokens of machine clients (the secret's hash; the log records issue and revocation)

Revision ID: 0012
Revises: 0011
"""
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from projections.tables import api_tokens

    api_tokens.create(op.get_bind())


def downgrade() -> None:
    from projections.tables import api_tokens

    api_tokens.drop(op.get_bind())
