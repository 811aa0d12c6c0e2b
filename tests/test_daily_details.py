"""The smaller things of issue 12: no "Methode niet toegestaan" after a refused form, taking back an agreement under
review, the fractie's requested change on the edit form, and "Ambt" not marked optional."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from register.extensions import db
from register.models import AgreementStatus, AuditEvent
from register.review import services as review_services
from tests.factories import PASSWORD, make_body, make_group, make_user
from tests.test_access_inventory import build_world, rule_url, url_values

# POST-only addresses that never render a page: they always answer with a redirect, so a browser never stays on
# them. Every other address a form posts to must also answer GET.
REDIRECT_ONLY = {"auth.logout", "agreements.submit", "admin.group_activate", "admin.group_deactivate",
                 "admin.politician_activate", "admin.politician_deactivate", "admin.account_activate",
                 "admin.account_deactivate"}
ROLE_USER = {"politician": "owner", "reviewer": "reviewer_same", "griffie": "griffie_same", "login": "owner"}


def client_as(app, user):
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def _post_only_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods and "GET" not in rule.methods]


def test_every_post_only_address_is_a_pure_redirecting_action(app):
    assert {rule.endpoint for rule in _post_only_rules(app)} == REDIRECT_ONLY


@pytest.mark.parametrize("endpoint", sorted(REDIRECT_ONLY - {"auth.logout"}))
def test_redirecting_actions_never_render_a_page_on_their_address(app, endpoint):
    from register.access import ACCESS
    world = build_world()
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    role = ACCESS[endpoint] if isinstance(ACCESS[endpoint], str) else ACCESS[endpoint][0]
    values = url_values(world)
    if endpoint == "agreements.submit":  # only a draft can be submitted
        values["agreement_id"] = world.draft_agreement.id
    response = client_as(app, getattr(world, ROLE_USER[role])).post(rule_url(rule, values), data={})
    assert response.status_code in (302, 303), endpoint


@pytest.mark.parametrize("path,data,page", [
    ("/beoordelen/afspraken/{agreement}/wijziging-vragen", {"comment": ""}, "/beoordelen/afspraken/{agreement}"),
    ("/beoordelen/afspraken/{agreement}/aftekenen", {"comment": "x" * 2001}, "/beoordelen/afspraken/{agreement}"),
])
def test_refused_review_decision_then_refresh_or_language_switch_shows_the_page(app, path, data, page):
    world = build_world()
    reviewer = client_as(app, world.reviewer_same)
    url = path.format(agreement=world.agreement.id)
    refused = reviewer.post(url, data=data)
    assert refused.status_code == 200 and "Controleer de volgende invoer" in refused.get_data(as_text=True)
    switched = reviewer.get(url + "?lang=en")
    assert switched.status_code == 302
    assert switched.headers["Location"].endswith(page.format(agreement=world.agreement.id) + "?lang=en")
    assert reviewer.get(switched.headers["Location"]).status_code == 200
    assert reviewer.get(url).status_code == 302  # a plain refresh as GET too


@pytest.mark.parametrize("action,data", [("niet-in-behandeling", {"reason": ""}), ("openen", {}),
                                         ("uitkomst", {"outcome": "unfounded", "reason": ""})])
def test_refused_signal_decision_then_get_shows_the_signal(app, action, data):
    world = build_world()
    griffie = client_as(app, world.griffie_same)
    url = f"/beheer/{world.body.slug}/meldingen/{world.signal.id}/{action}"
    assert griffie.post(url, data=data).status_code == 200
    response = griffie.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/beheer/{world.body.slug}/meldingen/{world.signal.id}")


def test_signal_decision_address_stays_closed_to_others(app):
    world = build_world()
    url = f"/beheer/{world.body.slug}/meldingen/{world.signal.id}/uitkomst"
    assert client_as(app, world.owner).get(url).status_code == 403
    assert client_as(app, world.griffie_other).get(url + "?lang=en").status_code == 302  # to a page that refuses
    assert client_as(app, world.griffie_other).get(f"/beheer/{world.body.slug}/meldingen/{world.signal.id}"
                                                   ).status_code == 403


# --- taking back an agreement under review -------------------------------------------------------------------

def test_owner_takes_back_a_submitted_agreement_changes_and_offers_it_again(app):
    world = build_world()
    owner = client_as(app, world.owner)
    page = owner.get(f"/mijn/afspraken/{world.agreement.id}").get_data(as_text=True)
    assert "Terughalen uit de aftekening" in page
    response = owner.post(f"/mijn/afspraken/{world.agreement.id}/terughalen")
    assert response.status_code == 302
    db.session.expire_all()
    assert world.agreement.status == AgreementStatus.draft
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "agreement.submission_withdrawn"))
    assert event.object_id == world.agreement.id and event.actor_id == world.owner.id
    assert "Niet stemmen over het sportpark" not in client_as(app, world.reviewer_same).get("/beoordelen/") \
        .get_data(as_text=True).partition("Opgaven om te beoordelen")[0]
    assert owner.post(f"/mijn/afspraken/{world.agreement.id}/aanbieden").status_code == 302
    db.session.expire_all()
    assert world.agreement.status == AgreementStatus.submitted


@pytest.mark.parametrize("who", ["colleague", "reviewer_same", "griffie_same"])
def test_only_the_owner_takes_back_an_agreement(app, who):
    world = build_world()
    response = client_as(app, getattr(world, who)).post(f"/mijn/afspraken/{world.agreement.id}/terughalen")
    assert response.status_code == 403
    db.session.expire_all()
    assert world.agreement.status == AgreementStatus.submitted


def test_a_draft_cannot_be_taken_back(app):
    world = build_world()
    response = client_as(app, world.owner).post(f"/mijn/afspraken/{world.draft_agreement.id}/terughalen")
    assert response.status_code == 403


def test_edit_form_after_a_requested_change_shows_the_fractie_comment(app):
    world = build_world()
    review_services.request_changes(world.agreement, reviewer=world.reviewer_same,
                                    comment="Noem ook de subsidieaanvraag van 2026.")
    db.session.commit()
    owner = client_as(app, world.owner)
    for url in (f"/mijn/afspraken/{world.agreement.id}/bewerken", f"/mijn/afspraken/{world.agreement.id}"):
        page = owner.get(url).get_data(as_text=True)
        assert "Uw fractie vraagt een wijziging" in page and "Noem ook de subsidieaanvraag van 2026." in page


# --- forms ---------------------------------------------------------------------------------------------------

def test_office_is_required_and_not_marked_optional(app):
    body = make_body("Gemeente Ambtstad", slug="ambtstad")
    make_group(body)
    griffie = client_as(app, make_user(griffie_of=[body]))
    page = griffie.get("/beheer/ambtstad/ambtsdragers/nieuw").get_data(as_text=True)
    office = page[page.index('<label for="office">'):page.index("</select>", page.index('<label for="office">'))]
    assert "optioneel" not in office and 'value=""' not in office
    group = page[page.index('<label for="group">'):page.index("</select>", page.index('<label for="group">'))]
    assert "optioneel" in group and "Geen fractie" in group  # a list with an empty choice may stay optional
    response = griffie.post("/beheer/ambtstad/ambtsdragers/nieuw", data={
        "name": "Kees Klaassen", "office": "wethouder", "group": "", "term_start": "30-03-2026"})
    assert response.status_code == 302
