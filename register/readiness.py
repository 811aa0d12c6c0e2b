"""Is the register ready to serve: database reachable, schema at the newest Alembic migration?

/healthz only says the process is alive. /readyz (register/ops.py) asks this module, and wsgi.py refuses to start
workers on a schema that is not at the head (run `flask db upgrade` first). The reasons /readyz gives are short
codes; the details (which revision, which error) go to the log, once per change of state in each process.
"""
from __future__ import annotations

import logging
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import column, inspect, literal, select, table
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from config import ConfigError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
VERSION_TABLE = table("alembic_version", column("version_num"))


class SchemaNotCurrent(ConfigError):
    """The database's schema is not the one this code was written for."""


def migration_heads() -> set[str]:
    """The newest revision(s) in migrations/ (read once per app)."""
    heads = current_app.extensions.get("register.migration_heads")
    if heads is None:
        heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
        current_app.extensions["register.migration_heads"] = heads
    return heads


def _missing_sqlite_file() -> bool:
    """A SQLite file that is not there (connecting would quietly make an empty one)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return False
    path = url.database[len("file:"):] if url.query.get("uri") and url.database.startswith("file:") else url.database
    return not Path(path).exists()


def database_revisions() -> set[str]:
    """The revisions recorded in the database (empty: no schema); raises SQLAlchemyError when it cannot be read.
    Alembic's own version table, read directly (its MigrationContext logs two INFO lines at every call)."""
    from register.extensions import db
    with db.engine.connect() as connection:
        connection.execute(select(literal(1))).scalar()
        if not inspect(connection).has_table(VERSION_TABLE.name):
            return set()
        return set(connection.execute(select(VERSION_TABLE.c.version_num)).scalars())


def check() -> tuple[str | None, str]:
    """(None, detail) when ready, else (a short reason code, the detail for the log)."""
    if _missing_sqlite_file():
        return "database_missing", "het SQLite-bestand bestaat niet"
    try:
        current = database_revisions()
    except OperationalError as error:
        return "database_unreachable", _first_line(error)
    except SQLAlchemyError as error:
        return "database_error", _first_line(error)
    heads = migration_heads()
    if not current:
        return "schema_missing", "de database heeft geen schema; voer `flask db upgrade` uit"
    if current != heads:
        return "schema_not_current", (f"schema op revisie {', '.join(sorted(current))}, de code verwacht "
                                      f"{', '.join(sorted(heads))}; voer `flask db upgrade` uit")
    return None, "klaar"


def _first_line(error: SQLAlchemyError) -> str:
    """The driver's message only (hide_parameters keeps values out; a connection error names no password)."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


def problem() -> str | None:
    """The reason the register is not ready, or None; a change of state is logged (WARNING when it goes bad)."""
    reason, detail = check()
    previous = current_app.extensions.get("register.readiness", "ready")
    if (reason or "ready") != previous:
        current_app.extensions["register.readiness"] = reason or "ready"
        if reason:
            log.warning("Niet gereed (%s): %s", reason, detail)
        else:
            log.info("Weer gereed.")
    return reason


def require_schema_at_head(app: Flask) -> None:
    """Refuse to start a worker on a schema that is missing or not at the head; a database that is down is only
    logged (it may come up; /readyz answers 503 meanwhile)."""
    with app.app_context():
        reason, detail = check()
    if reason in ("schema_missing", "schema_not_current"):
        raise SchemaNotCurrent(f"Het register start niet: {detail}.")
    if reason is not None:
        log.warning("De database is bij het starten niet bruikbaar (%s): %s", reason, detail)
