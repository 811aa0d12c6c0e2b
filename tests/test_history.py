"""The public history: every published change, newest first, as before/after; never drafts or shielded values."""
from __future__ import annotations

import re
from datetime import date, datetime, UTC

import pytest
from dateutil.relativedelta import relativedelta

from register.agreements import services as agreement_services
from register.declarations import services as declaration_services
from register.declarations.services import _add_version
from register.extensions import db
from register.models import DeclarationChange, DeclarationVersion, IncomeBand
from register.models.base import amsterdam_today
from register.review import services as review_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_politician_user, make_user,
    sign_off,
)
from tests.test_public import commit, count_queries, page, politician_url


@pytest.fixture
def anna():
    body = make_body("Gemeente Zichtstad", slug="zichtstad")
    return make_politician_user(make_group(body, "Lokaal Zichtstad"), name="Anna Jansen").politician


def history_url(politician) -> str:
    return politician_url(politician) + "history"


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=UTC)


def publish_at(declaration, number: int, moment: datetime) -> None:
    """Backdate when a version was published (the services stamp 'now')."""
    version = next(v for v in declaration.versions if v.number == number)
    version.published_at = moment
    db.session.commit()


def entries(html: str) -> list[str]:
    """The entry headings, in page order, with the tags stripped."""
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2>(.*?)</h2>", html, re.S)]


def changes_table(html: str) -> list[tuple[str, str, str]]:
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td></tr>", html, re.S)
    return [tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in row) for row in rows]


def test_history_lists_every_published_change_newest_first(client, anna):
    reviewer = make_user(reviewer_of=[anna.group], name="Karin Fractievoorzitter")
    vv = make_declaration(anna, organisation="VV Voorbeeldstad", role="Penningmeester", hours_per_month=6)
    publish_at(vv, 2, at(2023, 1, 10))
    commit(declaration_services.correct_declaration(vv, {"hours_per_month": 9}, actor=anna.user,
                                                    reason="Uren bijgesteld na het nieuwe seizoen."))
    publish_at(vv, 3, at(2023, 6, 1))
    zorg = make_declaration(anna, organisation="Zorggroep Noord", role="Lid raad van toezicht")
    publish_at(zorg, 2, at(2023, 2, 1))
    commit(declaration_services.end_declaration(zorg, ended_on=date(2025, 12, 31), actor=anna.user,
                                                reason="Termijn afgelopen."))
    publish_at(zorg, 3, at(2026, 1, 3))
    mistake = make_declaration(anna, organisation="Dubbel B.V.", role="Adviseur")
    publish_at(mistake, 2, at(2023, 3, 1))
    commit(declaration_services.withdraw_declaration(mistake, reason="Per vergissing dubbel ingevoerd.",
                                                     actor=anna.user))
    publish_at(mistake, 3, at(2023, 3, 2))
    agreement = make_agreement(anna, [vv], title="Geen subsidiebesluiten VV")
    sign_off(agreement, reviewer)
    agreement.signed_version.signed_off_at = at(2024, 5, 5)
    commit(agreement_services.end_agreement(agreement, reason="Functie neergelegd.", actor=anna.user))
    agreement.ended_at = at(2026, 2, 1)
    commit()

    html = page(client, history_url(anna))
    assert html.count("<h1") == 1 and "Geschiedenis van Anna Jansen</h1>" in html
    assert entries(html) == [
        "1 februari 2026 · Afspraak beëindigd",
        "3 januari 2026 · Beëindigd",
        "5 mei 2024 · Afspraak afgetekend",
        "1 juni 2023 · Correctie",
        "2 maart 2023 · Ingetrokken",
        "1 maart 2023 · Nieuwe opgave",
        "1 februari 2023 · Nieuwe opgave",
        "10 januari 2023 · Nieuwe opgave",
    ]
    assert ("Uren per maand", "6", "9") in changes_table(html)
    assert ("Beëindigd op", "—", "31 december 2025") in changes_table(html)
    for text in ("Uren bijgesteld na het nieuwe seizoen.", "Per vergissing dubbel ingevoerd.", "Termijn afgelopen.",
                 "Functie neergelegd.", "Karin Fractievoorzitter", "Nevenfunctie: Penningmeester — VV Voorbeeldstad"):
        assert text in html, text


