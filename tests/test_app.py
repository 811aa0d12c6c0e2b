"""The application itself: factory, config, health check, migrations."""
import pytest

from config import Config, ProductionConfig
from register import create_app


def test_healthz_answers_ok_without_session_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.data == b"ok"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("secret", [None, "", "dev-insecure-change-me", "short"])
def test_production_refuses_missing_or_default_secret(secret):
    class Prod(Config):
        ENV_NAME = "production"
        SECRET_KEY = secret
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Prod)


def test_production_starts_with_a_real_secret_and_secure_cookies(tmp_path):
    class Prod(ProductionConfig):
        ENV_NAME = "production"
        SECRET_KEY = "x" * 48
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.db'}"
    app = create_app(Prod)
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_unknown_page_is_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Niet gevonden" in response.get_data(as_text=True)


def test_every_page_sends_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_logged_in_pages_are_not_cached(client, login):
    from tests.factories import make_politician, make_user
    login(make_user(politician=make_politician()))
    assert client.get("/mijn/").headers["Cache-Control"] == "no-store"
