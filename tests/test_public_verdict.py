"""The verdict is public (issue 11 item 7): each public review says its outcome in words beside who and when, on the
politician's page, in the history and in the API, in Dutch and in English; a private comment stays private."""
from __future__ import annotations

import re

import pytest

from register.extensions import db
from register.models import ReviewOutcome
from register.review import services as review_services
from tests.factories import make_body, make_declaration, make_group, make_politician, make_user


@pytest.fixture
def reviewed(app):
    body = make_body("Gemeente Oordeelstad", slug="oordeelstad")
    group = make_group(body, name="Fractie Oordeel")
    politician = make_politician(group, name="Olga Oordeel")
    reviewer = make_user(reviewer_of=[group], name="Rik Recensent")
    second = make_user(reviewer_of=[group], name="Sara Second")
    calm = make_declaration(politician, organisation="Rustige Stichting", role="Lid")
    risky = make_declaration(politician, organisation="Bouwbedrijf Risico", role="Eigenaar")
    review_services.review_declaration(calm, reviewer=reviewer, outcome=ReviewOutcome.no_risk)
    first = review_services.review_declaration(risky, reviewer=reviewer, outcome=ReviewOutcome.agreement_needed,
                                               comment="Geheime overweging", comment_public=False)
    review_services.review_declaration(risky, reviewer=reviewer, outcome=ReviewOutcome.incompatible,
                                       comment="Openbare toelichting", comment_public=True, replaces=first.id)
    review_services.review_declaration(risky, reviewer=second, outcome=ReviewOutcome.agreement_needed)
    db.session.commit()
    return body, politician, calm, risky


def article(html: str, declaration_id: int) -> str:
    found = re.search(rf'<article[^>]*id="opgave-{declaration_id}".*?</article>', html, re.S)
    assert found, declaration_id
    return re.sub(r"<[^>]+>|\s+", " ", found.group(0))


def test_the_politicians_page_says_each_verdict_beside_who_and_when(client, reviewed):
    body, politician, calm, risky = reviewed
    html = client.get(f"/register/{body.slug}/{politician.slug}/").get_data(as_text=True)
    calm_card, risky_card = article(html, calm.id), article(html, risky.id)
    assert re.search(r"Geen risico , beoordeeld op \d+ \w+ \d{4} door Rik Recensent", calm_card)
    assert re.search(r"Onverenigbaar met het ambt , beoordeeld op .* door Rik Recensent", risky_card)
    assert "vervangt een eerdere beoordeling van" in risky_card and ": Afspraak nodig" in risky_card
    assert re.search(r"Afspraak nodig , beoordeeld op .* door Sara Second", risky_card)
    assert "Openbare toelichting" in risky_card and "Geheime overweging" not in html


def test_the_history_has_every_verdict_with_who_and_a_replaced_one_marked(client, reviewed):
    body, politician, _calm, risky = reviewed
    html = client.get(f"/register/{body.slug}/{politician.slug}/history").get_data(as_text=True)
    text = re.sub(r"<[^>]+>|\s+", " ", html)
    assert text.count("Beoordeeld door de fractie: Onverenigbaar met het ambt") == 1
    assert text.count("Beoordeeld door de fractie: Afspraak nodig") == 2  # the replaced one and Sara's
    assert text.count("Beoordeeld door de fractie: Geen risico") == 1
    assert "Deze beoordeling is later herzien" in text
    assert "Openbare toelichting" in text and "Geheime overweging" not in text
    assert f'href="/register/{body.slug}/{politician.slug}/#opgave-{risky.id}"' in html


def test_the_api_gives_the_outcome_as_a_code_and_in_words(client, reviewed):
    body, politician, _calm, risky = reviewed
    record = client.get(f"/api/v1/politicians/{body.slug}/{politician.slug}").get_json()
    reviews = next(d["reviews"] for d in record["declarations"] if d["id"] == risky.id)
    assert sorted((r["reviewer"], r["outcome"], r["outcome_label"]) for r in reviews) == [
        ("Rik Recensent", "incompatible", "Onverenigbaar met het ambt"),
        ("Sara Second", "agreement_needed", "Afspraak nodig")]


def test_the_verdict_reads_in_english_too(client, reviewed):
    body, politician, calm, risky = reviewed
    html = client.get(f"/register/{body.slug}/{politician.slug}/?lang=en").get_data(as_text=True)
    assert re.search(r"No risk , reviewed on .* by Rik Recensent", article(html, calm.id))
    assert "Incompatible" in article(html, risky.id)
    history = client.get(f"/register/{body.slug}/{politician.slug}/history?lang=en").get_data(as_text=True)
    assert "Reviewed by the party group: No risk" in re.sub(r"<[^>]+>|\s+", " ", history)
