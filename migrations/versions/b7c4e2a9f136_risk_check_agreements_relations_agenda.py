"""risk check, structured agreements, the body's relations with organisations, agendas and matches (issue 16)

Existing agreement versions become kind "vrij" (free text) through the server default. Politician.portfolio is
the executive's portfolio as topics (also planned by issue 12 A: one column, whichever branch lands first).

Revision ID: b7c4e2a9f136
Revises: e5a1c7d2b9f4
Create Date: 2026-12-03 07:54:14.486416

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c4e2a9f136'
down_revision = 'e5a1c7d2b9f4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_data_import_body_id_body')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_data_import_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_import'))
    )
    with op.batch_alter_table('data_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_data_import_body_id'), ['body_id'], unique=False)

    op.create_table('risk_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.Enum('declaration', 'on_demand', 'portfolio', 'confirmation', name='checktrigger', native_enum=False, length=32), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=True),
    sa.Column('office', sa.Enum('raadslid', 'wethouder', 'burgemeester', 'burgerlid', 'statenlid', 'gedeputeerde', 'commissaris', 'ab_lid', 'db_lid', 'dijkgraaf', name='office', native_enum=False, length=32), nullable=False),
    sa.Column('portfolio', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_risk_check_created_by_id_user')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_risk_check_declaration_id_declaration')),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_risk_check_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_check'))
    )
    with op.batch_alter_table('risk_check', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_check_completed_at'), ['completed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_check_politician_id'), ['politician_id'], unique=False)

    op.create_table('agreement_organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organisation_key', sa.String(length=200), nullable=False),
    sa.Column('kvk_number', sa.String(length=8), nullable=True),
    sa.ForeignKeyConstraint(['agreement_version_id'], ['agreement_version.id'], name=op.f('fk_agreement_organisation_agreement_version_id_agreement_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_organisation'))
    )
    with op.batch_alter_table('agreement_organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_organisation_agreement_version_id'), ['agreement_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_organisation_kvk_number'), ['kvk_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_organisation_organisation_key'), ['organisation_key'], unique=False)

    op.create_table('body_relation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('organisation_key', sa.String(length=200), nullable=False),
    sa.Column('kvk_number', sa.String(length=8), nullable=True),
    sa.Column('kind', sa.Enum('subsidie', 'opdracht', 'vergunning', 'garantie', 'lening', name='relationkind', native_enum=False, length=32), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_body_relation_body_id_body')),
    sa.ForeignKeyConstraint(['import_id'], ['data_import.id'], name=op.f('fk_body_relation_import_id_data_import')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_relation')),
    sa.UniqueConstraint('body_id', 'fingerprint', name=op.f('uq_body_relation_body_id'))
    )
    with op.batch_alter_table('body_relation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_relation_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_relation_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_relation_kvk_number'), ['kvk_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_relation_organisation_key'), ['organisation_key'], unique=False)

    op.create_table('import_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_import_upload_body_id_body')),
    sa.ForeignKeyConstraint(['import_id'], ['data_import.id'], name=op.f('fk_import_upload_import_id_data_import')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_import_upload_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_upload'))
    )
    with op.batch_alter_table('import_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_upload_body_id'), ['body_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_meeting_body_id_body')),
    sa.ForeignKeyConstraint(['import_id'], ['data_import.id'], name=op.f('fk_meeting_import_id_data_import')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting')),
    sa.UniqueConstraint('body_id', 'key', name=op.f('uq_meeting_body_id'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_date'), ['date'], unique=False)

    op.create_table('risk_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=40), nullable=False),
    sa.Column('answer', sa.Enum('yes', 'no', 'unknown', name='answervalue', native_enum=False, length=32), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['check_id'], ['risk_check.id'], name=op.f('fk_risk_answer_check_id_risk_check')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_risk_answer_declaration_id_declaration')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_risk_answer_resolved_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_answer')),
    sa.UniqueConstraint('check_id', 'question', name=op.f('uq_risk_answer_check_id'))
    )
    with op.batch_alter_table('risk_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_answer_check_id'), ['check_id'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('organisations', sa.JSON(), nullable=True),
    sa.Column('kvk_numbers', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_agenda_item_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item')),
    sa.UniqueConstraint('meeting_id', 'key', name=op.f('uq_agenda_item_meeting_id'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('risk_answer_agreement',
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_risk_answer_agreement_agreement_id_agreement')),
    sa.ForeignKeyConstraint(['answer_id'], ['risk_answer.id'], name=op.f('fk_risk_answer_agreement_answer_id_risk_answer')),
    sa.PrimaryKeyConstraint('answer_id', 'agreement_id', name=op.f('pk_risk_answer_agreement'))
    )
    with op.batch_alter_table('risk_answer_agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_answer_agreement_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('agenda_match',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('open', 'recused', 'not_applicable', 'dismissed', name='matchstatus', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('recusal_id', sa.Integer(), nullable=True),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_agenda_match_agenda_item_id_agenda_item')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_agenda_match_decided_by_id_user')),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_agenda_match_politician_id_politician')),
    sa.ForeignKeyConstraint(['recusal_id'], ['recusal.id'], name=op.f('fk_agenda_match_recusal_id_recusal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_match')),
    sa.UniqueConstraint('agenda_item_id', 'politician_id', name=op.f('uq_agenda_match_agenda_item_id')),
    sa.UniqueConstraint('recusal_id', name=op.f('uq_agenda_match_recusal_id'))
    )
    with op.batch_alter_table('agenda_match', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_match_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_match_politician_id'), ['politician_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_match_status'), ['status'], unique=False)

    op.create_table('match_suppression',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_match_suppression_created_by_id_user')),
    sa.ForeignKeyConstraint(['match_id'], ['agenda_match.id'], name=op.f('fk_match_suppression_match_id_agenda_match')),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_match_suppression_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_suppression')),
    sa.UniqueConstraint('politician_id', 'term', name=op.f('uq_match_suppression_politician_id'))
    )
    with op.batch_alter_table('match_suppression', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_suppression_politician_id'), ['politician_id'], unique=False)

    with op.batch_alter_table('agreement_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('melden', 'onthouden', 'poortwachter', 'portefeuille', 'afstoten', 'afkoelen', 'derde', 'contact', 'geschenken', 'vrij', name='agreementkind', native_enum=False, length=32), server_default='vrij', nullable=False))
        batch_op.add_column(sa.Column('topics', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('gatekeeper', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('replacement', sa.String(length=200), nullable=True))

    with op.batch_alter_table('politician', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portfolio', sa.Text(), nullable=True))



def downgrade():
    # ALTER TABLE ... DROP COLUMN in place (SQLite 3.35+), not a copy of the table: other tables refer to these two,
    # and SQLite with foreign keys on refuses to drop a referenced table that has rows.
    with op.batch_alter_table('politician', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('portfolio')

    with op.batch_alter_table('agreement_version', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('replacement')
        batch_op.drop_column('gatekeeper')
        batch_op.drop_column('topics')
        batch_op.drop_column('kind')

    with op.batch_alter_table('match_suppression', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_suppression_politician_id'))

    op.drop_table('match_suppression')
    with op.batch_alter_table('agenda_match', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_match_status'))
        batch_op.drop_index(batch_op.f('ix_agenda_match_politician_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_match_agenda_item_id'))

    op.drop_table('agenda_match')
    with op.batch_alter_table('risk_answer_agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_answer_agreement_agreement_id'))

    op.drop_table('risk_answer_agreement')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_meeting_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('risk_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_answer_check_id'))

    op.drop_table('risk_answer')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_date'))
        batch_op.drop_index(batch_op.f('ix_meeting_body_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('import_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_upload_body_id'))

    op.drop_table('import_upload')
    with op.batch_alter_table('body_relation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_relation_organisation_key'))
        batch_op.drop_index(batch_op.f('ix_body_relation_kvk_number'))
        batch_op.drop_index(batch_op.f('ix_body_relation_import_id'))
        batch_op.drop_index(batch_op.f('ix_body_relation_body_id'))

    op.drop_table('body_relation')
    with op.batch_alter_table('agreement_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_organisation_organisation_key'))
        batch_op.drop_index(batch_op.f('ix_agreement_organisation_kvk_number'))
        batch_op.drop_index(batch_op.f('ix_agreement_organisation_agreement_version_id'))

    op.drop_table('agreement_organisation')
    with op.batch_alter_table('risk_check', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_check_politician_id'))
        batch_op.drop_index(batch_op.f('ix_risk_check_completed_at'))

    op.drop_table('risk_check')
    with op.batch_alter_table('data_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_data_import_body_id'))

    op.drop_table('data_import')