def test_history_shows_a_revised_agreement_as_before_and_after_and_confirmations(client, anna):
    reviewer = make_user(reviewer_of=[anna.group])
    agreement = make_agreement(anna, title="Oude titel", text="Oude tekst van de afspraak.")
    sign_off(agreement, reviewer)
    agreement_services.revise_agreement(agreement, title="Nieuwe titel", text="Nieuwe tekst van de afspraak.",
                                        declarations=agreement.signed_version.declarations, actor=anna.user,
                                        reason="Aangescherpt")
    agreement_services.submit_agreement(agreement, actor=anna.user)
    commit()
    sign_off(agreement, reviewer)
    commit(declaration_services.confirm_register(anna, actor=anna.user))

    html = page(client, history_url(anna))
    assert "Gewijzigde afspraak afgetekend" in html
    assert ("Titel", "Oude titel", "Nieuwe titel") in changes_table(html)
    assert ("Tekst", "Oude tekst van de afspraak.", "Nieuwe tekst van de afspraak.") in changes_table(html)
    assert "Register als volledig bevestigd" in html


def test_drafts_and_unpublished_versions_never_appear(client, anna):
    reviewer = make_user(reviewer_of=[anna.group])
    make_declaration(anna, publish=False, organisation="CONCEPT-ORGANISATIE", role="CONCEPT-ROL")
    never_published = make_declaration(anna, publish=False, organisation="INGETROKKEN-CONCEPT", role="X")
    commit(declaration_services.withdraw_declaration(never_published, reason="CONCEPT-REDEN", actor=anna.user))
    public = make_declaration(anna, organisation="Openbare Stichting", role="Voorzitter", hours_per_month=4)
    _add_version(public, {"organisation": "NIEUWE-CONCEPTVERSIE", "hours_per_month": 99},
                 change=DeclarationChange.draft, actor=anna.user)
    commit()
    make_agreement(anna, [public], title="INGEDIENDE-AFSPRAAK", text="INGEDIEND")
    make_agreement(anna, [public], title="CONCEPT-AFSPRAAK", text="CONCEPT", submit=False)
    sent_back = make_agreement(anna, [public], title="TERUGGESTUURD", text="TERUGGESTUURD")
    commit(review_services.request_changes(sent_back, reviewer=reviewer, comment="OPMERKING"))

    html = page(client, history_url(anna))
    content = html.partition("</head>")[2]  # asset hashes in the head may contain any digits
    for hidden in ("CONCEPT", "NIEUWE-CONCEPTVERSIE", "INGEDIEND", "TERUGGESTUURD", "OPMERKING", "INGETROKKEN-CONCEPT"):
        assert hidden not in content, hidden
    # The draft's 99 hours, as a number of its own (slugs and anchors such as persoon-99 or opgave-99 are not it).
    assert not re.search(r"(?<![\w-])99(?![\w-])", content)
    assert entries(html) == [entries(html)[0]] and "Nieuwe opgave" in entries(html)[0]
    assert "Openbare Stichting" in html


def test_a_shielded_value_shows_as_shielded_on_both_sides(client, anna):
    declaration = make_declaration(anna, paid=True, income_band=IncomeBand.from_500, income_public=False)
    commit(declaration_services.correct_declaration(declaration, {"income_band": IncomeBand.above_10000},
                                                    actor=anna.user, reason="Inkomen aangepast."))
    html = page(client, history_url(anna))
    assert ("Inkomen", "afgeschermd", "afgeschermd") in changes_table(html)
    assert "€ 500" not in html and "10.000" not in html


