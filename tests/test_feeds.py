"""Atom feeds of published changes, read back with feedparser as a feed reader would."""
from __future__ import annotations

from datetime import date, datetime, timedelta, UTC

import feedparser
import pytest

from register.agreements import services as agreement_services
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import DeclarationKind
from register.review import services as review_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_user, sign_off,
)


def read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed) -> list[str]:
    return [e.title for e in feed.entries]


@pytest.fixture
def town(app):
    body = make_body("Gemeente Feedstad", slug="feedstad")
    group = make_group(body, name="Partij Eén")
    politician = make_politician(group, name="Anna de Wit")
    return body, group, politician, make_user(politician=politician), make_user(reviewer_of=[group],
                                                                                   name="Rik Recensent")


def test_every_kind_of_published_change_is_an_entry_with_a_dutch_title(client, town):
    _body, _group, politician, user, reviewer = town
    new = make_declaration(politician, organisation="Woonbelang", role="Bestuurslid")
    corrected = make_declaration(politician, organisation="Zwembad", role="Voorzitter")
    declaration_services.correct_declaration(corrected, {"role": "Penningmeester"}, actor=user,
                                             reason="Verkeerde functie ingevuld")
    ended = make_declaration(politician, organisation="Hockeyclub", role="Trainer")
    declaration_services.end_declaration(ended, ended_on=date(2025, 6, 1), actor=user, reason="Gestopt")
    withdrawn = make_declaration(politician, organisation="Dubbel", role="Lid")
    declaration_services.withdraw_declaration(withdrawn, reason="Per abuis dubbel opgegeven", actor=user)
    sign_off(make_agreement(politician, [new], title="Geen subsidiebesluiten"), reviewer)
    db.session.commit()

    feed = read(client, "/feed.atom")
    assert feed.feed.title.startswith("Belangenregister") and feed.feed.language == "nl"
    entries = {e.title: e for e in feed.entries}
    prefix = "Anna de Wit (Gemeente Feedstad) — "
    assert f"Nieuwe opgave: {prefix}Bestuurslid — Woonbelang" in entries
    correction = entries[f"Correctie: {prefix}Penningmeester — Zwembad"]
    assert "Reden: Verkeerde functie ingevuld" in correction.content[0].value
    assert f"Beëindigd: {prefix}Trainer — Hockeyclub" in entries
    withdrawal = entries[f"Ingetrokken: {prefix}Lid — Dubbel"]
    assert "Reden: Per abuis dubbel opgegeven" in withdrawal.content[0].value
    agreement = entries[f"Afspraak afgetekend: {prefix}Geen subsidiebesluiten"]
    assert "Afgetekend door: Rik Recensent op" in agreement.content[0].value
    assert agreement.link == f"http://localhost/register/feedstad/{politician.slug}/#afspraak-1"
    assert correction.link.startswith(f"http://localhost/register/feedstad/{politician.slug}/#opgave-")
    # Each published version is one entry: 4 first publications, a correction, an ending, a withdrawal, a sign-off.
    assert len(feed.entries) == 8


def test_entries_have_stable_tag_ids_and_times_newest_first(client, town):
    politician = town[2]
    first = make_declaration(politician, organisation="Eerste")
    make_declaration(politician, organisation="Tweede")
    feed = read(client, "/feed.atom")
    ids = [e.id for e in feed.entries]
    assert all(i.startswith("tag:localhost,2026:") for i in ids) and len(set(ids)) == 2
    assert ids[-1] == f"tag:localhost,2026:declaration:{first.id}:version:2"
    assert "Tweede" in feed.entries[0].title and feed.entries[0].updated_parsed >= feed.entries[1].updated_parsed
    assert [e.id for e in read(client, "/feed.atom").entries] == ids


