"""A draft is the politician's own workspace: the politician is told only they see it, and so it is. The griffie and
the fractie see a declaration once it is published and an agreement version once it is submitted for sign-off
(the griffie still sees everything on the record of its body: published declarations with their shielded
fields, submitted and signed-off agreements, signals)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from register.agreements import services as agreement_services
from register.extensions import db
from register.signals import services as signal_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician_user, make_user, sign_off,
)


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def world(app):
    body = make_body("Gemeente Voorbeeldstad")
    group = make_group(body, "Fractie Groen")
    owner = make_politician_user(group, name="Anna de Vries")
    published = make_declaration(owner.politician, organisation="Stichting Openbaar")
    return SimpleNamespace(
        body=body, group=group, owner=owner, published=published,
        draft=make_declaration(owner.politician, publish=False, organisation="Geheim Concept BV"),
        griffie=make_user(griffie_of=[body], name="Griet Griffie"),
        reviewer=make_user(reviewer_of=[group], name="Carla Controle"))


@pytest.mark.parametrize("url", ["/mijn/opgaven/{id}", "/beoordelen/opgaven/{id}"])
@pytest.mark.parametrize("who", ["griffie", "reviewer"])
def test_griffie_and_fractie_cannot_read_a_draft_declaration(world, client, login, url, who):
    login(getattr(world, who))
    assert client.get(url.format(id=world.draft.id)).status_code == 403
    assert client.get(url.format(id=world.published.id)).status_code == 200  # the published one they do see


def test_the_owner_reads_the_draft_and_is_told_only_they_can(world, client, login):
    login(world.owner)
    assert "Geheim Concept BV" in _html(client.get(f"/mijn/opgaven/{world.draft.id}"))
    dashboard = _html(client.get("/mijn/"))
    assert "alleen u ziet deze; uw fractie en de griffie zien een opgave pas als zij is gepubliceerd" in dashboard


def test_griffie_cannot_read_an_agreement_never_submitted(world, client, login):
    draft = make_agreement(world.owner.politician, [world.published], submit=False, title="Geheime afspraak")
    for who in (world.griffie, world.reviewer):
        login(who)
        assert client.get(f"/mijn/afspraken/{draft.id}").status_code == 403
        assert client.get(f"/beoordelen/afspraken/{draft.id}").status_code == 403
        client.post("/logout")
    login(world.owner)
    assert "Uw fractie en de griffie zien haar pas als u haar ter aftekening aanbiedt" in \
        _html(client.get(f"/mijn/afspraken/{draft.id}"))


def test_a_new_draft_of_a_signed_agreement_stays_with_the_politician(world, client, login):
    agreement = make_agreement(world.owner.politician, [world.published], title="Afgetekende afspraak",
                               text="Ik stem niet over subsidies.")
    sign_off(agreement, world.reviewer)
    agreement_services.revise_agreement(agreement, title="Conceptwijziging", text="Nog niet aangeboden tekst.",
                                        declarations=[world.published], actor=world.owner)
    db.session.commit()
    for who in (world.griffie, world.reviewer):
        login(who)
        for url in (f"/mijn/afspraken/{agreement.id}", f"/beoordelen/afspraken/{agreement.id}"):
            html = _html(client.get(url))
            assert "Afgetekende afspraak" in html and "Ik stem niet over subsidies." in html, url
            assert "Conceptwijziging" not in html and "Nog niet aangeboden tekst." not in html, url
        client.post("/logout")
    login(world.owner)
    assert "Nog niet aangeboden tekst." in _html(client.get(f"/mijn/afspraken/{agreement.id}"))


def test_the_griffie_links_only_agreements_shown_to_the_fractie_to_a_signal_outcome(world, client, login):
    make_agreement(world.owner.politician, [world.published], submit=False, title="Geheime afspraak")
    make_agreement(world.owner.politician, [world.published], title="Aangeboden afspraak")
    signal = signal_services.receive_signal(world.body, politician=world.owner.politician, text="x" * 40,
                                            source_url=None, contact_email=None, client="test")
    signal_services.open_signal(signal, actor=world.griffie)
    signal_services.respond_to_signal(signal, actor=world.owner, text="Mijn reactie.")  # the outcome form is shown
    db.session.commit()
    html = _html(login(world.griffie).get(f"/beheer/{world.body.slug}/meldingen/{signal.id}"))
    assert "Aangeboden afspraak" in html and "Geheime afspraak" not in html


def test_the_griffie_archive_lists_what_was_published_not_a_draft_withdrawn_unpublished(world, client, login):
    from datetime import date

    from register.declarations import services as declaration_services
    declaration_services.withdraw_declaration(world.draft, reason="Toch niet", actor=world.owner)
    world.owner.politician.active, world.owner.politician.term_end = False, date(2024, 1, 1)
    db.session.commit()
    html = _html(login(world.griffie).get(f"/beheer/{world.body.slug}/oud-leden"))
    assert "Stichting Openbaar" in html and "Geheim Concept BV" not in html


def test_earlier_draft_versions_of_a_published_declaration_stay_with_the_politician(world, client, login):
    from register.declarations import services as declaration_services
    declaration_services.update_draft(world.draft, {"organisation": "Definitieve Stichting"}, actor=world.owner)
    declaration_services.publish_declaration(world.draft, actor=world.owner)
    db.session.commit()
    for who in (world.griffie, world.reviewer):
        html = _html(login(who).get(f"/mijn/opgaven/{world.draft.id}"))
        assert "Definitieve Stichting" in html and "Geheim Concept BV" not in html
        client.post("/logout")
    assert "Geheim Concept BV" in _html(login(world.owner).get(f"/mijn/opgaven/{world.draft.id}"))
