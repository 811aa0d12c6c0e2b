"""E-mail alerts (issue 11 item 4): follow a politician, fractie or body; double opt-in; a daily digest of public
changes through the real SMTP test server; one-click unsubscribe that deletes the address; bad input answered in
Dutch without a 500 and without telling whether an address is subscribed."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import String, Text, func, select

from register.declarations import services as declaration_services
from register.extensions import db
from register.models import AuditEvent, DeclarationKind, IncomeBand, OutboxMessage, Subscription
from register.models.base import utcnow
from tests.factories import make_body, make_declaration, make_group, make_politician_user, make_user
from tests.helpers import client_as, page_text
from tests.mailbox import serve_smtp

ADDRESS = "volger@example.nl"
SAME_ANSWER = "Als dit adres nog niet was aangemeld, ontvangt u een e-mail met een bevestigingslink"


@pytest.fixture
def smtp(app):
    yield from serve_smtp(app, MAIL_FROM="Belangenregister <noreply@register.test>", BASE_URL="https://register.test")


@pytest.fixture
def town():
    body = make_body("Gemeente Volgstad", slug="volgstad")
    group = make_group(body, "Stadspartij")
    user = make_politician_user(group, name="Anna de Vries")
    group.slug, user.politician.slug = "stadspartij", "anna-de-vries"
    db.session.commit()
    return body, group, user.politician, user


def _link(body: str, path: str) -> str:
    return re.search(rf"https?://[^/\s]+(/volgen/{path}/[A-Za-z0-9_-]+)", body).group(1)


def _main(response) -> str:
    """The words of the page's main content, as a reader sees them."""
    page = page_text(response)
    main = page[page.index("<main"):page.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


def _subscribe(client, url: str, address: str = ADDRESS):
    return client.post(url, data={"email": address}, follow_redirects=True)


def _confirmed(client, smtp, url: str) -> dict:
    assert SAME_ANSWER in page_text(_subscribe(client, url))
    mail = smtp.messages[-1]
    page = client.get(_link(mail["body"], "bevestigen"))
    assert page.status_code == 200 and "Aanmelding bevestigd" in page_text(page)
    return mail


def _text_columns_holding(value: str) -> list[str]:
    """Every text column of every table that still holds the value."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (String, Text)):
                count = db.session.scalar(select(func.count()).select_from(table).where(
                    func.lower(column).contains(value.lower())))
                if count:
                    found.append(f"{table.name}.{column.name}")
    return found


def test_subscribe_confirm_digest_once_and_one_click_unsubscribe_erases_the_address(app, client, runner, smtp, town):
    body, _group, politician, user = town
    page = page_text(client.get("/register/volgstad/anna-de-vries/"))
    assert "Volg Anna de Vries via e-mail" in page
    form = client.get("/register/volgstad/anna-de-vries/volgen")
    assert form.status_code == 200 and "Volg Anna de Vries via e-mail" in page_text(form)

    confirmation = _confirmed(client, smtp, "/register/volgstad/anna-de-vries/volgen")
    assert confirmation["to"] == [ADDRESS] and "Bevestig dat u Anna de Vries wilt volgen" in confirmation["subject"]
    assert confirmation["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert runner.invoke(args=["send-alerts"]).exit_code == 0
    assert len(smtp.messages) == 1, "nothing changed since the confirmation: no digest"

    make_declaration(politician, organisation="Voetbalclub Volgstad", role="Penningmeester")
    result = runner.invoke(args=["send-alerts"])
    assert result.exit_code == 0 and "Overzichten klaargezet: 1" in result.output
    digest = smtp.messages[-1]
    assert digest["to"] == [ADDRESS] and "Anna de Vries" in digest["subject"]
    assert "Anna de Vries (Stadspartij): Nieuwe opgave" in digest["body"]
    assert "Penningmeester — Voetbalclub Volgstad" in digest["body"]
    assert "https://register.test/register/volgstad/anna-de-vries/history#wijziging-opgave-" in digest["body"]
    one_click = re.fullmatch(r"<https?://[^/\s]+(/volgen/afmelden/[A-Za-z0-9_-]+/een-klik)>",
                             digest["headers"]["List-Unsubscribe"]).group(1)
    assert digest["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _link(digest["body"], "afmelden") + "/een-klik" == one_click

    assert runner.invoke(args=["send-alerts"]).exit_code == 0
    assert len(smtp.messages) == 2, "a second run the same day sends nothing twice"

    # A mail scanner following the header link with GET changes nothing.
    assert client.get(one_click).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 1
    answer = client.post(one_click, data={"List-Unsubscribe": "One-Click"}, csrf=False)
    assert answer.status_code == 200 and "U bent afgemeld" in page_text(answer)
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 0
    assert _text_columns_holding(ADDRESS) == []
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("alert.%"))
                                 .order_by(AuditEvent.id)).all()
    assert actions == ["alert.requested", "alert.confirmed", "alert.unsubscribed"]

    make_declaration(politician, organisation="Tennisclub", role="Voorzitter")
    runner.invoke(args=["send-alerts"])
    assert len(smtp.messages) == 2, "no mail after unsubscribing"


def test_the_unsubscribe_page_asks_for_a_button_and_then_deletes(app, client, runner, smtp, town):
    mail = _confirmed(client, smtp, "/register/volgstad/volgen")
    link = _link(mail["body"], "afmelden")
    page = client.get(link)
    assert page.status_code == 200 and "Afmelden" in page_text(page)
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 1
    assert client.post(link, csrf=False).status_code == 400  # without the CSRF token: refused
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 1
    done = client.post(link)
    assert "U bent afgemeld" in page_text(done)
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 0
    gone = client.get(link)
    assert gone.status_code == 200 and "deze link is niet meer geldig" in page_text(gone)
    assert "U bent afgemeld" in page_text(client.post(link))


def test_a_private_field_or_a_draft_never_reaches_a_digest(app, client, runner, smtp, town):
    body, group, politician, user = town
    shielded = make_declaration(politician, organisation="Later Afgeschermd", role="Adviseur", paid=True,
                                income_band=IncomeBand.from_1001)
    _confirmed(client, smtp, "/register/volgstad/fractie/stadspartij/volgen")
    declaration_services.correct_declaration(shielded, {"organisation_public": False, "income_public": False},
                                             actor=user, reason="Privacy")
    make_declaration(politician, kind=DeclarationKind.other, organisation="Familiebedrijf", role="Broer",
                     concerns_family=True)
    make_declaration(politician, organisation="Alleen Concept", role="Lid", publish=False)
    db.session.commit()
    assert runner.invoke(args=["send-alerts"]).exit_code == 0
    digest = smtp.messages[-1]["body"]
    assert "Correctie" in digest and "Adviseur" in digest
    for private in ("Later Afgeschermd", "Familiebedrijf", "Alleen Concept", "1001", "5.000", "5000"):
        assert private not in digest, private


def test_bad_input_gets_a_dutch_page_and_never_tells_whether_an_address_is_subscribed(app, client, runner, smtp,
                                                                                       town):
    invalid = client.post("/register/volgstad/volgen", data={"email": "geen-adres"})
    assert invalid.status_code == 400 and "Vul een geldig e-mailadres in" in page_text(invalid)
    empty = client.post("/register/volgstad/volgen", data={"email": ""})
    assert empty.status_code == 400 and "Vul uw e-mailadres in" in page_text(empty)
    too_long = client.post("/register/volgstad/volgen", data={"email": "a" * 300 + "@example.nl"})
    assert too_long.status_code == 400 and "te lang" in page_text(too_long)
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0

    first = _confirmed(client, smtp, "/register/volgstad/volgen")
    again = _subscribe(client, "/register/volgstad/volgen")  # already confirmed: same page, no mail
    stranger = _subscribe(client, "/register/volgstad/volgen", "nieuw@example.nl")
    assert _main(again) == _main(stranger) and SAME_ANSWER in _main(again)
    assert [m["to"] for m in smtp.messages] == [[ADDRESS], ["nieuw@example.nl"]]

    reused = client.get(_link(first["body"], "bevestigen"))
    unknown = client.get("/volgen/bevestigen/verzonnen-token")
    assert reused.status_code == unknown.status_code == 404
    assert _main(reused) == _main(unknown) and "Deze link werkt niet meer" in _main(reused)
    expired_link = _link(smtp.messages[-1]["body"], "bevestigen")
    db.session.execute(Subscription.__table__.update().where(Subscription.confirmed_at.is_(None))
                       .values(confirm_expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    expired = client.get(expired_link)
    assert expired.status_code == 404 and _main(expired) == _main(unknown)

    for url in ("/volgen/afmelden/verzonnen", "/volgen/afmelden/verzonnen/een-klik"):
        response = client.post(url, csrf=False) if url.endswith("een-klik") else client.get(url)
        assert response.status_code == 200 and "niet meer geldig" in page_text(response)
    assert client.get("/register/volgstad/fractie/bestaat-niet/volgen").status_code == 404
    assert client.get("/register/volgstad/niemand/volgen").status_code == 404


def test_an_unconfirmed_subscription_never_gets_mail_and_is_removed_after_expiry(app, client, runner, smtp, town):
    body, group, politician, user = town
    _subscribe(client, "/register/volgstad/volgen")
    make_declaration(politician, organisation="Voetbalclub Volgstad")
    runner.invoke(args=["send-alerts"])
    assert len(smtp.messages) == 1, "only the confirmation"
    db.session.execute(Subscription.__table__.update().values(confirm_expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    result = runner.invoke(args=["send-alerts"])
    assert "Onbevestigde aanmeldingen verwijderd: 1" in result.output
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 0
    assert _text_columns_holding(ADDRESS) == []


def test_requests_are_rate_limited_per_address_and_per_client(app, client, smtp, town):
    app.config.update(ALERT_MAX_PER_ADDRESS=2, ALERT_MAX_PER_CLIENT=4)
    for _ in range(2):
        assert _subscribe(client, "/register/volgstad/volgen").status_code == 200
    refused = client.post("/register/volgstad/volgen", data={"email": ADDRESS})
    assert refused.status_code == 429 and "Te veel aanmeldingen" in page_text(refused)
    assert "Er is niets opgeslagen" in page_text(refused)
    for n in range(2):
        assert _subscribe(client, "/register/volgstad/volgen", f"ander{n}@example.nl").status_code == 200
    assert client.post("/register/volgstad/volgen", data={"email": "derde@example.nl"}).status_code == 429
    assert db.session.scalar(select(func.count()).select_from(Subscription)) == 3


def test_no_admin_page_or_logbook_shows_an_address(app, client, runner, town):
    body, group, politician, user = town
    griffie = make_user(griffie_of=[body], name="Greet Griffier")
    db.session.commit()
    _subscribe(client, "/register/volgstad/anna-de-vries/volgen")  # no SMTP: the mail waits in the outbox
    staff = client_as(app, griffie)
    outbox = page_text(staff.get("/beheer/volgstad/e-mail"))
    assert "Bevestig dat u Anna de Vries wilt volgen" in outbox and ADDRESS not in outbox
    assert "het adres is niet zichtbaar" in outbox
    logbook = _main(staff.get("/beheer/volgstad/logboek"))
    assert "Iemand vroeg om via e-mail te volgen: Ambtsdrager Anna de Vries" in logbook, logbook
    assert ADDRESS not in page_text(staff.get("/beheer/volgstad/logboek"))
    assert ADDRESS not in staff.get("/beheer/volgstad/logboek.csv").get_data(as_text=True)
    assert ADDRESS not in str(db.session.scalars(select(AuditEvent.data)).all())
