"""Search and organisation pages: what a journalist asking "who is tied to organisation X?" sees."""
from __future__ import annotations

import re
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import event, text

from register.declarations import services as declaration_services
from register.extensions import db
from register.models import DeclarationKind
from register.search import organisation_key
from register.search.queries import clean_query
from tests.factories import make_body, make_declaration, make_group, make_politician

SHIELDED = "afgeschermd"


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def results(html: str) -> str:
    """The results table only (the page also echoes the query in the search box)."""
    match = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return match.group(1) if match else ""


def found(html: str) -> int:
    return int(re.search(r"<h2>(\d+) opgaven? gevonden</h2>", html).group(1))


def count_queries(client, url: str) -> int:
    statements = []

    def before(conn, cursor, statement, *args):
        # The data version is the page cache's, read at most once a second: not part of what the page costs.
        if statement.lstrip().upper().startswith("SELECT") and "content_version" not in statement:
            statements.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", before)
    try:
        response = client.get(url)
        assert response.status_code == 200
        response.get_data()  # a streamed body runs its queries while it is read
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len(statements)


@pytest.fixture
def town(app):
    body = make_body("Gemeente Zoekstad", slug="zoekstad")
    return body, make_group(body, name="Partij Eén"), make_group(body, name="Partij Twee")


# --- normalised organisation names ------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "Bouwbedrijf De Vries B.V.", "bouwbedrijf de vries bv", "Bouwbedrijf  De Vries", "BOUWBEDRIJF DE VRIES BV",
    "Bouwbedrijf De Vries, B.V.", "Bouwbedrijf De-Vries N.V.", " Bouwbedrijf De Vries b.v. "])
def test_spellings_of_one_organisation_share_a_key(name):
    assert organisation_key(name) == "bouwbedrijf-de-vries"


@pytest.mark.parametrize("a, b", [
    ("Stichting Woonbelang Zoekstad", "Woonbelang Zoekstad"),
    ("Coöperatie Rabobank Zoekstad U.A.", "Rabobank Zoekstad"),
    ("Vereniging Natuurmonumenten", "natuurmonumenten"),
    ("V.O.F. Bakker & Zn", "Bakker en Zn VOF"),
])
def test_legal_forms_and_accents_do_not_matter(a, b):
    assert organisation_key(a) == organisation_key(b)


@pytest.mark.parametrize("a, b", [("Bouwbedrijf De Vries B.V.", "Bouwbedrijf De Vries Holding B.V."),
                                  ("Stichting", "Vereniging")])
def test_different_organisations_keep_different_keys(a, b):
    assert organisation_key(a) != organisation_key(b)


@pytest.mark.parametrize("name", ["Stichting", "Stichting Vereniging X B.V.", "A&B", "😀", "'s-Hertogenbosch"])
def test_a_key_normalises_to_itself(name):
    assert organisation_key(organisation_key(name)) == organisation_key(name)


def test_the_service_stores_the_key_on_every_version(town):
    politician = make_politician(town[1])
    declaration = make_declaration(politician, organisation="Bouwbedrijf De Vries B.V.")
    assert {v.organisation_key for v in declaration.versions} == {"bouwbedrijf-de-vries"}


def test_the_migration_fills_the_key_for_existing_versions(app, town):
    make_declaration(make_politician(town[1]), organisation="Stichting Woonbelang B.V.")
    downgrade(revision="35998a606840")
    upgrade(revision="7c2f4b9e1a3d")
    keys = db.session.execute(text("SELECT DISTINCT organisation_key FROM declaration_version")).scalars().all()
    db.session.commit()
    upgrade(revision="heads")  # leave the schema whole for the next test
    assert keys == ["woonbelang"]


# --- search -----------------------------------------------------------------------------------------------

def test_empty_search_shows_the_form_with_help_and_no_results(client):
    html = page(client, "/search")
    assert html.count("<h1") == 1
    assert "Zo zoekt u" in html and "gevonden" not in html
    q = re.search(r'<input[^>]*name="q"[^>]*>', html).group(0)
    assert '<label for="zoek-q">Zoeken</label>' in html and 'id="zoek-q"' in q
    for name in ("body", "fractie", "kind", "state"):
        select_id = re.search(rf'<select id="([^"]+)" name="{name}"', html).group(1)
        assert f'<label for="{select_id}">' in html


