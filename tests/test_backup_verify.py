"""`flask backup` says "gemaakt" only for a backup it has checked: integrity, and the rows of every table.

The damaged-copy and wrong-count tests run on whichever database the suite uses (SQLite, or PostgreSQL with
TEST_DATABASE_URL: then pg_dump, pg_restore --list and the COPY blocks of pg_restore --data-only). The corrupt
database file is a SQLite matter and always uses a SQLite database of its own.
"""
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from config import TestConfig
from register import backup, backup_verify, create_app
from register.extensions import db
from register.models import AuditEvent
from tests.factories import make_body, make_declaration, make_group, make_politician
from tests.test_backup import _invoke


@pytest.fixture
def some_data(app):
    politician = make_politician(make_group(make_body("Gemeente Telling", slug="telling")), name="Tess Telling")
    for number in range(3):
        make_declaration(politician, organisation=f"Stichting Nummer {number}")
    db.session.commit()


def _failed_backups() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "database.backup_failed"))


def test_a_backup_is_reported_made_only_after_it_is_checked(app, some_data, tmp_path):
    file = tmp_path / "goed.backup"
    result = _invoke(app, "backup", str(file))
    assert result.exit_code == 0, result.output
    assert "Back-up gemaakt en gecontroleerd" in result.output and file.exists()


def _damage_after_copy(monkeypatch, damage):
    """Let the real copy (SQLite) or pg_dump (PostgreSQL) run, then damage the file it wrote."""
    real_copy, real_run = backup._sqlite_copy, backup._run

    def copy(source, target, **kwargs):
        real_copy(source, target, **kwargs)
        damage(Path(target))

    def run(tool, url, *arguments):
        real_run(tool, url, *arguments)
        written = [a.removeprefix("--file=") for a in arguments if a.startswith("--file=")]
        if written:
            damage(Path(written[0]))
    monkeypatch.setattr(backup, "_sqlite_copy", copy)
    monkeypatch.setattr(backup, "_run", run)


def _cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_a_damaged_backup_file_is_refused_and_removed(app, some_data, tmp_path, monkeypatch):
    _damage_after_copy(monkeypatch, _cut_in_half)
    folder = tmp_path / "backups"
    folder.mkdir()
    result = _invoke(app, "backup", str(folder / "half.backup"))
    assert result.exit_code != 0
    assert "beschadigd" in result.output or "onleesbaar" in result.output
    assert "gemaakt" not in result.output
    assert list(folder.iterdir()) == []
    assert _failed_backups() == 1


def test_a_backup_with_other_row_counts_than_the_database_is_refused(app, some_data, tmp_path, monkeypatch):
    """As if rows went missing on the way: the database's counts say one declaration more than the copy holds."""
    def more(counts: dict[str, int]) -> dict[str, int]:
        return {**counts, "declaration": counts["declaration"] + 1}
    real_source_counts, real_snapshot = backup_verify.source_counts, backup_verify.pg_snapshot

    def source_counts(origin):
        return more(real_source_counts(origin))

    def pg_snapshot(url):
        class Snapshot:
            def __enter__(self):
                self.inner = real_snapshot(url)
                snapshot, counts = self.inner.__enter__()
                return snapshot, more(counts)

            def __exit__(self, *exc):
                return self.inner.__exit__(*exc)
        return Snapshot()
    monkeypatch.setattr(backup_verify, "source_counts", source_counts)
    monkeypatch.setattr(backup_verify, "pg_snapshot", pg_snapshot)
    file = tmp_path / "telt-niet.backup"
    result = _invoke(app, "backup", str(file))
    assert result.exit_code != 0
    assert "klopt niet met de database" in result.output
    assert "declaration: 4 rijen in de database, 3 in de back-up" in result.output
    assert not file.exists() and _failed_backups() == 1


def _sqlite_register(path: Path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade(revision="heads")
        politician = make_politician(make_group(make_body("Gemeente Kapot", slug="kapot")))
        make_declaration(politician, organisation="Stichting Beschadigd")
        db.session.execute(db.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()
    return app


def _corrupt_table(path: Path, name: str) -> None:
    """Overwrite the page-type byte of the table's root page: the pages are still copied, but cannot be read."""
    import sqlite3
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff")


def test_a_corrupt_sqlite_database_is_not_reported_as_backed_up(tmp_path):
    source = tmp_path / "kapot.db"
    app = _sqlite_register(source)
    _corrupt_table(source, "declaration_version")
    target = tmp_path / "kapot.backup"
    result = _invoke(app, "backup", str(target))
    assert result.exit_code != 0, result.output
    assert "Back-up gemaakt" not in result.output
    assert "niet volledig worden gelezen" in result.output or "beschadigd" in result.output
    assert not target.exists()


def test_the_copy_command_of_a_pg_dump_names_the_table_however_it_is_quoted():
    match = backup_verify.COPY_TABLE.match
    assert match(b'COPY public."user" (id, email) FROM stdin;\n').group(1) == b"user"
    assert match(b"COPY public.declaration_version (id) FROM stdin;\n").group(1) == b"declaration_version"
    assert match(b"COPY body (id) FROM stdin;\n").group(1) == b"body"
    assert backup_verify.LISTED_TABLE.findall("215; 1259 19073 TABLE public alembic_version root\n"
                                              "3686; 0 19158 TABLE DATA public user root\n") == ["alembic_version"]


def test_counts_compare_table_by_table():
    backup_verify.compare({"alembic_version": 1, "body": 2}, {"alembic_version": 1, "body": 2})
    with pytest.raises(backup.BackupError, match="body: 2 rijen in de database, 1 in de back-up"):
        backup_verify.compare({"alembic_version": 1, "body": 2}, {"alembic_version": 1, "body": 1})
    with pytest.raises(backup.BackupError, match="signal: 1 rijen in de database, geen in de back-up"):
        backup_verify.compare({"alembic_version": 1, "signal": 1}, {"alembic_version": 1})
    with pytest.raises(backup.BackupError, match="alembic_version"):
        backup_verify.compare({}, {"body": 0})
