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


def test_the_database_is_set_up_for_its_planner(app, client, monkeypatch):
    # SQLite: the statistics its planner needs appear by themselves as the register is used (PRAGMA optimize
    # every OPTIMIZE_EVERY uses of a connection). PostgreSQL: autovacuum keeps statistics; JIT is off.
    from sqlalchemy import text

    from register import db_setup
    from register.extensions import db
    from tests.factories import make_body, make_declaration, make_group, make_politician

    politician = make_politician(make_group(make_body("Gemeente Statistiek", slug="statistiek")))
    for n in range(3):
        make_declaration(politician, organisation=f"Stichting Telling {n}")
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:
            assert connection.execute(text("SHOW jit")).scalar() == "off"
        return
    monkeypatch.setattr(db_setup, "OPTIMIZE_EVERY", 2)
    app.config["RESPONSE_CACHE"] = False
    for n in range(6):
        assert client.get(f"/search?q=telling&n={n}").status_code == 200
        assert client.get(f"/register/statistiek/?n={n}").status_code == 200
        db.session.remove()  # the test holds the app context: hand the connection back as a request would
    analysed = db.session.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1")).scalars().all()
    assert {"declaration", "politician"} <= set(analysed)