def test_search_finds_an_organisation_case_insensitively_across_bodies(client, town):
    other = make_group(make_body("Provincie Elders", slug="elders"), name="Statenfractie")
    anna = make_politician(town[1], name="Anna Zoeker")
    bert = make_politician(other, name="Bert Elders")
    make_declaration(anna, organisation="Bouwbedrijf De Vries B.V.", role="Commissaris",
                     started_on=date(2024, 2, 3))
    make_declaration(bert, organisation="bouwbedrijf de vries bv", role="Adviseur", kind=DeclarationKind.financial)
    make_declaration(bert, organisation="Zwembad De Spetter", role="Voorzitter")

    html = page(client, "/search?q=BOUWBEDRIJF")
    assert found(html) == 2
    rows = results(html)
    assert f'href="/register/zoekstad/{anna.slug}/#opgave-' in rows
    assert "Anna Zoeker" in rows and "Bert Elders" in rows and "Zwembad" not in rows
    assert "Gemeente Zoekstad" in rows and "Provincie Elders" in rows and "Partij Eén" in rows
    assert "Nevenfunctie" in rows and "Financieel belang" in rows and "Commissaris" in rows
    assert '<time datetime="2024-02-03">3 februari 2024</time>' in rows
    assert 'href="/organisatie/bouwbedrijf-de-vries"' in rows


def test_search_on_a_spelling_with_a_legal_form_finds_the_other_spellings(client, town):
    make_declaration(make_politician(town[1]), organisation="Bouwbedrijf De Vries B.V.")
    make_declaration(make_politician(town[1]), organisation="Bouwbedrijf  De  Vries")
    assert found(page(client, "/search?q=bouwbedrijf de vries bv")) == 2


def test_search_finds_role_and_public_description(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, role="Penningmeester", organisation="Hockeyclub")
    make_declaration(politician, role="Lid", organisation="Golfclub", description="Beheer van het clubhuis")
    assert found(page(client, "/search?q=penningmeester")) == 1
    assert found(page(client, "/search?q=clubhuis")) == 1
    assert found(page(client, "/search?q=lid golfclub")) == 1  # every word, in any field
    assert found(page(client, '/search?q="lid golfclub"')) == 0  # a quoted phrase stays together


def test_search_ignores_drafts_withdrawn_entries_and_unpublished_versions(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, organisation="Conceptorganisatie", publish=False)
    withdrawn = make_declaration(politician, organisation="Ingetrokken Organisatie")
    declaration_services.withdraw_declaration(withdrawn, reason="Vergissing", actor=None)
    draft = declaration_services.create_declaration(politician, DeclarationKind.side_job, dict(
        organisation="Eerdere Conceptnaam", role="Lid", started_on=date(2025, 1, 1)), actor=None, publish=False)
    declaration_services.update_draft(draft, {"organisation": "Definitieve Naam"}, actor=None)
    declaration_services.publish_declaration(draft, actor=None)
    db.session.commit()

    for word in ("Conceptorganisatie", "Ingetrokken", "Eerdere"):
        assert found(page(client, f"/search?q={word}")) == 0, word
    assert found(page(client, "/search?q=definitieve")) == 1


def test_a_correction_is_found_by_its_new_words_and_no_longer_by_the_old_ones(client, town):
    declaration = make_declaration(make_politician(town[1]), organisation="Zwemvereniging De Spetter",
                                   role="Voorzitter")
    declaration_services.correct_declaration(declaration, {"organisation": "Sportfonds Zoekstad"}, actor=None,
                                             reason="Verkeerde organisatie")
    db.session.commit()
    assert found(page(client, "/search?q=sportfonds")) == 1
    assert found(page(client, "/search?q=spetter")) == 0
    assert found(page(client, "/search?q=voorzitter sportfonds")) == 1


def test_words_shorter_than_three_letters_are_found_without_the_index(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, organisation="Adviesbureau AB", role="Lid")
    make_declaration(politician, organisation="Bakkerij", role="Eigenaar")
    assert found(page(client, "/search?q=ab")) == 1
    assert found(page(client, "/search?q=ab lid")) == 1
    assert found(page(client, "/search?q=xq")) == 0


