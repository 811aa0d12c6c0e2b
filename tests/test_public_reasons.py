"""Free text that the register publishes is announced as public on the form where it is typed, with where it
appears; and it does appear there (so the form tells the truth)."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from register.extensions import db
from register.declarations import services as declaration_services
from tests.factories import make_agreement, make_declaration, make_group, make_politician_user, make_user, sign_off
from tests.test_stale_decisions import hidden

REASON = "Afgetreden na de fusie met Stichting Zuid"


def _html(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def world(app):
    group = make_group()
    owner = make_politician_user(group, name="Anna de Vries")
    declaration = make_declaration(owner.politician, organisation="Stichting Noord")
    return SimpleNamespace(owner=owner, politician=owner.politician, declaration=declaration,
                           reviewer=make_user(reviewer_of=[group]))


def test_the_end_form_says_its_explanation_is_public_and_where(world, client, login):
    html = _html(login(world.owner).get(f"/mijn/opgaven/{world.declaration.id}/beeindigen"))
    assert "Deze toelichting is openbaar" in html
    assert "in de geschiedenis op uw openbare pagina en in de Atom-feeds" in html


def test_the_explanation_appears_where_the_end_form_says(world, client, login):
    login(world.owner)
    form = _html(client.get(f"/mijn/opgaven/{world.declaration.id}/beeindigen"))
    response = client.post(f"/mijn/opgaven/{world.declaration.id}/beeindigen", data={
        "ended_on": "2026-01-31", "reason": REASON, "based_on": hidden(form, "based_on")})
    assert response.status_code == 302
    client.post("/logout")
    body, slug = world.politician.body.slug, world.politician.slug
    assert REASON in _html(client.get(f"/register/{body}/{slug}/history"))
    assert REASON in _html(client.get(f"/register/{body}/feed.atom"))


@pytest.mark.parametrize("page,text", [
    ("/mijn/opgaven/{declaration}/bewerken", "Deze reden is openbaar: zij staat op uw openbare pagina, in de "
                                             "geschiedenis, in de Atom-feeds en in de open data (API)."),
    ("/mijn/opgaven/{declaration}/intrekken", "Deze reden is openbaar: zij staat op uw openbare pagina, in de "
                                              "geschiedenis en in de Atom-feeds."),
    ("/mijn/afspraken/{agreement}/beeindigen", "Deze reden is openbaar: zij staat bij de afspraak op uw openbare "
                                               "pagina, in de geschiedenis en in de open data (API)."),
])
def test_other_forms_whose_reason_is_published_say_so(world, client, login, page, text):
    agreement = make_agreement(world.politician, [world.declaration])
    sign_off(agreement, world.reviewer)
    html = _html(login(world.owner).get(page.format(declaration=world.declaration.id, agreement=agreement.id)))
    assert text in html


def test_a_withdrawal_reason_appears_where_the_form_says(world, client):
    declaration_services.withdraw_declaration(world.declaration, reason=REASON, actor=world.owner)
    db.session.commit()
    body, slug = world.politician.body.slug, world.politician.slug
    for url in (f"/register/{body}/{slug}/", f"/register/{body}/{slug}/history", f"/register/{body}/feed.atom"):
        assert REASON in _html(client.get(url)), url
