"""Logging in and out, accounts from the command line."""
import pytest
from sqlalchemy import func, select

from register.auth import passwords
from register.auth.passwords import COMMON_PASSWORDS, check_password_policy, common_passwords
from register.auth.services import AccountError, change_password, create_user
from register.extensions import db
from register.models import AuditEvent, LoginFailure, User
from tests.factories import PASSWORD, make_body, make_group, make_politician, make_user


def _events(action):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_login_page_has_labelled_email_and_password_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<label for="email">' in html and '<label for="password">' in html
    assert 'name="csrf_token"' in html


def test_politician_logs_in_and_lands_on_te_doen(client):
    user = make_user(politician=make_politician())
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/te-doen")
    assert _events("auth.login") == 1


def test_login_accepts_email_in_other_case(client):
    user = make_user(email="Anna.Jansen@example.nl")
    response = client.post("/login", data={"email": "ANNA.JANSEN@example.nl", "password": PASSWORD})
    assert response.status_code == 302
    assert db.session.get(User, user.id).last_login_at is not None


@pytest.mark.parametrize("email,password", [("user@example.nl", "wrong password!!"),
                                            ("nobody@example.nl", PASSWORD)])
def test_wrong_password_and_unknown_email_get_the_same_answer(client, email, password):
    make_user(email="user@example.nl")
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 200
    assert "Onjuist e-mailadres of wachtwoord." in response.get_data(as_text=True)
    assert _events("auth.login_failed") == 1


def test_login_without_csrf_token_is_refused(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_login_page_asks_browsers_for_the_right_autocomplete(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html


def test_empty_login_form_shows_dutch_messages(client):
    html = client.post("/login", data={}).get_data(as_text=True)
    assert "Vul uw e-mailadres in." in html and "Vul uw wachtwoord in." in html


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "/\\evil.example/x"])
def test_next_parameter_only_redirects_locally(client, target):
    user = make_user(politician=make_politician())
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/te-doen")
    client.post("/logout")
    response = client.post("/login?next=/open-data", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/open-data")


def test_logout_is_post_only_and_ends_the_session(client, login):
    user = make_user(politician=make_politician())
    login(user)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/mijn/").status_code == 302  # back to the login page
    assert _events("auth.logout") == 1


def test_old_session_cookie_is_refused_after_logout(app, login):
    user = make_user(politician=make_politician())
    first = app.test_client()
    first.post("/login", data={"email": user.email, "password": PASSWORD})
    second = app.test_client()
    second.post("/login", data={"email": user.email, "password": PASSWORD})
    second.post("/logout")
    assert first.get("/mijn/").status_code == 302


def test_inactive_account_cannot_log_in(client):
    user = make_user()
    user.active = False
    db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Onjuist e-mailadres of wachtwoord." in response.get_data(as_text=True)


def test_password_is_stored_as_argon2id(app):
    user = make_user()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_create_user_command_makes_a_griffie_account(runner):
    body = make_body(slug="voorbeeldstad")
    result = runner.invoke(args=["create-user", "--email", "griffie@example.nl", "--name", "Griffier",
                                 "--password", "een lang wachtwoord", "--body", "voorbeeldstad", "--griffie"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "griffie@example.nl"))
    assert user.is_griffie_of(body.id)
    assert _events("account.created") == 1


def test_create_user_command_links_politician_and_reviewer(runner):
    group = make_group(make_body(slug="stad"))
    politician = make_politician(group)
    result = runner.invoke(args=["create-user", "--email", "p@example.nl", "--name", "P", "--password",
                                 "een lang wachtwoord", "--body", "stad", "--politician", politician.slug,
                                 "--reviewer", group.slug])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "p@example.nl"))
    assert user.politician_id == politician.id and user.is_reviewer_of(group.id)


