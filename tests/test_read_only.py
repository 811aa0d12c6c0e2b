"""A database that cannot write: the public register keeps reading; a change gets 503, saves nothing, is logged once.

Real read-only databases: a SQLite file opened read-only (mode=ro), or PostgreSQL with
default_transaction_read_only (as an operator sets it, or a standby answers). Disk full is simulated: the
driver's own error (sqlite3 "database or disk is full", psycopg DiskFull) raised for every write statement.
"""
from __future__ import annotations

import logging
import sqlite3
from contextlib import contextmanager

import psycopg.errors
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from config import TestConfig
from register import create_app
from register.extensions import db
from register.models import Signal
from tests.conftest import ON_POSTGRES, CSRFClient
from tests.factories import PASSWORD, make_body, make_declaration, make_group, make_politician, make_user

READ_ONLY_TEXT = "Het register is tijdelijk alleen te lezen; er is niets opgeslagen."
SIGNAL = {"text": "De wethouder is ook directeur van Bouwbedrijf Noord, dat staat niet in het register."}


@pytest.fixture
def register(app):
    body = make_body("Gemeente Alleenlezen", slug="alleenlezen")
    politician = make_politician(make_group(body), name="Rita Lezer")
    make_declaration(politician, organisation="Stichting Leesbaar")
    user = make_user(politician=politician)
    db.session.commit()
    return {"body": body, "politician": politician, "user": user}


@contextmanager
def read_only_app(database_url: str):
    """The same database, opened by an app that cannot write to it."""
    if ON_POSTGRES:
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, SQLALCHEMY_ENGINE_OPTIONS={
            "connect_args": {"options": "-c default_transaction_read_only=on"}})
    else:
        path = make_url(database_url).database
        app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///file:{path}?mode=ro&uri=true")
    app.test_client_class = CSRFClient
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def _public_pages(register) -> list[str]:
    return ["/", "/register/alleenlezen/", f"/register/alleenlezen/{register['politician'].slug}/",
            "/search?q=leesbaar", "/export/alleenlezen.csv", "/readyz"]


def _faults(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "register.faults"]


def test_a_read_only_database_keeps_the_public_register_and_refuses_changes_with_503(
        app, database_url, register, caplog):
    caplog.set_level(logging.INFO)
    with read_only_app(database_url) as read_only:
        client = read_only.test_client()
        for path in _public_pages(register):
            assert client.get(path).status_code == 200, path
        signal = client.post("/register/alleenlezen/melding", data=SIGNAL)
        login = client.post("/login", data={"email": register["user"].email, "password": PASSWORD})
        for response in (signal, login):
            assert response.status_code == 503
            assert READ_ONLY_TEXT in response.get_data(as_text=True)
            assert response.headers["Retry-After"]
        assert client.get("/mijn/").status_code == 302  # the refused login left no logged-in session
        assert client.get("/register/alleenlezen/").status_code == 200
    errors = [r for r in _faults(caplog) if r.levelname == "ERROR"]
    assert len(errors) == 1 and errors[0].exc_info is None  # once, one clear line, no stack trace
    assert "alleen-lezen of schijf vol" in errors[0].getMessage()
    assert db.session.scalar(select(func.count()).select_from(Signal)) == 0


def test_the_read_only_page_is_in_english_too(app, database_url, register):
    with read_only_app(database_url) as read_only:
        response = read_only.test_client().post("/register/alleenlezen/melding?lang=en", data=SIGNAL)
    assert response.status_code == 503
    assert "The register is temporarily read-only; nothing has been saved." in response.get_data(as_text=True)


@contextmanager
def disk_full():
    """Every write statement fails as the driver fails on a full disk; reads go through."""
    engine = db.engine

    def refuse(cursor, statement, parameters, context):
        if statement.lstrip().split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            if engine.dialect.name == "postgresql":
                raise psycopg.errors.DiskFull('could not extend file "base/16384/16390": No space left on device')
            raise sqlite3.OperationalError("database or disk is full")
    event.listen(engine, "do_execute", refuse)
    event.listen(engine, "do_executemany", refuse)
    try:
        yield
    finally:
        event.remove(engine, "do_execute", refuse)
        event.remove(engine, "do_executemany", refuse)


def test_a_full_disk_answers_503_keeps_reading_and_is_logged_once_until_it_writes_again(app, client, register,
                                                                                        caplog):
    caplog.set_level(logging.INFO)
    with disk_full():
        for _attempt in range(3):
            response = client.post("/register/alleenlezen/melding", data=SIGNAL)
            assert response.status_code == 503 and READ_ONLY_TEXT in response.get_data(as_text=True)
        assert client.get(f"/register/alleenlezen/{register['politician'].slug}/").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Signal)) == 0
    errors = [r for r in _faults(caplog) if r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "No space left on device" in errors[0].getMessage() or "disk is full" in errors[0].getMessage()

    assert client.post("/register/alleenlezen/melding", data=SIGNAL).status_code == 302  # the disk has room again
    recovered = [r for r in _faults(caplog) if r.levelname == "WARNING"]
    assert len(recovered) == 1 and "3 wijzigingen geweigerd" in recovered[0].getMessage()

    with disk_full():
        assert client.post("/register/alleenlezen/melding", data=SIGNAL).status_code == 503
    assert len([r for r in _faults(caplog) if r.levelname == "ERROR"]) == 2  # a new episode is logged again


def test_other_database_errors_are_still_a_500_with_their_stack_trace(app, client, register, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    engine = db.engine

    def broken(cursor, statement, parameters, context):
        if statement.lstrip().upper().startswith("INSERT"):
            if engine.dialect.name == "postgresql":
                raise psycopg.errors.UndefinedColumn('column "x" does not exist')
            raise sqlite3.OperationalError("no such column: x")
    event.listen(engine, "do_execute", broken)
    try:
        response = client.post("/register/alleenlezen/melding", data=SIGNAL)
    finally:
        event.remove(engine, "do_execute", broken)
    assert response.status_code == 500
    assert any(r.exc_info for r in caplog.records if r.levelname == "ERROR")
    assert not _faults(caplog)
