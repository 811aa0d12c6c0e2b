"""Fixtures: a fresh migrated database per test, a client that sends CSRF tokens, a login helper."""
from __future__ import annotations

import shutil

import pytest
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from config import TestConfig
from register import create_app
from register.extensions import db

CSRF_RAW = "test-csrf-raw-token"


class CSRFClient(FlaskClient):
    """Posts carry a valid CSRF token unless the test passes csrf=False (to prove the check)."""

    def open(self, *args, csrf: bool = True, **kwargs):
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


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """An SQLite database made by running every Alembic migration once; each test gets a copy."""
    from flask_migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app(migrated_db, tmp_path):
    path = tmp_path / "test.db"
    shutil.copy(migrated_db, path)
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    app.test_client_class = CSRFClient
    with app.app_context():
        yield app
        db.session.remove()
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
