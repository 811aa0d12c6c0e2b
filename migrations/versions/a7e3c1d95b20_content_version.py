"""content_version: the data version of the public register (HTTP caching, per-worker response cache)

Revision ID: a7e3c1d95b20
Revises: 933e029f19c0
Create Date: 2026-11-29 10:30:00.000000

One row (id 1) whose counter every change to public data bumps in its own transaction (register/cache.py).
Workers read it per request to build ETags and response-cache keys, so no worker serves a stale page.
"""
from datetime import datetime, UTC

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7e3c1d95b20'
down_revision = '933e029f19c0'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('content_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version'))
    )
    op.bulk_insert(table, [{"id": 1, "version": 1, "changed_at": datetime.now(UTC)}])


def downgrade():
    op.drop_table('content_version')
