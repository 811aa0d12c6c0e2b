"""The reporter of a signal gets a reference on the confirmation page and by mail, and hears the outcome category
(never the politician's response or the griffie's reasons), through a real SMTP server."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from register.extensions import db
from register.models import Signal, SignalOutcome
from register.signals import services
from tests.factories import make_body, make_group, make_politician_user, make_user
from tests.test_mail import client_as, smtp  # noqa: F401  (the real SMTP server fixture)

SECRET = "GEHEIM: de wethouder kreeg een reis naar Dubai van de aannemer."
REFERENCE = re.compile(r"M-\d{4}-\d{4,}")


def _people():
    body = make_body("Gemeente Kenmerkstad", slug="kenmerkstad", response_period_days=14)
    group = make_group(body, "Lokaal Kenmerkstad")
    return body, make_politician_user(group, name="Anna de Vries"), make_user(griffie_of=[body], name="Gerda",
                                                                              email="gerda@griffie.test")


def _report(client, politician, contact="melder@example.org"):
    response = client.post(f"/register/kenmerkstad/{politician.slug}/melding",
                           data={"text": SECRET, "contact_email": contact})
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_confirmation_page_shows_the_reference_once(app, client):
    _body, owner, _griffie = _people()
    page = _report(client, owner.politician)
    signal = db.session.scalar(select(Signal))
    assert REFERENCE.fullmatch(signal.reference) and signal.reference.endswith(f"-{signal.id:04d}")
    assert f"Het kenmerk van uw melding is <strong>{signal.reference}</strong>" in page
    again = client.get("/register/kenmerkstad/melding/ontvangen").get_data(as_text=True)
    assert signal.reference not in again  # the reference is not in the address: nobody else can look it up


def test_each_signal_gets_its_own_stable_reference(app):
    body, owner, griffie = _people()
    made = [services.receive_signal(body, politician=owner.politician, text=SECRET, source_url=None,
                                    contact_email=None, client=f"c{n}") for n in range(3)]
    db.session.commit()
    references = [s.reference for s in made]
    assert len(set(references)) == 3 and all(REFERENCE.fullmatch(r) for r in references)
    services.open_signal(made[0], actor=griffie)
    db.session.commit()
    assert made[0].reference == references[0]


def test_griffie_sees_the_reference_on_its_pages(app):
    body, owner, griffie = _people()
    signal = services.receive_signal(body, politician=owner.politician, text=SECRET, source_url=None,
                                     contact_email=None, client="c")
    db.session.commit()
    as_griffie = client_as(app, griffie)
    assert signal.reference in as_griffie.get("/beheer/kenmerkstad/meldingen").get_data(as_text=True)
    assert signal.reference in as_griffie.get(f"/beheer/kenmerkstad/meldingen/{signal.id}").get_data(as_text=True)


def test_reporter_gets_the_reference_by_mail_without_the_signal_text(app, smtp):  # noqa: F811
    _body, owner, _griffie = _people()
    _report(app.test_client(), owner.politician)
    [mail] = smtp.to("melder@example.org")
    signal = db.session.scalar(select(Signal))
    assert signal.reference in mail["subject"] and signal.reference in mail["body"]
    assert "Dubai" not in mail["body"] and owner.politician.name not in mail["body"]
    assert "melder@example.org" not in str([m["to"] for m in smtp.messages if m is not mail])


def test_no_address_means_no_mail_to_the_reporter(app, smtp):  # noqa: F811
    _body, owner, _griffie = _people()
    _report(app.test_client(), owner.politician, contact="")
    assert [m["to"] for m in smtp.messages] == [["gerda@griffie.test"]]


def test_reporter_hears_the_outcome_category_but_not_the_response_or_reasons(app, smtp):  # noqa: F811
    _body, owner, griffie = _people()
    _report(app.test_client(), owner.politician)
    signal = db.session.scalar(select(Signal))
    as_griffie = client_as(app, griffie)
    assert as_griffie.post(f"/beheer/kenmerkstad/meldingen/{signal.id}/openen").status_code == 302
    as_owner = client_as(app, owner)
    assert as_owner.post(f"/mijn/meldingen/{signal.id}",
                         data={"text": "ANTWOORD: het was een studiereis, betaald door mijzelf."}).status_code == 302
    smtp.messages.clear()
    response = as_griffie.post(f"/beheer/kenmerkstad/meldingen/{signal.id}/uitkomst", data={
        "outcome": SignalOutcome.unfounded.value, "reason": "REDEN: de reis is zelf betaald, bonnen gezien."})
    assert response.status_code == 302
    [mail] = smtp.to("melder@example.org")
    assert signal.reference in mail["subject"]
    assert "ongegrond" in mail["body"]
    for secret in ("ANTWOORD", "REDEN", "Dubai", "bonnen"):
        assert secret not in mail["body"]


def test_dismissal_tells_the_reporter_without_the_reason(app, smtp):  # noqa: F811
    _body, owner, griffie = _people()
    _report(app.test_client(), owner.politician)
    signal = db.session.scalar(select(Signal))
    smtp.messages.clear()
    response = client_as(app, griffie).post(f"/beheer/kenmerkstad/meldingen/{signal.id}/niet-in-behandeling",
                                            data={"reason": "INTERN: gaat over verkeer, niet over belangen."})
    assert response.status_code == 302
    [mail] = smtp.to("melder@example.org")
    assert "niet in behandeling genomen" in mail["body"] and "INTERN" not in mail["body"]


def test_migration_gives_existing_signals_a_reference(app):
    body, owner, _griffie = _people()
    downgrade(revision="e5a1c7d2b9f4")
    received = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)  # already 1 January 2026 in the Netherlands
    db.session.execute(text("INSERT INTO signal (id, body_id, politician_id, status, text, received_at) "
                            "VALUES (7, :body, :politician, 'received', 'Een oude melding.', :at)"),
                       {"body": body.id, "politician": owner.politician.id,
                        "at": received if db.engine.dialect.name == "postgresql" else received.replace(tzinfo=None)})
    db.session.commit()
    upgrade(revision="heads")
    assert db.session.scalar(text("SELECT reference FROM signal WHERE id = 7")) == "M-2026-0007"
    if db.engine.dialect.name == "sqlite":  # no copy of declaration_version: its search triggers are still there
        triggers = db.session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                           "AND tbl_name = 'declaration_version'")).all()
        assert len(triggers) == 3
