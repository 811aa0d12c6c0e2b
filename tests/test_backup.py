"""`flask backup` and `flask restore`: a backup restored into a fresh database holds every row of every table.

On SQLite this uses the sqlite3 online backup API; with TEST_DATABASE_URL (CI: make test-pg) pg_dump -Fc and
pg_restore, into a second PostgreSQL database made for the test.
"""
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table, create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from config import TestConfig
from register import backup, create_app
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import AuditEvent, Body, ReviewOutcome
from register.models.base import utcnow
from register.review import services as review_services
from tests.conftest import ON_POSTGRES, CSRFClient
from tests.factories import (
    PASSWORD, make_agreement, make_body, make_declaration, make_group, make_politician, make_user, sign_off,
)

MAGIC = b"PGDMP" if ON_POSTGRES else b"SQLite format 3\x00"


@pytest.fixture
def register_data(app, client):
    """A small register made through the services: versions, sign-offs, reviews, confirmations, audit events."""
    body = make_body(slug="voorbeeldstad", name="Gemeente Voorbeeldstad")
    group = make_group(body, name="Fractie Één")
    reviewer = make_user(reviewer_of=[group], name="Beoordelaar")
    make_user(griffie_of=[body], name="Griffier")
    politician_user = make_user(politician=make_politician(group, name="Anna de Vries"))
    politician = politician_user.politician
    declaration = make_declaration(politician, organisation="Stichting Ëlan & Co", paid=True)
    declaration_services.correct_declaration(declaration, {"hours_per_month": 6}, actor=politician_user,
                                             reason="Uren aangepast")
    make_declaration(politician, publish=False, role="Concept")
    agreement = make_agreement(politician, [declaration])
    sign_off(agreement, reviewer, comment="Akkoord, openbaar", comment_public=True)
    review_services.review_declaration(declaration, reviewer=reviewer, outcome=ReviewOutcome.no_risk,
                                       comment="Geen bezwaar")
    declaration_services.confirm_register(politician, actor=politician_user)
    db.session.commit()
    client.post("/login", data={"email": "onbekend@example.nl", "password": "verkeerd wachtwoord"})
    return body


def _table_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (alembic_version included), in primary-key order."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = {}
            for name in inspect(connection).get_table_names():
                table = Table(name, MetaData(), autoload_with=connection)
                order = list(table.primary_key.columns) or list(table.columns)
                rows[name] = [tuple(row) for row in connection.execute(select(table).order_by(*order))]
            return rows
    finally:
        engine.dispose()


