"""search index on declaration versions: SQLite FTS5 (trigram), PostgreSQL pg_trgm

Revision ID: d4e2b8f6a1c3
Revises: c3f1a9e5d7b2
Create Date: 2026-11-30 18:40:00.000000

Search looks for words anywhere in a version's role, organisation and description (and the organisation's
normalised key). A LIKE '%word%' cannot use a b-tree index, so at national scale (100,000 versions) every new
search term scanned the whole table. Both databases now get a trigram index, which finds substrings of three
characters or more:
- SQLite: an FTS5 table with the trigram tokenizer over those four columns, with declaration_version as its
  external content (nothing is stored twice), kept up to date by triggers;
- PostgreSQL: the pg_trgm extension (a trusted extension: the database owner may create it) and a GIN index
  on one expression joining the four columns, lower-cased (register.search.index.search_text repeats it).
The index only pre-selects candidates; register/search/queries.py still applies the exact conditions (published
version, public fields only), so the index can never make a shielded value findable.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4e2b8f6a1c3'
down_revision = 'c3f1a9e5d7b2'
branch_labels = None
depends_on = None

COLUMNS = "role, organisation, description, organisation_key"
PG_EXPRESSION = ("lower(coalesce(role, '') || ' ' || coalesce(organisation, '') || ' ' || "
                 "coalesce(description, '') || ' ' || coalesce(organisation_key, ''))")


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(f"CREATE VIRTUAL TABLE declaration_version_search USING fts5({COLUMNS}, "
                   "content='declaration_version', content_rowid='id', tokenize='trigram')")
        new = "new.id, new.role, new.organisation, new.description, new.organisation_key"
        old = "'delete', old.id, old.role, old.organisation, old.description, old.organisation_key"
        insert = f"INSERT INTO declaration_version_search(rowid, {COLUMNS}) VALUES ({new});"
        delete = (f"INSERT INTO declaration_version_search(declaration_version_search, rowid, {COLUMNS}) "
                  f"VALUES ({old});")
        op.execute(f"CREATE TRIGGER declaration_version_search_insert AFTER INSERT ON declaration_version "
                   f"BEGIN {insert} END")
        op.execute(f"CREATE TRIGGER declaration_version_search_delete AFTER DELETE ON declaration_version "
                   f"BEGIN {delete} END")
        op.execute(f"CREATE TRIGGER declaration_version_search_update AFTER UPDATE OF {COLUMNS} "
                   f"ON declaration_version BEGIN {delete} {insert} END")
        op.execute("INSERT INTO declaration_version_search(declaration_version_search) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(f"CREATE INDEX ix_declaration_version_search ON declaration_version "
                   f"USING gin (({PG_EXPRESSION}) gin_trgm_ops)")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS declaration_version_search_{name}")
        op.execute("DROP TABLE IF EXISTS declaration_version_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_declaration_version_search")
