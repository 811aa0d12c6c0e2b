"""confirmations, retention and response period

Revision ID: 35998a606840
Revises: d0f303bd1820
Create Date: 2026-11-29 09:12:50.242128

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '35998a606840'
down_revision = 'd0f303bd1820'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('nothing_to_declare', sa.Boolean(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_confirmation_confirmed_by_id_user')),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_confirmation_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_confirmation'))
    )
    with op.batch_alter_table('confirmation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_confirmation_confirmed_at'), ['confirmed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_confirmation_politician_id'), ['politician_id'], unique=False)

    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_months', sa.Integer(), server_default='12', nullable=False))
        batch_op.add_column(sa.Column('response_period_days', sa.Integer(), server_default='14', nullable=False))

    with op.batch_alter_table('politician', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_confirmed_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('politician', schema=None) as batch_op:
        batch_op.drop_column('last_confirmed_at')

    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.drop_column('response_period_days')
        batch_op.drop_column('retention_months')

    with op.batch_alter_table('confirmation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_confirmation_politician_id'))
        batch_op.drop_index(batch_op.f('ix_confirmation_confirmed_at'))

    op.drop_table('confirmation')
