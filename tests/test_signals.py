"""Signals (meldingen): submission without an account, spam guard, triage, wederhoor, outcome, permissions, privacy."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from config import TestConfig
from register import create_app
from register.extensions import db
from register.models import (
    AuditEvent, Declaration, OutboxMessage, OutcomeBasis, RateLimitHit, Signal, SignalOutcome, SignalResponse,
    SignalStatus,
)
from register.models.base import utcnow
from register.signals import services
from register.signals.queries import share_without_signal
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_politician_user,
    make_signal, make_user,
)
from tests.helpers import World, client_as

TEXT = "Anna de Vries is sinds maart bestuurslid van Bouwbedrijf De Vries B.V., dat staat niet in het register."


# --- helpers ---------------------------------------------------------------------------------------------------

@pytest.fixture
def world():
    return World({
        "body": lambda w: make_body("Gemeente Meldstad", slug="meldstad", response_period_days=14),
        "group": lambda w: make_group(w["body"], "Lokaal Meldstad"),
        "owner": lambda w: make_politician_user(w["group"], name="Anna de Vries"),
        "colleague": lambda w: make_politician_user(w["group"], name="Bram Bakker"),
        "reviewer": lambda w: make_user(reviewer_of=[w["group"]], name="Fractievoorzitter Fatima"),
        "griffie": lambda w: make_user(griffie_of=[w["body"]], name="Griffier Gerda"),
        "other_griffie": lambda w: make_user(griffie_of=[make_body()], name="Andere Griffier"),
    })


def signal_url(politician) -> str:
    return f"/register/{politician.body.slug}/{politician.slug}/melding"


def signal_in(world, *, politician="owner", text=TEXT, contact="melder@example.org", opened=False):
    """A signal about the world's politician (or about the body); optionally opened by the griffie."""
    target = world[politician].politician if politician else None
    return make_signal(world["body"], target, text=text, source_url="https://nieuws.example/1", contact_email=contact,
                       opened_by=world["griffie"] if opened else None)


def signal_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Signal))


def reload(signal_id: int) -> Signal:
    db.session.expire_all()
    return db.session.get(Signal, signal_id)


def html_of(response) -> str:
    return response.get_data(as_text=True)


# --- submitting ------------------------------------------------------------------------------------------------

def test_form_has_labelled_fields_and_a_hidden_honeypot(client, world):
    html = html_of(client.get(signal_url(world["owner"].politician)))
    assert "<h1>Melding doen over Anna de Vries</h1>" in html
    for label in ("Wat wilt u melden?", "Link naar een bron", "Uw e-mailadres"):
        assert label in html
    honeypot = re.search(r'<div class="hp-field" aria-hidden="true">.*?</div>', html, re.S).group(0)
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot and 'name="website"' in honeypot
    assert "Meldingen worden nooit openbaar gemaakt" in html


def test_anyone_can_report_about_a_politician_without_an_account(client, world):
    politician = world["owner"].politician
    response = client.post(signal_url(politician), data={
        "text": TEXT, "source_url": "https://nieuws.example/artikel", "contact_email": "melder@example.org"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register/meldstad/melding/ontvangen")
    signal = db.session.scalar(select(Signal))
    assert (signal.politician_id, signal.status, signal.text) == (politician.id, SignalStatus.received, TEXT)
    assert signal.contact_email == "melder@example.org" and signal.source_url == "https://nieuws.example/artikel"

    page = html_of(client.get(response.headers["Location"]))
    assert "Uw melding is ontvangen" in page and "nooit openbaar" in page
    assert "eerst gehoord" in page and "14 dagen" in page


def test_report_about_the_body_has_no_politician_yet(client, world):
    world["body"]
    response = client.post("/register/meldstad/melding", data={"text": TEXT})
    assert response.status_code == 302
    signal = db.session.scalar(select(Signal))
    assert signal.politician_id is None and signal.body_id == world["body"].id
    assert signal.contact_email is None and signal.source_url is None


def test_public_pages_link_to_the_report_form(client, world):
    politician = world["owner"].politician
    assert f'href="{signal_url(politician)}"' in html_of(client.get(f"/register/meldstad/{politician.slug}/"))
    assert 'href="/register/meldstad/melding"' in html_of(client.get("/register/meldstad/"))


def test_receipt_is_audited_without_anything_about_the_reporter(client, world):
    client.post(signal_url(world["owner"].politician), data={
        "text": TEXT, "source_url": "https://nieuws.example/x", "contact_email": "melder@example.org"})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "signal.received"))
    assert event.data == {"about": "politician"} and event.actor_id is None
    stored = json.dumps([e.data for e in db.session.scalars(select(AuditEvent))])
    for private in ("melder@example.org", "Bouwbedrijf", "nieuws.example", "127.0.0.1"):
        assert private not in stored