def _statements_of(client, url: str) -> list[tuple]:
    captured = []

    def before(conn, cursor, statement, parameters, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return captured


@pytest.mark.parametrize("query", ["schapsbel", "Waterschapsbelang penningmeester", '"schapsbelang"'])
def test_words_of_three_letters_or_more_are_looked_up_in_the_search_index(client, town, query):
    # At national scale a scan of 100,000 versions costs a quarter of a second per new term; the trigram index
    # (SQLite FTS5, PostgreSQL pg_trgm) finds the candidates. The plan must use it, on a tiny table too.
    make_declaration(make_politician(town[1]), organisation="Waterschapsbelang", role="Penningmeester")
    assert found(page(client, f"/search?q={query}")) == 1
    statements = _statements_of(client, f"/search?q={query}&nocache=1")
    searched = [item for item in statements if "like" in item[0].lower()]
    assert searched, statements
    connection = db.session.connection()
    for statement, parameters in searched:
        if connection.dialect.name == "sqlite":
            plan = " ".join(str(row) for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters))
            assert "declaration_version_search VIRTUAL TABLE INDEX" in plan, plan
            assert "SCAN declaration " not in plan and "SCAN declaration_version " not in plan, plan
        else:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # the tables are tiny here: only
            connection.exec_driver_sql("SET LOCAL enable_indexscan = off")  # an index condition can win
            plan = " ".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
            assert "ix_declaration_version_search" in plan, plan


def test_search_never_matches_or_shows_fractie_only_or_family_fields(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, organisation="Geheime Werkgever", organisation_public=False, role="Adviseur",
                     kvk_number="11223344")
    make_declaration(politician, organisation="Open Werkgever", description="Verborgen toelichting",
                     description_public=False, role="Bestuurder")
    make_declaration(politician, kind=DeclarationKind.other, organisation="Familiebedrijf Jansen",
                     description="Broer is directeur familiebedrijf", role="Broer", concerns_family=True)

    for word in ("geheime", "verborgen", "familiebedrijf", "jansen", "11223344"):
        assert found(page(client, f"/search?q={word}")) == 0, word
    rows = results(page(client, "/search?q=adviseur"))
    assert "Adviseur" in rows and SHIELDED in rows and "Geheime" not in rows and "11223344" not in rows
    rows = results(page(client, "/search?q=broer"))
    assert "Broer" in rows and "Familiebedrijf" not in rows and "directeur" not in rows
    assert "Verborgen" not in results(page(client, "/search?q=bestuurder"))


def test_filters_narrow_the_results(client, town):
    body, first, second = town
    elsewhere = make_group(make_body("Gemeente Elders", slug="elders"), name="Partij Eén")
    a, b, c = make_politician(first), make_politician(second), make_politician(elsewhere)
    make_declaration(a, organisation="Woonbelang", role="Lid")
    make_declaration(b, organisation="Woonbelang", role="Lid", kind=DeclarationKind.gift)
    ended = make_declaration(c, organisation="Woonbelang", role="Lid")
    declaration_services.end_declaration(ended, ended_on=date(2025, 6, 1), actor=None)
    db.session.commit()

    assert found(page(client, "/search?q=woonbelang")) == 3
    assert found(page(client, "/search?q=woonbelang&body=zoekstad")) == 2
    assert found(page(client, f"/search?q=woonbelang&body=zoekstad&fractie={first.slug}")) == 1
    assert found(page(client, "/search?q=woonbelang&kind=gift")) == 1
    assert found(page(client, "/search?q=woonbelang&state=current")) == 2
    html = page(client, "/search?q=woonbelang&state=ended")
    assert found(html) == 1 and "beëindigd" in results(html)
    # A fractie slug without a body: that fractie in every body.
    assert found(page(client, f"/search?fractie={elsewhere.slug}")) == 1
    assert found(page(client, "/search?body=elders")) == 1  # filters alone also list