@pytest.mark.parametrize("args,message", [
    (["--password", "kort"], "12 tot en met 128 tekens"),
    (["--password", "Qwerty123456"], "veelgebruikte wachtwoorden"),
    (["--password", "een lang wachtwoord", "--body", "bestaat-niet"], "bestaat niet"),
    (["--password", "een lang wachtwoord", "--griffie"], "--body"),
])
def test_create_user_command_refuses_bad_input(runner, args, message):
    result = runner.invoke(args=["create-user", "--email", "x@example.nl", "--name", "X", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_user_command_refuses_duplicate_email(runner):
    make_user(email="dubbel@example.nl")
    result = runner.invoke(args=["create-user", "--email", "dubbel@example.nl", "--name", "X", "--password",
                                 "een lang wachtwoord"])
    assert result.exit_code != 0 and "bestaat al" in result.output


# --- The password policy: one function, used by every place that sets a password ---------------------------------

TOO_SHORT = "Het wachtwoord moet 12 tot en met 128 tekens hebben."
COMMON = "veelgebruikte wachtwoorden"


@pytest.mark.parametrize("password,accepted", [
    ("a" * 11 + "Z", True), ("abcdefghijk", False), ("ëñ🐘 " * 3, True), ("x" * 128, True), ("x" * 129, False),
    ("", False), (" " * 11, False),
])
def test_password_length_is_12_to_128_characters_counted_as_typed(password, accepted):
    assert (check_password_policy(password) == []) is accepted
    if not accepted:
        assert check_password_policy(password) == [TOO_SHORT]


@pytest.mark.parametrize("password", ["password1234", "Password1234", "QWERTY123456", "1qaz2wsx3edc",
                                      "1Q2W3E4R5T6Y", "Wachtwoord2026", "belangenregister"])
def test_common_passwords_are_refused_whatever_the_case(password):
    [message] = check_password_policy(password)
    assert COMMON in message


def test_the_common_password_list_is_shipped_with_its_source():
    assert len(common_passwords()) >= 10_000
    header = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#") and "zxcvbn" in header and "MIT" in header
    readme = (COMMON_PASSWORDS.parent / "README.md").read_text(encoding="utf-8")
    assert "zxcvbn 4.5.0" in readme and "MIT" in readme
    assert PASSWORD.casefold() not in common_passwords()


def test_create_user_refuses_a_short_or_common_password(app):
    for bad in ("te kort", "Qwerty123456"):
        with pytest.raises(AccountError):
            create_user(email="x@example.nl", name="X", password=bad)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_change_password_service_refuses_a_common_password(app):
    user = make_user()
    old_hash = user.password_hash
    with pytest.raises(AccountError, match=COMMON):
        change_password(user, "password1234", actor=user)
    assert user.password_hash == old_hash


@pytest.mark.parametrize("password", ["  spaties voor en achter  ", "ĳsvogel 🐘 zürich €", "x" * 128,
                                      "\ttab en\nnieuwe regel"])
def test_password_is_taken_exactly_as_typed(client, password):
    user = make_user(email="exact@example.nl", password=password)
    assert passwords.verify_password(user.password_hash, password)
    if password.strip() != password:
        refused = client.post("/login", data={"email": user.email, "password": password.strip()})
        assert refused.status_code == 200
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302


# --- Wachtwoord wijzigen: the user's own page --------------------------------------------------------------------

NEW = "een nieuw en lang wachtwoord"


def _change(client, current=PASSWORD, new=NEW, confirm=None):
    return client.post("/wachtwoord-wijzigen", data={"current_password": current, "new_password": new,
                                                     "confirm": NEW if confirm is None else confirm})


def test_change_password_page_needs_a_login(client):
    response = client.get("/wachtwoord-wijzigen")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_change_password_page_has_labelled_fields(client, login):
    login(make_user(politician=make_politician()))
    html = client.get("/wachtwoord-wijzigen").get_data(as_text=True)
    for name in ("current_password", "new_password", "confirm"):
        assert f'<label for="{name}">' in html
    assert 'autocomplete="new-password"' in html and "<h1>Wachtwoord wijzigen</h1>" in html


def test_changing_own_password_ends_other_sessions_and_keeps_this_one(app, client, login):
    user = make_user(politician=make_politician())
    other = app.test_client()
    assert other.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    login(user)
    response = _change(client)
    assert response.status_code == 302
    assert client.get("/wachtwoord-wijzigen").status_code == 200  # still logged in, with the new session token
    assert other.get("/wachtwoord-wijzigen").status_code == 302  # the other browser is logged out
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    assert fresh.post("/login", data={"email": user.email, "password": NEW}).status_code == 302
    assert _events("account.password_changed") == 1


@pytest.mark.parametrize("data,message", [
    ({"current": "niet het goede wachtwoord"}, "Het huidige wachtwoord klopt niet."),
    ({"new": "kort", "confirm": "kort"}, TOO_SHORT),
    ({"new": "Password1234", "confirm": "Password1234"}, COMMON),
    ({"confirm": "iets anders dan het nieuwe"}, "De wachtwoorden zijn niet gelijk."),
    ({"new": PASSWORD, "confirm": PASSWORD}, "Het nieuwe wachtwoord moet anders zijn dan het huidige."),
    ({"current": ""}, "Vul uw huidige wachtwoord in."),
])
def test_bad_password_change_shows_a_message_and_changes_nothing(client, login, data, message):
    user = make_user(politician=make_politician())
    login(user)
    old_hash, old_token = user.password_hash, user.session_token
    response = _change(client, **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.password_hash, user.session_token) == (old_hash, old_token)
    assert _events("account.password_changed") == 0
    assert client.get("/wachtwoord-wijzigen").status_code == 200


def test_wrong_current_password_counts_as_a_failed_login(client, login):
    user = make_user(politician=make_politician())
    login(user)
    for _ in range(5):
        assert _change(client, current="fout fout fout").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 5
    assert _events("account.password_change_failed") == 5
    response = _change(client)
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.get_data(as_text=True)


def test_change_password_without_csrf_token_is_refused(client, login):
    user = make_user(politician=make_politician())
    login(user)
    response = client.post("/wachtwoord-wijzigen", csrf=False,
                           data={"current_password": PASSWORD, "new_password": NEW, "confirm": NEW})
    assert response.status_code == 400
    assert db.session.get(User, user.id).password_hash == user.password_hash


# --- Unknown e-mail and wrong password: same answer, same work, similar time -------------------------------------

class CountingHasher:
    """Wraps the real hasher and notes which hash each verification used."""

    def __init__(self, inner):
        self.inner, self.verified = inner, []

    def verify(self, password_hash, password):
        self.verified.append(password_hash)
        return self.inner.verify(password_hash, password)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_unknown_email_and_wrong_password_both_run_argon2(client, monkeypatch):
    user = make_user(email="bestaat@example.nl")
    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    client.post("/login", data={"email": "bestaat@example.nl", "password": "niet het wachtwoord"})
    client.post("/login", data={"email": "bestaat-niet@example.nl", "password": "niet het wachtwoord"})
    assert counting.verified == [user.password_hash, passwords._DUMMY_HASH]


def test_unknown_email_takes_about_as_long_as_a_wrong_password(app, client, monkeypatch):
    """With production-like argon2 cost the two answers take similar time (no way to probe for accounts)."""
    import statistics
    import time

    from argon2 import PasswordHasher
    real = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", real)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", real.hash("dummy-password-for-timing"))
    app.config.update(LOGIN_MAX_FAILURES_PER_ACCOUNT=100, LOGIN_MAX_FAILURES_PER_CLIENT=100)
    make_user(email="bestaat@example.nl")
    timings = {"known": [], "unknown": []}
    for n in range(7):
        for kind, email in (("known", "bestaat@example.nl"), ("unknown", f"onbekend{n}@example.nl")):
            started = time.perf_counter()
            response = client.post("/login", data={"email": email, "password": "niet het goede wachtwoord"})
            timings[kind].append(time.perf_counter() - started)
            assert "Onjuist e-mailadres of wachtwoord." in response.get_data(as_text=True)
    ratio = statistics.median(timings["unknown"]) / statistics.median(timings["known"])
    print(f"login timing: unknown/known median ratio {ratio:.2f}; known median "
          f"{statistics.median(timings['known']) * 1000:.1f} ms")
    assert 0.67 < ratio < 1.5


def test_every_form_that_sets_a_password_uses_the_one_policy(app):
    from register.admin import forms as admin_forms
    from register.auth.forms import ChangePasswordForm, NewPasswordForm, PasswordPolicy
    for form_class, name in [(NewPasswordForm, "password"), (ChangePasswordForm, "new_password")]:
        validators = getattr(form_class, name).kwargs["validators"]
        assert any(isinstance(v, PasswordPolicy) for v in validators), form_class.__name__
    with app.test_request_context(method="POST", data={"password": "Password1234", "confirm": "Password1234"}):
        form = NewPasswordForm(meta={"csrf": False})
        assert not form.validate()
        assert any(COMMON in error for error in form.password.errors)
    # The griffie never types a password: the account form has no password field.
    assert not hasattr(admin_forms.AccountForm, "password") and not hasattr(admin_forms, "PasswordForm")


def test_logged_in_pages_link_to_the_password_page(client, login):
    assert 'href="/wachtwoord-wijzigen"' not in client.get("/").get_data(as_text=True)
    login(make_user(politician=make_politician()))
    assert 'href="/wachtwoord-wijzigen"' in client.get("/").get_data(as_text=True)
