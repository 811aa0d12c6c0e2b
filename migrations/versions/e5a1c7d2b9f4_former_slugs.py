"""former slugs: politicians' pages keep answering at addresses made by the old slug rule

Slugs are now made by python-slugify, which transliterates ("Kılıç Özdemir" -> kilic-ozdemir) where the old rule
dropped every letter without an ASCII decomposition (klc-ozdemir). Politicians whose slug the old rule made from
their name get the new slug; the old one is kept in former_slug and answers with a permanent redirect.

Revision ID: e5a1c7d2b9f4
Revises: d4e2b8f6a1c3
Create Date: 2026-12-03 08:00:00.000000

"""
import re
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from slugify import slugify

revision = 'e5a1c7d2b9f4'
down_revision = 'd4e2b8f6a1c3'
branch_labels = None
depends_on = None

MAX_LENGTH = 120


def _old_slug(text: str) -> str:
    """The slug rule before this revision, frozen here (register/slugs.py may change again)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_LENGTH].strip("-") or "ambtsdrager"


def upgrade():
    op.create_table(
        'former_slug',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('body_id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('politician_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_former_slug_body_id_body')),
        sa.ForeignKeyConstraint(['politician_id'], ['politician.id'],
                                name=op.f('fk_former_slug_politician_id_politician')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_former_slug')),
        sa.UniqueConstraint('body_id', 'slug', name=op.f('uq_former_slug_body_id')),
    )
    with op.batch_alter_table('former_slug', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_former_slug_politician_id'), ['politician_id'], unique=False)
    _move_slugs()


def _move_slugs():
    politician = sa.table('politician', sa.column('id', sa.Integer), sa.column('body_id', sa.Integer),
                          sa.column('slug', sa.String), sa.column('name', sa.String))
    former = sa.table('former_slug', sa.column('body_id', sa.Integer), sa.column('slug', sa.String),
                      sa.column('politician_id', sa.Integer), sa.column('created_at', sa.DateTime(timezone=True)))
    connection = op.get_bind()
    rows = connection.execute(sa.select(politician.c.id, politician.c.body_id, politician.c.slug,
                                        politician.c.name)).all()
    taken = {(row.body_id, row.slug) for row in rows}
    now = datetime.now(UTC)
    for row in rows:
        new = slugify(row.name, max_length=MAX_LENGTH) or "ambtsdrager"
        # Only slugs the old rule made from the current name; a numbered or hand-kept slug stays as it is.
        if row.slug != _old_slug(row.name) or new == row.slug or (row.body_id, new) in taken:
            continue
        connection.execute(former.insert().values(body_id=row.body_id, slug=row.slug, politician_id=row.id,
                                                  created_at=now))
        connection.execute(politician.update().where(politician.c.id == row.id).values(slug=new))
        taken.add((row.body_id, new))


def downgrade():
    politician = sa.table('politician', sa.column('id', sa.Integer), sa.column('slug', sa.String))
    former = sa.table('former_slug', sa.column('id', sa.Integer), sa.column('slug', sa.String),
                      sa.column('politician_id', sa.Integer))
    connection = op.get_bind()
    # The oldest former slug is the one the old rule made: put it back.
    for row in connection.execute(sa.select(former.c.politician_id, former.c.slug).order_by(former.c.id.desc())):
        connection.execute(politician.update().where(politician.c.id == row.politician_id).values(slug=row.slug))
    with op.batch_alter_table('former_slug', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_former_slug_politician_id'))
    op.drop_table('former_slug')
