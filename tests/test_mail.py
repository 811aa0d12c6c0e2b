"""E-mail: queued in the transaction of the change, delivered through a real SMTP server after it commits."""
from __future__ import annotations

from datetime import timedelta, UTC

import pytest
from sqlalchemy import func, select

from register import mail
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import AuditEvent, OutboxMessage
from register.models.base import utcnow
from register.public import periods
from register.models.base import amsterdam_today
from register.signals import services as signal_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_politician_user,
    make_user,
)
from tests.helpers import client_as, free_port
from tests.mailbox import serve_smtp


# --- a real SMTP server on 127.0.0.1 ---------------------------------------------------------------------------

@pytest.fixture
def smtp(app):
    yield from serve_smtp(app, MAIL_FROM="Belangenregister <noreply@register.test>")


@pytest.fixture
def people():
    body = make_body("Gemeente Postkamp", slug="postkamp")
    group = make_group(body, "Lokaal Postkamp")
    return {
        "body": body,
        "owner": make_politician_user(group, name="Anna de Vries"),
        "reviewer": make_user(reviewer_of=[group], name="Fatima", email="fatima@fractie.test"),
        "other_reviewer": make_user(reviewer_of=[make_group(body)], email="elders@fractie.test"),
        "griffie": make_user(griffie_of=[body], name="Gerda", email="gerda@griffie.test"),
    }


# --- notifications through a request -------------------------------------------------------------------------

def test_reviewers_get_a_mail_when_an_agreement_is_submitted(app, smtp, people):
    owner = people["owner"]
    agreement = make_agreement(owner.politician, submit=False, title="Geen subsidiebesluiten VV Voorbeeldstad")
    smtp.messages.clear()  # the declaration the factory published notified the reviewer already
    response = client_as(app, owner).post(f"/mijn/afspraken/{agreement.id}/aanbieden", data={"based_on": "1"})
    assert response.status_code == 302
    [message] = smtp.messages
    assert message["to"] == ["fatima@fractie.test"] and message["from"] == "noreply@register.test"
    assert message["subject"] == "Afspraak ter aftekening van Anna de Vries"
    assert "Geen subsidiebesluiten VV Voorbeeldstad" in message["body"]
    assert f"http://localhost/beoordelen/afspraken/{agreement.id}" in message["body"]
    assert not smtp.to(owner.email) and not smtp.to("elders@fractie.test")
    stored = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "agreement_submitted"))
    assert stored.sent_at is not None and stored.attempts == 1


def test_reviewers_get_a_mail_when_a_declaration_is_published_or_corrected(app, smtp, people):
    owner = people["owner"]
    # Started yesterday: on time, so publishing asks no confirmation of lateness first.
    draft = make_declaration(owner.politician, publish=False, started_on=amsterdam_today() - timedelta(days=1))
    client = client_as(app, owner)
    assert client.post(f"/mijn/opgaven/{draft.id}/publiceren", data={"based_on": "1"}).status_code == 302
    [published] = smtp.to("fatima@fractie.test")
    assert published["subject"] == "Nieuwe opgave van Anna de Vries"
    assert f"/beoordelen/opgaven/{draft.id}" in published["body"] and "nevenfunctie" in published["body"]

    declaration_services.correct_declaration(draft, {"role": "Penningmeester"}, actor=owner, reason="Rol gewijzigd")
    db.session.commit()
    sent, unsent = mail.deliver_unsent()
    assert (sent, unsent) == (1, 0)
    assert smtp.to("fatima@fractie.test")[-1]["subject"] == "Opgave gecorrigeerd door Anna de Vries"
    assert not smtp.to(owner.email)


def test_politician_gets_a_mail_when_changes_are_requested(app, smtp, people):
    owner = people["owner"]
    agreement = make_agreement(owner.politician, title="Afspraak Zorggroep")
    response = client_as(app, people["reviewer"]).post(
        f"/beoordelen/afspraken/{agreement.id}/wijziging-vragen",
        data={"comment": "Maak haar concreter.", "based_on": "1"})
    assert response.status_code == 302
    [message] = smtp.to(owner.email)
    assert message["subject"] == "Uw fractie vraagt een wijziging in een afspraak"
    assert "Afspraak Zorggroep" in message["body"] and f"/mijn/afspraken/{agreement.id}" in message["body"]


