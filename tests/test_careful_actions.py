"""Careful destructive actions (a confirmation naming the consequence, a reason in the audit trail), politicians
created by mistake (never public, never counted), the lone reviewer, and the admin tables' search (issue 12)."""
from __future__ import annotations


import pytest
from sqlalchemy import select

from register.admin.services import today_local
from register.extensions import db
from register.models import Agreement, AgreementStatus, AuditEvent, Politician, SignOff
from tests.factories import make_agreement, make_body, make_declaration, make_group, make_politician, \
    make_user
from tests.helpers import client_as, page_text


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def world(app):
    body = make_body("Gemeente Zorgvuldig", slug="zorg")
    group = make_group(body, "Lokaal Zorg")
    griffie = make_user(griffie_of=[body], email="griffie@zorg.nl", name="Greet Griffier")
    return body, group, griffie


# --- created by mistake 

def test_a_politician_created_by_mistake_disappears_from_every_public_output(app, client, world):
    body, group, griffie = world
    mistake = make_politician(group, name="Dubbel Aangemaakt")
    make_declaration(mistake, organisation="Stichting Vergissing")
    keep = make_politician(group, name="Blijft Staan")
    page = page_text(client_as(app, griffie).get(f"/beheer/zorg/ambtsdragers/{mistake.id}/vergissing"))
    assert "verdwijnt direct van alle openbare pagina's" in page
    assert "Dubbel Aangemaakt" in page_text(client.get("/register/zorg/"))
    response = client_as(app, griffie).post(f"/beheer/zorg/ambtsdragers/{mistake.id}/vergissing",
                                          data={"reason": "Twee keer ingevoerd"})
    assert response.status_code == 302
    public = [("/register/zorg/", 200), (f"/register/zorg/{mistake.slug}/", 404),
              (f"/register/zorg/{mistake.slug}/history", 404), ("/search?q=Vergissing", 200),
              ("/export/zorg.csv", 200), ("/export/zorg.json", 200), ("/export/zorg.popolo.json", 200),
              ("/api/v1/bodies/zorg/politicians", 200), (f"/api/v1/politicians/zorg/{mistake.slug}", 404),
              ("/register/zorg/feed.atom", 200), ("/register/zorg/statistieken", 200), ("/", 200)]
    for url, status in public:
        response = client.get(url)
        assert response.status_code == status, url
        assert "Dubbel Aangemaakt" not in page_text(response) and "Stichting Vergissing" not in page_text(response), url
    assert "Blijft Staan" in page_text(client.get("/register/zorg/"))
    assert db.session.get(Politician, keep.id).active
    admin = page_text(client_as(app, griffie).get("/beheer/zorg/ambtsdragers"))
    assert "Aangemaakt in vergissing (1)" in admin and "Twee keer ingevoerd" in admin
    [event] = _events("politician.marked_created_in_error")
    assert event.data["reason"] == "Twee keer ingevoerd" and event.actor_id == griffie.id
    assert "Ambtsdrager gemarkeerd als aangemaakt in vergissing" in page_text(client_as(app, griffie).get(
        "/beheer/zorg/logboek"))
    # It cannot quietly come back.
    back = client_as(app, griffie).post(f"/beheer/zorg/ambtsdragers/{mistake.id}/activeren", follow_redirects=True)
    assert "aangemaakt in vergissing en kan niet weer actief worden" in page_text(back)


def test_a_mistake_needs_a_reason_and_another_bodys_griffie_is_refused(app, world):
    body, group, griffie = world
    politician = make_politician(group)
    response = client_as(app, griffie).post(f"/beheer/zorg/ambtsdragers/{politician.id}/vergissing",
                                          data={"reason": " "})
    assert response.status_code == 200 and "Geef een reden" in page_text(response)
    other = make_user(griffie_of=[make_body(slug="anders")])
    for url in (f"/beheer/anders/ambtsdragers/{politician.id}/vergissing",
                f"/beheer/zorg/ambtsdragers/{politician.id}/vergissing"):
        assert client_as(app, other).post(url, data={"reason": "kwaadaardig"}).status_code == 403
    assert db.session.get(Politician, politician.id).created_in_error_at is None


# --- ending a term 

def test_ending_a_term_names_how_long_the_former_member_stays_public(app, world):
    body, group, griffie = world
    politician = make_politician(group, name="Vertrekkend Lid")
    client = client_as(app, griffie)
    page = page_text(client.get(f"/beheer/zorg/ambtsdragers/{politician.id}/deactiveren"))
    assert "Vertrekkend Lid wordt tot en met" in page and "als oud-lid getoond" in page
    future = client.post(f"/beheer/zorg/ambtsdragers/{politician.id}/deactiveren", data={
        "term_end": "2999-01-01", "reason": "Later"})
    assert "in de toekomst" in page_text(future) and db.session.get(Politician, politician.id).active
    no_reason = client.post(f"/beheer/zorg/ambtsdragers/{politician.id}/deactiveren", data={
        "term_end": today_local().isoformat(), "reason": ""})
    assert "Geef een reden" in page_text(no_reason) and db.session.get(Politician, politician.id).active
    assert _events("politician.deactivated") == []


# --- the lone reviewer 

@pytest.fixture
def lone(world):
    """A fractie whose only reviewer is also a member."""
    body, group, griffie = world
    chair = make_user(politician=make_politician(group, name="Enige Beoordelaar"), reviewer_of=[group],
                      email="enige@zorg.nl", name="Enige Beoordelaar")
    return body, group, griffie, chair


