"""forms that fit the kind, a public explanation of lateness, and a reference for each signal

A gift gets an estimated value band and what became of it (accepted, returned, handed to the body); a financial
interest gets the size band of what is held. A declaration gets the politician's explanation of why it was late,
shown beside the lateness badge. A signal gets a stable reference for the reporter (M-<year>-<number>); existing
signals get theirs from the year they were received (Dutch time) and their number.

Revision ID: b6d1f0c4a8e2
Revises: f3b9d2a6c814
Create Date: 2026-12-05 09:00:00.000000

"""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = 'b6d1f0c4a8e2'
down_revision = 'f3b9d2a6c814'
branch_labels = None
depends_on = None

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _reference(signal_id: int, received_at) -> str:
    """The rule of register.signals.services.reference_for, frozen here."""
    if isinstance(received_at, str):
        received_at = datetime.fromisoformat(received_at)
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=UTC)
    return f"M-{received_at.astimezone(AMSTERDAM).year}-{signal_id:04d}"


def upgrade():
    # Plain ALTER TABLE, never a batch copy of the table: on SQLite a copy would drop the search triggers on
    # declaration_version (d4e2b8f6a1c3) and trip the foreign keys that point at these tables.
    op.add_column('declaration', sa.Column('late_explanation', sa.Text(), nullable=True))
    op.add_column('declaration_version', sa.Column('gift_value_band', sa.Enum(
        'up_to_50', 'from_51', 'from_251', 'above_1000', name='giftvalueband', native_enum=False, length=32),
        nullable=True))
    op.add_column('declaration_version', sa.Column('gift_outcome', sa.Enum(
        'accepted', 'returned', 'handed_over', name='giftoutcome', native_enum=False, length=32), nullable=True))
    op.add_column('declaration_version', sa.Column('holding_band', sa.Enum(
        'below_10000', 'from_10000', 'from_50000', 'above_250000', name='holdingband', native_enum=False,
        length=32), nullable=True))
    op.add_column('signal', sa.Column('reference', sa.String(length=20), nullable=True))
    op.create_index(op.f('ix_signal_reference'), 'signal', ['reference'], unique=True)

    bind = op.get_bind()
    signal = sa.table('signal', sa.column('id', sa.Integer), sa.column('received_at'),
                      sa.column('reference', sa.String))
    for signal_id, received_at in bind.execute(sa.select(signal.c.id, signal.c.received_at)).all():
        bind.execute(signal.update().where(signal.c.id == signal_id)
                     .values(reference=_reference(signal_id, received_at)))


def downgrade():
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 or newer, PostgreSQL): no copy of the tables (see upgrade).
    op.drop_index(op.f('ix_signal_reference'), table_name='signal')
    for table, column in (('signal', 'reference'), ('declaration_version', 'holding_band'),
                          ('declaration_version', 'gift_outcome'), ('declaration_version', 'gift_value_band'),
                          ('declaration', 'late_explanation')):
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
