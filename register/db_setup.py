"""Engine settings per database kind."""
import contextlib
import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


# SQLite keeps no table statistics by itself; without them its planner guesses, and at national scale a guess
# can start a search from every declaration instead of from the search index's few candidates. SQLite's
# advice for long-lived connections: run PRAGMA optimize now and then. Its ANALYZE reads whole tables (about
# 0.1 s for the national data): sampled statistics (analysis_limit) left some plans on full scans.
OPTIMIZE_EVERY = 1000  # uses of a pooled connection


def _sqlite_pragmas(dbapi_connection, record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    record.info["uses"] = 0


def _sqlite_optimize(dbapi_connection, record) -> None:
    """After every OPTIMIZE_EVERY uses of a connection: refresh the statistics the planner needs (PRAGMA
    optimize only analyses tables whose statistics are missing or stale and that its queries needed)."""
    record.info["uses"] = record.info.get("uses", 0) + 1
    if record.info["uses"] % OPTIMIZE_EVERY == 0:
        # Busy: the next round tries again; never fail a request for this.
        with contextlib.suppress(sqlite3.OperationalError):
            dbapi_connection.execute("PRAGMA optimize")


def engine_options(url: str, options: dict) -> dict:
    """The engine options for a database URL. SQLite: no ping. PostgreSQL: no JIT. It compiles any query estimated above
    jit_above_cost; at national scale that adds about 50 ms to ordinary list queries and to the export, and
    never pays off for queries this short. Always: no statement parameters in error messages, which end up in
    the log (e-mail addresses, password hashes)."""
    options = {"hide_parameters": True, **options}
    if url.startswith("postgresql"):
        arguments = dict(options.get("connect_args", {}))
        arguments["options"] = (arguments.get("options", "") + " -c jit=off").strip()
        return {**options, "connect_args": arguments}
    if url.startswith("sqlite"):
        # A SQLite file has no server that could drop the connection: a ping before every request
        # (a SELECT 1 for each page, even one served from the response cache) buys nothing.
        return {**options, "pool_pre_ping": False}
    return options


def configure_engine_events(app: Flask) -> None:
    """Turn on foreign keys, WAL and a busy timeout for every SQLite connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from register.extensions import db

    with app.app_context():
        engine: Engine = db.engine
        if not event.contains(engine, "connect", _sqlite_pragmas):
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "checkin", _sqlite_optimize)


def include_in_autogenerate(name, type_, parent_names) -> bool:
    """Schema objects that migrations make by hand and the models do not describe: the search index
    (migration d4e2b8f6a1c3: SQLite's FTS5 table with its shadow tables, PostgreSQL's trigram index on an
    expression). Alembic's autogenerate and the model/migration comparison leave them alone."""
    if type_ == "table" and name.startswith("declaration_version_search"):
        return False
    return not (type_ == "index" and name == "ix_declaration_version_search")
