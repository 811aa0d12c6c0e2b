"""one register-wide statement per kind: a partial unique index (a unique constraint lets NULL bodies repeat)

The constraint on (body_id, kind) treats every NULL body_id as different on both databases, so two register-wide
privacy statements could be saved at the same moment. Should a database already hold more than one, the most
recently changed stays (every text is in the audit trail with the text it replaced) and the others are removed.

Revision ID: c7e9a1b3d5f2
Revises: a8c3f5e1d2b7
Create Date: 2026-12-03 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c7e9a1b3d5f2'
down_revision = 'a8c3f5e1d2b7'
branch_labels = None
depends_on = None


def upgrade():
    statement = sa.table('statement', sa.column('id', sa.Integer), sa.column('body_id', sa.Integer),
                         sa.column('kind', sa.String), sa.column('updated_at', sa.DateTime))
    connection = op.get_bind()
    rows = connection.execute(sa.select(statement.c.id, statement.c.kind).where(statement.c.body_id.is_(None))
                              .order_by(statement.c.kind, statement.c.updated_at.desc(), statement.c.id.desc()))
    kept, extra = set(), []
    for row in rows:
        (extra.append(row.id) if row.kind in kept else kept.add(row.kind))
    if extra:
        connection.execute(statement.delete().where(statement.c.id.in_(extra)))
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.create_index('uq_statement_register_kind', ['kind'], unique=True,
                              sqlite_where=sa.text('body_id IS NULL'), postgresql_where=sa.text('body_id IS NULL'))


def downgrade():
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_index('uq_statement_register_kind')
