"""login failures for throttling; the audit trail becomes append-only in the database

Revision ID: 933e029f19c0
Revises: 35998a606840
Create Date: 2026-11-30 12:00:00.000000

login_failure counts failed logins per account and per client (keyed hashes, never an e-mail or IP address),
shared by every worker. Triggers refuse UPDATE and DELETE on audit_event on SQLite and PostgreSQL; on PostgreSQL
PUBLIC also loses UPDATE, DELETE and TRUNCATE on it. Row triggers do not fire on TRUNCATE, which the test suite
uses to empty tables on PostgreSQL. Note: on SQLite a later batch migration that recreates audit_event drops these
triggers with the old table; such a migration must create them again (see _create_sqlite_triggers).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '933e029f19c0'
down_revision = '333bb0aba2db'
branch_labels = None
depends_on = None

REFUSAL = "audit_event is append-only: UPDATE and DELETE are refused"


def upgrade():
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_account_key'), ['account_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_client_key'), ['client_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_created_at'), ['created_at'], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()
    else:
        _create_sqlite_triggers()


def _create_sqlite_triggers():
    for operation in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER audit_event_no_{operation.lower()} BEFORE {operation} ON audit_event "
                   f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")


def _create_postgresql_triggers():
    op.execute(f"""
        CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'insufficient_privilege';
        END
        $$""")
    for operation in ("UPDATE", "DELETE"):
        op.execute(f"CREATE TRIGGER audit_event_no_{operation.lower()} BEFORE {operation} ON audit_event "
                   "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        # PUBLIC never had these privileges on a new table: nothing to grant back.
        for operation in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_event_no_{operation} ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    else:
        for operation in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_event_no_{operation}")

    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_created_at'))
        batch_op.drop_index(batch_op.f('ix_login_failure_client_key'))
        batch_op.drop_index(batch_op.f('ix_login_failure_account_key'))

    op.drop_table('login_failure')
