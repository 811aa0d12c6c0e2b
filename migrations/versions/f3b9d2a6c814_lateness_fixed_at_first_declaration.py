"""lateness fixed at first declaration; a reviewer may accept a corrected start date

Revision ID: f3b9d2a6c814
Revises: e1a7c3b5d902
Create Date: 2026-12-03 11:00:00.000000

Existing declarations get what was due from their first published version: its start date, and the politician's
term start and the body's deadline as they are now (their earlier values were not kept). A start date corrected
before this migration therefore no longer changes the lateness.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3b9d2a6c814'
down_revision = 'e1a7c3b5d902'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('declared_started_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('declared_term_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('declared_deadline_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('counted_started_on', sa.Date(), nullable=True))
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_started_on', sa.Date(), nullable=True))
    _fix_from_first_publication()


def _fix_from_first_publication():
    """One UPDATE with correlated subqueries (the national register: about 50,000 declarations)."""
    declaration = sa.table('declaration', sa.column('id', sa.Integer), sa.column('politician_id', sa.Integer),
                           sa.column('declared_at', sa.DateTime(timezone=True)),
                           sa.column('declared_started_on', sa.Date), sa.column('declared_term_start', sa.Date),
                           sa.column('declared_deadline_days', sa.Integer), sa.column('counted_started_on', sa.Date))
    version = sa.table('declaration_version', sa.column('declaration_id', sa.Integer), sa.column('number', sa.Integer),
                       sa.column('started_on', sa.Date), sa.column('published_at', sa.DateTime(timezone=True)))
    politician = sa.table('politician', sa.column('id', sa.Integer), sa.column('body_id', sa.Integer),
                          sa.column('term_start', sa.Date))
    body = sa.table('body', sa.column('id', sa.Integer), sa.column('declaration_deadline_days', sa.Integer))
    first_start = (sa.select(version.c.started_on)
                   .where(version.c.declaration_id == declaration.c.id, version.c.published_at.is_not(None))
                   .order_by(version.c.number).limit(1).scalar_subquery())
    term_start = sa.select(politician.c.term_start).where(politician.c.id == declaration.c.politician_id) \
        .scalar_subquery()
    deadline = (sa.select(body.c.declaration_deadline_days)
                .select_from(politician.join(body, body.c.id == politician.c.body_id))
                .where(politician.c.id == declaration.c.politician_id).scalar_subquery())
    op.get_bind().execute(declaration.update().where(declaration.c.declared_at.is_not(None)).values(
        declared_started_on=first_start, counted_started_on=first_start, declared_term_start=term_start,
        declared_deadline_days=deadline))


def downgrade():
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): recreating `declaration` would fail on SQLite while other
    # tables' rows refer to it.
    with op.batch_alter_table('review', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('accepted_started_on')
    with op.batch_alter_table('declaration', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('counted_started_on')
        batch_op.drop_column('declared_deadline_days')
        batch_op.drop_column('declared_term_start')
        batch_op.drop_column('declared_started_on')
