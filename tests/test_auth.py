"""Logging in and out, accounts from the command line."""
import pytest
from sqlalchemy import func, select

from register.extensions import db
from register.models import AuditEvent, User
from tests.factories import PASSWORD, make_body, make_group, make_politician, make_user


def _events(action):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_login_page_has_labelled_email_and_password_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<label for="email">' in html and '<label for="password">' in html
    assert 'name="csrf_token"' in html


def test_politician_logs_in_and_lands_on_own_dashboard(client):
    user = make_user(politician=make_politician())
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/mijn/")
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


def test_empty_login_form_shows_dutch_messages(client):
    html = client.post("/login", data={}).get_data(as_text=True)
    assert "Vul uw e-mailadres in." in html and "Vul uw wachtwoord in." in html


def test_next_parameter_only_redirects_locally(client):
    user = make_user(politician=make_politician())
    response = client.post("/login?next=https://evil.example/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/mijn/")
    client.post("/logout")
    response = client.post("/login?next=/register/", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/register/")


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
    (["--password", "kort"], "minstens 12"),
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