@pytest.mark.parametrize("args, message", [
    ("body=nergens", "Onbekend orgaan „nergens”: dit filter is genegeerd."),
    ("fractie=geen-fractie", "Onbekende fractie „geen-fractie”: dit filter is genegeerd."),
    ("kind=salaris", "Onbekende soort „salaris”: dit filter is genegeerd."),
    ("state=misschien", "Onbekende stand „misschien”: dit filter is genegeerd."),
    ("body=zoekstad&fractie=fractie-van-elders", "Onbekende fractie „fractie-van-elders”"),
])
def test_unknown_filter_values_are_ignored_with_a_message(client, town, args, message):
    make_group(make_body(slug="elders"), name="Elders").slug = "fractie-van-elders"
    db.session.commit()
    make_declaration(make_politician(town[1]), organisation="Woonbelang")
    html = page(client, f"/search?q=woonbelang&{args}")
    assert message in html
    assert found(html) == 1


@pytest.mark.parametrize("query", [
    "x" * 5000, '"', '""', "'", "%", "_", "%%_%", "\\", "' OR 1=1 --", "'; DROP TABLE declaration; --",
    "<script>alert(1)</script>", "</table><h1>nep</h1>", "🏠🚀", "\x00", "a\u202eb", "  ", "\"onafgesloten",
])
def test_odd_search_input_gives_a_normal_page(client, town, query):
    make_declaration(make_politician(town[1]), organisation="Woonbelang", role="Lid")
    response = client.get("/search", query_string={"q": query, "page": "abc"})
    if response.status_code == 400:  # the app-wide guard refuses control characters before any view runs
        assert re.search("[\x00-\x08]", query)
        return
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<h1>nep</h1>" not in html
    assert html.count("<h1") == 1
    if clean_query(query):
        assert found(html) == 0  # no wildcard or injection matches everything


def test_a_very_long_query_is_cut_with_a_message(client, town):
    html = page(client, "/search?q=" + "woonbelang " * 40)
    assert "De zoekopdracht is ingekort tot 200 tekens." in html
    assert re.search(r'name="q" value="([^"]*)"', html).group(1).__len__() <= 200


def test_like_wildcards_match_only_themselves(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, organisation="Stichting 100% Zoekstad")
    make_declaration(politician, organisation="A_B Advies")
    make_declaration(politician, organisation="AXB Advies")
    assert found(page(client, "/search?q=100%25")) == 1
    assert found(page(client, "/search?q=A_B")) == 1


def test_results_are_paginated_in_pages_of_25(client, town):
    politician = make_politician(town[1])
    for n in range(27):
        make_declaration(politician, organisation=f"Vereniging Nummer {n}", role="Lid")
    first = page(client, "/search?q=nummer")
    assert found(first) == 27 and results(first).count("<tr>") == 25
    assert "Pagina 1 van 2" in first and 'rel="next" href="/search?page=2&amp;q=nummer"' in first
    assert results(page(client, "/search?q=nummer&page=2")).count("<tr>") == 2
    for huge in ("999999999", "9" * 50, "-3", "abc"):
        html = page(client, f"/search?q=nummer&page={huge}")
        assert found(html) == 27
    assert "<tbody>" not in page(client, "/search?q=nummer&page=999999999")


def test_a_search_that_matches_very_much_counts_up_to_a_limit_and_pages_the_first_ones(client, town,
                                                                                      monkeypatch):
    # Nationally the limit is 1,000 of 50,000 declarations; here 5 of 7, with pages of 2.
    from register.search import queries
    for n, name in enumerate(["Bakker", "Jansen", "Visser", "Smit", "Mulder", "Bos", "Dekker"]):
        make_declaration(make_politician(town[1 + n % 2], name=f"Kim {name}"), organisation=f"Stichting Overal {n}")
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    everything = []
    for number in (1, 2, 3, 4):
        everything += re.findall(r"Kim \w+", results(page(client, f"/search?q=overal&page={number}")))
    assert len(everything) == 7
    monkeypatch.setattr(queries, "COUNT_LIMIT", 5)
    client.application.extensions["response_cache"] = None  # the pages above are stored under the same data
    first = page(client, "/search?q=overal&page=1")
    assert "Meer dan 5 opgaven gevonden" in first and "U kunt de eerste 5 bekijken" in first
    assert "Pagina 1 van 3" in first
    shown = []
    for number in (1, 2, 3):
        shown += re.findall(r"Kim \w+", results(page(client, f"/search?q=overal&page={number}")))
    assert shown == everything[:5]
    assert "<tbody>" not in page(client, "/search?q=overal&page=4")


