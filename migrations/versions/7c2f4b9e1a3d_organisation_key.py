"""organisation key on declaration versions, for organisation pages and search

Revision ID: 7c2f4b9e1a3d
Revises: 35998a606840
Create Date: 2026-11-30 10:00:00.000000

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c2f4b9e1a3d'
down_revision = '35998a606840'
branch_labels = None
depends_on = None

BATCH = 5000


# --- frozen copy of organisation_key as this migration shipped (2026-11-29) ----------------------------------
# A migration must not change when the application's code changes; the key rule now lives in
# register/models/organisations.py (and migration e5b7d2c4a9f1 recomputes every key with the rule of its day).

LEGAL_PREFIXES = frozenset({"stichting", "vereniging", "cooperatie", "cooperatieve", "bv", "nv", "vof", "cv",
                            "maatschap", "kerkgenootschap"})
LEGAL_SUFFIXES = frozenset({"bv", "nv", "vof", "cv", "ua", "wa", "ba", "io", "stichting"})
KEY_LENGTH = 200


def _tokens(name):
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " en ")
    text = re.sub(r"[.'’`´]", "", text)
    return re.sub(r"[\W_]+", " ", text).split()


def organisation_key(name):
    tokens = _tokens(name or "")
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        if tokens[0] in LEGAL_PREFIXES and len(tokens) > 1:
            tokens.pop(0)
            changed = True
        if tokens[-1] in LEGAL_SUFFIXES and len(tokens) > 1:
            tokens.pop()
            changed = True
    return "-".join(tokens)[:KEY_LENGTH].strip("-")


# --- the migration ---------------------------------------------------------------------------------------------


def upgrade():
    with op.batch_alter_table('declaration_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_key', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_declaration_version_organisation_key'), ['organisation_key'],
                              unique=False)
    _fill_keys()


def _fill_keys():
    """Existing versions get their key in batches (the national register has about 150,000 versions)."""
    versions = sa.table('declaration_version', sa.column('id', sa.Integer), sa.column('organisation', sa.String),
                        sa.column('organisation_key', sa.String))
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(sa.select(versions.c.id, versions.c.organisation)
                                  .where(versions.c.id > last_id).order_by(versions.c.id).limit(BATCH)).all()
        if not rows:
            return
        connection.execute(versions.update().where(versions.c.id == sa.bindparam('b_id'))
                           .values(organisation_key=sa.bindparam('b_key')),
                           [{'b_id': row.id, 'b_key': organisation_key(row.organisation)} for row in rows])
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table('declaration_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_declaration_version_organisation_key'))
        batch_op.drop_column('organisation_key')
