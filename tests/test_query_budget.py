"""Every public page, export and API call costs a fixed number of SQL statements, however many politicians,
declarations and versions the register holds. The response cache is off here, so each request really renders."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from register.declarations import services as declaration_services
from register.extensions import db
from tests.factories import make_agreement, make_declaration, make_group, make_politician, make_user, sign_off

PAGES = ["/", "body", "body_stats", "person", "history", "/search?q=Stichting", "/export/body.csv",
         "/export/body.json", "/export/all.csv", "/export/all.json", "/feed.atom", "body_feed",
         "/api/v1/bodies", "api_body", "api_politicians", "api_person", "/api/v1/declarations",
         "/api/v1/declarations?per_page=100&page=1", "/api/v1/agreements"]


def _fill(group, reviewer, people: int, declarations: int) -> list:
    """`people` politicians with `declarations` published declarations each, one corrected, one signed agreement."""
    made = []
    for n in range(people):
        user = make_user(politician=make_politician(group))
        politician = user.politician
        items = [make_declaration(politician, organisation=f"Stichting Belang {n}-{k}", started_on=date(2025, 1, 1))
                 for k in range(declarations)]
        declaration_services.correct_declaration(items[0], {"role": "Voorzitter"}, actor=user, reason="Rol")
        db.session.commit()
        sign_off(make_agreement(politician, items[:1]), reviewer)
        made.append(politician)
    return made


def _urls(pages, body, politician) -> list[str]:
    named = {"body": f"/register/{body.slug}/", "body_stats": f"/register/{body.slug}/statistieken",
             "person": f"/register/{body.slug}/{politician.slug}/",
             "history": f"/register/{body.slug}/{politician.slug}/history",
             "body_feed": f"/register/{body.slug}/feed.atom", "api_body": f"/api/v1/bodies/{body.slug}",
             "api_politicians": f"/api/v1/bodies/{body.slug}/politicians",
             "api_person": f"/api/v1/politicians/{body.slug}/{politician.slug}"}
    return [named.get(p, p).replace("/export/body.", f"/export/{body.slug}.") for p in pages]


def _statements(client, url: str) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        response = client.get(url)
        assert response.status_code == 200, url
        response.get_data()  # streamed exports run their queries while the body is read
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return count


def test_public_pages_cost_the_same_number_of_queries_for_small_and_larger_data(app, client):
    app.extensions.pop("response_cache", None)
    app.extensions["data_version"].interval = 0  # the version is read for every request, not once a second
    group = make_group()
    reviewer = make_user(reviewer_of=[group])
    first = _fill(group, reviewer, people=1, declarations=1)[0]
    urls = _urls(PAGES, group.body, first)
    small = {url: _statements(client, url) for url in urls}

    other_group = make_group(group.body)
    _fill(group, reviewer, people=4, declarations=3)
    _fill(other_group, make_user(reviewer_of=[other_group]), people=2, declarations=2)
    for k in range(5):
        make_declaration(first, organisation=f"Stichting Extra {k}")
    larger = {url: _statements(client, url) for url in urls}

    grew = {url: (small[url], larger[url]) for url in urls if larger[url] != small[url]}
    assert not grew, f"query count grew with the data: {grew}"


@pytest.mark.parametrize("url", ["/api/v1/declarations?per_page=100000", "/api/v1/declarations?page=99999999",
                                 "/search?q=Stichting&page=99999999"])
def test_bad_paging_stays_bounded(app, client, url):
    app.extensions.pop("response_cache", None)
    group = make_group()
    _fill(group, make_user(reviewer_of=[group]), people=2, declarations=2)
    response = client.get(url)
    assert response.status_code in (200, 404)
    if url.startswith("/api") and response.status_code == 200:
        assert len(response.json["items"]) <= 100
