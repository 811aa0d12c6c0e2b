"""The belangencheck (issue 16 item 1): questions per office, private answers, proposals, griffie questions."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from register.extensions import db
from register.models import (
    AgreementKind, AgreementStatus, AnswerValue, BodyKind, CheckTrigger, DeclarationKind, Office, OutboxMessage,
    RiskAnswer, RiskCheck,
)
from register.risk import services
from register.risk.questions import questions_for
from tests.factories import (
    make_body, make_declaration, make_group, make_politician_user, make_user,
)
from tests.helpers import client_as


@pytest.fixture
def world(app):
    body = make_body("Gemeente Checkstad", slug="checkstad")
    group = make_group(body, "Lokaal Checkstad")
    wethouder = make_politician_user(group, name="Willem Wethouder", office=Office.wethouder)
    wethouder.politician.portfolio = "Wonen, Sport"
    raadslid = make_politician_user(group, name="Rita Raadslid")
    reviewer = make_user(reviewer_of=[group], name="Fractievoorzitter Frank")
    griffie = make_user(griffie_of=[body], name="Griffier Greet")
    outsider = make_user(reviewer_of=[make_group(name="Andere fractie")])
    db.session.commit()
    return dict(body=body, group=group, wethouder=wethouder, raadslid=raadslid, reviewer=reviewer, griffie=griffie,
                outsider=outsider)


def answers_form(check, value="nee", **overrides) -> dict:
    codes = [q.code for q in questions_for(check.office, check.politician.body.kind)]
    data = {f"q-{code}": value for code in codes}
    data.update(overrides)
    return data


def start(client) -> RiskCheck:
    response = client.post("/mijn/belangencheck/starten", data={"trigger": "on_demand"})
    assert response.status_code == 302
    return db.session.get(RiskCheck, int(re.search(r"/belangencheck/(\d+)", response.location).group(1)))


def test_a_council_member_gets_fewer_questions_than_an_executive():
    council = questions_for(Office.raadslid, BodyKind.municipality)
    executive = questions_for(Office.wethouder, BodyKind.municipality)
    assert len(council) < len(executive)
    assert "portefeuille" in {q.code for q in executive} - {q.code for q in council}


@pytest.mark.parametrize("kind, word, council", [(BodyKind.province, "provincie", "Provinciale Staten"),
                                                 (BodyKind.water_board, "waterschap", "algemeen bestuur")])
def test_provinces_and_water_boards_get_their_own_words(app, kind, word, council):
    texts = " ".join(q.text for q in questions_for(Office.raadslid, kind))
    assert word in texts and council in texts and "gemeente" not in texts


def test_no_question_asks_about_a_criminal_record(app):
    texts = " ".join(q.text + q.not_connections for q in questions_for(Office.wethouder, BodyKind.municipality))
    assert "strafblad" not in texts.lower() and "veroordeeld" not in texts.lower()


def test_the_check_shows_the_objective_test_examples_and_where_to_report_approaches(app, world):
    client = client_as(app, world["raadslid"])
    check = start(client)
    page = client.get(f"/belangencheck/{check.id}").get_data(as_text=True)
    assert "redelijkerwijs denken" in page and "Geen verband:" in page
    assert "Meld het direct bij de" in page and "burgemeester" in page
    assert 'name="q-benaderd"' not in page  # question 15 has no answer field at all


def test_answering_stores_every_answer_and_closes_the_run(app, world):
    client = client_as(app, world["raadslid"])
    check = start(client)
    response = client.post(f"/belangencheck/{check.id}", data=answers_form(check))
    assert response.status_code == 302
    db.session.refresh(check)
    assert check.completed_at is not None
    assert len(check.answers) == len(questions_for(Office.raadslid, BodyKind.municipality))
    assert {a.answer for a in check.answers} == {AnswerValue.no}


def test_a_missing_answer_is_refused_with_a_message_and_nothing_is_stored(app, world):
    client = client_as(app, world["raadslid"])
    check = start(client)
    data = answers_form(check)
    del data["q-geld"]
    page = client.post(f"/belangencheck/{check.id}", data=data).get_data(as_text=True)
    assert "Kies ja, nee of weet ik niet." in page
    db.session.refresh(check)
    assert check.completed_at is None and not check.answers


def test_someone_else_cannot_answer_the_politicians_check(app, world):
    check = start(client_as(app, world["raadslid"]))
    for intruder in (world["wethouder"], world["reviewer"], world["griffie"]):
        assert client_as(app, intruder).post(f"/belangencheck/{check.id}", data=answers_form(check)).status_code \
            == 403
    with pytest.raises(services.RiskError):
        services.answer_check(check, {}, actor=world["griffie"])
    db.session.refresh(check)
    assert check.completed_at is None


def test_the_service_refuses_a_check_started_for_someone_else(app, world):
    with pytest.raises(services.RiskError):
        services.start_check(world["raadslid"].politician, actor=world["wethouder"], trigger=CheckTrigger.on_demand)


@pytest.mark.parametrize("who, status", [("raadslid", 200), ("reviewer", 200), ("griffie", 200), ("outsider", 403),
                                         ("wethouder", 403)])
def test_answers_are_seen_by_the_politician_their_reviewers_and_the_griffie_only(app, world, who, status):
    client = client_as(app, world["raadslid"])
    check = start(client)
    client.post(f"/belangencheck/{check.id}", data=answers_form(check, **{"n-geld": "Mijn broer zit in het bestuur"}))
    response = client_as(app, world[who]).get(f"/belangencheck/{check.id}")
    assert response.status_code == status
    if status == 200:
        assert "Mijn broer zit in het bestuur" in response.get_data(as_text=True)


def test_answers_never_appear_on_public_pages(app, world):
    client = client_as(app, world["raadslid"])
    make_declaration(world["raadslid"].politician, organisation="Stichting Geheimstad")
    check = start(client)
    client.post(f"/belangencheck/{check.id}", data=answers_form(check, **{"n-geld": "Vertrouwelijke toelichting"}))
    politician = world["raadslid"].politician
    anonymous = app.test_client()
    for url in (f"/register/checkstad/{politician.slug}/", "/export/checkstad.json", "/export/all.csv",
                f"/belangencheck/{check.id}"):
        assert "Vertrouwelijke toelichting" not in anonymous.get(url).get_data(as_text=True)


def test_a_yes_proposes_prefilled_catalogue_agreements_that_go_through_sign_off(app, world):
    politician = world["wethouder"].politician
    declaration = make_declaration(politician, organisation="Stichting Woonbelang Checkstad", kvk_number="12345678")
    client = client_as(app, world["wethouder"])
    check = start(client)
    client.post(f"/belangencheck/{check.id}", data=answers_form(
        check, **{"q-geld": "ja", "d-geld": str(declaration.id)}))
    answer = db.session.scalar(select(RiskAnswer).where(RiskAnswer.check_id == check.id,
                                                        RiskAnswer.question == "geld"))
    result = client.get(f"/belangencheck/{check.id}").get_data(as_text=True)
    url = f"/mijn/belangencheck/{check.id}/voorstel/{answer.id}/onthouden"
    assert url in result and f"/mijn/belangencheck/{check.id}/voorstel/{answer.id}/melden" in result
    form = client.get(url).get_data(as_text=True)
    assert "Geen besluitvorming over Stichting Woonbelang Checkstad" in form
    assert 'value="12345678"' in form
    response = client.post(url, data={
        "title": "Geen besluitvorming over Stichting Woonbelang Checkstad",
        "text": "Ik neem niet deel aan de beraadslaging en stemming over Stichting Woonbelang Checkstad.",
        "declarations": [str(declaration.id)], "kind": "onthouden",
        "organisations-0-name": "Stichting Woonbelang Checkstad", "organisations-0-kvk_number": "12345678",
        "topics": "sociale huur", "save_and_submit": "1"})
    assert response.status_code == 302
    db.session.refresh(answer)
    agreement = answer.agreements[0]
    assert agreement.status == AgreementStatus.submitted
    version = agreement.current_version
    assert version.kind == AgreementKind.onthouden and version.topics == ["sociale huur"]
    assert [(o.name, o.kvk_number) for o in version.organisations] == [("Stichting Woonbelang Checkstad", "12345678")]
    review = client_as(app, world["reviewer"]).get(f"/beoordelen/afspraken/{agreement.id}").get_data(as_text=True)
    assert "Uit de belangencheck" in review and "Ontvangt een organisatie waarin u" in review


def test_a_proposal_with_placeholders_left_is_refused(app, world):
    politician = world["raadslid"].politician
    declaration = make_declaration(politician)
    client = client_as(app, world["raadslid"])
    check = start(client)
    client.post(f"/belangencheck/{check.id}", data=answers_form(check, **{"q-familie": "ja"}))
    answer = db.session.scalar(select(RiskAnswer).where(RiskAnswer.check_id == check.id,
                                                        RiskAnswer.question == "familie"))
    page = client.post(f"/mijn/belangencheck/{check.id}/voorstel/{answer.id}/poortwachter", data={
        "title": "Poortwachter", "text": "Stukken gaan naar [vervanger].", "declarations": [str(declaration.id)],
        "kind": "poortwachter", "gatekeeper": "griffier", "replacement": "de fractievoorzitter", "save": "1"})
    assert "Vul de plaatsen tussen vierkante haken in: [vervanger]" in page.get_data(as_text=True)
    assert not answer.agreements


def test_a_family_members_organisation_is_not_put_into_a_public_agreement_proposal(app, world):
    politician = world["raadslid"].politician
    family = make_declaration(politician, kind=DeclarationKind.other, organisation="Bouwbedrijf Geheim B.V.",
                              concerns_family=True)
    client = client_as(app, world["raadslid"])
    check = start(client)
    client.post(f"/belangencheck/{check.id}", data=answers_form(check, **{"q-familie": "ja",
                                                                           "d-familie": str(family.id)}))
    answer = db.session.scalar(select(RiskAnswer).where(RiskAnswer.check_id == check.id,
                                                        RiskAnswer.question == "familie"))
    page = client.get(f"/mijn/belangencheck/{check.id}/voorstel/{answer.id}/onthouden").get_data(as_text=True)
    title = re.search(r'name="title"[^>]*value="([^"]*)"', page).group(1)
    text = re.search(r'name="text"[^>]*>([^<]*)<', page).group(1)
    organisations = re.findall(r'name="organisations-\d-name"[^>]*value="([^"]*)"', page)
    assert "Geheim" not in title + text + "".join(organisations)
    assert "[organisatie of onderwerp]" in title


def test_an_agreement_for_another_politicians_declaration_is_refused(app, world):
    foreign = make_declaration(world["wethouder"].politician, organisation="Stichting Anders")
    client = client_as(app, world["raadslid"])
    make_declaration(world["raadslid"].politician)
    check = start(client)
    client.post(f"/belangencheck/{check.id}", data=answers_form(check, **{"q-geld": "ja", "d-geld": str(foreign.id)}))
    db.session.refresh(check)
    assert check.completed_at is None  # the hand-made declaration id of someone else is refused
    client.post(f"/belangencheck/{check.id}", data=answers_form(check, **{"q-geld": "ja"}))
    answer = db.session.scalar(select(RiskAnswer).where(RiskAnswer.check_id == check.id,
                                                        RiskAnswer.question == "geld"))
    page = client.post(f"/mijn/belangencheck/{check.id}/voorstel/{answer.id}/onthouden", data={
        "title": "Afspraak", "text": "Ik doe niet mee.", "declarations": [str(foreign.id)], "kind": "onthouden",
        "save": "1"}).get_data(as_text=True)
    assert "niet van u" in page
    assert not answer.agreements
    with pytest.raises(services.RiskError):
        services.make_agreement(answer, actor=world["raadslid"], title="x", text="y", declarations=[foreign],
                                scope=None, submit=False)


def test_dont_know_goes_to_the_griffie_list_and_mail_and_is_resolved_there(app, world):
    client = client_as(app, world["raadslid"])
    check = start(client)
    client.post(f"/belangencheck/{check.id}", data=answers_form(check, **{"q-lening": "weet-niet"}))
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "risk_question"))
    assert mail is not None and mail.recipient == world["griffie"].email
    griffie = client_as(app, world["griffie"])
    page = griffie.get("/beheer/checkstad/belangencheck").get_data(as_text=True)
    assert "Rita Raadslid" in page and "Heeft u een lening" in page
    answer = db.session.scalar(select(RiskAnswer).where(RiskAnswer.question == "lening"))
    assert griffie.post(f"/beheer/checkstad/belangencheck/{answer.id}/afhandelen",
                        data={"resolution": "Gebeld; geen band."}).status_code == 302
    db.session.refresh(answer)
    assert answer.resolved_at is not None and answer.resolution == "Gebeld; geen band."
    assert client_as(app, world["reviewer"]).get("/beheer/checkstad/belangencheck").status_code == 403


def test_the_check_is_offered_after_publishing_and_on_a_portfolio_change(app, world):
    client = client_as(app, world["wethouder"])
    check = start(client)
    client.post(f"/belangencheck/{check.id}", data=answers_form(check))
    assert "Uw belangencheck is bij" in client.get("/mijn/").get_data(as_text=True)
    declaration = make_declaration(world["wethouder"].politician, organisation="Voetbalclub Checkstad")
    page = client.get(f"/mijn/opgaven/{declaration.id}").get_data(as_text=True)
    assert "Belangencheck starten" in page
    world["wethouder"].politician.portfolio = "Financiën"
    db.session.commit()
    assert "Uw portefeuille is gewijzigd" in client.get("/mijn/").get_data(as_text=True)


def test_every_run_is_kept(app, world):
    client = client_as(app, world["raadslid"])
    for _ in range(2):
        check = start(client)
        client.post(f"/belangencheck/{check.id}", data=answers_form(check))
    page = client.get("/mijn/belangencheck").get_data(as_text=True)
    assert page.count("ingevuld op") == 2