@pytest.mark.parametrize("data, message", [
    ({"text": ""}, "Beschrijf wat u wilt melden."),
    ({"text": "   "}, "Beschrijf wat u wilt melden."),
    ({"text": "Te kort"}, "Beschrijf uw melding in 10 tot 5000 tekens."),
    ({"text": "x" * 5001}, "Beschrijf uw melding in 10 tot 5000 tekens."),
    ({"text": TEXT, "source_url": "ftp://bestanden.example/x"}, "begint met http:// of https://"),
    ({"text": TEXT, "source_url": "javascript:alert(1)"}, "begint met http:// of https://"),
    ({"text": TEXT, "source_url": "geen link"}, "begint met http:// of https://"),
    ({"text": TEXT, "source_url": "https://x.example/" + "a" * 500}, "ten hoogste 500 tekens"),
    ({"text": TEXT, "contact_email": "geen-adres"}, "Vul een geldig e-mailadres in"),
])
def test_bad_reports_get_a_dutch_message_and_nothing_is_saved(client, world, data, message):
    response = client.post(signal_url(world["owner"].politician), data=data)
    assert response.status_code == 200
    assert message in html_of(response)
    assert signal_count() == 0
    assert db.session.scalar(select(func.count()).select_from(RateLimitHit)) == 0


def test_report_without_csrf_token_is_refused(client, world):
    response = client.post(signal_url(world["owner"].politician), data={"text": TEXT}, csrf=False)
    assert response.status_code == 400 and signal_count() == 0


def test_filled_honeypot_is_discarded_but_looks_accepted(client, world):
    response = client.post(signal_url(world["owner"].politician),
                           data={"text": TEXT, "website": "https://spam.example"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/melding/ontvangen")
    assert signal_count() == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "signal.received")) == 0


