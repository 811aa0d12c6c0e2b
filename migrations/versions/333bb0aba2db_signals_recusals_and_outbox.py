"""signals, responses, recusals, context notes, mail outbox and rate limit

Signals (meldingen) are never public; the outbox holds e-mails queued in the same transaction as the change
they report; rate_limit_hit counts public submissions per salted client hash, never a raw address.

Revision ID: 333bb0aba2db
Revises: 35998a606840
Create Date: 2026-11-29 09:19:31.737185

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '333bb0aba2db'
down_revision = "7c2f4b9e1a3d"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rate_limit_hit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_limit_hit'))
    )
    with op.batch_alter_table('rate_limit_hit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rate_limit_hit_client_key'), ['client_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_rate_limit_hit_created_at'), ['created_at'], unique=False)

    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=False),
    sa.Column('ref', sa.String(length=60), nullable=True),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_outbox_message_body_id_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_message_dedupe_key'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_ref'), ['ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_sent_at'), ['sent_at'], unique=False)

    op.create_table('context_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=True),
    sa.Column('agreement_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_context_note_agreement_id_agreement')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_context_note_created_by_id_user')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_context_note_declaration_id_declaration')),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_context_note_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_context_note'))
    )
    with op.batch_alter_table('context_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_context_note_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_context_note_declaration_id'), ['declaration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_context_note_politician_id'), ['politician_id'], unique=False)

    op.create_table('recusal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('agenda_item', sa.String(length=300), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_recusal_agreement_id_agreement')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_recusal_created_by_id_user')),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_recusal_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusal'))
    )
    with op.batch_alter_table('recusal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recusal_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recusal_meeting_date'), ['meeting_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_recusal_politician_id'), ['politician_id'], unique=False)

    op.create_table('signal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('received', 'dismissed', 'opened', 'closed', name='signalstatus', native_enum=False, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dismissed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dismissal_reason', sa.Text(), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('response_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.Enum('unfounded', 'declaration_added', 'agreement_made', 'referred', name='signaloutcome', native_enum=False, length=32), nullable=True),
    sa.Column('outcome_basis', sa.Enum('heard', 'period_expired', name='outcomebasis', native_enum=False, length=32), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=True),
    sa.Column('outcome_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('declaration_id', sa.Integer(), nullable=True),
    sa.Column('agreement_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_signal_agreement_id_agreement')),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_signal_body_id_body')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_signal_declaration_id_declaration')),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_signal_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signal'))
    )
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_politician_id'), ['politician_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_status'), ['status'], unique=False)

    op.create_table('signal_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signal_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_signal_response_created_by_id_user')),
    sa.ForeignKeyConstraint(['signal_id'], ['signal.id'], name=op.f('fk_signal_response_signal_id_signal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signal_response')),
    sa.UniqueConstraint('signal_id', name=op.f('uq_signal_response_signal_id'))
    )


def downgrade():
    op.drop_table('signal_response')
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_status'))
        batch_op.drop_index(batch_op.f('ix_signal_received_at'))
        batch_op.drop_index(batch_op.f('ix_signal_politician_id'))
        batch_op.drop_index(batch_op.f('ix_signal_body_id'))

    op.drop_table('signal')
    with op.batch_alter_table('recusal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recusal_politician_id'))
        batch_op.drop_index(batch_op.f('ix_recusal_meeting_date'))
        batch_op.drop_index(batch_op.f('ix_recusal_agreement_id'))

    op.drop_table('recusal')
    with op.batch_alter_table('context_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_context_note_politician_id'))
        batch_op.drop_index(batch_op.f('ix_context_note_declaration_id'))
        batch_op.drop_index(batch_op.f('ix_context_note_agreement_id'))

    op.drop_table('context_note')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_sent_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_ref'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_kind'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_body_id'))

    op.drop_table('outbox_message')
    with op.batch_alter_table('rate_limit_hit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rate_limit_hit_created_at'))
        batch_op.drop_index(batch_op.f('ix_rate_limit_hit_client_key'))

    op.drop_table('rate_limit_hit')
