"""Backups of the whole database, made and restored while the application may be running.

SQLite: the sqlite3 online backup API copies a consistent snapshot page by page (safe next to running workers);
the backup is itself a SQLite file. PostgreSQL: pg_dump in custom format (-Fc) and pg_restore --clean --if-exists
in one transaction, with the connection parameters of the database URL passed through the environment (never
the password on the command line). A backup is verified before it is reported made (register/backup_verify.py):
an integrity check, and the rows of every table compared with the database's at the moment of the copy.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import inspect, literal, select, table
from sqlalchemy.engine import URL, Engine, make_url

from register import backup_verify as verify
from register.backup_verify import BackupError

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


def kind(url: URL | str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(_("Back-ups kunnen alleen van SQLite en PostgreSQL, niet van %(kind)s.", kind=backend))
    return backend


def is_empty(engine: Engine) -> bool:
    """True when no table holds a row (the schema version table aside): a fresh or just-migrated database."""
    with engine.connect() as connection:
        for name in inspect(connection).get_table_names():
            if name != "alembic_version" and connection.execute(
                    select(literal(1)).select_from(table(name)).limit(1)).first() is not None:
                return False
    return True


def backup(url: URL | str, target: Path, *, pg_bin_dir: str = "") -> None:
    """Write a backup of the database at `url` to `target`, which must not exist yet."""
    url = make_url(url)
    if target.exists():
        raise BackupError(_("Het bestand %(file)s bestaat al; kies een nieuwe naam.", file=target))
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        if kind(url) == "sqlite":
            counts: dict[str, int] = {}
            _sqlite_copy(_sqlite_path(url), Path(partial), standalone=True, counts=counts)
            verify.verify_sqlite(Path(partial), counts)
        else:
            with verify.pg_snapshot(url) as (snapshot, counts):
                _run(_pg_tool("pg_dump", pg_bin_dir), url, "--format=custom", "--no-password",
                     f"--snapshot={snapshot}", f"--file={partial}")
            verify.verify_pg_dump(Path(partial), counts, _pg_tool("pg_restore", pg_bin_dir))
        os.replace(partial, target)  # a backup file is either complete and verified, or absent
    finally:
        Path(partial).unlink(missing_ok=True)


def check_backup_file(source: Path, url: URL | str) -> None:
    """Refuse a file that is not a backup for this kind of database, before anything is changed."""
    with source.open("rb") as handle:
        start = handle.read(16)
    if kind(url) == "sqlite" and not start.startswith(SQLITE_MAGIC):
        raise BackupError(_("%(file)s is geen back-up van een SQLite-database.", file=source))
    if kind(url) == "postgresql" and not start.startswith(PGDUMP_MAGIC):
        raise BackupError(_("%(file)s is geen back-up van PostgreSQL (pg_dump -Fc).", file=source))
    if kind(url) == "sqlite":
        connection = sqlite3.connect(source)
        try:
            ok = connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            ours = connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
        except sqlite3.DatabaseError:
            ok = ours = False
        finally:
            connection.close()
        if not (ok and ours):
            raise BackupError(_("%(file)s is beschadigd of geen back-up van het Belangenregister.", file=source))


def restore(source: Path, url: URL | str, *, pg_bin_dir: str = "") -> None:
    """Replace the whole database at `url` by the backup in `source` (the caller has asked for confirmation)."""
    url = make_url(url)
    check_backup_file(source, url)
    if kind(url) == "sqlite":
        _sqlite_copy(source, _sqlite_path(url))
    else:
        _run(_pg_tool("pg_restore", pg_bin_dir), url, "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--exit-on-error", "--no-password", f"--dbname={url.database}", str(source))


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError(_("Van een database in het geheugen kan geen back-up worden gemaakt."))
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path, *, standalone: bool = False, counts: dict | None = None) -> None:
    """Copy a consistent snapshot of `source` over `target` with the online backup API; with `counts`, fill it
    with the rows per table of that same snapshot (for the check of the copy)."""
    origin = sqlite3.connect(source, timeout=30)
    destination = sqlite3.connect(target, timeout=30)
    try:
        if counts is not None:
            counts.update(verify.source_counts(origin))  # opens the read transaction the copy is then made in
        origin.backup(destination)
        if standalone:  # a backup file is one self-contained file, without a write-ahead log beside it
            destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
        origin.close()


def _pg_tool(name: str, bin_dir: str) -> str:
    tool = shutil.which(name, path=bin_dir or None)
    if tool is None:
        raise BackupError(_("%(tool)s is niet gevonden. Installeer de PostgreSQL-clientprogramma's of stel "
                            "PG_BIN_DIR in.", tool=name))
    return tool


def _pg_environment(url: URL) -> dict[str, str]:
    """libpq environment variables for the URL's host, port, user, password and database."""
    query = {key: value if isinstance(value, str) else value[-1] for key, value in url.query.items()}
    values = {
        "PGHOST": url.host or query.get("host"),
        "PGPORT": str(url.port) if url.port else query.get("port"),
        "PGUSER": url.username or query.get("user"),
        "PGPASSWORD": url.password or query.get("password"),
        "PGDATABASE": url.database or query.get("dbname"),
        "PGSSLMODE": query.get("sslmode"),
        "PGSSLROOTCERT": query.get("sslrootcert"),
        "PGAPPNAME": "belangenregister-backup",
    }
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    environment.update({k: str(v) for k, v in values.items() if v})
    return environment


def _run(tool: str, url: URL, *arguments: str) -> None:
    result = subprocess.run([tool, *arguments], env=_pg_environment(url), capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, check=False)
    if result.returncode != 0:
        raise BackupError(_("%(tool)s is mislukt: %(error)s", tool=Path(tool).name,
                            error=result.stderr.strip() or result.returncode))