def test_more_than_five_reports_an_hour_from_one_client_get_429(client, world):
    url = signal_url(world["owner"].politician)
    for n in range(5):
        assert client.post(url, data={"text": f"{TEXT} ({n})"}).status_code == 302
    response = client.post(url, data={"text": f"{TEXT} (zesde)"})
    assert response.status_code == 429
    assert "Te veel meldingen" in html_of(response) and "niet opgeslagen" in html_of(response)
    assert signal_count() == 5
    # Another client is not affected.
    other = client.post(url, data={"text": TEXT}, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302 and signal_count() == 6


def test_rate_limit_stores_a_salted_hash_never_the_address(client, world):
    client.post(signal_url(world["owner"].politician), data={"text": TEXT},
                environ_base={"REMOTE_ADDR": "198.51.100.23"})
    hit = db.session.scalar(select(RateLimitHit))
    assert hit.client_key == services.client_key("198.51.100.23")
    assert "198.51.100.23" not in hit.client_key and len(hit.client_key) == 64
    assert services.client_key("198.51.100.23") != services.client_key("198.51.100.24")


def test_honeypot_submissions_count_towards_the_limit(client, world):
    url = signal_url(world["owner"].politician)
    for _ in range(5):
        client.post(url, data={"text": TEXT, "website": "x"})
    assert client.post(url, data={"text": TEXT}).status_code == 429
    assert signal_count() == 0


def test_rate_limit_holds_across_app_instances_and_expires_after_an_hour(app, client, world):
    url = signal_url(world["owner"].politician)
    for n in range(5):
        client.post(url, data={"text": f"{TEXT} ({n})"})
    # A second app instance (another gunicorn worker) on the same database sees the same count.
    worker = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    worker.test_client_class = type(client)
    with worker.test_client() as second:
        assert second.post(url, data={"text": TEXT}).status_code == 429
    db.session.execute(RateLimitHit.__table__.update().values(created_at=utcnow() - timedelta(minutes=61)))
    db.session.commit()
    assert client.post(url, data={"text": TEXT}).status_code == 302
    assert signal_count() == 6


def test_unknown_body_or_politician_is_404(client, world):
    stranger = make_politician(make_group(make_body(slug="elders")))
    assert client.get("/register/bestaat-niet/melding").status_code == 404
    assert client.get("/register/meldstad/bestaat-niet/melding").status_code == 404
    assert client.get(f"/register/meldstad/{stranger.slug}/melding").status_code == 404
    assert client.post(f"/register/meldstad/{stranger.slug}/melding", data={"text": TEXT}).status_code == 404
    assert signal_count() == 0


# --- triage by the griffie -------------------------------------------------------------------------------------

def test_griffie_sees_new_signals_and_the_full_report(app, world):
    signal = signal_in(world)
    griffie = client_as(app, world["griffie"])
    listing = html_of(griffie.get("/beheer/meldstad/meldingen"))
    assert "Nieuw, te beoordelen (1)" in listing and f"/beheer/meldstad/meldingen/{signal.id}" in listing
    detail = html_of(griffie.get(f"/beheer/meldstad/meldingen/{signal.id}"))
    assert TEXT in detail and "melder@example.org" in detail and "https://nieuws.example/1" in detail
    assert "Melding ontvangen" in detail  # the timeline
    assert "In behandeling nemen" in detail and "Niet in behandeling nemen" in detail


@pytest.mark.parametrize("who, expected", [
    ("griffie", 200), ("other_griffie", 403), ("reviewer", 403), ("owner", 403), ("colleague", 403),
])
def test_only_the_griffie_of_the_body_may_triage(app, world, who, expected):
    signal = signal_in(world)
    client = client_as(app, world[who])
    assert client.get("/beheer/meldstad/meldingen").status_code == expected
    assert client.get(f"/beheer/meldstad/meldingen/{signal.id}").status_code == expected
    for action, data in (("niet-in-behandeling", {"reason": "Buiten het register.", "confirmed": "1"}),
                         ("openen", {})):
        response = client.post(f"/beheer/meldstad/meldingen/{signal.id}/{action}", data=data)
        assert response.status_code == (302 if expected == 200 else expected)
        if expected == 200:
            break  # the griffie's first decision changes the state; the refusals are what matter here
    if expected != 200:
        assert reload(signal.id).status == SignalStatus.received


def test_anonymous_is_sent_to_login_on_non_public_pages(client, world):
    signal = signal_in(world)
    for url in ("/beheer/meldstad/meldingen", f"/beheer/meldstad/meldingen/{signal.id}", "/mijn/meldingen",
                f"/mijn/meldingen/{signal.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    response = client.post(f"/beheer/meldstad/meldingen/{signal.id}/openen")
    assert response.status_code == 302 and reload(signal.id).status == SignalStatus.received


def test_unknown_or_foreign_signal_is_404(app, world):
    signal = signal_in(world)
    other_body = make_body(slug="anderstad")
    foreign = services.receive_signal(other_body, politician=None, text=TEXT, source_url=None,
                                      contact_email=None, client="x")
    db.session.commit()
    griffie = client_as(app, world["griffie"])
    assert griffie.get("/beheer/meldstad/meldingen/9999").status_code == 404
    assert griffie.get(f"/beheer/meldstad/meldingen/{foreign.id}").status_code == 404
    assert griffie.get("/beheer/bestaat-niet/meldingen").status_code == 404
    assert griffie.get(f"/beheer/meldstad/meldingen/{signal.id}").status_code == 200
    owner = client_as(app, world["owner"])
    assert owner.get("/mijn/meldingen/9999").status_code == 404


def test_dismissal_needs_a_reason_and_keeps_the_politician_out(app, world):
    signal = signal_in(world)
    griffie = client_as(app, world["griffie"])
    url = f"/beheer/meldstad/meldingen/{signal.id}/niet-in-behandeling"
    response = griffie.post(url, data={"reason": "  "})
    assert response.status_code == 200
    assert "Geef een reden waarom de melding niet in behandeling wordt genomen." in html_of(response)
    assert reload(signal.id).status == SignalStatus.received

    confirm = griffie.post(url, data={"reason": "Gaat over een besluit, niet over het register."})
    assert confirm.status_code == 200 and "kan niet worden teruggedraaid" in html_of(confirm)
    assert reload(signal.id).status == SignalStatus.received  # the confirmation step changes nothing
    assert griffie.post(url, data={"reason": "Gaat over een besluit, niet over het register.",
                                   "confirmed": "1"}).status_code == 302
    signal = reload(signal.id)
    assert signal.status == SignalStatus.dismissed and signal.dismissal_reason.startswith("Gaat over")
    detail = html_of(griffie.get(f"/beheer/meldstad/meldingen/{signal.id}"))
    assert "Niet in behandeling genomen" in detail and "reden: Gaat over een besluit" in detail
    # Deciding twice is refused with a message, nothing changes.
    again = griffie.post(f"/beheer/meldstad/meldingen/{signal.id}/openen")
    assert again.status_code == 200 and "Over deze melding is al besloten." in html_of(again)
    assert reload(signal.id).status == SignalStatus.dismissed
    # The politician never sees a dismissed signal, and gets no mail about it.
    owner = client_as(app, world["owner"])
    assert "Melding " not in html_of(owner.get("/mijn/meldingen")).split("<h1>")[1]
    assert owner.get(f"/mijn/meldingen/{signal.id}").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.kind == "signal_opened")) == 0


