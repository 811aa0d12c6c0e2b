"""/healthz says the process lives; /readyz says whether it can serve: database reachable, schema at the head.

A worker refuses to start on a schema that is missing or behind (wsgi.py); `flask db upgrade` still runs.
Broken databases on SQLite are files made here, so these cases run with either test database; the PostgreSQL
cases (wrong password, missing database, database without migrations) run when the suite runs on PostgreSQL.
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestConfig
from register import create_app
from register.extensions import db
from register.readiness import SchemaNotCurrent, require_schema_at_head
from tests.conftest import ON_POSTGRES, _pg_url
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parent.parent
FIRST_REVISION = "d0f303bd1820"  # the initial schema: always behind the head


def test_readyz_is_ok_on_a_migrated_database_and_never_cached(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in response.headers
    assert client.get("/readyz", headers={"If-None-Match": "*"}).status_code == 200


def _sqlite_at(path: Path, revision: str | None) -> str:
    url = f"sqlite:///{path}"
    if revision:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade(revision=revision)
            db.engine.dispose()
    return url


def _missing_file(tmp_path):
    return f"sqlite:///{tmp_path / 'bestaat-niet.db'}"


def _empty_file(tmp_path):
    path = tmp_path / "leeg.db"
    create_engine(f"sqlite:///{path}").connect().close()
    return f"sqlite:///{path}"


def _corrupt_file(tmp_path):
    path = tmp_path / "kapot.db"
    path.write_bytes(b"Dit is geen database maar een tekstbestand. " * 200)
    return f"sqlite:///{path}"


def _behind_head(tmp_path):
    return _sqlite_at(tmp_path / "oud.db", FIRST_REVISION)


def _no_server(_tmp_path):
    return f"postgresql+psycopg://register:geheim-wachtwoord@127.0.0.1:{free_port()}/register"


CASES = {
    "missing sqlite file": (_missing_file, "database_missing"),
    "sqlite file without migrations": (_empty_file, "schema_missing"),
    "corrupt sqlite file": (_corrupt_file, "database_error"),
    "schema behind the head": (_behind_head, "schema_not_current"),
    "no database server": (_no_server, "database_unreachable"),
}


def _pg(**changes) -> str:
    return make_url(_pg_url()).set(**changes).render_as_string(hide_password=False)


@pytest.fixture
def empty_pg_database():
    """A PostgreSQL database with no tables (made for the test, dropped after it)."""
    server = create_engine(_pg_url(), isolation_level="AUTOCOMMIT")
    name = f"{make_url(_pg_url()).database}_leeg"
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield _pg(database=name)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


if ON_POSTGRES:
    CASES.update({
        # Over TCP the server asks for a password (scram-sha-256), which is wrong here.
        "wrong password": (lambda _p: _pg(host="127.0.0.1", password="fout-wachtwoord", query={}),
                           "database_unreachable"),
        "missing database": (lambda _p: _pg(database="register_bestaat_niet"), "database_unreachable"),
    })


@pytest.mark.parametrize("case", list(CASES))
def test_readyz_answers_503_with_the_reason_while_healthz_stays_alive(tmp_path, caplog, case):
    make_url_for, reason = CASES[case]
    url = make_url_for(tmp_path)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    caplog.set_level(logging.INFO)
    with app.app_context():
        client = app.test_client()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json() == {"status": "unavailable", "reason": reason}
        assert response.headers["Cache-Control"] == "no-store"
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
        db.engine.dispose()
    warnings = [r for r in caplog.records if r.name == "register.readiness" and r.levelname == "WARNING"]
    assert len(warnings) == 1 and reason in warnings[0].getMessage()  # once per change, not per probe
    assert not any("wachtwoord" in r.getMessage() for r in caplog.records)
    if case == "missing sqlite file":
        assert not (tmp_path / "bestaat-niet.db").exists()  # the probe made no empty database


if ON_POSTGRES:  # a database of the suite's PostgreSQL server, without tables
    def test_readyz_for_a_postgresql_database_without_migrations(empty_pg_database):
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_pg_database)
        with app.app_context():
            response = app.test_client().get("/readyz")
            db.engine.dispose()
        assert response.status_code == 503 and response.get_json()["reason"] == "schema_missing"


def test_readyz_recovers_once_the_schema_is_upgraded(tmp_path):
    url = _behind_head(tmp_path)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        client = app.test_client()
        assert client.get("/readyz").status_code == 503
        upgrade(revision="heads")
        assert client.get("/readyz").status_code == 200
        db.engine.dispose()


@pytest.mark.parametrize("make", [_behind_head, _empty_file])
def test_a_worker_does_not_start_on_a_schema_that_is_not_at_the_head(tmp_path, make):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=make(tmp_path))
    with pytest.raises(SchemaNotCurrent, match="flask db upgrade"):
        require_schema_at_head(app)


def test_a_worker_starts_when_the_database_is_only_down(tmp_path, caplog):
    """A database that is down may come back: the worker starts, /readyz says 503 meanwhile."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=_no_server(tmp_path))
    require_schema_at_head(app)
    assert any("database_unreachable" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")


def _environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR")}
    env.update(DATABASE_URL=url, REGISTER_ENV="test", FLASK_APP="wsgi.py", SECRET_KEY="t" * 40)
    return env


def test_gunicorn_refuses_a_schema_behind_the_head_and_flask_db_upgrade_still_runs(tmp_path):
    url = _behind_head(tmp_path)
    port = free_port()
    gunicorn = [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "wsgi:app"]
    refused = subprocess.run(gunicorn, cwd=ROOT, env=_environment(url), capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode != 0
    assert "Het register start niet: schema op revisie d0f303bd1820" in refused.stderr
    assert "flask db upgrade" in refused.stderr

    flask = [sys.executable, "-m", "flask", "db", "upgrade"]
    upgraded = subprocess.run(flask, cwd=ROOT, env=_environment(url), capture_output=True, text=True, timeout=120)
    assert upgraded.returncode == 0, upgraded.stderr

    server = subprocess.Popen(gunicorn, cwd=ROOT, env=_environment(url), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert _get_when_up(f"http://127.0.0.1:{port}/readyz") == (200, b'{"status":"ok"}\n')
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get_when_up(url: str, seconds: float = 30) -> tuple[int, bytes]:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)

