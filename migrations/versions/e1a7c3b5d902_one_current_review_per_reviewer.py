"""one current review per reviewer per declaration version; a changed mind replaces the old review visibly

Revision ID: e1a7c3b5d902
Revises: e5b7d2c4a9f1
Create Date: 2026-12-03 09:00:00.000000

Existing duplicates (the same reviewer reviewing the same version more than once) are not deleted: per reviewer and
version the newest review stays current and each older one is marked as replaced by the next one, at the moment
that one was made. Then a partial unique index allows one current review per reviewer per version.
"""
from itertools import groupby

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a7c3b5d902'
down_revision = 'e5b7d2c4a9f1'
branch_labels = None
depends_on = None

CURRENT = sa.text('replaced_at IS NULL')


def upgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('replaced_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_review_replaced_by_id_review'), 'review', ['replaced_by_id'],
                                    ['id'])
    _mark_duplicates_replaced()
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index('uq_review_current', ['declaration_id', 'version_number', 'reviewer_id'], unique=True,
                              sqlite_where=CURRENT, postgresql_where=CURRENT)


def _mark_duplicates_replaced():
    review = sa.table('review', sa.column('id', sa.Integer), sa.column('declaration_id', sa.Integer),
                      sa.column('version_number', sa.Integer), sa.column('reviewer_id', sa.Integer),
                      sa.column('created_at', sa.DateTime(timezone=True)),
                      sa.column('replaced_at', sa.DateTime(timezone=True)), sa.column('replaced_by_id', sa.Integer))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(review.c.id, review.c.declaration_id, review.c.version_number, review.c.reviewer_id,
                  review.c.created_at)
        .order_by(review.c.declaration_id, review.c.version_number, review.c.reviewer_id, review.c.created_at,
                  review.c.id)).all()
    updates = []
    for _key, group in groupby(rows, key=lambda r: (r.declaration_id, r.version_number, r.reviewer_id)):
        group = list(group)
        updates += [{'b_id': old.id, 'b_at': new.created_at, 'b_by': new.id}
                    for old, new in zip(group, group[1:], strict=False)]
    if updates:
        connection.execute(review.update().where(review.c.id == sa.bindparam('b_id'))
                           .values(replaced_at=sa.bindparam('b_at'), replaced_by_id=sa.bindparam('b_by')), updates)


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index('uq_review_current', sqlite_where=CURRENT, postgresql_where=CURRENT)
        batch_op.drop_constraint(batch_op.f('fk_review_replaced_by_id_review'), type_='foreignkey')
        batch_op.drop_column('replaced_by_id')
        batch_op.drop_column('replaced_at')