def test_opening_sets_the_deadline_and_notifies_the_politician_without_content(app, world):
    signal = signal_in(world)
    griffie = client_as(app, world["griffie"])
    before = utcnow()
    response = griffie.post(f"/beheer/meldstad/meldingen/{signal.id}/openen")
    assert response.status_code == 302
    signal = reload(signal.id)
    assert signal.status == SignalStatus.opened
    assert before + timedelta(days=14) <= signal.response_due_at <= utcnow() + timedelta(days=14)
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "signal_opened"))
    # No SMTP server in tests: the mail stays unsent (never marked sent without a server) and says so below.
    assert message.recipient == world["owner"].email and message.sent_at is None
    assert f"/mijn/meldingen/{signal.id}" in message.body
    for private in ("Bouwbedrijf", "melder@example.org", "nieuws.example"):
        assert private not in message.body and private not in message.subject
    timeline = html_of(griffie.get(f"/beheer/meldstad/meldingen/{signal.id}"))
    assert "In behandeling genomen" in timeline and "E-mail aan de ambtsdrager: verzoek om reactie" in timeline
    assert f"nog niet verzonden (aan {world['owner'].email})" in timeline


def test_body_level_signal_is_attached_to_a_politician_of_the_body_when_opened(app, world):
    signal = signal_in(world, politician=None)
    stranger = make_politician(make_group(make_body()), name="Iemand Anders")
    griffie = client_as(app, world["griffie"])
    url = f"/beheer/meldstad/meldingen/{signal.id}/openen"
    response = griffie.post(url, data={"politician_id": ""})
    assert response.status_code == 200 and "Kies de ambtsdrager om wie de melding gaat." in html_of(response)
    response = griffie.post(url, data={"politician_id": str(stranger.id)})
    assert response.status_code == 200 and "Deze ambtsdrager hoort niet bij dit orgaan." in html_of(response)
    assert reload(signal.id).status == SignalStatus.received and reload(signal.id).politician_id is None
    opened = griffie.post(url, data={"politician_id": str(world["colleague"].politician.id)})
    assert opened.status_code == 302
    signal = reload(signal.id)
    assert signal.politician_id == world["colleague"].politician.id and signal.status == SignalStatus.opened
    # The confirmation names the politician the signal was attached to (open_signal returns that one).
    flashed = html_of(griffie.get(opened.headers["Location"]))
    assert (f"De melding is in behandeling genomen. {signal.politician.name} is per e-mail om een reactie "
            "gevraagd.") in flashed


