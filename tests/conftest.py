"""Fixtures: a fresh migrated database per test, a client that sends CSRF tokens, a login helper.

SQLite by default: the migrations run once into a template file that each test copies.
With TEST_DATABASE_URL=postgresql://... the same suite runs on PostgreSQL: the migrations run once, and every
table is emptied after each test.
"""
from __future__ import annotations

import functools
import os
import shutil

import pytest
from flask import g, has_app_context
from hypothesis import HealthCheck, settings
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from config import TestConfig
from register import create_app
from register.extensions import db

CSRF_RAW = "test-csrf-raw-token"

# Hypothesis profiles: examples per form for the fuzz tests (tests/test_fuzz_forms.py, marked `fuzz`). CI names its
# profile explicitly (.ci/run): "ci" runs 1000 per form on SQLite, "ci-postgres" 100 (each request there costs about
# three times as much). A developer's run uses "dev" unless HYPOTHESIS_PROFILE says otherwise; `-m "not fuzz"` skips
# the file altogether locally.
_FUZZ = dict(deadline=None, database=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
    HealthCheck.large_base_example])
settings.register_profile("ci", max_examples=1000, **_FUZZ)
settings.register_profile("ci-postgres", max_examples=100, **_FUZZ)
settings.register_profile("dev", max_examples=50, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


class CSRFClient(FlaskClient):
    """Posts carry a valid CSRF token unless the test passes csrf=False (to prove the check)."""

    def open(self, *args, csrf: bool = True, **kwargs):
        # The test's app context is shared with each request (so the test sees the same session); Flask-Login
        # caches the user in g, which must not leak from one client's request to another's.
        if has_app_context():
            g.pop("_login_user", None)
        try:
            return self._open(*args, csrf=csrf, **kwargs)
        finally:
            if has_app_context():
                g.pop("_login_user", None)

    def _open(self, *args, csrf: bool = True, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        if csrf and method == "POST" and "json" not in kwargs:
            data = kwargs.get("data")
            if data is None or isinstance(data, dict):
                data = dict(data or {})
                data.setdefault("csrf_token", self.csrf_token())
                kwargs["data"] = data
        return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            session["csrf_token"] = CSRF_RAW
        secret = self.application.config["SECRET_KEY"]
        return URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(CSRF_RAW)


PG_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgres")


@functools.cache
def _pg_url() -> str:
    from config import _database_url
    os.environ["DATABASE_URL"], saved = PG_URL, os.environ.get("DATABASE_URL")
    try:
        return _worker_database(_database_url())
    finally:
        if saved is None:
            os.environ.pop("DATABASE_URL")
        else:
            os.environ["DATABASE_URL"] = saved


def _worker_database(url: str) -> str:
    """Under pytest-xdist (`-n 2`) each worker gets a PostgreSQL database of its own: the given one's name with
    _gw0, _gw1... appended, created on first use (the role that runs the suite may create databases)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine, make_url, text
    own = make_url(url).set(database=f"{make_url(url).database}_{worker}")
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}):
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    server.dispose()
    return own.render_as_string(hide_password=False)


def _empty_all_tables() -> None:
    from sqlalchemy import text
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """A database made by running every Alembic migration once (a template file on SQLite)."""
    from flask_migrate import downgrade, upgrade

    if ON_POSTGRES:
        url = _pg_url()
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            downgrade(revision="base")  # a clean start, also after an interrupted run
            upgrade(revision="heads")
            db.engine.dispose()
        return url
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()
    return path


@pytest.fixture
def database_url(migrated_db, tmp_path) -> str:
    if ON_POSTGRES:
        return migrated_db
    path = tmp_path / "test.db"
    shutil.copy(migrated_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    app.test_client_class = CSRFClient
    with app.app_context():
        yield app
        db.session.remove()
        if ON_POSTGRES:
            _empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """login(user) logs the test client in through the real login form."""
    from tests.factories import PASSWORD

    def _login(user, password: str = PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return client
    return _login
