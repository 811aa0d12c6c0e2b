"""No lost updates: a save from a stale form (another tab or person saved meanwhile) saves nothing and says so."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from register.agreements import services as agreement_services
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import Agreement, AgreementVersion, AuditEvent, Declaration, DeclarationVersion
from tests.factories import declaration_content, make_agreement, make_declaration, make_politician_user

CONFLICT_DECLARATION = "Deze opgave is intussen gewijzigd"
CONFLICT_AGREEMENT = "Deze afspraak is intussen gewijzigd"


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (
        Declaration, DeclarationVersion, Agreement, AgreementVersion, AuditEvent))


def _html(response) -> str:
    return response.get_data(as_text=True)


def _based_on(html: str) -> str:
    match = re.search(r'<input [^>]*name="based_on"[^>]*>', html)
    assert match, "the edit form carries the version it is based on"
    return re.search(r'value="(\d+)"', match.group(0)).group(1)


def declaration_form(**overrides) -> dict:
    data = {"organisation": "Stichting Sportpark Noord", "role": "Penningmeester", "paid": "onbetaald",
            "income_band": "", "hours_per_month": "6", "started_on": "2025-02-01", "ended_on": "",
            "organisation_public": "openbaar", "description_public": "openbaar", "income_public": "openbaar",
            "hours_public": "openbaar", "explanation_public": "openbaar", "action": "draft"}
    data.update(overrides)
    return data


@pytest.fixture
def owner(app):
    return make_politician_user(name="Anna de Vries")


def _save_meanwhile(declaration, **content):
    """What another tab does between our GET and our POST: a service call that commits a new version."""
    if declaration.status.value == "draft":
        declaration_services.update_draft(declaration, declaration_content(**content),
                                          actor=declaration.politician.user)
    else:
        declaration_services.correct_declaration(declaration, declaration_content(**content),
                                                 actor=declaration.politician.user, reason="Ander venster")
    db.session.commit()


# --- declarations --------------------------------------------------------------------------------------------

def test_edit_form_carries_the_version_it_is_based_on(owner, login):
    declaration = make_declaration(owner.politician, publish=False)
    html = _html(login(owner).get(f"/mijn/opgaven/{declaration.id}/bewerken"))
    assert _based_on(html) == str(declaration.current_number)


def test_stale_draft_edit_saves_nothing_and_shows_current_version_beside_own_input(owner, login, client):
    declaration = make_declaration(owner.politician, publish=False, role="Bestuurslid")
    login(owner)
    based_on = _based_on(_html(client.get(f"/mijn/opgaven/{declaration.id}/bewerken")))
    _save_meanwhile(declaration, role="Voorzitter uit het andere venster")
    before = _counts()

    response = client.post(f"/mijn/opgaven/{declaration.id}/bewerken",
                           data=declaration_form(role="Secretaris uit dit venster", based_on=based_on))

    assert response.status_code == 409
    html = _html(response)
    assert CONFLICT_DECLARATION in html and "Er is niets opgeslagen" in html
    assert "Huidige versie (versie 2)" in html
    assert "Voorzitter uit het andere venster" in html  # the current version, shown
    assert 'value="Secretaris uit dit venster"' in html  # the user's own input, kept in the form
    assert _based_on(html) == "2"  # the form is now based on the current version
    assert _counts() == before
    db.session.expire_all()
    assert db.session.get(Declaration, declaration.id).current_version.role == "Voorzitter uit het andere venster"


def test_resubmitting_with_the_new_version_number_saves(owner, login, client):
    declaration = make_declaration(owner.politician, publish=False)
    login(owner)
    based_on = _based_on(_html(client.get(f"/mijn/opgaven/{declaration.id}/bewerken")))
    _save_meanwhile(declaration, role="Voorzitter")
    conflict = client.post(f"/mijn/opgaven/{declaration.id}/bewerken",
                           data=declaration_form(role="Secretaris", based_on=based_on))
    response = client.post(f"/mijn/opgaven/{declaration.id}/bewerken",
                           data=declaration_form(role="Secretaris", based_on=_based_on(_html(conflict))))
    assert response.status_code == 302
    db.session.expire_all()
    current = db.session.get(Declaration, declaration.id).current_version
    assert (current.number, current.role) == (3, "Secretaris")


def test_stale_correction_of_a_published_declaration_saves_nothing(owner, login, client):
    declaration = make_declaration(owner.politician, role="Bestuurslid")
    login(owner)
    based_on = _based_on(_html(client.get(f"/mijn/opgaven/{declaration.id}/bewerken")))
    _save_meanwhile(declaration, role="Voorzitter")
    before = _counts()
    response = client.post(f"/mijn/opgaven/{declaration.id}/bewerken", data=declaration_form(
        role="Secretaris", based_on=based_on, reason="Functie gewijzigd", action="publish"))
    assert response.status_code == 409
    assert CONFLICT_DECLARATION in _html(response)
    assert _counts() == before
    response = client.post(f"/mijn/opgaven/{declaration.id}/bewerken", data=declaration_form(
        role="Secretaris", based_on=_based_on(_html(response)), reason="Functie gewijzigd", action="publish"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Declaration, declaration.id).published_version.role == "Secretaris"


def test_draft_published_in_another_tab_turns_the_stale_edit_into_a_correction(owner, login, client):
    declaration = make_declaration(owner.politician, publish=False)
    login(owner)
    based_on = _based_on(_html(client.get(f"/mijn/opgaven/{declaration.id}/bewerken")))
    declaration_services.publish_declaration(declaration, actor=owner)
    db.session.commit()
    before = _counts()
    response = client.post(f"/mijn/opgaven/{declaration.id}/bewerken",
                           data=declaration_form(role="Secretaris", based_on=based_on))
    assert response.status_code == 409
    html = _html(response)
    assert CONFLICT_DECLARATION in html and "Opgave corrigeren" in html and "Reden van de correctie" in html
    assert _counts() == before


def test_a_fresh_form_saves_as_before(owner, login, client):
    declaration = make_declaration(owner.politician, publish=False)
    login(owner)
    based_on = _based_on(_html(client.get(f"/mijn/opgaven/{declaration.id}/bewerken")))
    response = client.post(f"/mijn/opgaven/{declaration.id}/bewerken",
                           data=declaration_form(role="Secretaris", based_on=based_on))
    assert response.status_code == 302


def test_two_saves_racing_for_the_same_version_number_end_in_a_conflict_not_an_error(owner, login, client,
                                                                                      monkeypatch):
    """Both passed the version check; the unique (declaration, number) lets one win, the other is told so."""
    declaration = make_declaration(owner.politician, publish=False)
    login(owner)
    based_on = _based_on(_html(client.get(f"/mijn/opgaven/{declaration.id}/bewerken")))
    real_update = declaration_services.update_draft

    def other_tab_wins_the_race(target, content, *, actor):
        # The other save commits through its own connection after our check, before our write.
        with db.engine.begin() as connection:
            version = connection.execute(select(DeclarationVersion.__table__).where(
                DeclarationVersion.declaration_id == target.id)).mappings().first()
            connection.execute(DeclarationVersion.__table__.insert().values(
                {**{k: v for k, v in version.items() if k != "id"}, "number": target.current_number + 1,
                 "role": "Het andere venster"}))
            connection.execute(Declaration.__table__.update().where(Declaration.id == target.id)
                               .values(current_number=target.current_number + 1))
        return real_update(target, content, actor=actor)

    monkeypatch.setattr(declaration_services, "update_draft", other_tab_wins_the_race)
    before_events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    response = client.post(f"/mijn/opgaven/{declaration.id}/bewerken",
                           data=declaration_form(role="Secretaris", based_on=based_on))
    assert response.status_code == 409
    assert CONFLICT_DECLARATION in _html(response)
    db.session.expire_all()
    assert db.session.get(Declaration, declaration.id).current_version.role == "Het andere venster"
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before_events


# --- agreements ----------------------------------------------------------------------------------------------

def agreement_form(declaration, **overrides) -> dict:
    data = {"title": "Geen besluitvorming over VV Voorbeeldstad",
            "text": "Ik neem niet deel aan de besluitvorming over subsidies aan VV Voorbeeldstad.",
            "declarations": [str(declaration.id)], "save": "x"}
    data.update(overrides)
    return data


def _revise_meanwhile(agreement, declaration, title):
    agreement_services.revise_agreement(agreement, title=title, text="Tekst uit het andere venster.",
                                        declarations=[declaration], actor=agreement.politician.user)
    db.session.commit()


def test_stale_agreement_edit_saves_nothing_and_shows_current_version(owner, login, client):
    declaration = make_declaration(owner.politician)
    agreement = make_agreement(owner.politician, [declaration], submit=False)
    login(owner)
    html = _html(client.get(f"/mijn/afspraken/{agreement.id}/bewerken"))
    based_on = _based_on(html)
    assert based_on == "1"
    _revise_meanwhile(agreement, declaration, "Titel uit het andere venster")
    before = _counts()

    response = client.post(f"/mijn/afspraken/{agreement.id}/bewerken",
                           data=agreement_form(declaration, title="Titel uit dit venster", based_on=based_on))

    assert response.status_code == 409
    html = _html(response)
    assert CONFLICT_AGREEMENT in html and "Er is niets opgeslagen" in html
    assert "Huidige versie (versie 2)" in html and "Titel uit het andere venster" in html
    assert 'value="Titel uit dit venster"' in html
    assert _based_on(html) == "2"
    assert _counts() == before

    response = client.post(f"/mijn/afspraken/{agreement.id}/bewerken",
                           data=agreement_form(declaration, title="Titel uit dit venster", based_on="2"))
    assert response.status_code == 302
    db.session.expire_all()
    current = db.session.get(Agreement, agreement.id).current_version
    assert (current.number, current.title) == (3, "Titel uit dit venster")


def test_stale_edit_of_a_signed_off_agreement_saves_nothing(owner, login, client):
    from tests.factories import make_user, sign_off
    declaration = make_declaration(owner.politician)
    agreement = make_agreement(owner.politician, [declaration])
    sign_off(agreement, make_user(reviewer_of=[owner.politician.group]))
    login(owner)
    based_on = _based_on(_html(client.get(f"/mijn/afspraken/{agreement.id}/bewerken")))
    _revise_meanwhile(agreement, declaration, "Aangescherpt in het andere venster")
    before = _counts()
    response = client.post(f"/mijn/afspraken/{agreement.id}/bewerken",
                           data=agreement_form(declaration, title="Mijn versie", based_on=based_on))
    assert response.status_code == 409 and CONFLICT_AGREEMENT in _html(response)
    assert _counts() == before