# --- wederhoor -------------------------------------------------------------------------------------------------

def test_politician_sees_the_opened_signal_without_the_reporter(app, world):
    signal = signal_in(world, opened=True)
    owner = client_as(app, world["owner"])
    listing = html_of(owner.get("/mijn/meldingen"))
    assert f"/mijn/meldingen/{signal.id}" in listing
    detail = html_of(owner.get(f"/mijn/meldingen/{signal.id}"))
    assert TEXT in detail and "Uw reactie" in detail
    assert "melder@example.org" not in detail and "test-client" not in detail
    assert services.client_key("127.0.0.1") not in detail


def test_politician_does_not_see_a_signal_before_it_is_opened(app, world):
    signal = signal_in(world)
    owner = client_as(app, world["owner"])
    assert owner.get(f"/mijn/meldingen/{signal.id}").status_code == 403
    assert f"/mijn/meldingen/{signal.id}" not in html_of(owner.get("/mijn/meldingen"))


@pytest.mark.parametrize("who", ["colleague", "griffie", "reviewer", "other_griffie"])
def test_nobody_but_the_politician_concerned_may_respond(app, world, who):
    signal = signal_in(world, opened=True)
    client = client_as(app, world[who])
    assert client.post(f"/mijn/meldingen/{signal.id}", data={"text": "Mijn reactie."}).status_code == 403
    assert reload(signal.id).response is None


def test_responding_needs_text_and_happens_once(app, world):
    signal = signal_in(world, opened=True)
    owner = client_as(app, world["owner"])
    url = f"/mijn/meldingen/{signal.id}"
    response = owner.post(url, data={"text": "   "})
    assert response.status_code == 200 and "Schrijf uw reactie." in html_of(response)
    response = owner.post(url, data={"text": "x" * 5001})
    assert response.status_code == 200 and "ten hoogste 5000 tekens" in html_of(response)
    assert reload(signal.id).response is None

    assert owner.post(url, data={"text": "Ik ben in mei gestopt als bestuurslid."}).status_code == 302
    signal = reload(signal.id)
    assert signal.response.text == "Ik ben in mei gestopt als bestuurslid."
    assert signal.response.created_by_id == world["owner"].id
    again = owner.post(url, data={"text": "Nog iets."}, follow_redirects=True)
    assert "Op deze melding kunt u niet (meer) reageren." in html_of(again)
    assert db.session.scalar(select(func.count()).select_from(SignalResponse)) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.kind == "signal_responded")) == 1


# --- outcome ---------------------------------------------------------------------------------------------------

def outcome_url(signal) -> str:
    return f"/beheer/meldstad/meldingen/{signal.id}/uitkomst"


def seen(signal) -> dict:
    """What the outcome form names: the politician's response the griffie was shown ("0": none yet)."""
    db.session.refresh(signal)
    return {"response_seen": str(signal.response.id) if signal.response else "0"}


