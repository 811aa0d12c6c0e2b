"""A body sets itself up without a shell: the site administrator, invitations and "wachtwoord vergeten", with the
mail going through a real SMTP server (issue 12)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from register.extensions import db
from register.models import AccountToken, AuditEvent, Body, BodyKind, OutboxMessage, TokenPurpose, User
from register.models.base import utcnow
from tests.factories import PASSWORD, make_body, make_group, make_politician, make_user
from tests.helpers import page_text
from tests.mailbox import serve_smtp

NEW = "een eigen gekozen wachtwoord"


@pytest.fixture
def smtp(app):
    """A real SMTP server on 127.0.0.1 (tests/mailbox.py); its inbox."""
    yield from serve_smtp(app, MAIL_FROM="Belangenregister <noreply@register.nl>")


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _link(message: dict, kind: str) -> str:
    found = re.search(rf"https?://[^/\s]+(/{kind}/[A-Za-z0-9_-]+)", message["body"])
    assert found, message["body"]
    return found.group(1)


def _client(app, user=None, password=PASSWORD):
    client = app.test_client()
    if user is not None:
        assert client.post("/login", data={"email": user.email, "password": password}).status_code == 302
    return client


@pytest.fixture
def admin(app):
    return _admin()


def _admin():
    from register.auth.services import create_user
    user = create_user(email="beheer@register.nl", name="Sam Beheer", password=PASSWORD, site_admin=True)
    db.session.commit()
    return user


# --- the command line ---------------------------------------------------------------------------------------------

def test_create_user_admin_makes_a_site_administrator(runner):
    result = runner.invoke(args=["create-user", "--admin", "--email", "Beheer@Example.nl", "--name", "Beheerder",
                                 "--password", "een lang wachtwoord"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "beheer@example.nl"))
    assert user.site_admin and not user.is_griffie
    assert [e.object_id for e in _events("account.site_admin_granted")] == [user.id]


def test_create_body_command(runner):
    result = runner.invoke(args=["create-body", "--slug", "zeeland", "--name", "Provinciale Staten van Zeeland",
                                 "--kind", "provincie", "--term-start", "2023-03-29"])
    assert result.exit_code == 0, result.output
    body = db.session.scalar(select(Body).where(Body.slug == "zeeland"))
    assert (body.name, body.kind, body.term_start) == ("Provinciale Staten van Zeeland", BodyKind.province,
                                                       date(2023, 3, 29))
    [event] = _events("body.created")
    assert event.body_id == body.id and event.data["kind"] == "province"
    derived = runner.invoke(args=["create-body", "--name", "Waterschap Scheldestromen", "--kind", "waterschap"])
    assert derived.exit_code == 0, derived.output
    assert db.session.scalar(select(Body.kind).where(Body.slug == "waterschap-scheldestromen")) == BodyKind.water_board


@pytest.mark.parametrize("args,message", [
    (["--slug", "zeeland", "--name", "Dubbel", "--kind", "gemeente"], "bestaat al een orgaan"),
    (["--slug", "Zee Land!", "--name", "X", "--kind", "gemeente"], "kleine letters, cijfers en streepjes"),
    (["--slug", "all", "--name", "X", "--kind", "gemeente"], "gereserveerd"),
    (["--slug", "x", "--name", "X", "--kind", "republiek"], "republiek"),
    (["--slug", "x", "--name", "X", "--kind", "gemeente", "--term-start", "29-03-2023"], "29-03-2023"),
])
def test_create_body_command_refuses_bad_input(runner, args, message):
    make_body("Zeeland", slug="zeeland")
    result = runner.invoke(args=["create-body", *args])
    assert result.exit_code != 0 and message in result.output
    assert _count(Body) == 1


# --- the site administrator's pages ---------------------------------------------------------------------------------

def test_site_admin_adds_a_province_and_its_griffie_gets_in_through_the_invitation(app, smtp, admin):
    client = _client(app, admin)
    assert "Sitebeheer" in page_text(client.get("/sitebeheer/"))
    response = client.post("/sitebeheer/organen/nieuw", data={
        "name": "Provinciale Staten van Zeeland", "kind": "provincie", "slug": "", "term_start": "2023-03-29",
        "griffie_name": "Greet Griffier", "griffie_email": "Griffie@Zeeland.nl"})
    assert response.status_code == 302
    body = db.session.scalar(select(Body).where(Body.slug == "provinciale-staten-van-zeeland"))
    assert body.kind == BodyKind.province and body.term_start == date(2023, 3, 29)
    overview = page_text(client.get("/sitebeheer/"))
    assert "Provinciale Staten van Zeeland" in overview and "griffie@zeeland.nl" in overview
    [mail] = smtp.to("griffie@zeeland.nl")
    assert mail["subject"] == "Uitnodiging voor het Belangenregister"
    assert "Provinciale Staten van Zeeland" in mail["body"]
    link = _link(mail, "uitnodiging")
    griffie = db.session.scalar(select(User).where(User.email == "griffie@zeeland.nl"))
    # Before the invitation is used nobody can log in with any password of this account.
    assert app.test_client().post("/login", data={"email": griffie.email, "password": NEW}).status_code == 200
    newcomer = app.test_client()
    assert "Welkom, Greet Griffier" in page_text(newcomer.get(link))
    done = newcomer.post(link, data={"password": NEW, "confirm": NEW})
    assert done.status_code == 302 and done.headers["Location"].endswith("/te-doen")  # where every role lands
    assert "Provinciale Staten van Zeeland" in page_text(newcomer.get("/beheer/"))
    assert page_text(newcomer.get("/beheer/provinciale-staten-van-zeeland/ambtsdragers/nieuw")).count("<option") >= 3
    assert [e.object_id for e in _events("account.invitation_accepted")] == [griffie.id]
    # The link worked once.
    assert "al gebruikt" in page_text(app.test_client().get(link))


def test_site_admin_adds_a_second_griffie_existing_account_gets_the_role(app, smtp, admin):
    body = make_body("Waterschap Aa", slug="aa", kind=BodyKind.water_board)
    existing = make_user(griffie_of=[make_body()], email="ervaren@griffie.nl")
    client = _client(app, admin)
    assert client.post("/sitebeheer/aa/griffie", data={"griffie_name": "Ervaren",
                                                      "griffie_email": "ervaren@griffie.nl"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, existing.id).is_griffie_of(body.id)
    assert smtp.to("ervaren@griffie.nl") == []  # an existing account needs no invitation
    again = client.post("/sitebeheer/aa/griffie", data={"griffie_name": "Ervaren",
                                                       "griffie_email": "ervaren@griffie.nl"})
    assert "is al griffie van" in page_text(again)


@pytest.mark.parametrize("overrides,message", [
    ({"slug": "bestaand"}, "Er bestaat al een orgaan met de adresnaam 'bestaand'."),
    ({"slug": "met spatie"}, "kleine letters, cijfers en streepjes"),
    ({"kind": "keizerrijk"}, "Kies de soort orgaan uit de lijst."),
    ({"kind": ""}, "Kies de soort orgaan"),
    ({"name": ""}, "Vul de naam van het orgaan in."),
    ({"griffie_email": "geen-adres"}, "Vul een geldig e-mailadres in"),
    ({"term_start": "31-02-2023"}, "Controleer de volgende invoer"),
])
def test_new_body_bad_input_is_refused_and_nothing_saved(app, admin, overrides, message):
    make_body("Bestaand", slug="bestaand")
    data = {"name": "Gemeente Nieuw", "kind": "gemeente", "slug": "", "term_start": "",
            "griffie_name": "G", "griffie_email": "g@nieuw.nl", **overrides}
    response = _client(app, admin).post("/sitebeheer/organen/nieuw", data=data)
    assert response.status_code == 200 and message in page_text(response)
    assert _count(Body) == 1 and _count(User) == 1


@pytest.mark.parametrize("who,status", [("griffie", 403), ("politician", 403), ("reviewer", 403),
                                        ("anonymous", 302), ("admin", 200)])
def test_only_the_site_administrator_reaches_the_site_pages(app, who, status):
    body = make_body(slug="stad")
    group = make_group(body)
    users = {"griffie": lambda: make_user(griffie_of=[body]), "politician": lambda: make_user(
        politician=make_politician(group)), "reviewer": lambda: make_user(reviewer_of=[group]), "admin": _admin,
        "anonymous": lambda: None}
    client = _client(app, users[who]())
    for url in ("/sitebeheer/", "/sitebeheer/organen/nieuw", "/sitebeheer/stad/griffie"):
        assert client.get(url).status_code == status, url
    response = client.post("/sitebeheer/organen/nieuw", data={"name": "X", "kind": "gemeente", "griffie_name": "G",
                                                             "griffie_email": "g@x.nl"})
    assert response.status_code == (302 if who in ("admin", "anonymous") else status)
    assert _count(Body) == (2 if who == "admin" else 1)


def test_site_administrator_is_not_a_griffie(app, admin):
    make_body(slug="stad")
    client = _client(app, admin)
    assert client.get("/beheer/stad/").status_code == 403
    assert client.get("/beheer/").status_code == 403


# --- invitations --------------------------------------------------------------------------------------------------

@pytest.fixture
def body_with_griffie(app):
    body = make_body("Gemeente Uitnodigstad", slug="uitnodigstad")
    group = make_group(body, "Lokaal")
    return body, group, make_user(griffie_of=[body], email="griffie@uitnodigstad.nl")


def _invite(app, griffie, group, email="nieuw@uitnodigstad.nl"):
    client = _client(app, griffie)
    response = client.post("/beheer/uitnodigstad/accounts/nieuw", data={
        "name": "Nieuw Lid", "email": email, "politician": "", "reviewer_groups": [str(group.id)]})
    assert response.status_code == 302, page_text(response)
    return client


def test_griffie_invites_without_ever_seeing_a_password(app, smtp, body_with_griffie):
    _body, group, griffie = body_with_griffie
    client = _invite(app, griffie, group)
    page = page_text(client.get("/beheer/uitnodigstad/accounts/nieuw"))
    assert 'type="password"' not in page
    [mail] = smtp.to("nieuw@uitnodigstad.nl")
    link = _link(mail, "uitnodiging")
    token = link.rsplit("/", 1)[1]
    stored = db.session.scalar(select(AccountToken))
    assert stored.purpose == TokenPurpose.invitation and token not in stored.token_hash
    assert timedelta(days=6, hours=23) < stored.expires_at - stored.created_at <= timedelta(days=7)
    # The outbox keeps no usable link once the mail is sent.
    sent = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "invitation"))
    db.session.refresh(sent)
    assert token not in sent.body and "[verwijderd na verzending]" in sent.body
    assert "uitgenodigd" in page_text(client.get("/beheer/uitnodigstad/accounts"))


def test_invitation_password_must_meet_the_policy_and_the_link_stays_usable(app, smtp, body_with_griffie):
    _body, group, griffie = body_with_griffie
    _invite(app, griffie, group)
    link = _link(smtp.to("nieuw@uitnodigstad.nl")[0], "uitnodiging")
    newcomer = app.test_client()
    for password, confirm, message in (("kort", "kort", "12 tot en met 128 tekens"),
                                       ("Password1234", "Password1234", "veelgebruikte wachtwoorden"),
                                       (NEW, "iets anders helemaal", "niet gelijk")):
        response = newcomer.post(link, data={"password": password, "confirm": confirm})
        assert response.status_code == 200 and message in page_text(response)
    assert db.session.scalar(select(AccountToken.used_at)) is None
    assert newcomer.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302


def test_expired_reused_and_forged_invitation_links_get_a_clear_page(app, smtp, body_with_griffie):
    _body, group, griffie = body_with_griffie
    _invite(app, griffie, group)
    link = _link(smtp.to("nieuw@uitnodigstad.nl")[0], "uitnodiging")
    forged = app.test_client().get("/uitnodiging/" + "A" * 43)
    assert forged.status_code == 404 and "Deze link is niet geldig" in page_text(forged)
    token = db.session.scalar(select(AccountToken))
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    expired = app.test_client().post(link, data={"password": NEW, "confirm": NEW})
    assert expired.status_code == 410 and "Deze link is verlopen" in page_text(expired)
    assert "nieuwe uitnodiging" in page_text(expired)
    user = db.session.scalar(select(User).where(User.email == "nieuw@uitnodigstad.nl"))
    assert app.test_client().post("/login", data={"email": user.email, "password": NEW}).status_code == 200
    assert [e.data["problem"] for e in _events("auth.link_refused")] == ["expired"]  # a GET records nothing


def test_griffie_resends_an_invitation_and_the_old_link_stops_working(app, smtp, body_with_griffie):
    _body, group, griffie = body_with_griffie
    client = _invite(app, griffie, group)
    old = _link(smtp.to("nieuw@uitnodigstad.nl")[0], "uitnodiging")
    user = db.session.scalar(select(User).where(User.email == "nieuw@uitnodigstad.nl"))
    assert client.post(f"/beheer/uitnodigstad/accounts/{user.id}/uitnodigen").status_code == 302
    new = _link(smtp.to("nieuw@uitnodigstad.nl")[1], "uitnodiging")
    assert new != old
    assert app.test_client().get(old).status_code == 410
    assert app.test_client().post(new, data={"password": NEW, "confirm": NEW}).status_code == 302
    refused = client.post(f"/beheer/uitnodigstad/accounts/{user.id}/uitnodigen", follow_redirects=True)
    assert "heeft de uitnodiging al gebruikt" in page_text(refused)
    assert len(smtp.to("nieuw@uitnodigstad.nl")) == 2
    assert len(_events("account.invited")) == 2


def test_griffie_of_another_body_cannot_resend(app, smtp, body_with_griffie):
    _body, group, griffie = body_with_griffie
    _invite(app, griffie, group)
    user = db.session.scalar(select(User).where(User.email == "nieuw@uitnodigstad.nl"))
    other = make_user(griffie_of=[make_body(slug="elders")])
    client = _client(app, other)
    assert client.post(f"/beheer/elders/accounts/{user.id}/uitnodigen").status_code == 403
    assert client.post(f"/beheer/uitnodigstad/accounts/{user.id}/uitnodigen").status_code == 403
    assert len(smtp.to("nieuw@uitnodigstad.nl")) == 1


# --- wachtwoord vergeten --------------------------------------------------------------------------------------------

def _forgot(client, email: str):
    response = client.post("/wachtwoord-vergeten", data={"email": email})
    response.close()  # the mail goes out once the response is closed
    return response


def test_login_page_links_to_forgot_password(client):
    assert 'href="/wachtwoord-vergeten"' in page_text(client.get("/login"))
    assert "Wachtwoord vergeten?" in page_text(client.get("/login"))


def test_same_answer_whether_or_not_the_address_exists(app, smtp):
    make_user(email="bestaat@example.nl")
    known = _forgot(app.test_client(), "bestaat@example.nl")
    unknown = _forgot(app.test_client(), "bestaat-niet@example.nl")
    assert known.status_code == unknown.status_code == 200

    def main(response):
        return page_text(response).split("<main", 1)[1].split("</main>", 1)[0]
    assert main(known) == main(unknown)
    assert len(smtp.to("bestaat@example.nl")) == 1 and smtp.to("bestaat-niet@example.nl") == []
    assert [e.data["account"] for e in _events("auth.reset_requested")] == [True, False]


def test_reset_link_sets_a_new_password_ends_every_session_and_works_once(app, smtp):
    user = make_user(email="vergeten@example.nl", politician=make_politician())
    elsewhere = _client(app, user)
    assert elsewhere.get("/mijn/").status_code == 200
    _forgot(app.test_client(), "Vergeten@Example.nl ")
    [mail] = smtp.to("vergeten@example.nl")
    # Built on BASE_URL, never on the request's Host header (which anyone can set: reset-link poisoning).
    assert "http://localhost:5000/wachtwoord-herstellen/" in mail["body"]
    link = _link(mail, "wachtwoord-herstellen")
    token = db.session.scalar(select(AccountToken))
    assert token.purpose == TokenPurpose.reset
    assert timedelta(minutes=59) < token.expires_at - token.created_at <= timedelta(hours=1)
    fresh = app.test_client()
    assert fresh.post(link, data={"password": NEW, "confirm": NEW}).status_code == 302
    assert elsewhere.get("/mijn/").status_code == 302  # the other session ended
    assert app.test_client().post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    assert app.test_client().post("/login", data={"email": user.email, "password": NEW}).status_code == 302
    reused = app.test_client().post(link, data={"password": "nog een ander wachtwoord", "confirm":
                                                "nog een ander wachtwoord"})
    assert reused.status_code == 410 and "al gebruikt" in page_text(reused)
    assert [e.object_id for e in _events("auth.password_reset")] == [user.id]


def test_expired_reset_link(app, smtp):
    make_user(email="traag@example.nl")
    _forgot(app.test_client(), "traag@example.nl")
    link = _link(smtp.to("traag@example.nl")[0], "wachtwoord-herstellen")
    token = db.session.scalar(select(AccountToken))
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().get(link)
    text = page_text(response)
    assert response.status_code == 410 and "verlopen" in text and "Nieuwe link aanvragen" in text


def test_a_new_reset_link_ends_the_older_one(app, smtp):
    make_user(email="twee@example.nl")
    _forgot(app.test_client(), "twee@example.nl")
    _forgot(app.test_client(), "twee@example.nl")
    first, second = (_link(m, "wachtwoord-herstellen") for m in smtp.to("twee@example.nl"))
    assert app.test_client().get(first).status_code == 410
    assert app.test_client().get(second).status_code == 200


def test_a_deactivated_account_gets_no_reset_mail(app, smtp):
    user = make_user(email="weg@example.nl")
    user.active = False
    db.session.commit()
    assert _forgot(app.test_client(), "weg@example.nl").status_code == 200
    assert smtp.to("weg@example.nl") == []


@pytest.mark.parametrize("email", ["storm@example.nl", "geen-account@example.nl"])
def test_a_reset_storm_against_one_address_is_limited_alike_for_known_and_unknown(app, smtp, email):
    make_user(email="storm@example.nl")
    answers = [_forgot(app.test_client(), email).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    refused = _forgot(app.test_client(), email)
    assert "Te veel aanvragen" in page_text(refused) and "geen e-mail verstuurd" in page_text(refused)
    assert len(smtp.to(email)) == (3 if email.startswith("storm") else 0)
    assert len(_events("auth.reset_throttled")) == 3


def test_reset_requests_from_one_client_are_limited(app, smtp):
    client = app.test_client()
    answers = [_forgot(client, f"iemand{n}@example.nl").status_code for n in range(12)]
    assert answers.count(200) == 10 and answers[-1] == 429


def test_forgot_password_needs_csrf(app):
    response = app.test_client().post("/wachtwoord-vergeten", data={"email": "x@example.nl"}, csrf=False)
    assert response.status_code == 400
    assert _count(AuditEvent, AuditEvent.action == "auth.reset_requested") == 0


def test_the_onboarding_migration_runs_both_ways_with_data(app):
    """Downgrading must not copy the tables that others refer to (SQLite refuses to drop them then)."""
    from flask_migrate import downgrade, upgrade
    politician = make_politician(name="Blijft Bestaan")
    make_user(politician=politician, email="blijft@example.nl")
    downgrade(revision="e5a1c7d2b9f4")
    upgrade(revision="heads")
    db.session.expire_all()
    kept = db.session.get(User, db.session.scalar(select(User.id).where(User.email == "blijft@example.nl")))
    assert kept.politician.name == "Blijft Bestaan" and kept.site_admin is False
    assert kept.politician.created_in_error_at is None and kept.politician.portfolio is None
