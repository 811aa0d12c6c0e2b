"""Structured agreements (issue 16 item 2) and conflict hints from the register itself (item 3)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from register.agreements.services import AgreementError, Scope, create_agreement
from register.extensions import db
from register.models import AgreementKind, DeclarationKind, Office
from register.risk.hints import hints_for_declaration
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician_user, make_user, sign_off,
)
from tests.helpers import client_as


@pytest.fixture
def world(app):
    body = make_body("Gemeente Hintstad", slug="hintstad")
    group = make_group(body, "Lokaal")
    return dict(body=body, group=group, owner=make_politician_user(group, name="Olga Opgever"),
                reviewer=make_user(reviewer_of=[group]), griffie=make_user(griffie_of=[body]))


def form_data(declaration, **extra) -> dict:
    data = {"title": "Poortwachter voor Bouwbedrijf Hintstad", "text": "Stukken gaan via de griffier.",
            "declarations": [str(declaration.id)], "kind": "poortwachter",
            "organisations-0-name": "Bouwbedrijf Hintstad B.V.", "organisations-0-kvk_number": "1234 5678",
            "topics": "bestemmingsplan Havenkwartier, grondexploitatie", "gatekeeper": "griffier",
            "replacement": "de plaatsvervangend fractievoorzitter", "save_and_submit": "1"}
    data.update(extra)
    return data


def test_the_agreement_form_saves_kind_organisations_topics_and_screen_on_the_version(app, world):
    declaration = make_declaration(world["owner"].politician, organisation="Bouwbedrijf Hintstad B.V.")
    client = client_as(app, world["owner"])
    assert client.post("/mijn/afspraken/nieuw", data=form_data(declaration)).status_code == 302
    agreement = declaration.politician and db.session.scalars(
        db.select(db.Model.registry._class_registry["Agreement"])).one()
    version = agreement.current_version
    assert version.kind == AgreementKind.poortwachter
    assert [(o.name, o.kvk_number, o.organisation_key) for o in version.organisations] == [
        ("Bouwbedrijf Hintstad B.V.", "12345678", "bouwbedrijf-hintstad")]
    assert version.topics == ["bestemmingsplan Havenkwartier", "grondexploitatie"]
    assert (version.gatekeeper, version.replacement) == ("griffier", "de plaatsvervangend fractievoorzitter")
    public = app.test_client().get(f"/register/hintstad/{world['owner'].politician.slug}/").get_data(as_text=True)
    assert "Poortwachter" not in public  # not signed off yet: nothing public
    sign_off(agreement, world["reviewer"])
    public = app.test_client().get(f"/register/hintstad/{world['owner'].politician.slug}/").get_data(as_text=True)
    assert "KvK 12345678" in public and "bestemmingsplan Havenkwartier" in public
    assert "de plaatsvervangend fractievoorzitter" in public


def test_a_revision_keeps_the_structure_and_a_new_version_needs_sign_off_again(app, world):
    declaration = make_declaration(world["owner"].politician)
    client = client_as(app, world["owner"])
    client.post("/mijn/afspraken/nieuw", data=form_data(declaration))
    agreement = db.session.scalars(db.select(db.Model.registry._class_registry["Agreement"])).one()
    sign_off(agreement, world["reviewer"])
    edit = client.get(f"/mijn/afspraken/{agreement.id}/bewerken").get_data(as_text=True)
    assert 'value="Bouwbedrijf Hintstad B.V."' in edit and "grondexploitatie" in edit
    client.post(f"/mijn/afspraken/{agreement.id}/bewerken", data=form_data(
        declaration, kind="onthouden", topics="grondexploitatie", based_on="1", gatekeeper="", replacement=""))
    db.session.refresh(agreement)
    assert agreement.current_version.kind == AgreementKind.onthouden
    assert agreement.signed_version.kind == AgreementKind.poortwachter  # the public version until sign-off


def test_a_screen_without_gatekeeper_or_replacement_is_refused(app, world):
    declaration = make_declaration(world["owner"].politician)
    page = client_as(app, world["owner"]).post("/mijn/afspraken/nieuw", data=form_data(declaration, replacement=""))
    assert "Vul bij een poortwachter in wie de stukken onderschept" in page.get_data(as_text=True)
    with pytest.raises(AgreementError):
        create_agreement(world["owner"].politician, title="x", text="y", declarations=[declaration],
                         actor=world["owner"], scope=Scope(AgreementKind.poortwachter))


def test_a_kvk_number_of_the_wrong_length_is_refused(app, world):
    declaration = make_declaration(world["owner"].politician)
    page = client_as(app, world["owner"]).post("/mijn/afspraken/nieuw", data=form_data(
        declaration, **{"organisations-0-kvk_number": "123"})).get_data(as_text=True)
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in page


def test_existing_agreements_become_free_text_and_the_migration_runs_both_ways_with_data(app, world):
    from flask_migrate import downgrade, upgrade

    agreement_id = make_agreement(world["owner"].politician).id
    world["owner"].politician.portfolio = "Wonen"
    db.session.commit()
    db.session.remove()
    downgrade(revision="e5a1c7d2b9f4")  # before issue 16: rows refer to politician and agreement_version
    assert "kind" not in {c["name"] for c in db.inspect(db.engine).get_columns("agreement_version")}
    upgrade(revision="heads")
    kind = db.session.execute(text("SELECT kind FROM agreement_version WHERE agreement_id = :id"),
                              {"id": agreement_id}).scalar()
    assert kind == "vrij"


# ------------------------------------------------------------------------------------------------ hints

def kinds(declaration) -> set[str]:
    return {h.kind for h in hints_for_declaration(declaration)}


def test_a_gift_from_a_company_where_family_is_on_record_gives_a_hint(app, world):
    politician = world["owner"].politician
    make_declaration(politician, kind=DeclarationKind.other, organisation="Bouwbedrijf De Vries B.V.",
                     concerns_family=True)
    gift = make_declaration(politician, kind=DeclarationKind.gift, organisation="bouwbedrijf de vries bv",
                            role="Diner")
    assert "family" in kinds(gift)
    page = client_as(app, world["owner"]).get(f"/mijn/opgaven/{gift.id}").get_data(as_text=True)
    assert "Een familielid van u heeft een belang bij dezelfde organisatie" in page


def test_a_gift_from_an_organisation_they_hold_a_function_in(app, world):
    politician = world["owner"].politician
    make_declaration(politician, organisation="Rabobank regio Hintstad", kvk_number="87654321", role="Lid ledenraad")
    gift = make_declaration(politician, kind=DeclarationKind.gift, organisation="Rabobank", kvk_number="87654321")
    [hint] = hints_for_declaration(gift)
    assert hint.kind == "gift_from_function" and "zelfde KvK-nummer 87654321" in hint.text


def test_an_executives_side_job_in_the_sector_of_their_portfolio(app, world):
    wethouder = make_politician_user(world["group"], office=Office.wethouder)
    wethouder.politician.portfolio = "Wonen, Financiën"
    db.session.commit()
    job = make_declaration(wethouder.politician, organisation="Stichting Woonbelang Hintstad", role="Bestuurslid")
    [hint] = hints_for_declaration(job)
    assert hint.kind == "portfolio" and "„Wonen”" in hint.text and "woonbelang" in hint.text
    council = make_declaration(world["owner"].politician, organisation="Stichting Woonbelang Hintstad")
    assert "portfolio" not in kinds(council)  # a council member has no portfolio


def test_no_hint_without_a_connection(app, world):
    politician = world["owner"].politician
    make_declaration(politician, organisation="Voedselbank Hintstad")
    assert hints_for_declaration(make_declaration(politician, organisation="Hogeschool Noord")) == []


def test_the_reviewer_sees_hints_on_the_declaration_page(app, world):
    politician = world["owner"].politician
    make_declaration(politician, organisation="Zorggroep Noord", role="Lid raad van toezicht")
    gift = make_declaration(politician, kind=DeclarationKind.gift, organisation="Zorggroep Noord")
    page = client_as(app, world["reviewer"]).get(f"/beoordelen/opgaven/{gift.id}").get_data(as_text=True)
    assert "Signalen uit het register" in page and "Geschenk van een organisatie waarin u een functie heeft" in page
    queue = client_as(app, world["reviewer"]).get("/beoordelen/").get_data(as_text=True)
    assert "signaal" in queue


def test_owning_and_working_at_ones_own_business_is_no_signal_but_a_double_side_job_is(app, world):
    politician = world["owner"].politician
    make_declaration(politician, organisation="Jansen Tuinontwerp", role="Eigenaar")
    owner_share = make_declaration(politician, kind=DeclarationKind.financial, organisation="Jansen Tuinontwerp")
    assert hints_for_declaration(owner_share) == []
    double = make_declaration(politician, organisation="Jansen Tuinontwerp", role="Hovenier")
    assert kinds(double) == {"same_organisation"}