def test_no_outcome_before_the_politician_is_heard(app, world):
    signal = signal_in(world, opened=True)
    griffie = client_as(app, world["griffie"])
    detail = html_of(griffie.get(f"/beheer/meldstad/meldingen/{signal.id}"))
    assert "Hoor en wederhoor" in detail and "Uitkomst vastleggen</button>" not in detail
    response = griffie.post(outcome_url(signal), data={"outcome": "unfounded", "reason": "Klopt niet.",
                                                       **seen(signal)})
    assert response.status_code == 200
    assert "Er kan nog geen uitkomst worden vastgelegd" in html_of(response)
    signal = reload(signal.id)
    assert signal.status == SignalStatus.opened and signal.outcome is None


def test_outcome_after_the_response_says_heard(app, world):
    signal = signal_in(world, opened=True)
    services.respond_to_signal(signal, actor=world["owner"], text="Klopt niet: ik ben er nooit bestuurslid geweest.")
    db.session.commit()
    griffie = client_as(app, world["griffie"])
    response = griffie.post(outcome_url(signal), data={"outcome": "unfounded", "reason": " ", **seen(signal)})
    assert response.status_code == 200 and "Geef een reden voor de uitkomst." in html_of(response)
    assert reload(signal.id).outcome is None
    response = griffie.post(outcome_url(signal), data={"outcome": "onzin", "reason": "x", **seen(signal)})
    assert response.status_code == 200 and "Kies een van de uitkomsten." in html_of(response)

    response = griffie.post(outcome_url(signal), data={"outcome": "unfounded", "reason": "KvK bevestigt dit niet.",
                                                       **seen(signal)})
    assert response.status_code == 302
    signal = reload(signal.id)
    assert signal.status == SignalStatus.closed and signal.outcome == SignalOutcome.unfounded
    assert signal.outcome_basis == OutcomeBasis.heard
    detail = html_of(griffie.get(f"/beheer/meldstad/meldingen/{signal.id}"))
    assert "gehoord op" in detail and "Ongegrond" in detail and "KvK bevestigt dit niet." in detail
    owner_view = html_of(client_as(app, world["owner"]).get(f"/mijn/meldingen/{signal.id}"))
    assert "Ongegrond" in owner_view and "gehoord op" in owner_view


def test_outcome_after_the_period_passed_without_response(app, world):
    signal = signal_in(world, opened=True)
    signal.response_due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    griffie = client_as(app, world["griffie"])
    response = griffie.post(outcome_url(signal), data={"outcome": "referred",
                                                       "reason": "Doorverwezen naar de burgemeester.",
                                                       **seen(signal)})
    assert response.status_code == 302
    signal = reload(signal.id)
    assert signal.outcome == SignalOutcome.referred and signal.outcome_basis == OutcomeBasis.period_expired
    detail = html_of(griffie.get(f"/beheer/meldstad/meldingen/{signal.id}"))
    assert "zonder reactie" in detail and "termijn verstreken op" in detail
    # The politician can no longer respond once the outcome is recorded.
    owner = client_as(app, world["owner"])
    assert owner.post(f"/mijn/meldingen/{signal.id}", data={"text": "Te laat."}).status_code == 302
    assert reload(signal.id).response is None


