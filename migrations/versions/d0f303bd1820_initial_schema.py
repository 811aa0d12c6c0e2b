"""initial schema

Revision ID: d0f303bd1820
Revises: 
Create Date: 2026-11-29 08:47:45.156381

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd0f303bd1820'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.Enum('municipality', 'province', 'water_board', name='bodykind', native_enum=False, length=32), nullable=False),
    sa.Column('declaration_deadline_days', sa.Integer(), nullable=False),
    sa.Column('required_sign_offs', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body')),
    sa.UniqueConstraint('slug', name=op.f('uq_body_slug'))
    )
    op.create_table('group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_group_body_id_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group')),
    sa.UniqueConstraint('body_id', 'slug', name=op.f('uq_group_body_id'))
    )
    with op.batch_alter_table('group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_body_id'), ['body_id'], unique=False)

    op.create_table('politician',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('sort_name', sa.String(length=160), nullable=False),
    sa.Column('office', sa.Enum('raadslid', 'wethouder', 'burgemeester', 'burgerlid', 'statenlid', 'gedeputeerde', 'commissaris', 'ab_lid', 'db_lid', 'dijkgraaf', name='office', native_enum=False, length=32), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_politician_body_id_body')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_politician_group_id_group')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_politician')),
    sa.UniqueConstraint('body_id', 'slug', name=op.f('uq_politician_body_id'))
    )
    with op.batch_alter_table('politician', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_politician_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_politician_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_politician_sort_name'), ['sort_name'], unique=False)

    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'changes_requested', 'signed_off', 'ended', name='agreementstatus', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('current_number', sa.Integer(), nullable=False),
    sa.Column('signed_number', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_agreement_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement'))
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_politician_id'), ['politician_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_status'), ['status'], unique=False)

    op.create_table('declaration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('side_job', 'financial', 'gift', 'other', name='declarationkind', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'ended', 'withdrawn', name='declarationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('declared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=True),
    sa.Column('after_signal', sa.Boolean(), nullable=False),
    sa.Column('current_number', sa.Integer(), nullable=False),
    sa.Column('published_number', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_declaration_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration'))
    )
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_declared_at'), ['declared_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_declaration_politician_id'), ['politician_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_declaration_status'), ['status'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('politician_id', sa.Integer(), nullable=True),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['politician_id'], ['politician.id'], name=op.f('fk_user_politician_id_politician')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email')),
    sa.UniqueConstraint('politician_id', name=op.f('uq_user_politician_id'))
    )
    op.create_table('agreement_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_version_agreement_id_agreement')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_agreement_version_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_version')),
    sa.UniqueConstraint('agreement_id', 'number', name=op.f('uq_agreement_version_agreement_id'))
    )
    with op.batch_alter_table('agreement_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_version_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_event_actor_id_user')),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_audit_event_body_id_body')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_created_at'), ['created_at'], unique=False)

    op.create_table('declaration_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('change', sa.Enum('draft', 'published', 'corrected', 'ended', 'withdrawn', name='declarationchange', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('kvk_number', sa.String(length=8), nullable=True),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.Column('income_band', sa.Enum('below_500', 'from_500', 'from_1001', 'from_5001', 'above_10000', name='incomeband', native_enum=False, length=32), nullable=True),
    sa.Column('hours_per_month', sa.Integer(), nullable=True),
    sa.Column('ex_officio', sa.Boolean(), nullable=False),
    sa.Column('estimated_value', sa.Integer(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('concerns_family', sa.Boolean(), nullable=False),
    sa.Column('organisation_public', sa.Boolean(), nullable=False),
    sa.Column('description_public', sa.Boolean(), nullable=False),
    sa.Column('income_public', sa.Boolean(), nullable=False),
    sa.Column('hours_public', sa.Boolean(), nullable=False),
    sa.Column('explanation_public', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_declaration_version_created_by_id_user')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_declaration_version_declaration_id_declaration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_declaration_version')),
    sa.UniqueConstraint('declaration_id', 'number', name=op.f('uq_declaration_version_declaration_id'))
    )
    with op.batch_alter_table('declaration_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_declaration_version_declaration_id'), ['declaration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_declaration_version_kvk_number'), ['kvk_number'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('no_risk', 'agreement_needed', 'incompatible', name='reviewoutcome', native_enum=False, length=32), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('comment_public', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_review_declaration_id_declaration')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_review_reviewer_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_declaration_id'), ['declaration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_reviewer_id'), ['reviewer_id'], unique=False)

    op.create_table('role_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('reviewer', 'griffie', name='rolekind', native_enum=False, length=32), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_role_grant_body_id_body')),
    sa.ForeignKeyConstraint(['group_id'], ['group.id'], name=op.f('fk_role_grant_group_id_group')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_role_grant_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant'))
    )
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grant_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grant_user_id'), ['user_id'], unique=False)

    op.create_table('agreement_version_declaration',
    sa.Column('agreement_version_id', sa.Integer(), nullable=False),
    sa.Column('declaration_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_version_id'], ['agreement_version.id'], name=op.f('fk_agreement_version_declaration_agreement_version_id_agreement_version')),
    sa.ForeignKeyConstraint(['declaration_id'], ['declaration.id'], name=op.f('fk_agreement_version_declaration_declaration_id_declaration')),
    sa.PrimaryKeyConstraint('agreement_version_id', 'declaration_id', name=op.f('pk_agreement_version_declaration'))
    )
    with op.batch_alter_table('agreement_version_declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_version_declaration_declaration_id'), ['declaration_id'], unique=False)

    op.create_table('sign_off',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_version_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.Enum('approved', 'changes_requested', name='signoffdecision', native_enum=False, length=32), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('comment_public', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agreement_version_id'], ['agreement_version.id'], name=op.f('fk_sign_off_agreement_version_id_agreement_version')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_sign_off_reviewer_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_off')),
    sa.UniqueConstraint('agreement_version_id', 'reviewer_id', name=op.f('uq_sign_off_agreement_version_id'))
    )
    with op.batch_alter_table('sign_off', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_off_agreement_version_id'), ['agreement_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_off_reviewer_id'), ['reviewer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('sign_off', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_off_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_sign_off_agreement_version_id'))

    op.drop_table('sign_off')
    with op.batch_alter_table('agreement_version_declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_version_declaration_declaration_id'))

    op.drop_table('agreement_version_declaration')
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grant_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grant_group_id'))
        batch_op.drop_index(batch_op.f('ix_role_grant_body_id'))

    op.drop_table('role_grant')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_review_declaration_id'))

    op.drop_table('review')
    with op.batch_alter_table('declaration_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_version_kvk_number'))
        batch_op.drop_index(batch_op.f('ix_declaration_version_declaration_id'))

    op.drop_table('declaration_version')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_body_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    with op.batch_alter_table('agreement_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_version_agreement_id'))

    op.drop_table('agreement_version')
    op.drop_table('user')
    with op.batch_alter_table('declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_status'))
        batch_op.drop_index(batch_op.f('ix_declaration_politician_id'))
        batch_op.drop_index(batch_op.f('ix_declaration_declared_at'))

    op.drop_table('declaration')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_status'))
        batch_op.drop_index(batch_op.f('ix_agreement_politician_id'))

    op.drop_table('agreement')
    with op.batch_alter_table('politician', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_politician_sort_name'))
        batch_op.drop_index(batch_op.f('ix_politician_group_id'))
        batch_op.drop_index(batch_op.f('ix_politician_body_id'))

    op.drop_table('politician')
    with op.batch_alter_table('group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_body_id'))

    op.drop_table('group')
    op.drop_table('body')
