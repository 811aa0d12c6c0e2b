"""The public register: what a visitor without an account sees, and above all what they never see."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, UTC

import pytest
from sqlalchemy import event, select

from register.agreements import services as agreement_services
from register.declarations import services as declaration_services
from register.declarations.services import _add_version
from register.extensions import db
from register.models import (
    Body, Declaration, DeclarationChange, DeclarationKind, DeclarationVersion, IncomeBand, Office, Politician,
    ReviewOutcome, User,
)
from register.models.base import local_date
from register.public.periods import confirmation_overdue
from register.review import services as review_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_politician_user, make_user,
    sign_off,
)

SHIELDED = "afgeschermd (alleen zichtbaar voor fractie en griffie)"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def politician_url(politician: Politician) -> str:
    return f"/register/{politician.body.slug}/{politician.slug}/"


def dd_after(html: str, term: str) -> str:
    """The <dd> that follows <dt>term</dt>, for checking one fact."""
    match = re.search(rf"<dt>{re.escape(term)}</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert match, f"no <dt>{term}</dt>"
    return match.group(1).strip()


def commit(value=None):
    db.session.commit()
    return value


# --- the start page ---------------------------------------------------------------------------------------

def test_index_explains_the_register_and_has_a_labelled_search_box(client):
    html = page(client, "/")
    assert html.count("<h1") == 1
    assert "Drie gouden regels" in html and "Wees open over uw belangen" in html
    assert re.search(r'<form[^>]*method="get"[^>]*action="/search"', html)
    field = re.search(r'<input[^>]*name="q"[^>]*>', html).group(0)
    field_id = re.search(r'id="([^"]+)"', field).group(1)
    assert f'<label for="{field_id}">' in html


def test_index_lists_active_bodies_with_counts_of_politicians_and_current_declarations(client):
    body = make_body("Gemeente Zichtstad", slug="zichtstad")
    group = make_group(body)
    first, second = make_politician(group), make_politician(group)
    make_politician(group, active=False)
    make_declaration(first)
    make_declaration(second, kind=DeclarationKind.gift)
    make_declaration(second, publish=False)
    ended = make_declaration(second)
    commit(declaration_services.end_declaration(ended, ended_on=date(2025, 6, 1), actor=None))
    make_body("Gemeente Opgeheven", slug="opgeheven", active=False)

    html = page(client, "/")
    assert 'href="/register/zichtstad/"' in html and "Gemeenteraad" in html
    assert dd_after(html, "Ambtsdragers") == "2"
    assert dd_after(html, "Lopende openbare opgaven") == "2"
    assert "Gemeente Opgeheven" not in html


# --- a body -----------------------------------------------------------------------------------------------

def test_body_page_lists_active_fracties_with_politicians_and_their_counts(client):
    body = make_body("Gemeente Zichtstad", slug="zichtstad")
    lokaal, oud = make_group(body, "Lokaal Zichtstad"), make_group(body, "Opgeheven Partij")
    oud.active = False
    user = make_politician_user(lokaal, name="Anna Jansen", office=Office.wethouder)
    anna = user.politician
    make_politician(lokaal, name="Vertrokken Raadslid", active=False)
    mayor = make_politician(lokaal, name="Burgemeester Zonder Fractie", office=Office.burgemeester)
    mayor.group = None
    reviewer = make_user(reviewer_of=[lokaal])
    first = make_declaration(anna)
    make_declaration(anna, kind=DeclarationKind.financial)
    make_declaration(anna, publish=False)
    signed = make_agreement(anna, [first])
    sign_off(signed, reviewer)
    make_agreement(anna, [first])  # submitted, not signed off: not counted

    html = page(client, "/register/zichtstad/")
    assert html.count("<h1") == 1 and "Gemeente Zichtstad</h1>" in html
    assert "<h2" in html and "Lokaal Zichtstad</h2>" in html
    assert "Opgeheven Partij" not in html and "Vertrokken Raadslid" not in html
    row = re.search(r"<tr>\s*<th scope=\"row\"><a href=\"([^\"]+)\">Anna Jansen</a></th>(.*?)</tr>", html, re.S)
    assert row.group(1) == politician_url(anna)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(2), re.S)
    assert cells[:3] == ["Wethouder", "2", "1"]
    assert "0 van 2 op tijd (0%)" in cells[3] and "nog niet bevestigd" in cells[4]
    assert "Zonder fractie</h2>" in html and "Burgemeester Zonder Fractie" in html


def test_body_page_costs_the_same_number_of_queries_for_more_politicians(app, client):
    body = make_body(slug="zichtstad")
    group = make_group(body)
    make_declaration(make_politician(group))
    few = count_queries(app, client, "/register/zichtstad/")
    for _ in range(6):
        politician = make_politician(make_group(body))
        make_declaration(politician)
        make_agreement(politician)
    assert count_queries(app, client, "/register/zichtstad/") == few


# --- a politician -----------------------------------------------------------------------------------------

@pytest.fixture
def anna():
    body = make_body("Gemeente Zichtstad", slug="zichtstad")
    group = make_group(body, "Lokaal Zichtstad")
    return make_politician_user(group, name="Anna Jansen").politician


def test_politician_page_shows_current_declarations_grouped_by_kind(client, anna):
    make_declaration(anna, organisation="Stichting Woonbelang Voorbeeldstad", role="Penningmeester", paid=True,
                     income_band=IncomeBand.from_500, hours_per_month=6, started_on=date(2023, 4, 1))
    make_declaration(anna, kind=DeclarationKind.gift, organisation="Gemeente Lindenau",
                     role="Reis betaald door de partnerstad", estimated_value=640, started_on=date(2025, 9, 12))
    make_declaration(anna, kind=DeclarationKind.financial, organisation="Bouwbedrijf De Vries B.V.",
                     role="Aandeelhouder", ex_officio=False)

    html = page(client, politician_url(anna))
    assert html.count("<h1") == 1 and "Anna Jansen</h1>" in html
    assert dd_after(html, "Fractie") == "Lokaal Zichtstad" and dd_after(html, "Functie") == "Raadslid"
    headings = re.findall(r"<h3[^>]*>(.*?)</h3>", html)
    assert headings == ["Nevenfunctie (1)", "Financieel belang (1)", "Geschenk of uitnodiging (1)"]
    assert "Penningmeester — Stichting Woonbelang Voorbeeldstad" in html
    assert "€ 500 – € 1.000 per maand" in html and "1 april 2023" in html
    assert "€ 640" in html and "12 september 2025" in html
    assert dd_after(html, "Gemeld op").endswith("</time>")
    assert "Er zijn geen afgetekende afspraken." in html


def test_ended_and_withdrawn_declarations_are_not_listed_as_current(client, anna):
    ended = make_declaration(anna, organisation="Zorggroep Noord", role="Lid raad van toezicht")
    declaration_services.end_declaration(ended, ended_on=date(2025, 12, 31), actor=anna.user)
    withdrawn = make_declaration(anna, organisation="Dubbel Ingevoerd B.V.", role="Adviseur")
    commit(declaration_services.withdraw_declaration(withdrawn, reason="Per vergissing dubbel ingevoerd.",
                                                     actor=anna.user))

    html = page(client, politician_url(anna))
    current, _, rest = html.partition("<h2>Beëindigd</h2>")
    assert "Zorggroep Noord" not in current and "Dubbel Ingevoerd" not in current
    assert "Er zijn geen lopende opgaven gepubliceerd." in current
    ended_part, _, withdrawn_part = rest.partition("<h2>Ingetrokken</h2>")
    assert "Lid raad van toezicht — Zorggroep Noord" in ended_part and "31 december 2025" in ended_part
    assert "Dubbel Ingevoerd B.V." in withdrawn_part and "Per vergissing dubbel ingevoerd." in withdrawn_part


def test_corrected_declaration_shows_the_correction_and_its_reason(client, anna):
    declaration = make_declaration(anna, hours_per_month=6)
    commit(declaration_services.correct_declaration(declaration, {"hours_per_month": 9}, actor=anna.user,
                                                    reason="Uren bijgesteld na het nieuwe seizoen."))
    html = page(client, politician_url(anna))
    assert dd_after(html, "Uren per maand") == "9"
    assert "Uren bijgesteld na het nieuwe seizoen." in html


def test_fractie_only_fields_are_shielded_with_a_note(client, anna):
    make_declaration(anna, organisation="Stichting Afgeschermd", role="Bestuurslid", paid=True,
                     income_band=IncomeBand.from_5001, hours_per_month=17, description="Iets interns",
                     explanation="Interne toelichting", organisation_public=False, income_public=False,
                     hours_public=False, description_public=False, explanation_public=False)
    html = page(client, politician_url(anna))
    for term in ("Organisatie", "Inkomen", "Uren per maand", "Toelichting op de functie", "Toelichting"):
        assert SHIELDED in dd_after(html, term)
    assert "Bestuurslid" in html


def test_signed_off_agreement_shows_text_declarations_and_who_signed_off_when(client, anna):
    reviewer = make_user(reviewer_of=[anna.group], name="Karin Fractievoorzitter")
    declaration = make_declaration(anna, organisation="VV Voorbeeldstad", role="Penningmeester")
    agreement = make_agreement(anna, [declaration], title="Geen subsidiebesluiten VV",
                               text="Ik neem niet deel aan de besluitvorming over subsidies aan VV Voorbeeldstad.")
    sign_off(agreement, reviewer, comment="Openbare toelichting van de fractie.", comment_public=True)

    html = page(client, politician_url(anna))
    section = html.split("<h2>Afspraken</h2>")[1]
    assert "Geen subsidiebesluiten VV</h3>" in section
    assert "Ik neem niet deel aan de besluitvorming over subsidies aan VV Voorbeeldstad." in section
    assert f'href="#opgave-{declaration.id}"' in section and "Penningmeester — VV Voorbeeldstad" in section
    assert "Karin Fractievoorzitter, op" in dd_after(section, "Afgetekend door")
    assert "Openbare toelichting van de fractie." in section
    assert dd_after(section, "Afgetekend op")


def test_a_declaration_card_links_to_the_signed_off_agreements_that_cover_it(client, anna):
    reviewer = make_user(reviewer_of=[anna.group])
    covered = make_declaration(anna, organisation="VV Voorbeeldstad", role="Penningmeester")
    pending = make_declaration(anna, organisation="Schaakclub", role="Voorzitter")
    signed = make_agreement(anna, [covered], title="Geen subsidiebesluiten VV")
    sign_off(signed, reviewer)
    make_agreement(anna, [covered, pending], title="Nog niet afgetekend")
    html = page(client, politician_url(anna))

    def card(declaration) -> str:
        return re.search(rf'id="opgave-{declaration.id}">(.*?)</article>', html, re.S).group(1)
    links = dd_after(card(covered), "Afspraken")
    assert f'href="#afspraak-{signed.id}"' in links and "Geen subsidiebesluiten VV" in links
    assert f'id="afspraak-{signed.id}"' in html
    assert "<dt>Afspraken</dt>" not in card(pending) and "Nog niet afgetekend" not in html
    agreement_card = re.search(rf'id="afspraak-{signed.id}">(.*?)</article>', html, re.S).group(1)
    assert f'href="#opgave-{covered.id}"' in agreement_card


def test_ended_agreement_moves_to_the_ended_section(client, anna):
    reviewer = make_user(reviewer_of=[anna.group])
    agreement = make_agreement(anna, title="Afspraak over Zorggroep Noord")
    sign_off(agreement, reviewer)
    commit(agreement_services.end_agreement(agreement, reason="De functie is beëindigd.", actor=anna.user))
    html = page(client, politician_url(anna))
    current, _, ended = html.partition("<h2>Beëindigd</h2>")
    assert f'id="afspraak-{agreement.id}"' not in current  # the current declaration's card may link to it
    assert f'id="afspraak-{agreement.id}"' in ended
    assert "Afspraak over Zorggroep Noord" in ended and "De functie is beëindigd." in ended
    assert re.search(r"Afspraak over Zorggroep Noord</a>\s*\(beëindigd\)", current)


def test_politician_page_costs_the_same_number_of_queries_for_more_items(app, client, anna):
    reviewer = make_user(reviewer_of=[anna.group])

    def add_items(kinds):
        for kind in kinds:
            declaration = make_declaration(anna, kind=kind)
            commit(review_services.review_declaration(declaration, reviewer=reviewer,
                                                      outcome=ReviewOutcome.no_risk))
            sign_off(make_agreement(anna, [declaration]), reviewer)

    add_items([DeclarationKind.side_job])
    few = count_queries(app, client, politician_url(anna))
    add_items(DeclarationKind)
    assert count_queries(app, client, politician_url(anna)) == few


# --- timeliness: when was it declared, against the body's deadline ------------------------------------------

def declared(declaration, moment: datetime):
    """Backdate the moment the system recorded the declaration (the services stamp 'now')."""
    declaration.declared_at = moment
    db.session.commit()
    return declaration


def amsterdam_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)


@pytest.fixture
def lotte():
    """A raadslid whose term started on 30 March 2022, in a body with a 7-day deadline."""
    body = make_body("Gemeente Tijdstad", slug="tijdstad", declaration_deadline_days=7)
    group = make_group(body, "Partij Tijdig")
    return make_politician(group, name="Lotte Tijdig", term_start=date(2022, 3, 30))


def test_late_declaration_shows_start_declared_date_and_days_past_the_deadline(client, lotte):
    declared(make_declaration(lotte, role="Penningmeester", started_on=date(2025, 3, 1)),
             amsterdam_noon(date(2025, 3, 20)))
    html = page(client, politician_url(lotte))
    assert "1 maart 2025" in dd_after(html, "Begonnen op")
    assert "20 maart 2025" in dd_after(html, "Gemeld op")
    term = dd_after(html, "Termijn")
    assert "12 dagen te laat" in term and "opgegeven 19 dagen na de begindatum (termijn 7 dagen)" in term
    assert "zittingsperiode" not in term


def test_declaration_within_the_deadline_says_so_with_the_number_of_days(client, lotte):
    declared(make_declaration(lotte, started_on=date(2025, 3, 1)), amsterdam_noon(date(2025, 3, 5)))
    term = dd_after(page(client, politician_url(lotte)), "Termijn")
    assert "op tijd: 4 dagen na de begindatum (termijn 7 dagen)" in term
    assert "te laat" not in term


def test_interest_held_before_the_term_counts_from_the_start_of_the_term(client, lotte):
    declared(make_declaration(lotte, started_on=date(2010, 1, 1)), amsterdam_noon(date(2022, 4, 2)))
    term = dd_after(page(client, politician_url(lotte)), "Termijn")
    assert "op tijd: 3 dagen na het begin van de zittingsperiode (termijn 7 dagen)" in term
    assert "begindatum" not in term


def test_late_for_an_interest_held_before_the_term_names_the_term_as_reference(client, lotte):
    declared(make_declaration(lotte, started_on=date(2010, 1, 1)), amsterdam_noon(date(2022, 5, 9)))
    term = dd_after(page(client, politician_url(lotte)), "Termijn")
    assert "33 dagen te laat" in term
    assert "opgegeven 40 dagen na het begin van de zittingsperiode (termijn 7 dagen)" in term


def test_declaration_date_is_the_amsterdam_calendar_date(client, lotte):
    # 23:30 UTC on 8 March is 00:30 on 9 March in Amsterdam: 8 days after the start, one day late.
    moment = datetime(2025, 3, 8, 23, 30, tzinfo=UTC)
    declared(make_declaration(lotte, started_on=date(2025, 3, 1)), moment)
    html = page(client, politician_url(lotte))
    assert "9 maart 2025" in dd_after(html, "Gemeld op")
    assert "1 dag te laat" in dd_after(html, "Termijn")


def test_body_page_shows_on_time_share_per_politician_fractie_and_body(client, lotte):
    start = date(2025, 3, 1)
    for days in (2, 7, 12):  # on time, on time (the last day), 5 days late
        declared(make_declaration(lotte, started_on=start), amsterdam_noon(start + timedelta(days=days)))
    colleague = make_politician(lotte.group, name="Kees Collega")
    declared(make_declaration(colleague, started_on=start), amsterdam_noon(start + timedelta(days=1)))
    withdrawn = declared(make_declaration(colleague, started_on=start), amsterdam_noon(start + timedelta(days=30)))
    commit(declaration_services.withdraw_declaration(withdrawn, reason="Vergissing", actor=None))
    make_declaration(colleague, publish=False)
    other = make_politician(make_group(lotte.body, "Lege Fractie"), name="Nog Niets")

    html = page(client, "/register/tijdstad/")
    row = lambda name: re.search(rf">{name}</a></th>(.*?)</tr>", html, re.S).group(1)  # noqa: E731
    assert "2 van 3 op tijd (67%)" in row("Lotte Tijdig")
    assert "1 van 1 op tijd (100%)" in row("Kees Collega")
    assert "geen opgaven" in row(other.name)
    assert "Op tijd opgegeven door de fractie: 3 van 4 op tijd (75%)" in re.sub(r"\s+", " ", html)
    assert "3 van 4 op tijd (75%)" in dd_after(html, "Op tijd opgegeven")


def test_body_page_links_to_statistics_and_politician_page_links_to_history(client, lotte):
    assert 'href="/register/tijdstad/statistieken"' in page(client, "/register/tijdstad/")
    assert f'href="{politician_url(lotte)}history"' in page(client, politician_url(lotte))


@pytest.mark.parametrize("query", ["?page=-1", "?q=%00%27", "?soort=bestaat-niet&x[]=1", "?" + "a=1&" * 50])
def test_odd_query_parameters_never_break_a_public_page(client, lotte, query):
    make_declaration(lotte)
    for url in ("/", "/register/tijdstad/", "/register/tijdstad/statistieken", politician_url(lotte),
                politician_url(lotte) + "history"):
        # The page itself ignores them; the app may refuse malformed input (a NUL byte) with 400, never a 500.
        assert client.get(url + query).status_code in (200, 400), url + query


def _grow_body(body, n: int) -> None:
    """n more politicians with everything a body page shows: declarations, agreements, confirmations, former."""
    for _ in range(n):
        group = make_group(body)
        user = make_politician_user(group)
        politician = user.politician
        declaration = make_declaration(politician)
        sign_off(make_agreement(politician, [declaration]), make_user(reviewer_of=[group]))
        commit(declaration_services.confirm_register(politician, actor=user))
        former = make_politician(group, active=False, term_end=date.today() - timedelta(days=30))
        make_declaration(former)


def test_body_page_costs_the_same_number_of_queries_with_1_and_10_politicians(app, client):
    body = make_body(slug="groeistad")
    _grow_body(body, 1)
    few = count_queries(app, client, "/register/groeistad/")
    _grow_body(body, 9)
    assert count_queries(app, client, "/register/groeistad/") == few


def test_politician_page_costs_the_same_number_of_queries_with_1_and_10_declarations(app, client, anna):
    reviewer = make_user(reviewer_of=[anna.group])
    commit(declaration_services.confirm_register(anna, actor=anna.user))

    def add(n):
        for _ in range(n):
            declaration = make_declaration(anna)
            commit(declaration_services.correct_declaration(declaration, {"hours_per_month": 9}, actor=anna.user,
                                                            reason="Uren"))
            sign_off(make_agreement(anna, [declaration]), reviewer)

    add(1)
    few = count_queries(app, client, politician_url(anna))
    add(9)
    assert count_queries(app, client, politician_url(anna)) == few


# --- the demo register looks like a real one ---------------------------------------------------------------

@pytest.fixture
def demo(runner):
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    db.session.expire_all()
    return db.session.scalar(select(Body).where(Body.slug == "voorbeeldstad"))


def test_demo_declarations_were_declared_over_time_mostly_on_time(demo):
    published = db.session.scalars(select(Declaration).where(Declaration.declared_at.is_not(None))).all()
    late = [d for d in published if d.days_late()]
    assert 3 <= len(late) <= len(published) // 5
    assert {d.days_late() for d in late} >= {12, 23}
    assert len({d.declared_at.year for d in published}) >= 4
    now = datetime.now(UTC)
    assert all(d.declared_at <= now for d in published)
    for correction in db.session.scalars(select(DeclarationVersion).where(
            DeclarationVersion.change == DeclarationChange.corrected)):
        assert correction.published_at - correction.declaration.declared_at > timedelta(days=60)


def test_demo_confirmations_show_every_state(client, demo):
    today = local_date(datetime.now(UTC))
    politicians = {p.slug: p for p in db.session.scalars(select(Politician))}
    confirmed = [p for p in politicians.values() if p.active and p.last_confirmed_at]
    assert len(confirmed) >= len([p for p in politicians.values() if p.active]) - 2
    assert [p.slug for p in confirmed if confirmation_overdue(p.last_confirmed_at, today)] == ["gerrit-dekker"]
    html = page(client, "/register/voorbeeldstad/")
    assert "niets op te geven (bevestigd op" in html and "heeft nog niets opgegeven" in html
    assert "bevestiging verlopen" in html and "Oud-leden</h2>" in html and "Bram Hoekstra" in html
    for p in politicians.values():
        assert client.get(politician_url(p) + "history").status_code == 200, p.slug
    assert client.get("/register/voorbeeldstad/statistieken").status_code == 200


# --- not found, no login ----------------------------------------------------------------------------------

def test_unknown_body_or_politician_is_404(client, anna):
    other_body = make_body(slug="elders")
    stranger = make_politician(make_group(other_body))
    assert client.get("/register/bestaat-niet/").status_code == 404
    assert client.get(f"/register/bestaat-niet/{anna.slug}/").status_code == 404
    assert client.get("/register/zichtstad/bestaat-niet/").status_code == 404
    assert client.get(f"/register/zichtstad/{stranger.slug}/").status_code == 404
    assert client.get(f"/register/elders/{stranger.slug}/").status_code == 200


def test_public_pages_need_no_login_and_set_no_login_redirect(client, anna):
    make_declaration(anna)
    for url in ("/", "/register/zichtstad/", politician_url(anna)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Inloggen" in response.get_data(as_text=True)


# --- nothing private ever leaks ---------------------------------------------------------------------------

def marker(n: int) -> str:
    return f"GEHEIM-MARKER-{n}-x"


def plant_private_and_public_data():
    """A body whose data holds a unique marker in every place the public must not see."""
    body = make_body("Gemeente Zichtstad", slug="zichtstad")
    group = make_group(body, "Lokaal Zichtstad")
    owner = make_user(politician=make_politician(group, name="Anna Jansen"), email="anna.geheim@example.nl")
    anna = owner.politician
    reviewer = make_user(reviewer_of=[group], name="Karin de Vries", email="karin.geheim@example.nl")
    make_user(griffie_of=[body], name="Griffie Zichtstad", email="griffie.geheim@example.nl")

    make_declaration(anna, publish=False, organisation=marker(1), role=marker(1), description=marker(1))
    withdrawn_draft = make_declaration(anna, publish=False, organisation=marker(14), role=marker(14))
    declaration_services.withdraw_declaration(withdrawn_draft, reason=marker(14), actor=owner)

    public = make_declaration(anna, organisation="Openbare Stichting Zichtbaar", role="Voorzitter",
                              description="Openbare omschrijving")
    _add_version(public, {"organisation": marker(2), "role": marker(2), "description": marker(2)},
                 change=DeclarationChange.draft, actor=owner)
    commit()
    assert public.has_unpublished_draft

    make_declaration(anna, organisation=marker(3), organisation_public=False, role="Adviseur",
                     description=marker(4), description_public=False, explanation=marker(5),
                     explanation_public=False, paid=True, income_band=IncomeBand.above_10000,
                     income_public=False, hours_per_month=173, hours_public=False)
    make_declaration(anna, kind=DeclarationKind.other, concerns_family=True, role="Familierelatie",
                     organisation=marker(6), description=marker(6), explanation=marker(6))

    reviewed = make_declaration(anna, organisation="Gereviewde Stichting", role="Lid")
    review_services.review_declaration(reviewed, reviewer=reviewer, outcome=ReviewOutcome.agreement_needed,
                                       comment=marker(7))
    review_services.review_declaration(public, reviewer=reviewer, outcome=ReviewOutcome.no_risk,
                                       comment="Openbare beoordeling", comment_public=True)

    signed = make_agreement(anna, [public], title="Zichtbare afspraak", text="Zichtbare afspraaktekst")
    sign_off(signed, reviewer, comment=marker(8))
    make_agreement(anna, [reviewed], title=marker(9), text=marker(9))  # submitted, not signed off
    make_agreement(anna, [reviewed], title=marker(10), text=marker(10), submit=False)  # draft
    sent_back = make_agreement(anna, [reviewed], title=marker(11), text=marker(11))
    review_services.request_changes(sent_back, reviewer=reviewer, comment=marker(11))

    revised = make_agreement(anna, [public], title="Eerste afgetekende versie", text="Oude openbare tekst")
    sign_off(revised, reviewer, comment="Akkoord, openbaar.", comment_public=True)
    agreement_services.revise_agreement(revised, title=marker(12), text=marker(12), declarations=[public],
                                        actor=owner, reason=marker(12))
    agreement_services.submit_agreement(revised, actor=owner)
    commit()
    return body, anna


def test_public_pages_never_show_private_data(client):
    body, anna = plant_private_and_public_data()
    urls = ["/", f"/register/{body.slug}/", f"/register/{body.slug}/statistieken"]
    urls += [politician_url(p) for p in db.session.scalars(select(Politician))]
    urls += [politician_url(p) + "history" for p in db.session.scalars(select(Politician))]
    emails = list(db.session.scalars(select(User.email)))
    assert len(emails) == 3

    pages = {url: page(client, url) for url in urls}
    for url, html in pages.items():
        assert "GEHEIM-MARKER" not in html, (url, re.findall(r"GEHEIM-MARKER-\d+", html))
        assert "@" not in html, url
        for email in emails:
            assert email not in html

    html = pages[politician_url(anna)]
    assert "meer dan € 10.000 per maand" not in html
    assert not re.search(r"\b173\b", html)
    assert html.count(SHIELDED) >= 6  # organisation, description, explanation, income, hours; family fields
    for visible in ("Openbare Stichting Zichtbaar", "Openbare omschrijving", "Openbare beoordeling",
                    "Zichtbare afspraak", "Zichtbare afspraaktekst", "Eerste afgetekende versie",
                    "Oude openbare tekst", "Akkoord, openbaar.", "Karin de Vries", "Familierelatie"):
        assert visible in html, visible


# --- helpers ----------------------------------------------------------------------------------------------

def count_queries(app, client, url: str) -> int:
    """Every SQL statement the page issues (a public page only reads)."""
    statements = []

    def before(conn, cursor, statement, *args):
        if "content_version" not in statement:  # the page cache's, read at most once a second: not the page's
            statements.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len(statements)