def test_shielding_in_a_correction_also_hides_the_earlier_public_value(client, anna):
    declaration = make_declaration(anna, organisation="Familiebedrijf Jansen", role="Familierelatie",
                                   hours_per_month=3)
    commit(declaration_services.correct_declaration(
        declaration, {"organisation_public": False, "hours_per_month": 5, "hours_public": False}, actor=anna.user,
        reason="Per vergissing openbaar gemaakt."))
    commit(declaration_services.correct_declaration(declaration, {"hours_per_month": 6}, actor=anna.user,
                                                    reason="Uren"))
    html = page(client, history_url(anna))
    assert "Familiebedrijf Jansen" not in html
    table = changes_table(html)
    assert ("Uren per maand", "afgeschermd", "afgeschermd") in table
    assert ("Zichtbaarheid organisatie", "openbaar", "alleen fractie en griffie") in table
    assert not re.search(r"<td[^>]*>\s*[356]\s*</td>", html)
    assert "Nevenfunctie: Familierelatie" in html


def test_family_data_is_never_shown_in_the_history(client, anna):
    declaration = make_declaration(anna, organisation="Zwager B.V.", role="Familierelatie", concerns_family=True,
                                   description="Mijn zwager is directeur.")
    commit(declaration_services.correct_declaration(declaration, {"description": "Mijn zwager is eigenaar."},
                                                    actor=anna.user, reason="Preciezer"))
    html = page(client, history_url(anna))
    assert "Zwager" not in html and "zwager" not in html
    assert ("Toelichting op de functie", "afgeschermd", "afgeschermd") in changes_table(html)


def test_a_field_made_public_shows_its_new_value_but_not_the_old_one(client, anna):
    declaration = make_declaration(anna, hours_per_month=3, hours_public=False)
    commit(declaration_services.correct_declaration(declaration, {"hours_per_month": 12, "hours_public": True},
                                                    actor=anna.user, reason="Openbaar gemaakt"))
    assert ("Uren per maand", "afgeschermd", "12") in changes_table(page(client, history_url(anna)))


def test_history_of_unknown_body_or_politician_is_404(client, anna):
    other = make_politician(make_group(make_body(slug="elders")))
    assert client.get("/register/bestaat-niet/x/history").status_code == 404
    assert client.get("/register/zichtstad/bestaat-niet/history").status_code == 404
    assert client.get(f"/register/zichtstad/{other.slug}/history").status_code == 404


def test_history_of_a_former_member_past_retention_is_gone(client, anna):
    anna.active, anna.term_end = False, (amsterdam_today() - relativedelta(months=13))
    commit()
    response = client.get(history_url(anna))
    assert response.status_code == 410 and "Niet meer openbaar" in response.get_data(as_text=True)


def test_history_without_anything_published_says_so(client, anna):
    make_declaration(anna, publish=False)
    assert "Er is nog niets gepubliceerd." in page(client, history_url(anna))


def test_history_costs_the_same_number_of_queries_with_1_and_10_declarations(app, client, anna):
    reviewer = make_user(reviewer_of=[anna.group])

    def add(n):
        for _ in range(n):
            declaration = make_declaration(anna, hours_per_month=2)
            commit(declaration_services.correct_declaration(declaration, {"hours_per_month": 3}, actor=anna.user,
                                                            reason="Uren"))
            sign_off(make_agreement(anna, [declaration]), reviewer)
            commit(declaration_services.confirm_register(anna, actor=anna.user))

    add(1)
    few = count_queries(app, client, history_url(anna))
    add(9)
    assert count_queries(app, client, history_url(anna)) == few
    assert db.session.query(DeclarationVersion).count() >= 30  # the larger register really is larger


def test_each_entry_is_dated_in_amsterdam_time(client, anna):
    make_declaration(anna)
    assert f'<time datetime="{amsterdam_today().isoformat()}">' in page(client, history_url(anna))