def test_signal_mails_never_carry_the_signal_or_the_reporter(app, smtp, people):
    owner = people["owner"]
    response = app.test_client().post(f"/register/postkamp/{owner.politician.slug}/melding", data={
        "text": "GEHEIM: de wethouder kreeg een reis naar Dubai.", "contact_email": "melder@example.org"})
    assert response.status_code == 302
    [received] = smtp.to("gerda@griffie.test")
    assert received["subject"] == "Nieuwe melding voor Gemeente Postkamp"
    signal_id = db.session.scalar(select(OutboxMessage.ref).where(OutboxMessage.kind == "signal_received"))
    assert signal_id.startswith("signal:")

    griffie = client_as(app, people["griffie"])
    assert griffie.post(f"/beheer/postkamp/meldingen/{signal_id[7:]}/openen").status_code == 302
    [opened] = smtp.to(owner.email)
    assert opened["subject"] == "Verzoek om uw reactie op een melding"
    assert f"/mijn/meldingen/{signal_id[7:]}" in opened["body"] and "reageren tot en met" in opened["body"]
    for message in smtp.messages:
        assert "Dubai" not in message["body"] + message["subject"]
        if message["to"] != ["melder@example.org"]:  # only the reporter's own confirmation goes to the reporter
            assert "melder@example.org" not in message["body"]


def test_a_rolled_back_change_sends_nothing(app, smtp, people):
    owner = people["owner"]
    draft = make_declaration(owner.politician, publish=False)
    smtp.messages.clear()
    declaration_services.publish_declaration(draft, actor=owner)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    db.session.rollback()
    assert mail.deliver_committed() == 0
    assert mail.deliver_unsent() == (0, 0)
    assert smtp.messages == []
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_the_same_event_is_queued_once(app, people):
    for _ in range(2):
        mail.queue(to="x@example.org", subject="Onderwerp", template="signal_received", kind="test",
                   dedupe_key="same-event", name="X", body_name="Y", link="http://localhost/")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


# --- without an SMTP server: nothing is lost, nothing is called sent -----------------------------------------

def test_without_smtp_host_mail_stays_unsent_and_the_log_warns_without_the_address(app, people, caplog):
    app.config["SMTP_HOST"] = ""
    owner = people["owner"]
    draft = make_declaration(owner.politician, publish=False, started_on=amsterdam_today())  # on time
    caplog.set_level("INFO")
    assert client_as(app, owner).post(f"/mijn/opgaven/{draft.id}/publiceren",
                                      data={"based_on": draft.current_number}).status_code == 302
    db.session.expire_all()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "declaration_published"))
    assert message.sent_at is None and message.attempts == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "mail.sent")) is None
    warnings = [r for r in caplog.records if r.name == "register.mail" and r.levelname == "WARNING"]
    assert len(warnings) == 1 and "declaration_published" in warnings[0].getMessage()
    assert "SMTP_HOST" in warnings[0].getMessage()
    assert not any("fatima@fractie.test" in r.getMessage() for r in caplog.records)
    assert mail.deliver_unsent() == (0, 1)  # still waiting, however often it is tried
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).sent_at is None


def test_send_reminders_without_smtp_host_fails_loudly_and_keeps_the_mail(app, runner, people):
    app.config["SMTP_HOST"] = ""
    make_declaration(people["owner"].politician)
    result = runner.invoke(args=["send-reminders"])
    unsent = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))
    assert result.exit_code != 0
    assert unsent == 2  # the declaration's mail to the reviewer and the owner's yearly reminder
    assert "SMTP_HOST" in result.output and "E-mails verzonden: 0. Niet verzonden: 2." in result.output


def test_mail_left_unsent_without_smtp_goes_out_once_a_server_is_set(app, runner, people, smtp):
    app.config["SMTP_HOST"] = ""
    make_declaration(people["owner"].politician)
    assert mail.deliver_unsent() == (0, 1)
    app.config["SMTP_HOST"] = "127.0.0.1"
    assert runner.invoke(args=["send-reminders"]).exit_code == 0
    assert [m["subject"] for m in smtp.to("fatima@fractie.test")] == ["Nieuwe opgave van Anna de Vries"]