def test_search_costs_the_same_number_of_queries_for_more_results(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, organisation="Woonbelang")
    few = count_queries(client, "/search?q=woonbelang")
    for group in town[1:]:
        for _ in range(4):
            make_declaration(make_politician(group), organisation="Woonbelang", kvk_number="12345678")
    assert count_queries(client, "/search?q=woonbelang") == few


# --- organisation pages -----------------------------------------------------------------------------------

def test_organisation_page_brings_spellings_together(client, town):
    elsewhere = make_group(make_body("Gemeente Elders", slug="elders"))
    anna, bert = make_politician(town[1], name="Anna de Wit"), make_politician(elsewhere, name="Bert Kok")
    make_declaration(anna, organisation="Bouwbedrijf De Vries B.V.", role="Commissaris")
    make_declaration(bert, organisation="bouwbedrijf de vries bv", role="Adviseur")
    make_declaration(bert, organisation="Bouwbedrijf De Vries Holding", role="Eigenaar")
    make_declaration(make_politician(town[1]), organisation="Bouwbedrijf De Vries", publish=False)

    html = page(client, "/organisatie/bouwbedrijf-de-vries")
    assert html.count("<h1") == 1 and "<h1>Bouwbedrijf De Vries B.V.</h1>" in html
    rows = results(html)
    assert "Anna de Wit" in rows and "Bert Kok" in rows and "Commissaris" in rows and "Adviseur" in rows
    assert "Eigenaar" not in rows
    assert re.search(r"<dt>Ambtsdragers</dt><dd>2</dd>", html)
    assert re.search(r"<dt>Organen</dt><dd>2</dd>", html)


def test_organisation_page_by_kvk_number_joins_exactly(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, organisation="De Vries Bouw", kvk_number="12345678", role="Eigenaar")
    make_declaration(politician, organisation="Bouwbedrijf De Vries B.V.", kvk_number="12345678", role="Adviseur")
    make_declaration(politician, organisation="Bouwbedrijf De Vries B.V.", kvk_number="87654321", role="Lid")
    rows = results(page(client, "/organisatie/kvk-12345678"))
    assert "Eigenaar" in rows and "Adviseur" in rows and ">Lid<" not in rows
    assert page(client, "/search?q=de vries").count('href="/organisatie/kvk-12345678"') == 2


def test_organisation_page_leaves_out_shielded_and_family_organisations(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, organisation="Woonbelang", role="Zichtbaar lid")
    make_declaration(politician, organisation="Woonbelang", role="Afgeschermd lid", organisation_public=False)
    make_declaration(politician, organisation="Woonbelang", role="Familielid", concerns_family=True,
                     kind=DeclarationKind.other)
    rows = results(page(client, "/organisatie/woonbelang"))
    assert "Zichtbaar lid" in rows and "Afgeschermd lid" not in rows and "Familielid" not in rows


def test_organisation_page_with_only_shielded_declarations_does_not_exist(client, town):
    politician = make_politician(town[1])
    make_declaration(politician, organisation="Geheime Werkgever", organisation_public=False, kvk_number="11223344")
    make_declaration(politician, organisation="Concept B.V.", publish=False)
    for key in ("geheime-werkgever", "kvk-11223344", "concept", "bestaat-niet", "kvk-00000000"):
        page(client, f"/organisatie/{key}", status=404)


def test_organisation_address_is_normalised_with_a_permanent_redirect(client, town):
    make_declaration(make_politician(town[1]), organisation="Bouwbedrijf De Vries B.V.")
    response = client.get("/organisatie/Bouwbedrijf De Vries B.V.")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/organisatie/bouwbedrijf-de-vries")
    page(client, "/organisatie/---", status=404)


def test_organisation_page_is_paginated(client, town):
    for n in range(52):
        make_declaration(make_politician(town[1]), organisation="Woonbelang", role=f"Lid {n}")
    assert results(page(client, "/organisatie/woonbelang")).count("<tr>") == 50
    assert results(page(client, "/organisatie/woonbelang?page=2")).count("<tr>") == 2
    assert "<tbody>" not in page(client, "/organisatie/woonbelang?page=99999999999")