def test_tag_authority_can_be_configured(app, client, town):
    make_declaration(town[2])
    app.config["FEED_TAG_AUTHORITY"] = "belangenregister.nl"
    assert read(client, "/feed.atom").entries[0].id.startswith("tag:belangenregister.nl,2026:declaration:")


def test_never_a_draft_and_never_an_unsigned_agreement_version(client, town):
    _body, _group, politician, user, reviewer = town
    public = make_declaration(politician, organisation="Openbaar", role="Lid")
    make_declaration(politician, organisation="Concept-organisatie", publish=False)
    make_agreement(politician, [public], title="Ingediend, niet afgetekend")
    make_agreement(politician, [public], title="Alleen een concept", submit=False)
    refused = make_agreement(politician, [public], title="Wijziging gevraagd")
    review_services.request_changes(refused, reviewer=reviewer, comment="Concreter graag")
    signed = make_agreement(politician, [public], title="Afgetekende versie")
    sign_off(signed, reviewer)
    agreement_services.revise_agreement(signed, title="Herziene versie, nog niet afgetekend", text="Nieuw",
                                        declarations=[public], actor=user)
    db.session.commit()

    for url in ("/feed.atom", "/register/feedstad/feed.atom"):
        feed = read(client, url)
        text = " ".join(e.title + e.content[0].value for e in feed.entries)
        assert "Afgetekende versie" in text and "Openbaar" in text
        for hidden in ("Concept-organisatie", "Ingediend, niet afgetekend", "Alleen een concept",
                       "Wijziging gevraagd", "Concreter graag", "Herziene versie"):
            assert hidden not in text, hidden
        assert len(feed.entries) == 2


def test_a_shielded_organisation_stays_out_of_the_feed_also_in_earlier_entries(client, town):
    _body, _group, politician, user, _reviewer = town
    declaration = make_declaration(politician, organisation="Later Afgeschermd", role="Adviseur")
    declaration_services.correct_declaration(declaration, {"organisation_public": False}, actor=user,
                                             reason="Privacy")
    make_declaration(politician, kind=DeclarationKind.other, organisation="Familiebedrijf", role="Broer",
                     concerns_family=True)
    db.session.commit()
    feed = read(client, "/feed.atom")
    text = " ".join(e.title + e.content[0].value for e in feed.entries)
    assert "Later Afgeschermd" not in text and "Familiebedrijf" not in text
    assert "Organisatie: afgeschermd" in text and "Adviseur" in text


def test_body_feed_has_only_that_body(client, town):
    make_declaration(town[2], organisation="Hier")
    make_declaration(make_politician(make_group(make_body("Gemeente Elders", slug="elders"))), organisation="Daar")
    feed = read(client, "/register/feedstad/feed.atom")
    assert feed.feed.title == "Belangenregister Gemeente Feedstad: nieuwe en gewijzigde opgaven en afspraken"
    assert [e.title.rsplit("— ", 1)[1] for e in feed.entries] == ["Hier"]
    assert len(read(client, "/feed.atom").entries) == 2
    assert client.get("/register/nergens/feed.atom").status_code == 404


def test_feed_holds_the_newest_fifty_changes(client, town):
    politician = town[2]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(53):
        declaration = make_declaration(politician, organisation=f"Organisatie {n:02d}")
        declaration.published_version.published_at = start + timedelta(hours=n)
    db.session.commit()
    feed = read(client, "/feed.atom")
    assert len(feed.entries) == 50
    assert feed.entries[0].title.endswith("Organisatie 52") and feed.entries[-1].title.endswith("Organisatie 03")


def test_an_empty_register_gives_a_valid_empty_feed(client, town):
    assert read(client, "/feed.atom").entries == []
    assert read(client, "/register/feedstad/feed.atom").entries == []


def test_control_characters_do_not_break_the_feed(client, town):
    make_declaration(town[2], organisation="Stichting\x0bGek\x08", role="Lid\x1f")
    entry = read(client, "/feed.atom").entries[0]
    assert "StichtingGek" in entry.title
