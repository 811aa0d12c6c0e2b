"""Failed logins are throttled per account and per client, in the database, across app instances."""
import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from config import TestConfig
from register import create_app
from register.extensions import db
from register.models import AuditEvent, LoginFailure
from register.models.base import utcnow
from tests.conftest import CSRFClient
from tests.factories import PASSWORD, make_user

WRONG = "niet het goede wachtwoord"
REFUSED = "Te veel mislukte inlogpogingen."
ME = "/wachtwoord-wijzigen"  # a page only a logged-in user sees


def _post(client, email, password=WRONG, address="192.0.2.10", **environ):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address, **environ})


def _flash(response) -> str:
    return " ".join(re.findall(r'<p class="flash flash-error">(.*?)</p>', response.get_data(as_text=True)))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def clock(monkeypatch):
    """Moves the throttle's notion of now."""
    class Clock:
        offset = timedelta()

        def advance(self, **delta):
            self.offset += timedelta(**delta)

        def now(self):
            return utcnow() + self.offset
    clock = Clock()
    monkeypatch.setattr("register.auth.throttle.utcnow", clock.now)
    monkeypatch.setattr("register.auth.services.utcnow", clock.now)
    return clock


def test_five_failures_refuse_the_account_even_with_the_right_password(client):
    user = make_user()
    for _ in range(5):
        assert _post(client, user.email).status_code == 200
    response = _post(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert REFUSED in _flash(response) and "15 minuten" in _flash(response)
    assert 800 < int(response.headers["Retry-After"]) <= 900
    assert client.get(ME).status_code == 302  # not logged in
    assert _count(AuditEvent, AuditEvent.action == "auth.login_throttled") == 1


def test_four_failures_do_not_yet_refuse(client):
    user = make_user()
    for _ in range(4):
        _post(client, user.email)
    assert _post(client, user.email, PASSWORD).status_code == 302


def test_unknown_address_is_throttled_exactly_like_an_existing_account(client):
    user = make_user()
    answers = {}
    for email in (user.email, "niemand@example.nl"):
        for _ in range(5):
            _post(client, email)
        response = _post(client, email, PASSWORD)
        answers[email] = (response.status_code, _flash(response))
    assert answers[user.email] == answers["niemand@example.nl"] == (429, answers[user.email][1])


def test_the_account_is_refused_for_fifteen_minutes(client, clock):
    user = make_user()
    for n in range(5):
        clock.advance(minutes=2 if n else 0)
        _post(client, user.email)  # five failures within 15 minutes: the last at 8 minutes
    clock.advance(minutes=14)  # 14 minutes after the fifth failure
    assert _post(client, user.email, PASSWORD).status_code == 429
    clock.advance(minutes=1, seconds=1)
    assert _post(client, user.email, PASSWORD).status_code == 302


def test_failures_spread_over_more_than_fifteen_minutes_do_not_add_up(client, clock):
    user = make_user()
    for _ in range(8):
        _post(client, user.email)
        clock.advance(minutes=4)  # never five within 15 minutes
    assert _post(client, user.email, PASSWORD).status_code == 302


def test_a_successful_login_starts_the_account_count_afresh(client):
    user = make_user()
    for _ in range(4):
        _post(client, user.email)
    assert _post(client, user.email, PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(4):
        _post(client, user.email)
    assert _post(client, user.email, PASSWORD).status_code == 302


def test_twenty_failures_from_one_client_refuse_that_client_only(app, client):
    user = make_user()
    for n in range(20):
        assert _post(client, f"geraden{n}@example.nl", address="198.51.100.7").status_code == 200
    assert _post(client, user.email, PASSWORD, address="198.51.100.7").status_code == 429
    elsewhere = app.test_client()
    assert _post(elsewhere, user.email, PASSWORD, address="198.51.100.8").status_code == 302


def test_nineteen_failures_from_one_client_do_not_yet_refuse(client):
    user = make_user()
    for n in range(19):
        _post(client, f"geraden{n}@example.nl", address="198.51.100.7")
    assert _post(client, user.email, PASSWORD, address="198.51.100.7").status_code == 302


def test_the_client_address_is_stored_only_as_a_keyed_hash(client):
    address = "203.0.113.77"
    for _ in range(3):
        _post(client, "iemand@example.nl", address=address)
    failures = db.session.scalars(select(LoginFailure)).all()
    assert len(failures) == 3
    for failure in failures:
        assert re.fullmatch(r"[0-9a-f]{64}", failure.client_key)
        assert failure.client_key != hashlib.sha256(address.encode()).hexdigest()  # salted, not a plain hash
        assert address not in (failure.client_key, failure.account_key)
        assert "iemand@example.nl" not in failure.account_key
    for event in db.session.scalars(select(AuditEvent)):
        assert address not in str(event.data)


def test_failures_on_two_app_instances_add_up(app, client, database_url):
    """Two app instances (two gunicorn workers or servers) on one database share the count."""
    other_app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    other_app.test_client_class = CSRFClient
    other = other_app.test_client()
    user = make_user()
    try:
        for worker in (client, other, client, other, client):
            assert _post(worker, user.email).status_code == 200
        assert _post(other, user.email, PASSWORD).status_code == 429
        assert _post(client, user.email, PASSWORD).status_code == 429
    finally:
        with other_app.app_context():
            db.engine.dispose()
    assert _count(LoginFailure) == 5


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(database_url, app):
    proxied = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, TRUSTED_PROXIES=1)
    proxied.test_client_class = CSRFClient
    client = proxied.test_client()
    user = make_user()
    try:
        for n in range(20):
            _post(client, f"geraden{n}@example.nl", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert _post(client, user.email, PASSWORD, address="10.0.0.1",
                     HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
        assert _post(client, user.email, PASSWORD, address="10.0.0.1",
                     HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
    finally:
        with proxied.app_context():
            db.engine.dispose()


def test_old_failures_are_removed(client, clock):
    _post(client, "iemand@example.nl")
    clock.advance(minutes=31)
    _post(client, "iemand@example.nl")
    assert _count(LoginFailure) == 1


def test_the_message_counts_down_the_minutes(client, clock):
    for _ in range(5):
        _post(client, "iemand@example.nl")
    clock.advance(minutes=14, seconds=30)
    response = _post(client, "iemand@example.nl")
    assert "Wacht 1 minuut en probeer het dan opnieuw." in _flash(response)
    assert int(response.headers["Retry-After"]) <= 30
