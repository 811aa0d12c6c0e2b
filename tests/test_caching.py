"""HTTP caching (ETag, Last-Modified, 304) and the per-worker response cache: fresh after every publish (two app
instances on one database: tests/test_data_version.py); never for logged-in users, flash messages or error pages."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from register.declarations import services as declaration_services
from register.extensions import db
from tests.factories import make_declaration, make_politician, make_user


@pytest.fixture
def person():
    politician = make_politician(name="Anna de Vries")
    make_declaration(politician, organisation="Stichting Eerste Belang")
    return politician


def page_of(politician) -> str:
    return f"/register/{politician.body.slug}/{politician.slug}/"


@contextmanager
def counted_queries():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


@pytest.mark.parametrize("path", ["/", "body", "person", "/search?q=Stichting", "/export/all.csv",
                                  "/feed.atom", "/api/v1/declarations", "/api/v1/bodies"])
def test_public_responses_carry_validators_and_answer_304(client, person, path):
    path = {"body": f"/register/{person.body.slug}/", "person": page_of(person)}.get(path, path)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=10"

    again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    since = client.get(path, headers={"If-Modified-Since": response.headers["Last-Modified"]})
    assert since.status_code == 304


def test_etag_differs_per_query_string(client, person):
    one = client.get("/search?q=Stichting").headers["ETag"]
    other = client.get("/search?q=Eerste").headers["ETag"]
    assert one != other


def test_publish_changes_the_page_and_its_etag(client, person):
    before = client.get(page_of(person))
    assert "Stichting Tweede Belang" not in before.text
    make_declaration(person, organisation="Stichting Tweede Belang")

    after = client.get(page_of(person), headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Stichting Tweede Belang" in after.text
    assert after.headers["ETag"] != before.headers["ETag"]


def test_withdrawal_disappears_from_cached_search(client, person):
    declaration = make_declaration(person, organisation="Stichting Verdwijnpunt")
    assert "Stichting Verdwijnpunt" in client.get("/search?q=Verdwijnpunt").text
    declaration_services.withdraw_declaration(declaration, reason="Vergissing", actor=person.user)
    db.session.commit()
    assert "Stichting Verdwijnpunt" not in client.get("/search?q=Verdwijnpunt").text


def test_repeated_page_is_served_from_the_worker_cache(app, client, person):
    app.extensions["data_version"].clock = lambda: 0.0  # however slow this machine: within the check interval
    first = client.get(page_of(person))
    with counted_queries() as statements:
        second = client.get(page_of(person))
    assert second.data == first.data
    assert statements == []  # not even the data version: this worker read it less than a second ago
    assert len(app.extensions["response_cache"]) == 1


def test_logged_in_pages_are_never_cached(app, client, login, person):
    cache = app.extensions["response_cache"]
    login(make_user(griffie_of=[person.body]))
    response = client.get(page_of(person))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers
    assert len(cache) == 0


def test_cached_anonymous_page_is_not_served_to_a_logged_in_user(app, client, login, person):
    client.get(page_of(person))
    assert len(app.extensions["response_cache"]) == 1
    login(make_user(griffie_of=[person.body]))
    response = client.get(page_of(person))
    assert response.headers["Cache-Control"] == "no-store"
    assert "ETag" not in response.headers


def test_pending_flash_message_is_shown_not_a_cached_page(app, client, person):
    client.get(page_of(person))  # stored without a message
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Een melding voor deze bezoeker")]
    response = client.get(page_of(person))
    assert "Een melding voor deze bezoeker" in response.text
    assert len(app.extensions["response_cache"]) == 1  # the page that emptied the session was not stored


def test_error_pages_are_not_cached(app, client):
    response = client.get("/register/bestaat-niet/")
    assert response.status_code == 404
    assert "ETag" not in response.headers
    assert len(app.extensions["response_cache"]) == 0


def test_private_pages_are_not_cached(app, client):
    response = client.get("/login")
    assert "ETag" not in response.headers
    assert len(app.extensions["response_cache"]) == 0


def test_cache_is_bounded(app, client, person):
    cache = app.extensions["response_cache"]
    cache.size = 3
    for n in range(6):
        assert client.get(f"/search?q=Stichting{n}").status_code == 200
    assert len(cache) == 3


def test_without_the_version_row_nothing_is_cached(app, client, person):
    from register.models import ContentVersion
    db.session.execute(ContentVersion.__table__.delete())
    db.session.commit()
    response = client.get(page_of(person))
    assert response.status_code == 200
    assert "ETag" not in response.headers
    make_declaration(person, organisation="Stichting Na Herstel")  # a change brings the row back
    assert client.get(page_of(person)).headers["ETag"]


# --- what a shared cache (nginx, a CDN) is told ----------------------------------------------------------------

def _app_with(database_url, **settings):
    from config import TestConfig
    from register import create_app
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, **settings)


@pytest.mark.parametrize("settings, policy", [
    ({}, "public, max-age=0, s-maxage=10"),
    ({"PUBLIC_SHARED_MAX_AGE": "60", "PUBLIC_STALE_IF_ERROR": "300"},
     "public, max-age=0, s-maxage=60, stale-if-error=300"),
    ({"PUBLIC_SHARED_MAX_AGE": "0"}, "public, no-cache"),
])
def test_shared_cache_lifetime_is_the_documented_setting(app, person, database_url, settings, policy):
    db.session.commit()
    other = _app_with(database_url, **settings)
    with other.app_context():
        client = other.test_client()
        response = client.get(page_of(person))
        again = client.get(page_of(person), headers={"If-None-Match": response.headers["ETag"]})
        db.session.remove()
        db.engine.dispose()
    assert response.headers["Cache-Control"] == policy
    assert again.status_code == 304 and again.headers["Cache-Control"] == policy
    assert {"Cookie", "Accept-Language"} <= set(response.vary)  # a shared cache keeps languages and visitors apart


def test_a_response_that_sets_a_cookie_is_never_for_a_shared_cache(client, person):
    """?lang=en sets the language cookie: that answer must not be kept and handed to others by a proxy."""
    response = client.get(page_of(person) + "?lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert response.headers["Cache-Control"] == "private, no-cache"
    later = client.get(page_of(person) + "?lang=en")  # the cookie is there now: nothing set, public again
    assert "Set-Cookie" not in later.headers
    assert later.headers["Cache-Control"].startswith("public, ")


def test_a_page_that_shows_a_flash_message_is_not_public(client, person):
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Alleen voor deze bezoeker")]
    response = client.get(page_of(person))
    assert "Alleen voor deze bezoeker" in response.text
    assert "public" not in response.headers.get("Cache-Control", "")
    assert "ETag" not in response.headers


def test_logged_in_pages_say_no_store_to_every_cache(client, login, person):
    login(make_user(griffie_of=[person.body]))
    for url in (page_of(person), "/search?q=Stichting", "/api/v1/declarations", f"/beheer/{person.body.slug}/"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
        assert "s-maxage" not in response.headers["Cache-Control"]


def test_a_new_release_of_the_code_changes_every_etag(client, person, monkeypatch):
    """A deploy may change pages (templates, a data migration) without moving the data version."""
    from register import cache
    before = client.get(page_of(person))
    monkeypatch.setattr(cache, "release", lambda: "een-nieuwe-release")
    after = client.get(page_of(person), headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]


@pytest.mark.parametrize("changed", ["templates/public/page.html", "migrations/versions/abc_fix.py",
                                     "register/public/routes.py", "register/translations/en/LC_MESSAGES/messages.mo"])
def test_the_release_digest_changes_with_templates_code_translations_and_migrations(tmp_path, monkeypatch, changed):
    from register import cache
    for name in ("templates/public/page.html", "migrations/versions/abc_fix.py", "register/public/routes.py",
                 "register/translations/en/LC_MESSAGES/messages.mo", "static/css/site.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("eerste versie")
    monkeypatch.setattr(cache, "ROOT", tmp_path)
    cache.release.cache_clear()
    try:
        before = cache.release()
        (tmp_path / "static/css/site.css").write_text("een stijl verandert geen pagina")
        cache.release.cache_clear()
        assert cache.release() == before
        (tmp_path / changed).write_text("tweede versie")
        cache.release.cache_clear()
        assert cache.release() != before
    finally:
        cache.release.cache_clear()