def test_an_outcome_taken_without_the_response_that_arrived_meanwhile_is_refused(app, world):
    """Hoor en wederhoor: the griffie opened the page when the period had passed without a response; the
    politician responds before the outcome is posted. The outcome is not recorded; the page shows the response."""
    signal = signal_in(world, opened=True)
    signal.response_due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    griffie = client_as(app, world["griffie"])
    page = html_of(griffie.get(f"/beheer/meldstad/meldingen/{signal.id}"))
    shown = re.search(r'name="response_seen"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="response_seen"', page)
    assert shown and (shown.group(1) or shown.group(2)) == "0"
    services.respond_to_signal(signal, actor=world["owner"], text="Ik was daar nooit bestuurslid.")
    db.session.commit()

    response = griffie.post(outcome_url(signal), data={"outcome": "unfounded", "reason": "Geen reactie.",
                                                       "response_seen": "0"})

    assert response.status_code == 409
    html = html_of(response)
    assert "heeft intussen gereageerd" in html and "Er is niets vastgelegd" in html
    assert "Ik was daar nooit bestuurslid." in html and "Geen reactie." in html  # the response; own input kept
    assert reload(signal.id).outcome is None
    response = griffie.post(outcome_url(signal), data={"outcome": "unfounded", "reason": "Gelezen; ongegrond.",
                                                       **seen(signal)})
    assert response.status_code == 302 and reload(signal.id).outcome_basis == OutcomeBasis.heard


def _heard(world):
    signal = signal_in(world, opened=True)
    services.respond_to_signal(signal, actor=world["owner"], text="Ik geef het alsnog op.")
    db.session.commit()
    return signal


def test_declaration_added_links_a_declaration_of_that_politician_and_marks_it_publicly(app, client, world):
    earlier = make_declaration(world["owner"].politician, organisation="Oude Stichting")
    signal = _heard(world)
    foreign = make_declaration(world["colleague"].politician, organisation="Bakkerij Bakker")
    added = make_declaration(world["owner"].politician, organisation="Bouwbedrijf De Vries B.V.")
    griffie = client_as(app, world["griffie"])
    data = {"outcome": "declaration_added", "reason": "Opgave is na de melding gedaan.", **seen(signal)}

    response = griffie.post(outcome_url(signal), data=data)
    assert response.status_code == 200 and "Kies de opgave die na de melding is gedaan." in html_of(response)
    response = griffie.post(outcome_url(signal), data={**data, "declaration_id": str(foreign.id)})
    assert response.status_code == 200 and "Deze opgave is niet van Anna de Vries." in html_of(response)
    response = griffie.post(outcome_url(signal), data={**data, "declaration_id": str(earlier.id)})
    assert response.status_code == 200 and "vóór de melding" in html_of(response)
    db.session.expire_all()
    assert reload(signal.id).outcome is None
    assert not any(d.after_signal for d in db.session.scalars(select(Declaration)))

    assert griffie.post(outcome_url(signal), data={**data, "declaration_id": str(added.id)}).status_code == 302
    signal = reload(signal.id)
    assert signal.outcome == SignalOutcome.declaration_added and signal.declaration_id == added.id
    assert db.session.get(Declaration, added.id).after_signal is True

    public = html_of(client.get(f"/register/meldstad/{world['owner'].politician.slug}/"))
    item = re.search(rf'<article[^>]*id="opgave-{added.id}".*?</article>', public, re.S).group(0)
    assert "opgegeven na een melding" in item
    older = re.search(rf'<article[^>]*id="opgave-{earlier.id}".*?</article>', public, re.S).group(0)
    assert "opgegeven na een melding" not in older
    assert TEXT not in public and "Ik geef het alsnog op." not in public and "Opgave is na de melding" not in public


def test_agreement_made_links_an_agreement_of_that_politician(app, world):
    signal = _heard(world)
    foreign = make_agreement(world["colleague"].politician)
    own = make_agreement(world["owner"].politician)
    griffie = client_as(app, world["griffie"])
    data = {"outcome": "agreement_made", "reason": "Afspraak over bouwprojecten gemaakt.", **seen(signal)}
    response = griffie.post(outcome_url(signal), data={**data, "agreement_id": str(foreign.id)})
    assert response.status_code == 200 and "Deze afspraak is niet van Anna de Vries." in html_of(response)
    assert reload(signal.id).outcome is None
    assert griffie.post(outcome_url(signal), data={**data, "agreement_id": str(own.id)}).status_code == 302
    signal = reload(signal.id)
    assert signal.outcome == SignalOutcome.agreement_made and signal.agreement_id == own.id


