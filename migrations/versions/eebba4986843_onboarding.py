"""onboarding: site administrator, one-time links, imports, portfolios, created-by-mistake, griffie sign-off

A body sets itself up without a shell (issue 12): user.site_admin; account_token holds the hashes of one-time
invitation and reset links; import_batch keeps an uploaded people file between preview and confirmation;
politician.external_id (Popolo person id, for re-imports), politician.created_in_error_at/_reason (never public); body.term_start and body.griffie_may_sign_off;
sign_off.by_griffie (a fractie without a second reviewer). politician.portfolio (executives' topics) came with
b7c4e2a9f136.

Revision ID: eebba4986843
Revises: b7c4e2a9f136
Create Date: 2026-12-03 07:53:33.552310

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eebba4986843'
down_revision = 'b7c4e2a9f136'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('invitation', 'reset', name='tokenpurpose', native_enum=False, length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_account_token_created_by_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_account_token_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_account_token_token_hash'))
    )
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_token_user_id'), ['user_id'], unique=False)

    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_import_batch_body_id_body')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_import_batch_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_batch_body_id'), ['body_id'], unique=False)

    # Plain ALTER TABLE … ADD COLUMN on both databases: batch mode would copy these tables, and on SQLite dropping
    # the old body or politician table fails while other tables refer to it (foreign keys are on).
    op.add_column('body', sa.Column('term_start', sa.Date(), nullable=True))
    op.add_column('body', sa.Column('griffie_may_sign_off', sa.Boolean(), server_default=sa.false(),
                                    nullable=False))
    op.add_column('politician', sa.Column('external_id', sa.String(length=200), nullable=True))
    op.add_column('politician', sa.Column('created_in_error_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('politician', sa.Column('created_in_error_reason', sa.Text(), nullable=True))
    op.add_column('sign_off', sa.Column('by_griffie', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('user', sa.Column('site_admin', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    # Plain ALTER TABLE … DROP COLUMN (PostgreSQL; SQLite 3.35 and later): none of these columns has an index, a key
    # or a constraint. Batch mode would copy the tables, and dropping the old politician or user table fails on
    # SQLite while declarations, accounts and grants still refer to it (foreign keys are on).
    for table, column in (('user', 'site_admin'), ('sign_off', 'by_griffie'),
                          ('politician', 'created_in_error_reason'), ('politician', 'created_in_error_at'),
                          ('politician', 'external_id'),
                          ('body', 'griffie_may_sign_off'), ('body', 'term_start')):
        op.drop_column(table, column)
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_body_id'))
    op.drop_table('import_batch')
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_user_id'))
    op.drop_table('account_token')
