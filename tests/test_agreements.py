"""A politician's own agreements: record, submit, revise after review, sign-off, end; bad input; permissions."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from register.agreements import services as agreement_services
from register.agreements.services import AgreementError
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, AuditEvent, DeclarationKind,
)
from register.review import services as review_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician_user, make_user, sign_off,
)

TEXT = "Ik neem niet deel aan de besluitvorming over subsidies aan VV Voorbeeldstad."


# --- helpers ---------------------------------------------------------------------------------------------------

def _counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(Agreement)),
            db.session.scalar(select(func.count()).select_from(AgreementVersion)))


def _events(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def _status(html: str) -> str:
    """The status badge at the top of the detail page."""
    match = re.search(r'Status: <span class="badge [\w-]+">([^<]+)</span>', html)
    return match.group(1) if match else ""


def _checked(html: str) -> set[int]:
    """The declaration ids whose checkbox is ticked."""
    return {int(m) for tag in re.findall(r"<input [^>]*>", html) if " checked" in tag and 'type="checkbox"' in tag
            for m in re.findall(r'value="(\d+)"', tag)}


def _reload(agreement_id: int) -> Agreement:
    db.session.expire_all()
    return db.session.get(Agreement, agreement_id)


def _form(declarations, *, title="Geen besluitvorming over VV Voorbeeldstad", text=TEXT, submit=False, **extra):
    data = {"title": title, "text": text, "declarations": [str(getattr(d, "id", d)) for d in declarations]}
    data["save_and_submit" if submit else "save"] = "x"
    data.update(extra)
    return data


class World(dict):
    """Test people built on first use: each account costs an argon2 hash, so build only what a test needs."""

    def __init__(self, builders):
        super().__init__()
        self._builders = builders

    def __missing__(self, key):
        self[key] = self._builders[key](self)
        return self[key]


@pytest.fixture
def world():
    """A body with two fracties; a politician with a published declaration, a colleague, reviewers, griffie."""
    return World({
        "body": lambda w: make_body(),
        "group": lambda w: make_group(w["body"]),
        "other_group": lambda w: make_group(w["body"]),
        "owner": lambda w: make_politician_user(w["group"], name="Anna de Vries"),
        "declaration": lambda w: make_declaration(w["owner"].politician, organisation="VV Voorbeeldstad",
                                                  role="Voorzitter"),
        "colleague": lambda w: make_politician_user(w["group"], name="Bram Bakker"),
        "colleague_declaration": lambda w: make_declaration(w["colleague"].politician, organisation="Bakkerij Bakker"),
        "reviewer": lambda w: make_user(reviewer_of=[w["group"]], name="Fractievoorzitter Fatima"),
        "other_reviewer": lambda w: make_user(reviewer_of=[w["other_group"]]),
        "griffie": lambda w: make_user(griffie_of=[w["body"]]),
        "other_griffie": lambda w: make_user(griffie_of=[make_body()]),
    })


# --- recording --------------------------------------------------------------------------------------------------

def test_new_form_offers_only_own_published_declarations_as_labelled_checkboxes(client, login, world):
    owner, _own, _foreign = world["owner"], world["declaration"], world["colleague_declaration"]
    make_declaration(owner.politician, publish=False, organisation="Conceptstichting")
    login(owner)
    html = client.get("/mijn/afspraken/nieuw").get_data(as_text=True)
    assert "<legend>Opgaven waar deze afspraak bij hoort</legend>" in html
    assert 'type="checkbox"' in html and f'value="{world["declaration"].id}"' in html
    assert "Nevenfunctie: Voorzitter bij VV Voorbeeldstad" in html
    assert "Conceptstichting" not in html and "Bakkerij Bakker" not in html
    assert "Opslaan als concept" in html and "Opslaan en ter aftekening aanbieden" in html
    assert "besluitvorming over subsidies aan VV Voorbeeldstad" in html  # the hint's example


def test_opgave_parameter_preselects_that_declaration(client, login, world):
    login(world["owner"])
    other = make_declaration(world["owner"].politician, kind=DeclarationKind.financial, organisation="Aandelen BV")
    html = client.get(f"/mijn/afspraken/nieuw?opgave={other.id}").get_data(as_text=True)
    assert _checked(html) == {other.id}
    assert _checked(client.get("/mijn/afspraken/nieuw").get_data(as_text=True)) == set()
    foreign = world["colleague_declaration"].id
    assert _checked(client.get(f"/mijn/afspraken/nieuw?opgave={foreign}").get_data(as_text=True)) == set()


def test_politician_without_published_declarations_is_sent_to_declarations_first(client, login):
    user = make_politician_user()
    make_declaration(user.politician, publish=False)
    login(user)
    response = client.get("/mijn/afspraken/nieuw")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "hoort altijd bij een of meer van uw opgaven" in html and 'class="button" href="/mijn/"' in html
    assert client.post("/mijn/afspraken/nieuw", data=_form([1])).status_code == 200
    assert _counts() == (0, 0)


def test_user_without_politician_cannot_record_an_agreement(client, login, world):
    login(world["reviewer"])
    assert client.get("/mijn/afspraken/nieuw").status_code == 403
    assert client.post("/mijn/afspraken/nieuw", data=_form([world["declaration"]])).status_code == 403
    assert _counts() == (0, 0)


def test_record_as_draft(client, login, world):
    login(world["owner"])
    response = client.post("/mijn/afspraken/nieuw", data=_form([world["declaration"]]))
    agreement = db.session.scalar(select(Agreement))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/mijn/afspraken/{agreement.id}")
    assert agreement.status == AgreementStatus.draft and agreement.current_number == 1
    assert agreement.current_version.submitted_at is None
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert "Afspraak opgeslagen als concept." in html and _status(html) == "Concept"
    assert "Ter aftekening aanbieden" in html


def test_record_and_submit_at_once(client, login, world):
    login(world["owner"])
    client.post("/mijn/afspraken/nieuw", data=_form([world["declaration"]], submit=True))
    agreement = db.session.scalar(select(Agreement))
    assert agreement.status == AgreementStatus.submitted
    assert agreement.current_version.submitted_at is not None
    assert [d.id for d in agreement.current_version.declarations] == [world["declaration"].id]
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert "ter aftekening aangeboden aan uw fractie" in html and _status(html) == "Ter aftekening"
    assert _events("agreement.created") == 1 and _events("agreement.submitted") == 1


V1 = {"based_on": "1"}  # the version a decision form names (register/stale_forms.py)


def test_record_draft_then_submit_and_not_twice(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world["owner"])
    response = client.post(f"/mijn/afspraken/{agreement.id}/aanbieden", data=V1)
    assert response.status_code == 302
    assert _reload(agreement.id).status == AgreementStatus.submitted
    again = client.post(f"/mijn/afspraken/{agreement.id}/aanbieden", data=V1)  # e.g. from a second tab
    assert again.status_code == 409 and "Er is niets vastgelegd" in again.get_data(as_text=True)
    assert _events("agreement.submitted") == 1


def test_submit_without_csrf_token_is_refused(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world["owner"])
    assert client.post(f"/mijn/afspraken/{agreement.id}/aanbieden", csrf=False).status_code == 400
    assert _reload(agreement.id).status == AgreementStatus.draft


def test_detail_shows_linked_declarations_with_kind_organisation_and_role(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False, title="Mijn titel")
    login(world["owner"])
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert "Mijn titel" in html and "Nevenfunctie" in html and "Voorzitter bij VV Voorbeeldstad" in html
    assert "Versie 1" in html and "niet aangeboden" in html


# --- review cycle -----------------------------------------------------------------------------------------------

def test_changes_requested_then_revised_resubmitted_and_signed_off(client, login, world):
    owner, reviewer = world["owner"], world["reviewer"]
    agreement = make_agreement(owner.politician, [world["declaration"]], submit=True)
    review_services.request_changes(agreement, reviewer=reviewer, comment="Noem ook de sponsorcontracten.")
    db.session.commit()

    login(owner)
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert _status(html) == "Wijziging gevraagd" and "Noem ook de sponsorcontracten." in html
    assert "Fractievoorzitter Fatima" in html
    assert client.post(f"/mijn/afspraken/{agreement.id}/aanbieden", data=V1).status_code == 409  # revise first

    edit_html = client.get(f"/mijn/afspraken/{agreement.id}/bewerken").get_data(as_text=True)
    assert 'value="Geen besluitvorming over subsidies"' in edit_html  # prefilled from the current version
    assert _checked(edit_html) == {world["declaration"].id}
    response = client.post(f"/mijn/afspraken/{agreement.id}/bewerken",
                           data=_form([world["declaration"]], text=TEXT + " Ook niet over sponsoring.",
                                      reason="Sponsoring toegevoegd op verzoek van de fractie."))
    assert response.status_code == 302
    agreement = _reload(agreement.id)
    assert agreement.current_number == 2 and agreement.status == AgreementStatus.draft
    assert agreement.current_version.reason == "Sponsoring toegevoegd op verzoek van de fractie."
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert _status(html) == "Concept" and "Versie 2" in html and "Noem ook de sponsorcontracten." in html

    assert client.post(f"/mijn/afspraken/{agreement.id}/aanbieden", data={"based_on": "2"}).status_code == 302
    assert _reload(agreement.id).status == AgreementStatus.submitted
    sign_off(_reload(agreement.id), reviewer)
    agreement = _reload(agreement.id)
    assert agreement.status == AgreementStatus.signed_off and agreement.signed_number == 2
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert _status(html) == "Afgetekend" and "<strong>Afgetekend</strong> door Fractievoorzitter Fatima" in html


def test_editing_a_signed_off_agreement_keeps_the_signed_version_public(client, login, world):
    owner, reviewer = world["owner"], world["reviewer"]
    agreement = make_agreement(owner.politician, [world["declaration"]], submit=True, title="Oude titel")
    sign_off(agreement, reviewer)
    login(owner)
    client.post(f"/mijn/afspraken/{agreement.id}/bewerken",
                data=_form([world["declaration"]], title="Nieuwe titel", submit=True))
    agreement = _reload(agreement.id)
    assert agreement.current_number == 2 and agreement.status == AgreementStatus.submitted
    assert agreement.signed_number == 1 and agreement.signed_version.title == "Oude titel"
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert "<h1>Afspraak: Nieuwe titel</h1>" in html
    assert "<h2>Afgetekende versie (versie 1)</h2>" in html and "<h3>Oude titel</h3>" in html
    assert "blijft openbaar totdat de nieuwe versie" in html

    sign_off(agreement, reviewer)
    agreement = _reload(agreement.id)
    assert agreement.signed_number == 2 and agreement.status == AgreementStatus.signed_off
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert "blijft openbaar totdat" not in html and "<h2>Afgetekende versie" not in html


def test_edit_as_draft_then_submit_separately(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world["owner"])
    client.post(f"/mijn/afspraken/{agreement.id}/bewerken", data=_form([world["declaration"]], title="Versie twee"))
    agreement = _reload(agreement.id)
    assert agreement.status == AgreementStatus.draft and agreement.current_version.title == "Versie twee"
    assert agreement.current_version.submitted_at is None


def test_cannot_edit_while_submitted(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=True)
    login(world["owner"])
    assert client.get(f"/mijn/afspraken/{agreement.id}/bewerken").status_code == 403
    before = _counts()
    assert client.post(f"/mijn/afspraken/{agreement.id}/bewerken",
                       data=_form([world["declaration"]], title="Stiekem")).status_code == 403
    assert _counts() == before
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert "Afspraak wijzigen" not in html and "ligt ter aftekening bij uw fractie" in html


# --- ending -----------------------------------------------------------------------------------------------------

def test_end_with_reason(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=True)
    sign_off(agreement, world["reviewer"])
    login(world["owner"])
    assert "Reden van beëindigen" in client.get(f"/mijn/afspraken/{agreement.id}/beeindigen").get_data(as_text=True)
    response = client.post(f"/mijn/afspraken/{agreement.id}/beeindigen",
                           data={"reason": "Ik ben geen voorzitter meer van de vereniging.", **V1})
    assert response.status_code == 302
    agreement = _reload(agreement.id)
    assert agreement.status == AgreementStatus.ended and agreement.ended_at is not None
    assert agreement.end_reason == "Ik ben geen voorzitter meer van de vereniging."
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert _status(html) == "Beëindigd" and "Ik ben geen voorzitter meer van de vereniging." in html
    assert "Afspraak wijzigen" not in html
    assert client.get(f"/mijn/afspraken/{agreement.id}/bewerken").status_code == 403
    again = client.post(f"/mijn/afspraken/{agreement.id}/beeindigen", data={"reason": "nog eens", **V1})
    assert again.status_code == 409 and _reload(agreement.id).end_reason != "nog eens"


def test_end_without_reason_is_refused_and_nothing_changes(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world["owner"])
    response = client.post(f"/mijn/afspraken/{agreement.id}/beeindigen", data={"reason": "  ", **V1})
    assert response.status_code == 200
    assert "Geef een reden voor het beëindigen." in response.get_data(as_text=True)
    assert _reload(agreement.id).status == AgreementStatus.draft
    assert _events("agreement.ended") == 0


# --- bad input --------------------------------------------------------------------------------------------------

BAD_INPUT = [
    ("missing_title", {"title": ""}, "Geef de afspraak een titel."),
    ("missing_text", {"text": "   "}, "Beschrijf de afspraak."),
    ("title_too_long", {"title": "t" * 201}, "ten hoogste 200 tekens"),
    ("text_too_long", {"text": "x" * 4001}, "ten hoogste 4000 tekens"),
    ("no_declaration", {"declarations": []}, "Kies ten minste één opgave"),
    ("other_politicians_declaration", {"declarations": "colleague"}, "bestaat niet of is niet van u"),
    ("nonexistent_declaration", {"declarations": ["99999"]}, "bestaat niet of is niet van u"),
    ("garbage_declaration", {"declarations": ["abc"]}, "bestaat niet of is niet van u"),
    ("own_draft_declaration", {"declarations": "draft"}, "bestaat niet of is niet van u"),
]


def _bad_data(world, overrides):
    data = _form([world["declaration"]])
    if overrides.get("declarations") == "colleague":
        overrides = {"declarations": [str(world["declaration"].id), str(world["colleague_declaration"].id)]}
    elif overrides.get("declarations") == "draft":
        draft = make_declaration(world["owner"].politician, publish=False)
        overrides = {"declarations": [str(draft.id)]}
    data.update(overrides)
    return data


@pytest.mark.parametrize("case,overrides,message", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_on_new_shows_dutch_message_and_saves_nothing(client, login, world, case, overrides, message):
    login(world["owner"])
    data = _bad_data(world, overrides)
    response = client.post("/mijn/afspraken/nieuw", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html and "Controleer de volgende invoer" in html
    assert _counts() == (0, 0)
    assert _events("agreement.created") == 0


@pytest.mark.parametrize("case,overrides,message", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_on_edit_shows_dutch_message_and_saves_nothing(client, login, world, case, overrides, message):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world["owner"])
    before = _counts()
    response = client.post(f"/mijn/afspraken/{agreement.id}/bewerken", data=_bad_data(world, overrides))
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _counts() == before and _reload(agreement.id).current_number == 1


def test_reason_over_the_limit_is_refused_on_edit(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world["owner"])
    response = client.post(f"/mijn/afspraken/{agreement.id}/bewerken",
                           data=_form([world["declaration"]], reason="r" * 2001))
    assert "De toelichting mag ten hoogste 2000 tekens lang zijn." in response.get_data(as_text=True)
    assert _reload(agreement.id).current_number == 1


def test_service_refusal_is_shown_and_rolled_back(client, login, world, monkeypatch):
    """Should the service refuse after it flushed (e.g. a concurrent change), nothing of it is saved."""
    real = agreement_services.create_agreement

    def create_then_refuse(*args, **kwargs):
        real(*args, **kwargs)
        raise AgreementError("Een afspraak kan alleen aan uw eigen opgaven worden gekoppeld.")

    monkeypatch.setattr(agreement_services, "create_agreement", create_then_refuse)
    login(world["owner"])
    response = client.post("/mijn/afspraken/nieuw", data=_form([world["declaration"]], submit=True))
    assert response.status_code == 200
    assert "Een afspraak kan alleen aan uw eigen opgaven worden gekoppeld." in response.get_data(as_text=True)
    assert _counts() == (0, 0) and _events("agreement.created") == 0


def test_withdrawn_declaration_still_linked_is_kept_when_editing(client, login, world):
    """A declaration withdrawn after linking stays selectable, so a revision does not silently drop it."""
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    declaration = world["declaration"]
    declaration_services.withdraw_declaration(declaration, reason="Dubbel ingevoerd.", actor=world["owner"])
    db.session.commit()
    login(world["owner"])
    html = client.get(f"/mijn/afspraken/{agreement.id}/bewerken").get_data(as_text=True)
    assert _checked(html) == {declaration.id}
    assert "(ingetrokken)" in html
    response = client.post(f"/mijn/afspraken/{agreement.id}/bewerken", data=_form([declaration], title="Nieuw"))
    assert response.status_code == 302 and _reload(agreement.id).current_number == 2
    new_html = client.get("/mijn/afspraken/nieuw").get_data(as_text=True)
    assert f'value="{declaration.id}"' not in new_html  # not offered for new agreements


# --- permissions ------------------------------------------------------------------------------------------------

# A draft is the politician's workspace: not the fractie's, nor the griffie's (tests/test_drafts_are_private.py).
@pytest.mark.parametrize("who,expected", [
    ("owner", 200), ("colleague", 403), ("reviewer", 403), ("other_reviewer", 403),
    ("griffie", 403), ("other_griffie", 403),
])
def test_who_may_view_a_draft(client, login, world, who, expected):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world[who])
    assert client.get(f"/mijn/afspraken/{agreement.id}").status_code == expected


@pytest.mark.parametrize("who,expected", [
    ("owner", 200), ("colleague", 403), ("reviewer", 200), ("other_reviewer", 403),
    ("griffie", 200), ("other_griffie", 403),
])
def test_who_may_view_a_submitted_agreement(client, login, world, who, expected):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=True)
    login(world[who])
    assert client.get(f"/mijn/afspraken/{agreement.id}").status_code == expected


@pytest.mark.parametrize("who", ["colleague", "reviewer", "griffie"])
@pytest.mark.parametrize("method,action,data", [
    ("get", "bewerken", None),
    ("post", "bewerken", "form"),
    ("post", "aanbieden", None),
    ("get", "beeindigen", None),
    ("post", "beeindigen", {"reason": "Geraden adres"}),
])
def test_only_the_owner_may_change_an_agreement(client, login, world, who, method, action, data):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world[who])
    if data == "form":
        data = _form([world["declaration"]], title="Overgenomen")
    before = _counts()
    response = getattr(client, method)(f"/mijn/afspraken/{agreement.id}/{action}", data=data)
    assert response.status_code == 403
    agreement = _reload(agreement.id)
    assert _counts() == before and agreement.status == AgreementStatus.draft and agreement.ended_at is None


@pytest.mark.parametrize("method,action,data", [
    ("get", "bewerken", None),
    ("post", "bewerken", "form"),
    ("post", "aanbieden", {"based_on": "1"}),
    ("get", "beeindigen", None),
    ("post", "beeindigen", {"reason": "Klaar", "based_on": "1"}),
])
def test_the_owner_may_change_a_draft(client, login, world, method, action, data):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    login(world["owner"])
    if data == "form":
        data = _form([world["declaration"]], title="Aangepast")
    response = getattr(client, method)(f"/mijn/afspraken/{agreement.id}/{action}", data=data)
    assert response.status_code == (200 if method == "get" else 302)


def test_fractie_reviewer_sees_submitted_agreement_without_edit_actions(client, login, world):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=True)
    login(world["reviewer"])
    html = client.get(f"/mijn/afspraken/{agreement.id}").get_data(as_text=True)
    assert "Anna de Vries" in html and "Geen besluitvorming over subsidies" in html
    assert "Afspraak wijzigen" not in html and "Afspraak beëindigen" not in html
    assert client.get(f"/mijn/afspraken/{agreement.id}/bewerken").status_code == 403


@pytest.mark.parametrize("method,path", [
    ("get", "/mijn/afspraken/nieuw"), ("get", "/mijn/afspraken/{id}"), ("get", "/mijn/afspraken/{id}/bewerken"),
    ("post", "/mijn/afspraken/{id}/aanbieden"), ("get", "/mijn/afspraken/{id}/beeindigen"),
])
def test_anonymous_is_sent_to_login(client, world, method, path):
    agreement = make_agreement(world["owner"].politician, [world["declaration"]], submit=False)
    response = getattr(client, method)(path.format(id=agreement.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _reload(agreement.id).status == AgreementStatus.draft


@pytest.mark.parametrize("method,path", [
    ("get", "/mijn/afspraken/999"), ("get", "/mijn/afspraken/999/bewerken"), ("post", "/mijn/afspraken/999/bewerken"),
    ("post", "/mijn/afspraken/999/aanbieden"), ("get", "/mijn/afspraken/999/beeindigen"),
    ("post", "/mijn/afspraken/999/beeindigen"),
])
def test_unknown_agreement_is_404(client, login, world, method, path):
    login(world["owner"])
    assert getattr(client, method)(path).status_code == 404