def test_the_lone_reviewer_is_told_on_submit_and_on_the_agreement_page(app, lone):
    body, group, griffie, chair = lone
    agreement = make_agreement(chair.politician, submit=False)
    client = client_as(app, chair)
    response = client.post(f"/mijn/afspraken/{agreement.id}/aanbieden", data={"based_on": agreement.current_number},
                           follow_redirects=True)
    assert "geen andere beoordelaar die deze afspraak kan aftekenen" in page_text(response)
    assert "geen andere beoordelaar" in page_text(client.get(f"/mijn/afspraken/{agreement.id}"))


def test_the_griffie_sees_the_lone_fractie_and_appoints_a_second_reviewer(app, lone):
    body, group, griffie, chair = lone
    agreement = make_agreement(chair.politician)
    member = make_user(politician=make_politician(group, name="Tweede Lid"), email="tweede@zorg.nl",
                       name="Tweede Lid")
    client = client_as(app, griffie)
    overview = page_text(client.get("/beheer/zorg/"))
    assert "Fracties zonder (tweede) beoordelaar" in overview and "Lokaal Zorg" in overview
    assert agreement.current_version.title in overview
    from register.lone_reviewer import agreements_stuck_without_reviewer, fracties_without_second_reviewer
    assert [a.id for a in agreements_stuck_without_reviewer(body)] == [agreement.id]
    assert [f.group.id for f in fracties_without_second_reviewer(body)] == [group.id]
    response = client.post(f"/beheer/zorg/fracties/{group.id}/beoordelaar", data={"account": str(member.id)})
    assert response.status_code == 302
    assert agreements_stuck_without_reviewer(body) == []
    assert "Fracties zonder (tweede) beoordelaar" not in page_text(client.get("/beheer/zorg/"))
    # The new reviewer can now sign the agreement off.
    signed = client_as(app, member).post(f"/beoordelen/afspraken/{agreement.id}/aftekenen",
                                       data={"based_on": agreement.current_number})
    assert signed.status_code == 302
    assert db.session.get(Agreement, agreement.id).status == AgreementStatus.signed_off


def test_griffie_signs_off_only_when_the_body_allows_it_and_it_shows_publicly(app, client, lone):
    body, group, griffie, chair = lone
    agreement = make_agreement(chair.politician, title="Geen besluiten over de haven")
    griffie_client = client_as(app, griffie)
    url = f"/beheer/zorg/afspraken/{agreement.id}/aftekenen"
    assert griffie_client.get(url).status_code == 403  # the setting is off by default
    assert griffie_client.post("/beheer/zorg/instellingen", data={
        "name": body.name, "declaration_deadline_days": "7", "required_sign_offs": "1",
        "griffie_may_sign_off": "y"}).status_code == 302
    assert "Aftekenen als griffie" in page_text(griffie_client.get("/beheer/zorg/"))
    page = page_text(griffie_client.get(url))
    assert "direct openbaar" in page
    # A sign-off names the version the griffie read: one for another version is refused and changes nothing.
    stale = griffie_client.post(url, data={"comment": "", "based_on": agreement.current_number + 1})
    assert stale.status_code == 409 and "Er is niets vastgelegd" in page_text(stale)
    assert db.session.scalars(select(SignOff)).all() == []
    assert griffie_client.post(url, data={"comment": "", "based_on": agreement.current_number}).status_code == 302
    agreement = db.session.get(Agreement, agreement.id)
    assert agreement.status == AgreementStatus.signed_off
    [sign] = db.session.scalars(select(SignOff))
    assert sign.by_griffie and sign.reviewer_id == griffie.id
    assert _events("agreement.signed_off_by_griffie")[0].actor_id == griffie.id
    public = page_text(client.get(f"/register/zorg/{chair.politician.slug}/"))
    assert "Geen besluiten over de haven" in public
    assert "de griffie (geen tweede beoordelaar in de fractie)" in public and "Greet Griffier" not in public
    assert griffie_client.post(url).status_code == 403  # nothing left to sign off


def test_griffie_cannot_sign_off_when_the_fractie_has_another_reviewer(app, lone):
    body, group, griffie, chair = lone
    body.griffie_may_sign_off = True
    db.session.commit()
    make_user(reviewer_of=[group], email="ander@zorg.nl")
    agreement = make_agreement(chair.politician)
    assert client_as(app, griffie).post(f"/beheer/zorg/afspraken/{agreement.id}/aftekenen").status_code == 403
    assert db.session.get(Agreement, agreement.id).status == AgreementStatus.submitted


# --- the admin tables 

def test_accounts_and_politicians_can_be_searched_and_link_to_the_public_page(app, world):
    body, group, griffie = world
    anna = make_politician(group, name="Anna de Vries")
    make_user(politician=anna, email="anna@zorg.nl")
    make_user(politician=make_politician(group, name="Bert Bakker"), email="bert@zorg.nl")
    client = client_as(app, griffie)
    people = page_text(client.get("/beheer/zorg/ambtsdragers?q=vries"))
    assert "Anna de Vries" in people and "Bert Bakker" not in people
    assert f'href="/register/zorg/{anna.slug}/"' in people and f'href="/register/zorg/{anna.slug}/history"' in people
    accounts = page_text(client.get("/beheer/zorg/accounts?q=BERT@"))
    assert "bert@zorg.nl" in accounts and "anna@zorg.nl" not in accounts
    assert "Geen accounts gevonden" in page_text(client.get("/beheer/zorg/accounts?q=%25"))
    assert 'class="actions-cell"' in accounts