def test_outcome_by_someone_else_is_refused(app, world):
    signal = _heard(world)
    for who in ("other_griffie", "reviewer", "owner"):
        response = client_as(app, world[who]).post(outcome_url(signal), data={"outcome": "unfounded",
                                                                               "reason": "Nee.", **seen(signal)})
        assert response.status_code == 403
    assert reload(signal.id).outcome is None


def test_timeline_shows_every_step(app, world):
    signal = _heard(world)
    services.record_outcome(signal, actor=world["griffie"], outcome=SignalOutcome.unfounded, reason="Geen belang.")
    db.session.commit()
    html = html_of(client_as(app, world["griffie"]).get(f"/beheer/meldstad/meldingen/{signal.id}"))
    timeline = html.split("<h2>Tijdlijn</h2>")[1]
    steps = ["Melding ontvangen", "In behandeling genomen", "Reactie van de ambtsdrager ontvangen",
             "Uitkomst vastgelegd"]
    positions = [timeline.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Griffier Gerda" in timeline and world["owner"].name in timeline and "reden: Geen belang." in timeline
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "signal")))
    assert actions == {"signal.received", "signal.opened", "signal.responded", "signal.outcome_recorded"}


def test_share_without_signal(app, world):
    body = world["body"]
    assert share_without_signal(body) is None
    politician = world["owner"].politician
    make_declaration(politician)
    make_declaration(politician, publish=False)  # drafts do not count
    later = make_declaration(politician, organisation="Na melding BV")
    later.after_signal = True
    db.session.commit()
    assert share_without_signal(body) == 0.5
    assert share_without_signal(make_body()) is None


# --- privacy ---------------------------------------------------------------------------------------------------

def _public_urls(app, body, politician) -> list[str]:
    """Every GET page without login that can be built from a body and politician slug (exports, API, feeds too)."""
    private_prefixes = ("/mijn", "/beheer", "/beoordelen", "/login", "/logout", "/static")
    variants = [{"body_slug": body.slug, "politician_slug": politician.slug, "slug": body.slug, "fmt": fmt}
                for fmt in ("csv", "json")] + [{"body_slug": "all", "fmt": fmt} for fmt in ("csv", "json")]
    urls = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(private_prefixes):
            continue
        for values in variants:
            if set(rule.arguments) <= set(values):
                urls.add(rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1])
    return sorted(urls)


def test_signal_text_and_contact_address_never_appear_on_public_pages(app, client, world):
    secret_text = "GEHEIME-MELDING-Q7 over een villa in Spanje van de wethouder."
    secret_mail = "klokkenluider-geheim@example.org"
    politician = world["owner"].politician
    make_declaration(politician, organisation="Openbare Stichting")
    for opened in (False, True):
        signal = signal_in(world, text=secret_text + str(opened), contact=secret_mail, opened=opened)
    services.respond_to_signal(signal, actor=world["owner"], text="GEHEIME-REACTIE-Q7")
    db.session.commit()

    urls = _public_urls(app, world["body"], politician)
    assert f"/register/meldstad/{politician.slug}/" in urls and "/register/meldstad/" in urls
    urls.append("/register/meldstad/melding/ontvangen")
    for url in urls:
        response = client.get(url)
        if not response.mimetype.startswith(("text/", "application/")) or url.endswith(".ico"):
            continue  # the favicon: no text of anyone's
        body = response.get_data(as_text=True)
        assert "GEHEIME-MELDING" not in body and "villa in Spanje" not in body, url
        assert secret_mail not in body and "GEHEIME-REACTIE" not in body, url
    # A search echoes its own query, but finds nothing from a signal.
    for query, hidden in (("villa", "GEHEIME-MELDING"), ("GEHEIME-MELDING-Q7", "villa in Spanje"),
                          ("klokkenluider", secret_mail)):
        body = client.get(f"/search?q={query}").get_data(as_text=True)
        assert hidden not in body, query
