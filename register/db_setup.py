"""Engine settings per database kind."""
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def configure_engine_events(app: Flask) -> None:
    """Turn on foreign keys, WAL and a busy timeout for every SQLite connection."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from register.extensions import db

    with app.app_context():
        engine: Engine = db.engine
        if not event.contains(engine, "connect", _sqlite_pragmas):
            event.listen(engine, "connect", _sqlite_pragmas)


def include_in_autogenerate(name, type_, parent_names) -> bool:
    """Schema objects that migrations make by hand and the models do not describe: the search index
    (migration d4e2b8f6a1c3: SQLite's FTS5 table with its shadow tables, PostgreSQL's trigram index on an
    expression). Alembic's autogenerate and the model/migration comparison leave them alone."""
    if type_ == "table" and name.startswith("declaration_version_search"):
        return False
    return not (type_ == "index" and name == "ix_declaration_version_search")
