"""Former members: public for the body's retention period after their term, then only in the griffie's archive."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from register.extensions import db
from register.models import Body, Declaration, Politician
from register.models.base import amsterdam_today
from register.public.queries import is_publicly_listed, publicly_listed_clause
from register.templating import format_date
from tests.factories import make_body, make_declaration, make_group, make_politician, make_user
from tests.test_public import commit, page, politician_url


@pytest.fixture
def group(app):
    return make_group(make_body("Gemeente Zichtstad", slug="zichtstad"), "Lokaal Zichtstad")


def former(group, name: str, months: int, days: int = 0, **kwargs) -> Politician:
    """A politician whose term ended `months` (and `days`) ago, with one declaration."""
    end = amsterdam_today() - relativedelta(months=months) - timedelta(days=days)
    politician = make_politician(group, name=name, active=False, term_end=end, **kwargs)
    make_declaration(politician, organisation=f"Stichting van {name}")
    return politician


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'<h2 id="{heading_id}">.*?(?=<h2|</main>)', html, re.S)
    return match.group(0) if match else ""


def test_recent_former_member_is_listed_under_oud_leden_with_dates(client, group):
    make_politician(group, name="Zittend Lid")
    bram = former(group, "Bram Vertrokken", months=2)
    html = page(client, "/register/zichtstad/")
    oud = section(html, "oud-leden")
    assert "Oud-leden</h2>" in oud and "Bram Vertrokken" in oud
    assert "Bram Vertrokken" not in section(html, f"fractie-{group.slug}")
    until = bram.term_end + relativedelta(months=12)
    row = re.search(r">Bram Vertrokken</a></th>(.*?)</tr>", oud, re.S).group(1)
    assert format_date(bram.term_end) in row and format_date(until) in row


def test_recent_former_members_page_and_history_stay_public(client, group):
    bram = former(group, "Bram Vertrokken", months=11)
    html = page(client, politician_url(bram))
    assert "Niet meer in functie sinds" in html and "Stichting van Bram Vertrokken" in html
    assert "Openbaar tot" in html
    assert client.get(politician_url(bram) + "history").status_code == 200


def test_former_member_leaves_the_public_pages_after_the_retention_period(client, group):
    gone = former(group, "Lang Geleden", months=13)
    assert "Lang Geleden" not in page(client, "/register/zichtstad/")
    for url in (politician_url(gone), politician_url(gone) + "history"):
        response = client.get(url)
        assert response.status_code == 410, url
        html = response.get_data(as_text=True)
        assert "Niet meer openbaar</h1>" in html and "12 maanden" in html
        assert "Stichting van Lang Geleden" not in html and "Lang Geleden" not in html


def test_a_term_end_in_the_past_makes_a_member_former_even_when_still_marked_active(client, group):
    stale = former(group, "Vergeten Uit Te Zetten", months=1)
    stale.active = True
    commit()
    html = page(client, "/register/zichtstad/")
    assert "Vergeten Uit Te Zetten" in section(html, "oud-leden")
    assert "Vergeten Uit Te Zetten" not in section(html, f"fractie-{group.slug}")


def test_the_body_sets_the_retention_period(client, group):
    group.body.retention_months = 24
    commit()
    kept = former(group, "Langer Bewaard", months=13)
    assert page(client, politician_url(kept))
    assert "Langer Bewaard" in section(page(client, "/register/zichtstad/"), "oud-leden")


def test_former_members_do_not_count_as_politicians_in_office_on_the_index(client, group):
    make_declaration(make_politician(group))
    former(group, "Oud Lid", months=1)
    html = page(client, "/")
    assert re.search(r"<dt>Ambtsdragers</dt><dd>1</dd>", html)
    assert re.search(r"<dt>Lopende openbare opgaven</dt><dd>1</dd>", html)


def test_inactive_without_an_end_date_is_not_public(client, group):
    unknown = make_politician(group, name="Zonder Einddatum", active=False)
    assert client.get(politician_url(unknown)).status_code == 410
    assert "Zonder Einddatum" not in page(client, "/register/zichtstad/")


# --- the SQL clause and its Python twin agree (the export/API/search reuse the clause) ----------------------

ENDS = [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 15), date(2024, 12, 31), date(2026, 6, 30)]
TODAYS = [date(2025, 2, 28), date(2025, 3, 1), date(2026, 1, 31), date(2026, 2, 1), date(2026, 3, 15),
          date(2026, 3, 16), date(2027, 6, 30), date(2027, 7, 1)]


def test_publicly_listed_clause_agrees_with_is_publicly_listed(app):
    bodies = [make_body(retention_months=months) for months in (1, 12, 13)]
    for body in bodies:
        group = make_group(body)
        for end in ENDS:
            make_politician(group, active=False, term_end=end)
        make_politician(group)  # in office
        make_politician(group, active=True, term_end=date(2026, 3, 15))  # term ends on a known day
        make_politician(group, active=False)  # no end date
    politicians = db.session.scalars(select(Politician)).all()
    for today in TODAYS:
        in_sql = set(db.session.scalars(select(Politician.id).where(publicly_listed_clause(today))))
        in_python = {p.id for p in politicians if is_publicly_listed(p, today)}
        assert in_sql == in_python, today


@pytest.mark.parametrize("end, months, today, listed", [
    (date(2025, 1, 31), 1, date(2025, 2, 28), True),   # 31 January + 1 month = 28 February
    (date(2025, 1, 31), 1, date(2025, 3, 1), False),
    (date(2025, 3, 15), 12, date(2026, 3, 15), True),  # up to and including the last day
    (date(2025, 3, 15), 12, date(2026, 3, 16), False),
])
def test_retention_boundaries(app, end, months, today, listed):
    politician = make_politician(make_group(make_body(retention_months=months)), active=False, term_end=end)
    assert is_publicly_listed(politician, today) is listed
    assert (db.session.scalar(select(Politician.id).where(publicly_listed_clause(today))) is not None) is listed


def test_clause_works_in_a_query_that_also_joins_the_body(app, group):
    former(group, "Oud Lid", months=1)
    former(group, "Heel Oud Lid", months=30)
    names = db.session.scalars(select(Politician.name).join(Declaration, Declaration.politician_id == Politician.id)
                               .join(Body, Body.id == Politician.body_id)
                               .where(Body.slug == "zichtstad", publicly_listed_clause())).all()
    assert names == ["Oud Lid"]


# --- the griffie's archive ----------------------------------------------------------------------------------

ARCHIVE = "/beheer/zichtstad/oud-leden"


def test_griffie_sees_every_former_member_and_can_open_their_declarations(client, login, group):
    former(group, "Recent Vertrokken", months=2)
    gone = former(group, "Lang Geleden", months=30)
    make_politician(group, name="Zittend Lid")
    login(make_user(griffie_of=[group.body]))
    html = page(client, ARCHIVE)
    assert "Oud-leden van Gemeente Zichtstad</h1>" in html
    assert "Recent Vertrokken" in html and "Lang Geleden" in html and "Zittend Lid" not in html
    assert "nee, niet meer sinds" in html and "ja, tot en met" in html
    declaration = db.session.scalar(select(Declaration).where(Declaration.politician_id == gone.id))
    assert f'href="/mijn/opgaven/{declaration.id}"' in html
    detail = client.get(f"/mijn/opgaven/{declaration.id}")
    assert detail.status_code == 200 and "Stichting van Lang Geleden" in detail.get_data(as_text=True)


def test_archive_is_for_the_griffie_of_this_body_only(client, login, group):
    former(group, "Lang Geleden", months=30)
    assert client.get(ARCHIVE).status_code == 302  # anonymous: to the login page
    other_griffie = make_user(griffie_of=[make_body()])
    reviewer = make_user(reviewer_of=[group])
    for user in (other_griffie, reviewer):
        login(user)
        assert client.get(ARCHIVE).status_code == 403
        client.post("/logout")
    login(make_user(griffie_of=[group.body]))
    assert client.get("/beheer/bestaat-niet/oud-leden").status_code == 404
