"""The data version as workers know it: a cache hit costs no database work; a change on another app instance shows
within CACHE_VERSION_CHECK_MS (on the instance that made it at once); `flask restore` moves the version forward.

Two app instances on one database stand for two workers or app servers. Each instance's clock is stepped by hand
instead of sleeping through the interval."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from config import TestConfig
from register import create_app
from register.data_version import read_version
from register.extensions import db
from register.models import Body, Politician
from tests.conftest import CSRFClient
from tests.factories import make_declaration, make_politician

URL_SETTING = "SQLALCHEMY_DATABASE_URI"


class SteppedClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def stepped(app) -> SteppedClock:
    clock = SteppedClock()
    app.extensions["data_version"].clock = clock
    return clock


@pytest.fixture
def clock(app):
    return stepped(app)


@pytest.fixture
def person(app):
    politician = make_politician(name="Anna de Vries")
    make_declaration(politician, organisation="Stichting Eerste Belang")
    return politician


def page_of(politician) -> str:
    return f"/register/{politician.body.slug}/{politician.slug}/"


@contextmanager
def database_work():
    """Every SQL statement and every connection taken from the pool while the block runs."""
    seen: list[str] = []

    def statement(_conn, _cursor, sql, *_args):
        seen.append(sql)

    def checkout(*_args):
        seen.append("(connection checked out)")
    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine.pool, "checkout", checkout)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine.pool, "checkout", checkout)


@contextmanager
def other_instance(database_url, **settings):
    """A second app on the same database, its own context pushed (its own session and engine)."""
    other = create_app(TestConfig, **{URL_SETTING: database_url}, **settings)
    other.test_client_class = CSRFClient
    with other.app_context():
        try:
            yield other
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_cache_hit_and_a_304_cost_no_database_work(app, client, clock, person):
    first = client.get(page_of(person))
    with database_work() as seen:
        hit = client.get(page_of(person))
        not_modified = client.get(page_of(person), headers={"If-None-Match": first.headers["ETag"]})
    assert hit.status_code == 200 and hit.data == first.data
    assert not_modified.status_code == 304
    assert seen == []


def test_the_version_is_read_again_after_the_interval(app, client, clock, person):
    client.get(page_of(person))
    clock.now += 1.0  # CACHE_VERSION_CHECK_MS defaults to 1000
    with database_work() as seen:
        assert client.get(page_of(person)).status_code == 200
    statements = [sql for sql in seen if sql != "(connection checked out)"]
    assert len(statements) == 1 and "content_version" in statements[0]  # the page itself comes from the cache


def test_a_change_elsewhere_shows_within_the_bound_and_at_once_where_it_was_made(app, client, clock, person,
                                                                                  database_url):
    url, politician_id = page_of(person), person.id
    before = client.get(url)
    db.session.rollback()  # end this instance's read transaction, as the end of a request would

    with other_instance(database_url) as writer:
        stepped(writer)
        writer_client = writer.test_client()
        assert "Waterbedrijf Gedeeld" not in writer_client.get(url).text  # the writer has read the version too
        make_declaration(db.session.get(Politician, politician_id), organisation="Waterbedrijf Gedeeld")
        assert "Waterbedrijf Gedeeld" in writer_client.get(url).text  # its clock did not move: at once

    clock.now += 0.999  # within the bound this instance still serves what it has, without asking the database
    with database_work() as seen:
        within = client.get(url)
    assert seen == [] and within.data == before.data
    clock.now += 0.001
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Waterbedrijf Gedeeld" in after.text
    assert after.headers["ETag"] != before.headers["ETag"]


def test_with_a_zero_interval_every_request_reads_the_version(database_url, migrated_db):
    with other_instance(database_url, CACHE_VERSION_CHECK_MS="0") as zero:
        politician = make_politician(name="Bo Nul")
        make_declaration(politician)
        client = zero.test_client()
        client.get(page_of(politician))
        with database_work() as seen:
            client.get(page_of(politician))
        assert len([sql for sql in seen if "content_version" in sql]) == 1


@pytest.mark.parametrize("setting, value", [("CACHE_VERSION_CHECK_MS", "een seconde"),
                                            ("CACHE_VERSION_CHECK_MS", "-5"), ("PUBLIC_SHARED_MAX_AGE", "1.5"),
                                            ("PUBLIC_STALE_IF_ERROR", "-1")])
def test_a_wrong_cache_setting_stops_the_start_with_its_name(database_url, setting, value):
    with pytest.raises(RuntimeError, match=f"{setting} moet een geheel getal van 0 of meer zijn"):
        create_app(TestConfig, **{URL_SETTING: database_url, setting: value})


# --- flask restore --------------------------------------------------------------------------------------------

def _run(app, *args):
    with app.app_context():
        try:
            result = app.test_cli_runner().invoke(args=list(args))
        finally:
            db.session.remove()
            db.engine.dispose()
    assert result.exit_code == 0, result.output
    return result


def _version() -> int:
    db.session.rollback()
    return read_version()[0]


def test_restore_moves_the_version_past_every_number_used_before(app, client, clock, person, tmp_path,
                                                                   database_url):
    """Before: the restored (lower) number came back, the register counted up to the old numbers again, and then
    an old ETag got 304 and a worker served its stored page with a declaration that the restore had removed."""
    url, body_id = page_of(person), person.body_id
    command_line = create_app(TestConfig, **{URL_SETTING: database_url})
    _run(command_line, "backup", str(tmp_path / "register.backup"))
    make_declaration(person, organisation="Stichting Na De Back-up")
    seen = client.get(url)  # this instance stores the page, under the version it knows
    assert "Stichting Na De Back-up" in seen.text
    used = _version()
    db.session.remove()

    _run(command_line, "restore", str(tmp_path / "register.backup"), "--yes", "--force")
    restored = _version()
    assert restored > used
    body = db.session.get(Body, body_id)
    while _version() < used:  # (before the fix) the register went on and reached the numbers used before
        body.name = f"Gemeente Hersteld {_version()}"
        db.session.commit()

    clock.now += 1.0
    after = client.get(url, headers={"If-None-Match": seen.headers["ETag"]})
    assert after.status_code == 200
    assert "Stichting Eerste Belang" in after.text and "Stichting Na De Back-up" not in after.text
    assert "Stichting Na De Back-up" not in client.get(url).text

