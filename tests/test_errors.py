"""Error pages: Dutch, in the site's layout, for 400, 403, 404, 405, 413, 429 and 500; nothing is saved."""
import pytest
from flask import abort
from sqlalchemy import func, select

from register.extensions import db
from register.models import AuditEvent, Body
from tests.factories import make_declaration, make_politician, make_user

LAYOUT = ('<a class="brand"', "Naar de inhoud", '<html lang="nl">')


def _assert_dutch_page(response, status: int, title: str):
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in html
    assert f"Foutcode {status}." in html
    assert all(part in html for part in LAYOUT)
    assert response.mimetype == "text/html"


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_400_for_a_form_without_csrf_token(client):
    response = client.post("/login", data={"email": "a@example.nl", "password": "x"}, csrf=False)
    _assert_dutch_page(response, 400, "Ongeldig verzoek")
    assert "CSRF" in response.get_data(as_text=True)


@pytest.fixture(autouse=True)
def _probe_routes_are_public(monkeypatch):
    """The probe routes below are declared in the access map like any real route (unlisted ones get 403)."""
    from register.access import ACCESS, PUBLIC
    for endpoint in ("bad_request", "too_many", "crash"):
        monkeypatch.setitem(ACCESS, endpoint, PUBLIC)


def test_400_for_a_bad_request(app, client):
    @app.get("/test/bad-request")
    def bad_request():
        abort(400)
    _assert_dutch_page(client.get("/test/bad-request"), 400, "Ongeldig verzoek")


def test_403_for_someone_elses_declaration(client, login):
    owner = make_politician()
    make_user(politician=owner)
    declaration = make_declaration(owner)
    login(make_user(politician=make_politician()))
    _assert_dutch_page(client.get(f"/mijn/opgaven/{declaration.id}"), 403, "Geen toegang")


def test_404_for_an_unknown_page(client):
    _assert_dutch_page(client.get("/bestaat-niet"), 404, "Niet gevonden")


def test_405_for_a_wrong_method(client):
    response = client.get("/logout")
    _assert_dutch_page(response, 405, "Methode niet toegestaan")
    assert "POST" in response.headers["Allow"]


def test_413_for_a_request_over_the_size_limit(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/login", data={"email": "a@example.nl", "password": "x" * (limit + 1)})
    _assert_dutch_page(response, 413, "Te groot")
    assert _count(AuditEvent) == 0  # the login was never attempted


def test_a_request_just_under_the_size_limit_is_handled_normally(client):
    response = client.post("/login", data={"email": "a@example.nl", "password": "x" * 100_000})
    assert response.status_code == 200  # a form message (too long), not an error page


def test_429_page(app, client):
    @app.get("/test/too-many")
    def too_many():
        abort(429)
    _assert_dutch_page(client.get("/test/too-many"), 429, "Te veel verzoeken")


def test_500_page_is_dutch_and_nothing_is_saved(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the error page instead of a traceback

    @app.post("/test/crash")
    def crash():
        db.session.add(Body(name="Gemeente Half", slug="half"))
        db.session.flush()
        raise RuntimeError("kapot")

    response = client.post("/test/crash")
    _assert_dutch_page(response, 500, "Er ging iets mis")
    assert "Er is niets opgeslagen" in response.get_data(as_text=True)
    assert "kapot" not in response.get_data(as_text=True) and "Traceback" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert _count(Body) == 0


@pytest.mark.parametrize("path", ["/bestaat-niet", "/logout"])
def test_error_pages_send_the_security_headers(client, path):
    response = client.get(path)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
