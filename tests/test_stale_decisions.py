"""A decision names the version it decided on: a decision made on a page showing an older version is refused with
409, saves nothing, and shows the current version and what changed since the version the person saw."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from register.agreements import services as agreement_services
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import Agreement, AgreementStatus, AuditEvent, Declaration, Review, SignOff
from register.review import services as review_services
from tests.factories import make_agreement, make_body, make_declaration, make_group, make_politician_user, make_user


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _html(response) -> str:
    return response.get_data(as_text=True)


def hidden(html: str, name: str, occurrence: int = 0) -> str:
    """The value of a hidden input (the version a form is based on), as the browser would post it."""
    inputs = re.findall(rf'<input [^>]*name="{name}"[^>]*>', html)
    assert len(inputs) > occurrence, f"the form carries {name}"
    return re.search(r'value="([^"]*)"', inputs[occurrence]).group(1)


@pytest.fixture
def world(app):
    body = make_body("Gemeente Voorbeeldstad")
    group = make_group(body, "Fractie Groen")
    owner = make_politician_user(group, name="Anna de Vries")
    declaration = make_declaration(owner.politician, organisation="Stichting Sportpark Noord", role="Voorzitter")
    agreement = make_agreement(owner.politician, [declaration], title="Niet stemmen over het sportpark",
                               text="Ik stem niet over subsidies aan het sportpark.")
    return SimpleNamespace(body=body, group=group, owner=owner, declaration=declaration, agreement=agreement,
                           reviewer=make_user(reviewer_of=[group], name="Carla Controle"),
                           second_reviewer=make_user(reviewer_of=[group], name="Daan Tweede"))


def _resubmit_weaker(world) -> None:
    """Meanwhile (another tab, another reviewer): changes requested on v1, and the politician resubmits v2."""
    review_services.request_changes(world.agreement, reviewer=world.second_reviewer, comment="Noem de commissie.")
    agreement_services.revise_agreement(world.agreement, title="Soms niet stemmen", text="Ik stem meestal niet.",
                                        declarations=[world.declaration], actor=world.owner, reason="Afgezwakt")
    agreement_services.submit_agreement(world.agreement, actor=world.owner)
    db.session.commit()


# --- agreements -----------------------------------------------------------------------------------------------

def test_agreement_decision_forms_carry_the_version_shown(world, login):
    html = _html(login(world.reviewer).get(f"/beoordelen/afspraken/{world.agreement.id}"))
    assert hidden(html, "based_on", 0) == hidden(html, "based_on", 1) == "1"


@pytest.mark.parametrize("action,data", [("aftekenen", {}), ("wijziging-vragen", {"comment": "Graag anders"})])
def test_decision_on_version_1_does_not_apply_to_a_resubmitted_version_2(world, client, login, action, data):
    login(world.reviewer)
    seen = hidden(_html(client.get(f"/beoordelen/afspraken/{world.agreement.id}")), "based_on")
    _resubmit_weaker(world)
    before = (_count(SignOff), _count(AuditEvent))

    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/{action}", data={**data, "based_on": seen})

    assert response.status_code == 409
    html = _html(response)
    assert "Er is niets vastgelegd" in html and "u zag versie 1, de huidige is versie 2" in html
    assert "Soms niet stemmen" in html and "Ik stem meestal niet." in html  # the current version
    assert "Wat is er veranderd ten opzichte van versie 1?" in html
    assert "Titel: was „Niet stemmen over het sportpark”" in html  # what changed since what was seen
    assert hidden(html, "based_on") == "2"  # deciding again is a deliberate choice about version 2
    assert (_count(SignOff), _count(AuditEvent)) == before
    db.session.expire_all()
    agreement = db.session.get(Agreement, world.agreement.id)
    assert agreement.status == AgreementStatus.submitted and agreement.signed_number is None


def test_a_decision_on_the_version_shown_is_recorded(world, client, login):
    login(world.reviewer)
    seen = hidden(_html(client.get(f"/beoordelen/afspraken/{world.agreement.id}")), "based_on")
    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/aftekenen", data={"based_on": seen})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agreement, world.agreement.id).signed_number == 1


def test_after_the_conflict_the_reviewer_can_decide_on_the_version_now_shown(world, client, login):
    login(world.reviewer)
    seen = hidden(_html(client.get(f"/beoordelen/afspraken/{world.agreement.id}")), "based_on")
    _resubmit_weaker(world)
    conflict = client.post(f"/beoordelen/afspraken/{world.agreement.id}/wijziging-vragen",
                           data={"comment": "Te zwak", "based_on": seen})
    assert 'Te zwak' in _html(conflict)  # the reviewer's own input is kept
    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/wijziging-vragen",
                           data={"comment": "Te zwak", "based_on": hidden(_html(conflict), "based_on", 1)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agreement, world.agreement.id).status == AgreementStatus.changes_requested


def test_a_decision_without_the_version_is_refused(world, client, login):
    login(world.reviewer)
    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/aftekenen")
    assert response.status_code == 409 and _count(SignOff) == 0


def test_agreement_no_longer_awaiting_sign_off_gives_a_conflict_not_an_error(world, client, login):
    login(world.reviewer)
    seen = hidden(_html(client.get(f"/beoordelen/afspraken/{world.agreement.id}")), "based_on")
    review_services.request_changes(world.agreement, reviewer=world.second_reviewer, comment="Noem de commissie.")
    db.session.commit()
    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/aftekenen", data={"based_on": seen})
    assert response.status_code == 409
    assert "ligt niet meer ter aftekening" in _html(response) and _count(SignOff) == 1


def test_the_service_refuses_a_decision_for_another_version(world):
    _resubmit_weaker(world)
    with pytest.raises(review_services.StaleDecision):
        review_services.sign_off(world.agreement, reviewer=world.reviewer, version=1)


# --- declaration reviews --------------------------------------------------------------------------------------

def _correct_meanwhile(world, **content) -> None:
    declaration_services.correct_declaration(world.declaration, content, actor=world.owner, reason="Ander venster")
    db.session.commit()


def test_declaration_review_form_carries_the_version_shown(world, login):
    html = _html(login(world.reviewer).get(f"/beoordelen/opgaven/{world.declaration.id}"))
    assert hidden(html, "based_on") == str(world.declaration.published_number)


def test_no_risk_is_not_stored_against_a_correction_the_reviewer_never_saw(world, client, login):
    login(world.reviewer)
    seen = hidden(_html(client.get(f"/beoordelen/opgaven/{world.declaration.id}")), "based_on")
    _correct_meanwhile(world, role="Directeur", paid=True)
    before = (_count(Review), _count(AuditEvent))

    response = client.post(f"/beoordelen/opgaven/{world.declaration.id}",
                           data={"outcome": "no_risk", "comment": "Prima", "based_on": seen})

    assert response.status_code == 409
    html = _html(response)
    assert "Er is niets vastgelegd" in html and "u zag versie 2, de huidige is versie 3" in html
    assert "Wat is er veranderd sinds versie 2?" in html
    changed = html.partition("Wat is er veranderd sinds versie 2?")[2].partition("</ul>")[0]
    assert "Voorzitter → Directeur" in changed and "Bezoldiging: onbezoldigd → bezoldigd" in changed
    assert hidden(html, "based_on") == "3"
    assert (_count(Review), _count(AuditEvent)) == before


def test_declaration_review_without_the_version_is_refused(world, client, login):
    login(world.reviewer)
    response = client.post(f"/beoordelen/opgaven/{world.declaration.id}", data={"outcome": "no_risk"})
    assert response.status_code == 409 and _count(Review) == 0


def test_the_review_service_refuses_another_version(world):
    _correct_meanwhile(world, role="Directeur")
    with pytest.raises(review_services.StaleDecision):
        review_services.review_declaration(db.session.get(Declaration, world.declaration.id),
                                           reviewer=world.reviewer, outcome=review_services.ReviewOutcome.no_risk,
                                           version=2)


# --- the politician's own decisions: publish, end, withdraw, submit, end an agreement -------------------------

def _draft_changed_meanwhile(world, declaration) -> None:
    declaration_services.update_draft(declaration, {"role": "Penningmeester uit het andere venster"},
                                      actor=world.owner)
    db.session.commit()


def test_publishing_a_draft_publishes_the_version_shown_not_one_changed_meanwhile(world, client, login):
    draft = make_declaration(world.owner.politician, publish=False, role="Secretaris")
    login(world.owner)
    seen = hidden(_html(client.get(f"/mijn/opgaven/{draft.id}")), "based_on")
    _draft_changed_meanwhile(world, draft)

    response = client.post(f"/mijn/opgaven/{draft.id}/publiceren", data={"based_on": seen})

    assert response.status_code == 409
    html = _html(response)
    assert "Er is niets vastgelegd" in html and "Penningmeester uit het andere venster" in html
    assert hidden(html, "based_on") == "2"
    db.session.expire_all()
    assert db.session.get(Declaration, draft.id).published_number is None
    assert client.post(f"/mijn/opgaven/{draft.id}/publiceren", data={"based_on": "2"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Declaration, draft.id).published_version.role == "Penningmeester uit het andere venster"


def test_publishing_twice_from_two_tabs_is_a_conflict_not_a_second_publication(world, client, login):
    draft = make_declaration(world.owner.politician, publish=False)
    login(world.owner)
    seen = hidden(_html(client.get(f"/mijn/opgaven/{draft.id}")), "based_on")
    assert client.post(f"/mijn/opgaven/{draft.id}/publiceren", data={"based_on": seen}).status_code == 302
    again = client.post(f"/mijn/opgaven/{draft.id}/publiceren", data={"based_on": seen})
    assert again.status_code == 409 and "Er is niets vastgelegd" in _html(again)


@pytest.mark.parametrize("action,data", [
    ("beeindigen", {"ended_on": "2026-01-31", "reason": "Afgetreden als voorzitter"}),
    ("intrekken", {"reason": "Dubbel opgegeven"}),
])
def test_ending_or_withdrawing_applies_to_the_version_shown(world, client, login, action, data):
    login(world.owner)
    seen = hidden(_html(client.get(f"/mijn/opgaven/{world.declaration.id}/{action}")), "based_on")
    _correct_meanwhile(world, role="Directeur")
    before = (_count(AuditEvent), world.declaration.current_number)

    response = client.post(f"/mijn/opgaven/{world.declaration.id}/{action}", data={**data, "based_on": seen})

    assert response.status_code == 409
    html = _html(response)
    assert "Er is niets vastgelegd" in html and "Directeur" in html  # the current version is shown
    assert data["reason"] in html  # the politician's own input is kept
    assert hidden(html, "based_on") == "3"
    db.session.expire_all()
    declaration = db.session.get(Declaration, world.declaration.id)
    assert (_count(AuditEvent), declaration.current_number) == before and declaration.status.value == "published"
    response = client.post(f"/mijn/opgaven/{world.declaration.id}/{action}", data={**data, "based_on": "3"})
    assert response.status_code == 302


def test_submitting_an_agreement_submits_the_version_shown(world, client, login):
    draft = make_agreement(world.owner.politician, [world.declaration], submit=False, title="Eerste tekst")
    login(world.owner)
    seen = hidden(_html(client.get(f"/mijn/afspraken/{draft.id}")), "based_on")
    agreement_services.revise_agreement(draft, title="Tweede tekst", text="Zwakker.", actor=world.owner,
                                        declarations=[world.declaration])
    db.session.commit()

    response = client.post(f"/mijn/afspraken/{draft.id}/aanbieden", data={"based_on": seen})

    assert response.status_code == 409
    assert "Er is niets vastgelegd" in _html(response) and "Tweede tekst" in _html(response)
    db.session.expire_all()
    assert db.session.get(Agreement, draft.id).status == AgreementStatus.draft
    assert client.post(f"/mijn/afspraken/{draft.id}/aanbieden", data={"based_on": "2"}).status_code == 302


def test_ending_an_agreement_applies_to_the_version_shown(world, client, login):
    login(world.owner)
    seen = hidden(_html(client.get(f"/mijn/afspraken/{world.agreement.id}/beeindigen")), "based_on")
    review_services.request_changes(world.agreement, reviewer=world.reviewer, comment="Scherper graag")
    agreement_services.revise_agreement(world.agreement, title="Nieuwe titel", text="Nieuwe tekst.",
                                        actor=world.owner, declarations=[world.declaration])
    db.session.commit()
    response = client.post(f"/mijn/afspraken/{world.agreement.id}/beeindigen",
                           data={"reason": "Belang beëindigd", "based_on": seen})
    assert response.status_code == 409
    assert "Er is niets vastgelegd" in _html(response) and "Nieuwe titel" in _html(response)
    db.session.expire_all()
    assert db.session.get(Agreement, world.agreement.id).status != AgreementStatus.ended


# --- the griffie's edit pages: objects without version numbers carry the values they showed ---------------------

def _form_fields(html: str) -> dict:
    """Every named input of the page's main form with its value, as a browser would post it (text inputs and
    hidden fields; selects and checkboxes are set by the test)."""
    fields = {}
    for tag in re.findall(r"<input [^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if name and 'type="checkbox"' not in tag and 'type="submit"' not in tag:
            value = re.search(r'value="([^"]*)"', tag)
            fields[name.group(1)] = (value.group(1) if value else "").replace("&#34;", '"').replace("&quot;", '"')
    fields.pop("csrf_token", None)
    return fields


@pytest.fixture
def griffie(world, login):
    user = make_user(griffie_of=[world.body], name="Griet Griffie")
    return SimpleNamespace(user=user, client=login(user), colleague=make_user(griffie_of=[world.body]))


def test_politician_edit_after_a_colleague_changed_the_politician_saves_nothing(world, griffie):
    from register.admin import services as admin_services
    politician = world.owner.politician
    url = f"/beheer/{world.body.slug}/ambtsdragers/{politician.id}/bewerken"
    fields = _form_fields(_html(griffie.client.get(url)))
    other = make_group(world.body, "Fractie Blauw")
    admin_services.update_politician(politician, actor=griffie.colleague, name=politician.name, sort_name=None,
                                     office=politician.office, group=other, term_start=politician.term_start,
                                     term_end=None)
    db.session.commit()

    data = {**fields, "name": "Anna de Vries-Jansen", "office": "raadslid", "group": str(world.group.id)}
    response = griffie.client.post(url, data=data)

    assert response.status_code == 409
    html = _html(response)
    assert "gewijzigd sinds u deze pagina opende" in html and "Fractie: Fractie Groen → Fractie Blauw" in html
    assert 'value="Anna de Vries-Jansen"' in html  # the griffie's own input is kept
    db.session.expire_all()
    assert (politician.name, politician.group_id) == ("Anna de Vries", other.id)
    again = griffie.client.post(url, data={**data, "shown": hidden(html, "shown").replace("&#34;", '"')})
    assert again.status_code == 302


def test_account_edit_after_a_colleague_changed_the_account_saves_nothing(world, griffie):
    from register.admin import services as admin_services
    user = world.reviewer
    url = f"/beheer/{world.body.slug}/accounts/{user.id}/bewerken"
    fields = _form_fields(_html(griffie.client.get(url)))
    admin_services.update_profile(user, world.body, name=user.name, email="nieuw@example.nl", actor=griffie.colleague)
    db.session.commit()
    response = griffie.client.post(url, data={**fields, "name": "Carla C. Controle",
                                              "reviewer_groups": [str(world.group.id)]})
    assert response.status_code == 409
    assert "E-mailadres:" in _html(response) and "nieuw@example.nl" in _html(response)
    db.session.expire_all()
    assert user.name == "Carla Controle"


@pytest.mark.parametrize("page", ["settings", "group"])
def test_settings_and_fractie_edits_after_a_colleague_changed_them_save_nothing(world, griffie, page):
    from register.admin import services as admin_services
    url = (f"/beheer/{world.body.slug}/instellingen" if page == "settings"
           else f"/beheer/{world.body.slug}/fracties/{world.group.id}/bewerken")
    fields = _form_fields(_html(griffie.client.get(url)))
    if page == "settings":
        admin_services.update_body_settings(world.body, name="Gemeente Nieuwstad", declaration_deadline_days=14,
                                            required_sign_offs=1, actor=griffie.colleague)
    else:
        admin_services.update_group(world.group, name="Fractie Nieuw", actor=griffie.colleague)
    db.session.commit()
    response = griffie.client.post(url, data={**fields, "name": "Mijn naam"})
    assert response.status_code == 409 and "Er is niets opgeslagen" in _html(response)
    db.session.expire_all()
    assert (world.body.name if page == "settings" else world.group.name) != "Mijn naam"


def test_a_public_note_saved_from_a_stale_tab_does_not_replace_the_newer_note(world, client, login):
    from register.models import ContextNote
    from register.recusals import services as recusal_services
    login(world.owner)
    url = f"/mijn/toelichtingen/opgave/{world.declaration.id}"
    seen = hidden(_html(client.get(url)), "based_on")
    recusal_services.add_context_note(actor=world.owner, text="Uit het andere venster.", declaration=world.declaration)
    db.session.commit()
    response = client.post(url, data={"text": "Uit dit venster.", "based_on": seen})
    assert response.status_code == 409
    html = _html(response)
    assert "Er is niets vastgelegd" in html and "Uit het andere venster." in html and "Uit dit venster." in html
    assert _count(ContextNote) == 1
    assert client.post(url, data={"text": "Uit dit venster.", "based_on": hidden(html, "based_on")}).status_code == 302
