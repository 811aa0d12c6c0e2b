"""Fixtures for the deployment tests: one migrated database per test module, served by real processes.

On SQLite a copy of the migrated template; with TEST_DATABASE_URL (make test-pg) the suite's PostgreSQL database,
emptied afterwards like every other test leaves it. Data is made in this process with the factories; the servers
(gunicorn, nginx) see it through the database, as another app server would.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest

from config import TestConfig
from register import create_app
from register.extensions import db
from tests.conftest import ON_POSTGRES, _empty_all_tables
from tests.deploy.servers import require_tools


@pytest.fixture(scope="module")
def served_database(migrated_db, tmp_path_factory):
    """(url, app): a database for servers started by the tests, and an app context of this process on it."""
    require_tools()
    if ON_POSTGRES:
        url = migrated_db
    else:
        path = tmp_path_factory.mktemp("served") / "register.db"
        shutil.copy(migrated_db, path)
        url = f"sqlite:///{path}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        yield url, app
        db.session.remove()
        if ON_POSTGRES:
            _empty_all_tables()
        db.engine.dispose()


@dataclass
class Register:
    """A small public register: one body, one politician with an account and a published declaration."""
    body_slug: str
    person_path: str
    email: str
    politician_id: int


@pytest.fixture(scope="module")
def register_data(served_database) -> Register:
    from tests.factories import make_body, make_declaration, make_group, make_politician, make_user

    body = make_body(name="Gemeente Proxystad", slug="proxystad")
    politician = make_politician(make_group(body, name="Fractie Veerkracht"), name="Rosa Verbeek")
    user = make_user(politician=politician, email="rosa@proxystad.example", name="Rosa Verbeek")
    make_declaration(politician, organisation="Stichting Eerste Opgave")
    return Register(body.slug, f"/register/{body.slug}/{politician.slug}/", user.email, politician.id)
