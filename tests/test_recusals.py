"""Recusals (onthoudingen) and the politician's public context notes (right of reply)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from register.extensions import db
from register.models import AuditEvent, ContextNote, Recusal
from register.models.base import amsterdam_today
from register.public.recusals import public_recusals, public_recusals_for
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_politician_user,
    make_recusal, make_user, sign_off,
)
from tests.helpers import World, client_as


@pytest.fixture
def world():
    return World({
        "body": lambda w: make_body("Gemeente Onthoudstad", slug="onthoudstad"),
        "group": lambda w: make_group(w["body"], "Lokaal Onthoudstad"),
        "owner": lambda w: make_politician_user(w["group"], name="Anna de Vries"),
        "colleague": lambda w: make_politician_user(w["group"], name="Bram Bakker"),
        "reviewer": lambda w: make_user(reviewer_of=[w["group"]], name="Fractievoorzitter Fatima"),
        "griffie": lambda w: make_user(griffie_of=[w["body"]], name="Griffier Gerda"),
        "other_griffie": lambda w: make_user(griffie_of=[make_body()]),
        "agreement": lambda w: sign_off(make_agreement(
            w["owner"].politician, [make_declaration(w["owner"].politician, organisation="VV Voorbeeldstad")],
            title="Geen besluiten over VV Voorbeeldstad"), w["reviewer"]).version.agreement,
        "foreign_agreement": lambda w: sign_off(make_agreement(w["colleague"].politician, title="Afspraak van Bram"),
                                                w["reviewer"]).version.agreement,
    })


def public_page(client, politician) -> str:
    return client.get(f"/register/{politician.body.slug}/{politician.slug}/").get_data(as_text=True)


def form(agreement, **overrides) -> dict:
    data = {"meeting_date": "2026-03-12", "agenda_item": "Subsidie sportpark VV Voorbeeldstad",
            "agreement_id": str(agreement.id), "note": "Intern: de voorzitter is vooraf ingelicht."}
    data.update(overrides)
    return data


def recusal_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Recusal))


# --- recording --------------------------------------------------------------------------------------------------

def test_politician_records_own_recusal_and_it_is_public(app, client, world):
    agreement = world["agreement"]
    owner = client_as(app, world["owner"])
    page = owner.get("/mijn/onthoudingen/nieuw").get_data(as_text=True)
    assert "Datum van de vergadering" in page and "Geen besluiten over VV Voorbeeldstad" in page
    response = owner.post("/mijn/onthoudingen/nieuw", data=form(agreement))
    assert response.status_code == 302 and response.headers["Location"].endswith("/mijn/onthoudingen")
    recusal = db.session.scalar(select(Recusal))
    assert (recusal.meeting_date, recusal.agreement_id, recusal.created_by_id) == (
        date(2026, 3, 12), agreement.id, world["owner"].id)
    assert "Subsidie sportpark VV Voorbeeldstad" in owner.get("/mijn/onthoudingen").get_data(as_text=True)

    html = public_page(client, world["owner"].politician)
    section = html.split('<h2 id="onthoudingen">')[1]
    assert "12 maart 2026" in section and "Subsidie sportpark VV Voorbeeldstad" in section
    assert "Geen besluiten over VV Voorbeeldstad" in section
    assert "de voorzitter is vooraf ingelicht" not in html  # the note is internal
    event_ = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "recusal.recorded"))
    assert event_.object_id == recusal.id and event_.actor_id == world["owner"].id


def test_griffie_records_a_recusal_for_a_politician_of_its_body(app, client, world):
    agreement, politician = world["agreement"], world["owner"].politician
    griffie = client_as(app, world["griffie"])
    overview = griffie.get("/beheer/onthoudstad/onthoudingen").get_data(as_text=True)
    url = f"/beheer/onthoudstad/ambtsdragers/{politician.id}/onthoudingen"
    assert url in overview
    response = griffie.post(url, data=form(agreement, agenda_item="Bestemmingsplan Havenkwartier"))
    assert response.status_code == 302
    recusal = db.session.scalar(select(Recusal))
    assert recusal.politician_id == politician.id and recusal.created_by_id == world["griffie"].id
    assert "Bestemmingsplan Havenkwartier" in public_page(client, politician)
    assert "Bestemmingsplan Havenkwartier" in griffie.get("/beheer/onthoudstad/onthoudingen").get_data(as_text=True)


def test_agreement_of_another_politician_is_refused_clearly(app, world):
    agreement, foreign = world["agreement"], world["foreign_agreement"]
    owner = client_as(app, world["owner"])
    response = owner.post("/mijn/onthoudingen/nieuw", data=form(foreign))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Deze afspraak is niet van Anna de Vries." in html
    griffie = client_as(app, world["griffie"])
    url = f"/beheer/onthoudstad/ambtsdragers/{world['owner'].politician.id}/onthoudingen"
    response = griffie.post(url, data=form(foreign))
    assert response.status_code == 200 and "Deze afspraak is niet van Anna de Vries." in response.get_data(as_text=True)
    assert recusal_count() == 0 and agreement.id != foreign.id


def test_unsigned_agreement_is_refused(app, world):
    draft = make_agreement(world["owner"].politician, submit=False, title="Nog een concept")
    owner = client_as(app, world["owner"])
    response = owner.post("/mijn/onthoudingen/nieuw", data=form(draft))
    assert response.status_code == 200 and "nog niet afgetekend" in response.get_data(as_text=True)
    assert recusal_count() == 0


@pytest.mark.parametrize("overrides, message", [
    ({"agenda_item": ""}, "Vul het agendapunt in."),
    ({"agenda_item": "x" * 301}, "Het agendapunt mag ten hoogste 300 tekens lang zijn."),
    ({"meeting_date": ""}, "Vul de datum van de vergadering in."),
    ({"meeting_date": "31-02-2026"}, "Vul een geldige datum in"),
    ({"meeting_date": "1899-01-01"}, "te ver in het verleden"),
    ({"meeting_date": (amsterdam_today() + timedelta(days=7)).isoformat()}, "is nog niet geweest"),
    ({"agreement_id": ""}, "Kies de afspraak waaruit de onthouding volgt."),
    ({"agreement_id": "99999"}, "Kies de afspraak waaruit de onthouding volgt."),
    ({"note": "x" * 1001}, "De toelichting mag ten hoogste 1000 tekens lang zijn."),
])
def test_bad_recusal_input_gets_a_message_and_saves_nothing(app, world, overrides, message):
    owner = client_as(app, world["owner"])
    response = owner.post("/mijn/onthoudingen/nieuw", data=form(world["agreement"], **overrides))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert recusal_count() == 0


@pytest.mark.parametrize("who, expected", [
    ("griffie", 200), ("other_griffie", 403), ("reviewer", 403), ("owner", 403), ("colleague", 403),
])
def test_only_the_griffie_of_the_body_records_for_others(app, world, who, expected):
    politician = world["owner"].politician
    client = client_as(app, world[who])
    url = f"/beheer/onthoudstad/ambtsdragers/{politician.id}/onthoudingen"
    assert client.get(url).status_code == expected
    assert client.get("/beheer/onthoudstad/onthoudingen").status_code == expected
    response = client.post(url, data=form(world["agreement"]))
    assert response.status_code == (302 if expected == 200 else expected)
    assert recusal_count() == (1 if expected == 200 else 0)


def test_unknown_or_foreign_politician_is_404_for_the_griffie(app, world):
    stranger = make_politician(make_group(make_body()))
    griffie = client_as(app, world["griffie"])
    assert griffie.get("/beheer/onthoudstad/ambtsdragers/9999/onthoudingen").status_code == 404
    assert griffie.get(f"/beheer/onthoudstad/ambtsdragers/{stranger.id}/onthoudingen").status_code == 404


def test_recusal_pages_need_login_and_a_politician(app, client, world):
    for url in ("/mijn/onthoudingen", "/mijn/onthoudingen/nieuw", "/mijn/toelichtingen",
                "/beheer/onthoudstad/onthoudingen"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    reviewer = client_as(app, world["reviewer"])
    assert reviewer.get("/mijn/onthoudingen").status_code == 403
    assert reviewer.post("/mijn/onthoudingen/nieuw", data=form(world["agreement"])).status_code == 403
    assert recusal_count() == 0


def test_public_recusals_queries_for_history_and_exports(app, world):
    owner, colleague = world["owner"].politician, world["colleague"].politician
    make_recusal(owner, world["agreement"], meeting_date=date(2026, 1, 5), agenda_item="Eerste")
    make_recusal(owner, world["agreement"], meeting_date=date(2026, 2, 5), agenda_item="Tweede")
    make_recusal(colleague, world["foreign_agreement"], meeting_date=date(2026, 2, 1), agenda_item="Van Bram")
    assert [r.agenda_item for r in public_recusals(owner)] == ["Tweede", "Eerste"]

    ids = [owner.id, colleague.id]
    db.session.expire_all()
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = public_recusals_for(ids)
        titles = {r.agreement.signed_version.title for items in result.values() for r in items}
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 3  # recusals, agreements, their signed versions
    assert {k: [r.agenda_item for r in v] for k, v in result.items()} == {
        ids[0]: ["Tweede", "Eerste"], ids[1]: ["Van Bram"]}
    assert titles == {"Geen besluiten over VV Voorbeeldstad", "Afspraak van Bram"}
    assert public_recusals_for([]) == {}


# --- context notes ----------------------------------------------------------------------------------------------

def test_politician_adds_a_public_note_and_editing_keeps_the_old_one(app, client, world):
    declaration = make_declaration(world["owner"].politician, organisation="Stichting Woonbelang")
    owner = client_as(app, world["owner"])
    overview = owner.get("/mijn/toelichtingen").get_data(as_text=True)
    url = f"/mijn/toelichtingen/opgave/{declaration.id}"
    assert url in overview
    assert owner.post(url, data={"text": "Ik ontvang hiervoor geen vergoeding."}).status_code == 302
    html = public_page(client, world["owner"].politician)
    item = re.search(rf'<article[^>]*id="opgave-{declaration.id}".*?</article>', html, re.S).group(0)
    assert "Toelichting van Anna de Vries" in item and "Ik ontvang hiervoor geen vergoeding." in item

    assert owner.post(url, data={"text": "Ik ben per 1 juni gestopt."}).status_code == 302
    html = public_page(client, world["owner"].politician)
    assert "Ik ben per 1 juni gestopt." in html and "geen vergoeding" not in html
    notes = db.session.scalars(select(ContextNote).order_by(ContextNote.id)).all()
    assert [n.text for n in notes] == ["Ik ontvang hiervoor geen vergoeding.", "Ik ben per 1 juni gestopt."]
    assert "geen vergoeding" in owner.get("/mijn/toelichtingen").get_data(as_text=True)  # the history
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "context_note.added")).all()
    assert len(events) == 2 and events[1].data["replaces"] == notes[0].id


def test_note_on_a_signed_off_agreement_is_public(app, client, world):
    agreement = world["agreement"]
    owner = client_as(app, world["owner"])
    assert owner.post(f"/mijn/toelichtingen/afspraak/{agreement.id}",
                      data={"text": "Ik heb mij ook bij de commissie onthouden."}).status_code == 302
    html = public_page(client, world["owner"].politician)
    item = re.search(rf'<article[^>]*id="afspraak-{agreement.id}".*?</article>', html, re.S).group(0)
    assert "Ik heb mij ook bij de commissie onthouden." in item


@pytest.mark.parametrize("text, message", [
    ("", "Schrijf uw toelichting."),
    ("x" * 1001, "De toelichting mag ten hoogste 1000 tekens lang zijn."),
])
def test_bad_note_gets_a_message(app, world, text, message):
    declaration = make_declaration(world["owner"].politician)
    response = client_as(app, world["owner"]).post(f"/mijn/toelichtingen/opgave/{declaration.id}",
                                                   data={"text": text})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ContextNote)) == 0


def test_note_only_on_own_public_items(app, world):
    own_draft = make_declaration(world["owner"].politician, publish=False)
    foreign = make_declaration(world["colleague"].politician)
    unsigned = make_agreement(world["owner"].politician, submit=False)
    owner = client_as(app, world["owner"])
    assert owner.post(f"/mijn/toelichtingen/opgave/{foreign.id}", data={"text": "Niet van mij."}).status_code == 403
    assert owner.get(f"/mijn/toelichtingen/afspraak/{world['foreign_agreement'].id}").status_code == 403
    response = owner.post(f"/mijn/toelichtingen/opgave/{own_draft.id}", data={"text": "Concept."},
                          follow_redirects=True)
    assert "alleen bij een gepubliceerde opgave" in response.get_data(as_text=True)
    response = owner.post(f"/mijn/toelichtingen/afspraak/{unsigned.id}", data={"text": "Nog niet."},
                          follow_redirects=True)
    assert "afgetekende afspraak" in response.get_data(as_text=True)
    griffie = client_as(app, world["griffie"])
    assert griffie.post(f"/mijn/toelichtingen/opgave/{foreign.id}", data={"text": "Griffie."}).status_code == 403
    assert owner.get("/mijn/toelichtingen/opgave/99999").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ContextNote)) == 0


def test_dashboard_links_to_signals_recusals_and_notes(app, world):
    html = client_as(app, world["owner"]).get("/mijn/").get_data(as_text=True)
    for url in ('href="/mijn/meldingen"', 'href="/mijn/onthoudingen"', 'href="/mijn/toelichtingen"'):
        assert url in html
    admin = client_as(app, world["griffie"]).get("/beheer/onthoudstad/").get_data(as_text=True)
    assert 'href="/beheer/onthoudstad/meldingen"' in admin and 'href="/beheer/onthoudstad/onthoudingen"' in admin


def test_recusal_appears_in_the_public_history_without_its_note(app, client, world):
    agreement = world["agreement"]
    owner = client_as(app, world["owner"])
    assert owner.post("/mijn/onthoudingen/nieuw", data=form(agreement)).status_code == 302
    politician = world["owner"].politician
    html = client.get(f"/register/{politician.body.slug}/{politician.slug}/history").get_data(as_text=True)
    entry = html.split("Onthouding vastgelegd")[1].split("</article>")[0]
    assert "Subsidie sportpark VV Voorbeeldstad" in entry and "12 maart 2026" in entry
    assert "Geen besluiten over VV Voorbeeldstad" in entry
    assert "vooraf ingelicht" not in html


def test_recusals_and_after_signal_are_in_the_open_data(app, client, world):
    import csv
    import io

    agreement = world["agreement"]
    owner = client_as(app, world["owner"])
    assert owner.post("/mijn/onthoudingen/nieuw", data=form(agreement)).status_code == 302
    rows = list(csv.DictReader(io.StringIO(client.get("/export/onthoudingen/onthoudstad.csv").get_data(as_text=True))))
    assert [(r["meeting_date"], r["agenda_item"], r["agreement"]) for r in rows] == [
        ("2026-03-12", "Subsidie sportpark VV Voorbeeldstad", "Geen besluiten over VV Voorbeeldstad")]
    everything = client.get("/export/onthoudingen/all.json").get_json()["recusals"]
    assert len(everything) == 1 and "vooraf ingelicht" not in str(everything)
    assert client.get("/export/onthoudingen/bestaat-niet.csv").status_code == 404

    declarations = list(csv.DictReader(io.StringIO(client.get("/export/onthoudstad.csv").get_data(as_text=True))))
    assert {r["after_signal"] for r in declarations} == {"false"}
    from register.declarations.services import create_declaration
    from register.models import DeclarationKind
    from tests.factories import declaration_content
    create_declaration(world["owner"].politician, DeclarationKind.side_job,
                       declaration_content(organisation="Na melding B.V."), actor=world["owner"], publish=True,
                       after_signal=True)
    db.session.commit()
    declarations = list(csv.DictReader(io.StringIO(client.get("/export/onthoudstad.csv").get_data(as_text=True))))
    assert {r["organisation"]: r["after_signal"] for r in declarations}["Na melding B.V."] == "true"
