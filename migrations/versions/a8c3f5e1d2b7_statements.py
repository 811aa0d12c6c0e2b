"""statements: a body's privacy statement, colofon and accessibility statement (issue 11)

One row per body and kind, or with body_id NULL for the register as a whole. Without a row the register shows a
default text; a griffie's or site administrator's change is audited with the text it replaced.

Revision ID: a8c3f5e1d2b7
Revises: b6d1f0c4a8e2
Create Date: 2026-12-03 10:46:11.635588

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8c3f5e1d2b7'
down_revision = 'b6d1f0c4a8e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('privacy', 'colofon', 'accessibility', name='statementkind', native_enum=False,
                              length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_statement_body_id_body')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_statement_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement')),
    sa.UniqueConstraint('body_id', 'kind', name=op.f('uq_statement_body_id'))
    )
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_body_id'), ['body_id'], unique=False)


def downgrade():
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_body_id'))
    op.drop_table('statement')