@pytest.fixture
def fresh_url(tmp_path, database_url):
    """An empty database of the same kind: a new file, or a new PostgreSQL database."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    url = make_url(database_url)
    name = f"{url.database}_restore"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def _invoke(app, *args, **kwargs):
    """Run a command of this app (its own app context, so it acts on its own database)."""
    with app.app_context():
        try:
            return app.test_cli_runner().invoke(args=list(args), **kwargs)
        finally:
            db.session.remove()
            db.engine.dispose()


def _url() -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_backup_restored_into_a_fresh_database_has_every_row_of_every_table(app, register_data, tmp_path,
                                                                            fresh_url):
    file = tmp_path / "register.backup"
    result = _invoke(app, "backup", str(file))
    assert result.exit_code == 0, result.output
    assert "Back-up gemaakt" in result.output
    assert file.read_bytes().startswith(MAGIC)  # pg_dump's custom format on PostgreSQL, a SQLite file otherwise
    source = _table_rows(_url())

    restored_app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=fresh_url)
    result = _invoke(restored_app, "restore", str(file), "--yes")
    assert result.exit_code == 0, result.output
    restored = _table_rows(fresh_url)

    assert set(restored) == set(source)
    assert {"declaration_version", "sign_off", "review", "confirmation", "login_failure", "audit_event",
            "alembic_version"} <= set(source)
    for name in ("declaration_version", "agreement_version", "sign_off", "review", "confirmation", "login_failure"):
        assert source[name], f"{name} should hold demo-like data"
    assert len(source["declaration_version"]) >= 3
    *restored_events, restore_event = restored["audit_event"]
    assert restored_events == source["audit_event"]
    assert "database.restored" in restore_event
    assert any("database.backup" in row for row in source["audit_event"])
    for name in source:
        if name not in ("audit_event", "content_version"):
            assert restored[name] == source[name], name
    assert restored["content_version"][0][1] > source["content_version"][0][1]  # moved past: test_data_version.py


def test_restore_refuses_a_database_with_data_without_force(app, register_data, tmp_path):
    file = tmp_path / "register.backup"
    assert _invoke(app, "backup", str(file)).exit_code == 0
    before = _table_rows(_url())
    result = _invoke(app, "restore", str(file), "--yes")
    assert result.exit_code != 0
    assert "bevat al gegevens" in result.output and "--force" in result.output
    assert _table_rows(_url()) == before


def test_restore_asks_for_confirmation_and_a_no_changes_nothing(app, register_data, tmp_path):
    file = tmp_path / "register.backup"
    assert _invoke(app, "backup", str(file)).exit_code == 0
    make_body(slug="na-de-back-up")
    before = _table_rows(_url())
    result = _invoke(app, "restore", str(file), "--force", input="n\n")
    assert result.exit_code != 0 and "vervangen door de back-up" in result.output
    assert _table_rows(_url()) == before


def test_restore_with_force_replaces_the_data(app, register_data, tmp_path):
    file = tmp_path / "register.backup"
    assert _invoke(app, "backup", str(file)).exit_code == 0
    make_body(slug="na-de-back-up")
    result = _invoke(app, "restore", str(file), "--force", input="y\n")
    assert result.exit_code == 0, result.output
    db.session.remove()
    slugs = set(db.session.scalars(select(Body.slug)))
    assert "voorbeeldstad" in slugs and "na-de-back-up" not in slugs
    assert db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id.desc())).first() == "database.restored"


def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path, fresh_url):
    file = tmp_path / "geen-backup.txt"
    file.write_text("dit is geen back-up")
    restored_app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=fresh_url)
    result = _invoke(restored_app, "restore", str(file), "--yes")
    assert result.exit_code != 0 and "geen back-up" in result.output
    assert _table_rows(fresh_url).get("audit_event", []) == []


def test_backup_refuses_to_overwrite_an_existing_file(app, tmp_path):
    file = tmp_path / "bestaat.backup"
    file.write_bytes(b"oud")
    result = _invoke(app, "backup", str(file))
    assert result.exit_code != 0 and "bestaat al" in result.output
    assert file.read_bytes() == b"oud"


def test_backup_is_consistent_while_the_app_writes(app, register_data, tmp_path, fresh_url):
    """Taken while another connection has an open, uncommitted change: not blocked, and without that change."""
    file = tmp_path / "tijdens-gebruik.backup"
    url = _url()
    db.session.remove()
    writer = create_engine(url)
    with writer.connect() as connection:
        transaction = connection.begin()
        connection.execute(Body.__table__.insert().values(
            slug="onaf", name="Nog niet vastgelegd", kind="municipality", declaration_deadline_days=7,
            required_sign_offs=1, retention_months=12, response_period_days=14, active=True,
            created_at=utcnow()))
        backup.backup(url, file, pg_bin_dir=app.config["PG_BIN_DIR"])
        transaction.rollback()
    writer.dispose()
    backup.restore(file, fresh_url)
    reader = create_engine(fresh_url)
    with reader.connect() as connection:
        names = list(connection.execute(text("SELECT slug FROM body")).scalars())
    reader.dispose()
    assert "voorbeeldstad" in names and "onaf" not in names


def test_backup_file_is_made_whole_or_not_at_all(app, tmp_path, monkeypatch):
    def broken_copy(_source, target, **_kwargs):
        target.write_bytes(b"half")
        raise backup.BackupError("kapot")

    def broken_dump(_tool, _url, *arguments):
        [partial] = [a.removeprefix("--file=") for a in arguments if a.startswith("--file=")]
        Path(partial).write_bytes(b"half")
        raise backup.BackupError("kapot")
    monkeypatch.setattr(backup, "_sqlite_copy", broken_copy)
    monkeypatch.setattr(backup, "_run", broken_dump)
    folder = tmp_path / "backups"
    folder.mkdir()
    result = _invoke(app, "backup", str(folder / "half.backup"))
    assert result.exit_code != 0 and "kapot" in result.output
    assert list(folder.iterdir()) == []
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "database.backup_failed")) == 1


def test_pg_connection_parameters_come_from_the_url_not_the_command_line():
    url = make_url("postgresql+psycopg://register:geheim@db.example:5433/belangen?sslmode=require")
    environment = backup._pg_environment(url)
    assert (environment["PGHOST"], environment["PGPORT"], environment["PGUSER"], environment["PGPASSWORD"],
            environment["PGDATABASE"], environment["PGSSLMODE"]) == (
        "db.example", "5433", "register", "geheim", "belangen", "require")
    socket = backup._pg_environment(make_url("postgresql+psycopg://me@/register_test?host=/var/run/postgresql"))
    assert socket["PGHOST"] == "/var/run/postgresql" and socket["PGDATABASE"] == "register_test"
    assert "PGPASSWORD" not in socket


def test_the_restored_database_works_in_the_app(app, register_data, tmp_path, fresh_url):
    file = tmp_path / "register.backup"
    assert _invoke(app, "backup", str(file)).exit_code == 0
    restored_app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=fresh_url)
    restored_app.test_client_class = CSRFClient
    assert _invoke(restored_app, "restore", str(file), "--yes").exit_code == 0
    email = db.session.scalars(select(AuditEvent.data).where(AuditEvent.action == "account.created")).first()["email"]
    try:
        client = restored_app.test_client()
        assert "Anna de Vries" in client.get("/register/voorbeeldstad/").get_data(as_text=True)
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    finally:
        with restored_app.app_context():
            db.engine.dispose()
