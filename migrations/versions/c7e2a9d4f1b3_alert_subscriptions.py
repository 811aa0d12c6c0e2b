"""alert subscriptions: follow a politician, fractie or body by e-mail; headers on outbox messages (issue 11)

A subscription row holds the address only for the alerts and is deleted on unsubscribe. Outbox messages get an
optional set of extra headers (List-Unsubscribe, List-Unsubscribe-Post).

Revision ID: c7e2a9d4f1b3
Revises: c7e9a1b3d5f2
Create Date: 2026-12-03 15:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e2a9d4f1b3'
down_revision = 'c7e9a1b3d5f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_key', sa.String(length=64), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('politician_id', sa.Integer(), nullable=True),
    sa.Column('confirm_hash', sa.String(length=64), nullable=True),
    sa.Column('confirm_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('link_nonce', sa.String(length=64), nullable=False),
    sa.Column('unsubscribe_hash', sa.String(length=64), nullable=False),
    sa.Column('last_digest_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_subscription_body_id_body')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_subscription_group_id_group')),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_subscription_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscription')),
    sa.UniqueConstraint('confirm_hash', name=op.f('uq_subscription_confirm_hash')),
    sa.UniqueConstraint('unsubscribe_hash', name=op.f('uq_subscription_unsubscribe_hash'))
    )
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        for column in ('email_key', 'body_id', 'group_id', 'politician_id', 'confirmed_at'):
            batch_op.create_index(batch_op.f(f'ix_subscription_{column}'), [column], unique=False)
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('headers', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('headers')
    with op.batch_alter_table('subscription', schema=None) as batch_op:
        for column in ('confirmed_at', 'politician_id', 'group_id', 'body_id', 'email_key'):
            batch_op.drop_index(batch_op.f(f'ix_subscription_{column}'))
    op.drop_table('subscription')
