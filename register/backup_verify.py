"""Checking a backup before `flask backup` calls it made (used by register/backup.py).

The rows of every table are counted in the same snapshot that the backup copies, and then counted again in the
backup itself; the backup must match table by table. SQLite: the counts and the online-backup copy share one
read transaction, and the copy must also pass PRAGMA integrity_check. PostgreSQL: the counts are taken in a
REPEATABLE READ transaction whose snapshot pg_dump uses (--snapshot); pg_restore --list must show every table,
and pg_restore --data-only (which reads and unpacks the whole archive, without a database) gives the rows of
each table's COPY block. A corrupt source database fails here too: its pages cannot be counted.
"""
from __future__ import annotations

import re
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

SQLITE_TABLES = ("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                 "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")  # a virtual table's rows are its shadows'
LISTED_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (?!DATA )\S+ (\S+) ", re.MULTILINE)
COPY_TABLE = re.compile(rb'^COPY (?:"?[^".]*"?\.)?"?([^" (]+)"? ')
MAX_SHOWN = 5


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the operator (raised here and by
    register/backup.py, which hands it on: one error type for every backup problem)."""


def compare(expected: dict[str, int], found: dict[str, int]) -> None:
    """The backup must be of the register and hold as many rows per table as the database did."""
    if "alembic_version" not in found:
        raise BackupError(_("De back-up bevat het Belangenregister niet (geen tabel alembic_version)."))
    differences = [_("%(table)s: %(expected)s rijen in de database, %(found)s in de back-up", table=name,
                     expected=expected.get(name, "geen"), found=found.get(name, "geen"))
                   for name in sorted(set(expected) | set(found)) if expected.get(name) != found.get(name)]
    if differences:
        raise BackupError(_("De back-up klopt niet met de database: %(differences)s.",
                       differences="; ".join(differences[:MAX_SHOWN])))


# --- SQLite -----------------------------------------------------------------------------------------------------

def sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows per table; raises sqlite3.DatabaseError on a damaged file."""
    names = [row[0] for row in connection.execute(SQLITE_TABLES)]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def source_counts(origin: sqlite3.Connection) -> dict[str, int]:
    """Begin a read transaction on the source and count in it; the copy made next sees the same snapshot."""
    try:
        origin.execute("BEGIN")
        return sqlite_counts(origin)
    except sqlite3.DatabaseError as error:
        raise BackupError(_("De database zelf kan niet volledig worden gelezen (%(error)s); er is geen back-up "
                       "gemaakt. Controleer de database met sqlite3 en PRAGMA integrity_check.", error=error)) from None


def verify_sqlite(path: Path, expected: dict[str, int]) -> None:
    """Integrity check of the copy, then its rows per table against the source's."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(_("De back-up is beschadigd (integriteitscontrole: %(problems)s). De database zelf is "
                           "waarschijnlijk ook beschadigd.", problems="; ".join(problems[:MAX_SHOWN])))
        found = sqlite_counts(connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(_("De back-up is beschadigd: %(error)s.", error=error)) from None
    finally:
        connection.close()
    compare(expected, found)


# --- PostgreSQL -------------------------------------------------------------------------------------------------

@contextmanager
def pg_snapshot(url: URL) -> Iterator[tuple[str, dict[str, int]]]:
    """(snapshot id, rows per table) from one read-only REPEATABLE READ transaction, open while pg_dump runs."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as plain:
            connection = plain.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with connection.begin():
                snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                counts = {name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
                          for name in inspect(connection).get_table_names()}
                yield snapshot, counts
    except SQLAlchemyError as error:
        raise BackupError(_("De database kan niet worden gelezen voor de back-up: %(error)s",
                       error=str(getattr(error, "orig", error)).strip())) from None
    finally:
        engine.dispose()


def _listed_tables(pg_restore: str, path: Path) -> set[str]:
    result = subprocess.run([pg_restore, "--list", str(path)], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=False)
    if result.returncode != 0:
        raise BackupError(_("De back-up is onleesbaar (pg_restore --list): %(error)s", error=result.stderr.strip()))
    return set(LISTED_TABLE.findall(result.stdout))


def _copied_rows(pg_restore: str, path: Path) -> dict[str, int]:
    """Rows per table in the archive: the lines of each COPY block of the data-only script (one per row)."""
    counts: dict[str, int] = {}
    current = None
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([pg_restore, "--data-only", "--file=-", str(path)], stdout=subprocess.PIPE,
                                   stderr=errors, stdin=subprocess.DEVNULL)
        assert process.stdout is not None  # stdout=PIPE
        for line in process.stdout:
            if current is not None:
                if line == b"\\.\n":
                    current = None
                else:
                    counts[current] += 1
            elif match := COPY_TABLE.match(line):
                current = match.group(1).decode()
                counts[current] = 0
        errors.seek(0)
        if process.wait() != 0:
            raise BackupError(_("De back-up is beschadigd (pg_restore): %(error)s",
                           error=errors.read().decode(errors="replace").strip()))
    return counts


def verify_pg_dump(path: Path, expected: dict[str, int], pg_restore: str) -> None:
    """Every table listed in the archive, and as many rows in it as the snapshot held."""
    missing = sorted(set(expected) - _listed_tables(pg_restore, path))
    if missing:
        raise BackupError(_("De back-up mist tabellen: %(tables)s.", tables=", ".join(missing[:MAX_SHOWN])))
    compare(expected, _copied_rows(pg_restore, path))
