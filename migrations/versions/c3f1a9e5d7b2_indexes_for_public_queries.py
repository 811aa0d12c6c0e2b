"""indexes for the public queries at national scale

Revision ID: c3f1a9e5d7b2
Revises: a7e3c1d95b20
Create Date: 2026-11-30 18:30:00.000000

(Filled in by the index review; see bench/indexes.md.)
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f1a9e5d7b2'
down_revision = 'a7e3c1d95b20'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
