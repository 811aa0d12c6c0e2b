"""normalise stored text (NFC, no invisible format characters) and recompute organisation keys

Revision ID: e5b7d2c4a9f1
Revises: eebba4986843
Create Date: 2026-12-02 10:00:00.000000

Since this revision every form normalises what it receives (register/text.py). Text stored before could hold a
soft hyphen, a zero-width space or a bidi override, which made an organisation look the same as another but
stay out of search and off its organisation page. This migration puts every stored user text through the same
rule and recomputes every declaration version's organisation key (the key now ignores invisible characters).
What is removed was invisible, so nothing a reader saw changes; the audit trail (append-only) is left as it was.
It keeps frozen copies of the rule and of the key function, so that later changes to the app cannot change what
this migration did. The data version moves on when anything changed, so no cached page keeps the old text.
Downgrade changes nothing: the removed characters carried no meaning and cannot be put back.
"""
import logging
import re
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e5b7d2c4a9f1'
down_revision = 'eebba4986843'
branch_labels = None
depends_on = None

BATCH = 5000
log = logging.getLogger("alembic.runtime.migration")

TEXT_COLUMNS = {
    "body": ("name",),
    "group": ("name",),
    "politician": ("name", "sort_name"),
    "user": ("name",),
    "declaration": ("withdrawal_reason",),
    "declaration_version": ("organisation", "role", "description", "explanation", "reason"),
    "review": ("comment",),
    "agreement": ("end_reason",),
    "agreement_version": ("title", "text", "reason"),
    "sign_off": ("comment",),
    "signal": ("text", "source_url", "dismissal_reason", "outcome_reason"),
    "signal_response": ("text",),
    "recusal": ("agenda_item", "note"),
    "context_note": ("text",),
}

# --- frozen copy of register/text.py (2026-12-02) ------------------------------------------------------------

ZWNJ, ZWJ = "\u200c", "\u200d"
BLACK_FLAG = "\U0001f3f4"
INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
LINE_BREAKS = frozenset("\u2028\u2029")
JOINING_SCRIPTS = frozenset({"ARABIC", "SYRIAC", "NKO", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA",
                             "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "MYANMAR", "KHMER"})


def _is_tag(char):
    return "\U000e0020" <= char <= "\U000e007f"


def _script_letter(char):
    return (unicodedata.category(char)[0] in "LM"
            and unicodedata.name(char, "").split(" ", 1)[0] in JOINING_SCRIPTS)


def _pictograph_before(kept):
    for char in reversed(kept):
        category = unicodedata.category(char)
        if category in ("Mn", "Sk"):
            continue
        return category == "So"
    return False


def _keeps(char, kept, following):
    before = kept[-1] if kept else ""
    if char in (ZWNJ, ZWJ) and before and following and _script_letter(before) and _script_letter(following):
        return True
    if char == ZWJ and following and unicodedata.category(following) == "So" and _pictograph_before(kept):
        return True
    return _is_tag(char) and (before == BLACK_FLAG or _is_tag(before))


def normalise(text):
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text
    kept = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Zs":
            kept.append(" ")
        elif char in LINE_BREAKS:
            kept.append("\n")
        elif char in INVISIBLE or (category == "Cf" and not _keeps(char, kept, text[index + 1:index + 2])):
            continue
        else:
            kept.append(char)
    return "".join(kept)


def fold(text):
    return "".join(char for char in normalise(text) if unicodedata.category(char) != "Cf")


# --- frozen copy of register.search.organisation_key (2026-12-02) ------------------------------------------

LEGAL_PREFIXES = frozenset({"stichting", "vereniging", "cooperatie", "cooperatieve", "bv", "nv", "vof", "cv",
                            "maatschap", "kerkgenootschap"})
LEGAL_SUFFIXES = frozenset({"bv", "nv", "vof", "cv", "ua", "wa", "ba", "io", "stichting"})
KEY_LENGTH = 200


def _tokens(name):
    text = unicodedata.normalize("NFKD", fold(name or ""))
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

def _changed_rows(columns, extra, rows):
    """(id, {column: new value}) for the rows whose text (or, for declaration versions, key) changes."""
    for row in rows:
        stored = dict(zip(columns + extra, row[1:], strict=True))
        values = {}
        for name in columns:
            if stored[name] is not None and normalise(stored[name]) != stored[name]:
                values[name] = normalise(stored[name])
        if extra:  # a declaration version: its key, from the (normalised) organisation
            key = organisation_key(values.get("organisation", stored["organisation"]))
            if key != stored["organisation_key"]:
                values["organisation_key"] = key
        if values:
            yield row[0], values


def _normalise_table(connection, table_name, columns):
    """Batches of BATCH rows by id; one UPDATE per changed row. Returns the number of rows changed."""
    extra = ("organisation_key",) if table_name == "declaration_version" else ()
    table = sa.table(table_name, sa.column("id", sa.Integer), *(sa.column(c, sa.Text) for c in columns + extra))
    changed, last_id = 0, 0
    while True:
        rows = connection.execute(sa.select(table.c.id, *(table.c[c] for c in columns + extra))
                                  .where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return changed
        for row_id, values in _changed_rows(columns, extra, rows):
            connection.execute(table.update().where(table.c.id == row_id).values(**values))
            changed += 1
        last_id = rows[-1][0]


def _move_data_version_on(connection):
    """As register.cache.touch does: cached pages and ETags of before no longer match."""
    now = datetime.now(UTC)
    versions = sa.table("content_version", sa.column("version", sa.Integer), sa.column("changed_at", sa.DateTime))
    connection.execute(versions.update().values(
        version=versions.c.version + 1,
        changed_at=now.replace(tzinfo=None) if connection.dialect.name == "sqlite" else now))


def upgrade():
    connection = op.get_bind()
    changed = 0
    for table_name, columns in TEXT_COLUMNS.items():
        count = _normalise_table(connection, table_name, columns)
        if count:
            log.info("Tekst genormaliseerd in %s rijen van %s", count, table_name)
        changed += count
    if changed:
        _move_data_version_on(connection)


def downgrade():
    pass
