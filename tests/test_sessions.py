"""Login sessions: a new one on login, ended everywhere when it matters, time limits, cookie flags, no cookie
for anonymous readers."""
import time

import pytest
from sqlalchemy import func, select

from config import ProductionConfig
from register import create_app
from register.admin import services as admin_services
from register.auth import services
from register.extensions import db
from register.models import AuditEvent
from tests.conftest import CSRFClient
from tests.factories import PASSWORD, make_body, make_declaration, make_politician, make_user

ME = "/wachtwoord-wijzigen"  # a page only a logged-in user sees: 200 when logged in, 302 to the login page if not


def _logged_in(client) -> bool:
    return client.get(ME).status_code == 200


def _login(client, user):
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302


# --- A new session on login (no session fixation) ---------------------------------------------------------------

def test_login_starts_a_new_session_without_planted_values(client):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "door een aanvaller"
        session["csrf_token"] = "planted-csrf-token"
    _login(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != "planted-csrf-token"
        assert isinstance(session["login_at"], int) and session["seen_at"] == session["login_at"]
    assert _logged_in(client)


# --- Ending every session: logout, password change, deactivation ------------------------------------------------

def _two_sessions(app, user):
    first, second = app.test_client(), app.test_client()
    _login(first, user)
    _login(second, user)
    return first, second


def test_logout_ends_the_other_sessions_too(app):
    user = make_user()
    first, second = _two_sessions(app, user)
    second.post("/logout")
    assert not _logged_in(first) and not _logged_in(second)


def test_logout_clears_the_whole_session(client):
    _login(client, make_user())
    client.post("/logout")
    with client.session_transaction() as session:
        assert set(session.keys()) <= {"_flashes"}


def test_a_password_change_ends_every_existing_session(app):
    user = make_user()
    first, second = _two_sessions(app, user)
    services.change_password(user, "een heel ander wachtwoord", actor=None)
    db.session.commit()
    assert not _logged_in(first) and not _logged_in(second)


def test_deactivation_ends_sessions_so_that_reactivation_does_not_revive_them(app):
    body = make_body()
    griffier = make_user(griffie_of=[body])
    user = make_user(politician=make_politician(body=body))
    first, second = _two_sessions(app, user)
    admin_services.set_account_active(user, body, False, actor=griffier, reason="Vertrokken")
    db.session.commit()
    assert not _logged_in(first)
    admin_services.set_account_active(user, body, True, actor=griffier)
    db.session.commit()
    assert not _logged_in(first) and not _logged_in(second)  # old cookies stay dead after reactivation
    fresh = app.test_client()
    _login(fresh, user)
    assert _logged_in(fresh)


def test_end_sessions_rotates_the_token(app):
    user = make_user()
    first, _ = _two_sessions(app, user)
    services.end_sessions(user)
    db.session.commit()
    assert not _logged_in(first)


# --- Idle and absolute time limits ------------------------------------------------------------------------------

def _shift(client, **seconds_ago):
    now = int(time.time())
    with client.session_transaction() as session:
        for key, ago in seconds_ago.items():
            session[key] = now - ago


@pytest.mark.parametrize("idle_minutes,still_in", [(29, True), (31, False)])
def test_idle_timeout_after_30_minutes(client, idle_minutes, still_in):
    _login(client, make_user())
    _shift(client, seen_at=idle_minutes * 60)
    response = client.get(ME)
    assert (response.status_code == 200) is still_in
    if not still_in:
        assert "/login" in response.headers["Location"]
        assert "Uw sessie is verlopen." in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("hours_ago,still_in", [(11.9, True), (12.1, False)])
def test_absolute_timeout_after_12_hours_even_when_active(client, hours_ago, still_in):
    _login(client, make_user())
    _shift(client, login_at=int(hours_ago * 3600), seen_at=10)
    assert _logged_in(client) is still_in


def test_time_limits_come_from_the_config(app, client):
    app.config.update(SESSION_IDLE_MINUTES=5)
    _login(client, make_user())
    _shift(client, seen_at=6 * 60)
    assert not _logged_in(client)


def test_activity_moves_the_idle_limit(client):
    _login(client, make_user())
    _shift(client, seen_at=20 * 60)
    assert _logged_in(client)
    with client.session_transaction() as session:
        assert int(time.time()) - session["seen_at"] < 5
    _shift(client, login_at=0, seen_at=0)  # only the absolute limit is left in force for the next check
    assert _logged_in(client)


def test_a_session_without_login_time_is_not_accepted(client):
    _login(client, make_user())
    with client.session_transaction() as session:
        del session["login_at"]
    assert not _logged_in(client)


def test_an_expired_session_writes_nothing_to_the_database(client):
    _login(client, make_user())
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    _shift(client, seen_at=3600)
    client.get(ME)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events


# --- Cookies ----------------------------------------------------------------------------------------------------

def _cookie(response) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if "session=" in c]
    return cookie


def test_session_cookie_is_httponly_and_samesite_lax(client):
    cookie = _cookie(client.post("/login", data={"email": make_user().email, "password": PASSWORD}))
    assert cookie.startswith("session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


class ProductionTestConfig(ProductionConfig):
    ENV_NAME = "production"
    SECRET_KEY = "p" * 48
    CHEAP_PASSWORD_HASHING = True


@pytest.fixture
def production(app, database_url):
    """A production-mode app on the test database (the `app` fixture still empties it afterwards)."""
    prod = create_app(ProductionTestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    prod.test_client_class = CSRFClient
    yield prod
    with prod.app_context():
        db.engine.dispose()


def test_production_cookie_is_host_prefixed_secure_httponly_lax(production):
    user = make_user()
    client = production.test_client()
    response = client.post("/login", base_url="https://localhost",
                           headers={"Referer": "https://localhost/login"},
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    cookie = _cookie(response)
    assert cookie.startswith("__Host-session=")
    attributes = [part.strip() for part in cookie.split(";")[1:]]
    assert {"Secure", "HttpOnly", "Path=/", "SameSite=Lax"} <= set(attributes)
    assert not any(a.lower().startswith("domain=") for a in attributes)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


# --- Anonymous readers get no cookie at all ---------------------------------------------------------------------

@pytest.fixture
def public_urls(app):
    politician = make_politician()
    make_user(politician=politician)
    make_declaration(politician)
    base = f"/register/{politician.body.slug}/"
    return ["/", base, f"{base}{politician.slug}/", "/healthz", "/static/css/site.css"]


@pytest.mark.parametrize("production_mode", [False, True])
def test_anonymous_public_pages_set_no_cookie(app, production_mode, public_urls, database_url):
    reader = app.test_client()
    if production_mode:
        prod = create_app(ProductionTestConfig, SQLALCHEMY_DATABASE_URI=database_url)
        reader = prod.test_client()
    for url in public_urls:
        response = reader.get(url, base_url="https://register.example.nl" if production_mode else "http://localhost")
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
    if production_mode:
        with prod.app_context():
            db.engine.dispose()
