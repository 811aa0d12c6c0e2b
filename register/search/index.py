"""The search index: a pre-selection of declaration versions whose text can contain the search words.

Made by migration d4e2b8f6a1c3: on SQLite an FTS5 table with the trigram tokenizer, on PostgreSQL a pg_trgm
GIN index on `search_text`. Both find substrings of at least three characters, case-insensitively. The result
is a superset of what matches: queries.py still applies the exact conditions (published version, public fields
only) to each candidate, so the index decides speed, never what is found.
"""
from __future__ import annotations


from sqlalchemy import ColumnClause, Integer, and_, column, func, literal_column, or_, text

from register.extensions import db
from register.models import DeclarationVersion

MIN_LENGTH = 3  # a trigram index cannot look up anything shorter
FTS_TABLE = "declaration_version_search"


def search_text():
    """The expression PostgreSQL's index is built on (same text as in the migration)."""
    v = DeclarationVersion
    empty: ColumnClause[str] = literal_column("''")
    space: ColumnClause[str] = literal_column("' '")
    return func.lower(func.coalesce(v.role, empty).op("||")(space).op("||")(func.coalesce(v.organisation, empty))
                      .op("||")(space).op("||")(func.coalesce(v.description, empty))
                      .op("||")(space).op("||")(func.coalesce(v.organisation_key, empty)))


def _fts_phrase(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def like_pattern(value: str) -> str:
    """LIKE '%value%' with the wildcards in the value escaped (ESCAPE '\\')."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def candidates(words: list[str], key: str | None):
    """SQL: the version may contain every word, or the organisation key. None when the index cannot narrow the
    search (no word of three characters or more, or a key that short): the caller then scans."""
    indexed = [w for w in words if len(w) >= MIN_LENGTH]
    if not indexed or (key and len(key) < MIN_LENGTH):
        return None
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        query = " AND ".join(_fts_phrase(w) for w in indexed)
        if key:
            query = f"({query}) OR {_fts_phrase(key)}"
        return DeclarationVersion.id.in_(
            text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :search_words")
            .bindparams(search_words=query).columns(column("rowid", Integer)))
    if dialect == "postgresql":
        expression = search_text()
        condition = and_(*(expression.like(like_pattern(w.lower()), escape="\\") for w in indexed))
        return or_(condition, expression.like(like_pattern(key.lower()), escape="\\")) if key else condition
    return None