def test_the_griffie_sees_unsent_mail_of_its_body_with_a_count(app, people):
    app.config["SMTP_HOST"] = ""
    make_declaration(people["owner"].politician)
    mail.deliver_unsent()
    griffie = client_as(app, people["griffie"])
    overview = griffie.get("/beheer/postkamp/").get_data(as_text=True)
    assert "1 e-mail niet verzonden" in overview and "/beheer/postkamp/e-mail" in overview
    page = griffie.get("/beheer/postkamp/e-mail")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Nieuwe opgave van Anna de Vries" in html and "fatima@fractie.test" in html
    assert "Geen mailserver ingesteld" in html


@pytest.mark.parametrize("who,expected", [("owner", 403), ("reviewer", 403), ("elsewhere", 403), ("anonymous", 302)])
def test_only_the_bodys_griffie_sees_its_unsent_mail(app, people, who, expected):
    users = {"owner": people["owner"], "reviewer": people["reviewer"],
             "elsewhere": make_user(griffie_of=[make_body("Gemeente Elders", slug="elders")])}
    client = app.test_client() if who == "anonymous" else client_as(app, users[who])
    assert client.get("/beheer/postkamp/e-mail").status_code == expected


def test_an_unreachable_server_leaves_the_mail_for_the_next_run(app, runner, people):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_STARTTLS=False)
    make_declaration(people["owner"].politician)
    assert mail.deliver_unsent() == (0, 1)
    message = db.session.scalar(select(OutboxMessage))
    assert message.sent_at is None and message.attempts == 1 and "ConnectionRefused" in message.last_error

    server = serve_smtp(app)
    inbox = next(server)  # the server comes up only now
    result = runner.invoke(args=["send-reminders"])
    server.close()
    assert result.exit_code == 0
    assert [m["to"] for m in inbox.messages if m["subject"].startswith("Nieuwe opgave")] == [["fatima@fractie.test"]]
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).sent_at is not None


# --- yearly reminders --------------------------------------------------------------------------------------------

def test_send_reminders_reminds_each_due_politician_once_a_year(app, smtp, runner, people):
    group = people["owner"].politician.group
    never = people["owner"]
    recent = make_politician_user(group, name="Recent Bevestigd")
    recent.politician.last_confirmed_at = utcnow() - timedelta(days=60)
    stale = make_politician_user(group, name="Lang Geleden")
    stale.politician.last_confirmed_at = utcnow() - timedelta(days=340)
    inactive = make_politician_user(group, name="Account Uit")
    inactive.active = False
    make_politician(group, name="Zonder Account")
    db.session.commit()
    smtp.messages.clear()

    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0 and "Herinneringen klaargezet: 2" in result.output
    reminded = sorted(m["to"][0] for m in smtp.messages if m["subject"].startswith("Bevestig uw opgaven"))
    assert reminded == sorted([never.email, stale.email])
    [to_stale] = smtp.to(stale.email)
    assert "voor het laatst bevestigd op" in to_stale["body"] and "http://localhost:5000/mijn/" in to_stale["body"]
    assert "nog niet bevestigd" in smtp.to(never.email)[0]["body"]

    smtp.messages.clear()
    again = runner.invoke(args=["send-reminders"])
    assert again.exit_code == 0 and "Herinneringen klaargezet: 0" in again.output
    assert smtp.messages == []


def test_yearly_confirmation_on_a_leap_day_is_due_on_the_last_day_of_february():
    from datetime import date, datetime
    assert periods.confirmation_due_on(datetime(2024, 2, 29, 12, tzinfo=UTC)) == date(2025, 2, 28)
    assert periods.confirmation_overdue(datetime(2025, 1, 31, 12, tzinfo=UTC), date(2026, 1, 31)) is False
    assert periods.confirmation_overdue(datetime(2025, 1, 31, 12, tzinfo=UTC), date(2026, 2, 1)) is True


def test_signal_received_mail_goes_only_to_the_griffie(app, smtp, people):
    signal_services.receive_signal(people["body"], politician=None, text="Een melding over het orgaan.",
                                   source_url=None, contact_email=None, client="k")
    db.session.commit()
    mail.deliver_unsent()
    assert [m["to"] for m in smtp.messages] == [["gerda@griffie.test"]]
