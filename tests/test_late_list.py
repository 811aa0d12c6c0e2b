"""Late declarations one click away: the body page counts them and links to a list, search filters on them,
the latest first, with the days late; lateness is the model's rule (Declaration.days_late)."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from register.declarations import services as declaration_services
from register.extensions import db
from register.models.base import amsterdam_today
from tests.factories import make_body, make_declaration, make_group, make_politician, make_user


@pytest.fixture
def town(app):
    body = make_body("Gemeente Laatstad", slug="laatstad", declaration_deadline_days=28)
    group = make_group(body, name="Lokaal Laatstad")
    today = amsterdam_today()
    anna = make_user(politician=make_politician(group, name="Anna Altijdop", term_start=date(2022, 3, 30)))
    bert = make_user(politician=make_politician(group, name="Bert Bijnalaat", term_start=today - timedelta(days=10)))
    declarations = {
        "on_time": make_declaration(anna.politician, organisation="Op Tijd", started_on=today - timedelta(days=28)),
        "late_10": make_declaration(anna.politician, organisation="Tien Dagen", started_on=today - timedelta(days=38)),
        "late_200": make_declaration(anna.politician, organisation="Tweehonderd",
                                     started_on=today - timedelta(days=228)),
        # Held before the term: counted from the term start, so not late however old the interest is.
        "before_term": make_declaration(bert.politician, organisation="Oud Belang", started_on=date(2001, 1, 1)),
    }
    return body, group, anna, bert, declarations


def rows(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+", " ", r).strip() for r in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html,
                                                                    re.S)]


def test_the_rule_is_the_models(town):
    *_, declarations = town
    assert {k: d.days_late() for k, d in declarations.items()} == {"on_time": 0, "late_10": 10, "late_200": 200,
                                                                   "before_term": 0}


def test_body_page_counts_late_declarations_and_links_to_the_list(client, town):
    body, *_ = town
    html = client.get(f"/register/{body.slug}/").get_data(as_text=True)
    assert f'href="/search?body={body.slug}&amp;late=1">2 opgaven: bekijk de lijst</a>' in html


def test_late_list_shows_only_late_declarations_latest_first_with_days(client, town):
    body, *_ = town
    html = client.get(f"/search?body={body.slug}&late=1").get_data(as_text=True)
    found = rows(html)
    assert len(found) == 2
    assert found[0].startswith("Anna Altijdop") and "Tweehonderd" in found[0] and found[0].endswith("200 dagen")
    assert found[1].startswith("Anna Altijdop") and "Tien Dagen" in found[1] and found[1].endswith("10 dagen")
    assert "2 opgaven gevonden" in html and 'name="late" value="1" checked' in html


def test_late_filter_combines_with_the_words_and_other_filters(client, town):
    body, group, *_ = town
    assert len(rows(client.get("/search?q=tweehonderd&late=1").get_data(as_text=True))) == 1
    assert rows(client.get("/search?q=Op+Tijd&late=1").get_data(as_text=True)) == []
    assert len(rows(client.get(f"/search?fractie={group.slug}&late=1&state=current").get_data(as_text=True))) == 2
    assert len(rows(client.get("/search?late=1&kind=gift").get_data(as_text=True))) == 0


def test_a_correction_of_the_start_date_does_not_hide_lateness_from_the_list(client, town):
    """Lateness is fixed at first declaration (models/lateness.py): moving the start date to today afterwards
    leaves the declaration 200 days late, in the model and in the list alike."""
    body, _group, anna, _bert, declarations = town
    late = declarations["late_200"]
    declaration_services.correct_declaration(late, {"started_on": amsterdam_today()}, actor=anna, reason="Datum")
    db.session.commit()
    assert late.days_late() == 200
    found = rows(client.get(f"/search?body={body.slug}&late=1").get_data(as_text=True))
    assert len(found) == 2 and "Tweehonderd" in found[0] and found[0].endswith("200 dagen")


@pytest.mark.parametrize("value", ["ja", "0", "<b>", "1" * 500])
def test_an_odd_late_value_is_ignored_with_a_message(client, town, value):
    response = client.get("/search", query_string={"late": value, "q": "belang"})
    assert response.status_code == 200
    assert "voor te laat opgegeven: dit filter is genegeerd" in response.get_data(as_text=True)
    assert "<b>" not in response.get_data(as_text=True).split("<main", 1)[1]


def test_former_and_unpublished_declarations_stay_out(client, town):
    body, group, *_ = town
    gone = make_politician(group, name="Oud Lid", active=False, term_end=date(2015, 1, 1))
    make_declaration(gone, organisation="Heel Laat Weg", started_on=date(2014, 1, 1))
    owner = make_user(politician=make_politician(group, name="Concept Persoon"))
    make_declaration(owner.politician, publish=False, organisation="Concept Laat",
                     started_on=amsterdam_today() - timedelta(days=400))
    html = client.get(f"/search?body={body.slug}&late=1").get_data(as_text=True)
    assert "Heel Laat Weg" not in html and "Concept Laat" not in html
