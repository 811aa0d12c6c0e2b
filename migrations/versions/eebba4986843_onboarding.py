"""onboarding: site administrator, one-time links, imports, portfolios, created-by-mistake, griffie sign-off

A body sets itself up without a shell (issue 12): user.site_admin; account_token holds the hashes of one-time
invitation and reset links; import_batch keeps an uploaded people file between preview and confirmation;
politician.portfolio (executives' topics), politician.external_id (Popolo person id, for re-imports),
politician.created_in_error_at/_reason (never public); body.term_start and body.griffie_may_sign_off;
sign_off.by_griffie (a fractie without a second reviewer).

Revision ID: eebba4986843
Revises: e5a1c7d2b9f4
Create Date: 2026-12-03 07:53:33.552310

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eebba4986843'
down_revision = 'e5a1c7d2b9f4'
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

    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.add_column(sa.Column('term_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('griffie_may_sign_off', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('politician', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portfolio', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('external_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('created_in_error_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('created_in_error_reason', sa.Text(), nullable=True))

    with op.batch_alter_table('sign_off', schema=None) as batch_op:
        batch_op.add_column(sa.Column('by_griffie', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('site_admin', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('site_admin')

    with op.batch_alter_table('sign_off', schema=None) as batch_op:
        batch_op.drop_column('by_griffie')

    with op.batch_alter_table('politician', schema=None) as batch_op:
        batch_op.drop_column('created_in_error_reason')
        batch_op.drop_column('created_in_error_at')
        batch_op.drop_column('external_id')
        batch_op.drop_column('portfolio')

    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.drop_column('griffie_may_sign_off')
        batch_op.drop_column('term_start')

    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_batch_body_id'))

    op.drop_table('import_batch')
    with op.batch_alter_table('account_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_token_user_id'))

    op.drop_table('account_token')
