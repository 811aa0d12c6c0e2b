"""Open data exports and the open-data page; and the check that no private data leaves through any public
channel (search, organisation pages, exports, API, feeds)."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, UTC

import pytest

from register.agreements import services as agreement_services
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import DeclarationKind, IncomeBand, ReviewOutcome
from register.opendata.serialize import FIELDNAMES, csv_cell
from register.review import services as review_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_user,
    sign_off,
)
from tests.test_search import count_queries


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


def csv_rows(client, url: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(get(client, url).get_data(as_text=True), newline="")))


def json_rows(client, url: str) -> list[dict]:
    return get(client, url).get_json()["declarations"]


@pytest.fixture
def town(app):
    body = make_body("Gemeente Exportstad", slug="exportstad", declaration_deadline_days=7)
    return body, make_group(body, name="Partij Eén")


# --- exports ----------------------------------------------------------------------------------------------

def test_csv_export_has_a_header_crlf_lines_and_one_row_per_published_declaration(client, town):
    politician = make_politician(town[1], name="Anna de Wit")
    make_declaration(politician, organisation="Woonbelang", role="Bestuurslid", kvk_number="12345678", paid=True,
                     income_band=IncomeBand.from_500, started_on=date(2025, 3, 1))
    ended = make_declaration(politician, organisation="Zwembad", role="Voorzitter")
    declaration_services.end_declaration(ended, ended_on=date(2025, 6, 30), actor=None)
    make_declaration(politician, organisation="Concept", publish=False)
    withdrawn = make_declaration(politician, organisation="Vergissing")
    declaration_services.withdraw_declaration(withdrawn, reason="Dubbel", actor=None)
    db.session.commit()

    response = get(client, "/export/exportstad.csv")
    assert response.is_streamed
    assert response.mimetype == "text/csv" and "charset=utf-8" in response.content_type
    assert re.fullmatch(r'attachment; filename="belangenregister-exportstad-\d{4}-\d{2}-\d{2}\.csv"',
                        response.headers["Content-Disposition"])
    raw = response.get_data(as_text=True)
    assert raw.startswith(",".join(FIELDNAMES) + "\r\n") and raw.count("\r\n") == 3 and "\n" not in raw.replace(
        "\r\n", "")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert [r["organisation"] for r in rows] == ["Woonbelang", "Zwembad"]
    first = rows[0]
    assert first["body"] == "Gemeente Exportstad" and first["body_slug"] == "exportstad"
    assert first["politician"] == "Anna de Wit" and first["fractie"] == "Partij Eén"
    assert first["office"] == "raadslid" and first["kind"] == "side_job" and first["kvk_number"] == "12345678"
    assert first["paid"] == "true" and first["income_band"] == "500_1000" and first["ex_officio"] == "false"
    assert first["started_on"] == "2025-03-01" and first["ended_on"] == "" and first["withheld"] == ""
    assert first["status"] == "published" and first["version"] == "2" and first["deadline_days"] == "7"
    assert first["url"] == f"http://localhost/register/exportstad/{politician.slug}/"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first["declared_on"]) and first["days_late"].isdigit()
    assert rows[1]["status"] == "ended" and rows[1]["ended_on"] == "2025-06-30" and rows[1]["version"] == "3"


def test_declared_on_is_the_date_in_amsterdam_and_days_late_counts_from_the_deadline(client, town):
    politician = make_politician(town[1], term_start=date(2022, 3, 30))
    declaration = make_declaration(politician, started_on=date(2025, 12, 1))
    declaration.declared_at = datetime(2025, 12, 31, 23, 30, tzinfo=UTC)  # 1 January, 00:30 in Amsterdam
    db.session.commit()
    row = csv_rows(client, "/export/exportstad.csv")[0]
    assert row["declared_on"] == "2026-01-01"
    assert row["days_late"] == str(31 - 7)
    assert json_rows(client, "/export/exportstad.json")[0]["days_late"] == 24


def test_json_export_is_one_object_with_licence_and_typed_values(client, town):
    make_declaration(make_politician(town[1]), organisation="Woonbelang", hours_per_month=6, paid=False)
    response = get(client, "/export/exportstad.json")
    assert response.is_streamed and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].endswith('.json"')
    data = json.loads(response.get_data(as_text=True))
    assert data["licence"] == "CC0-1.0" and data["body"] == "exportstad"
    assert data["documentation"] == "http://localhost/open-data"
    (row,) = data["declarations"]
    assert list(row) == FIELDNAMES
    assert row["hours_per_month"] == 6 and row["paid"] is False and row["ended_on"] is None
    assert row["withheld"] == [] and row["version"] == 2


def test_national_export_holds_every_body(client, town):
    make_declaration(make_politician(town[1]), organisation="Woonbelang")
    make_declaration(make_politician(make_group(make_body("Waterschap Nat", slug="nat"))), organisation="Dijk")
    assert {r["body_slug"] for r in csv_rows(client, "/export/all.csv")} == {"exportstad", "nat"}
    data = get(client, "/export/all.json").get_json()
    assert data["body"] is None and len(data["declarations"]) == 2
    assert "alle-organen" in get(client, "/export/all.csv").headers["Content-Disposition"]


def test_an_empty_body_gives_a_header_only_csv_and_an_empty_json_list(client, town):
    assert get(client, "/export/exportstad.csv").get_data(as_text=True) == ",".join(FIELDNAMES) + "\r\n"
    assert get(client, "/export/exportstad.json").get_json()["declarations"] == []


@pytest.mark.parametrize("url", ["/export/nergens.csv", "/export/nergens.json", "/export/exportstad.xlsx",
                                 "/register/nergens/feed.atom", "/export/" + "x" * 300 + ".csv"])
def test_unknown_body_or_format_is_404(client, town, url):
    get(client, url, status=404)


def test_a_control_character_in_the_address_is_refused_not_a_500(client, town):
    # The app-wide input guard answers 400 before the view; without it the view answers 404.
    assert client.get("/export/exportstad%00.csv").status_code in (400, 404)


def test_shielded_fields_are_empty_and_named_in_withheld(client, town):
    make_declaration(make_politician(town[1]), organisation="Geheime Werkgever", organisation_public=False,
                     kvk_number="11223344", description="Geheime toelichting", description_public=False,
                     paid=True, income_band=IncomeBand.above_10000, income_public=False, hours_per_month=12,
                     hours_public=False, role="Adviseur")
    row = csv_rows(client, "/export/exportstad.csv")[0]
    assert row["withheld"] == "organisation;kvk_number;description;income_band;hours_per_month"
    assert (row["organisation"], row["kvk_number"], row["description"], row["income_band"],
            row["hours_per_month"]) == ("", "", "", "", "")
    assert row["role"] == "Adviseur"
    item = json_rows(client, "/export/exportstad.json")[0]
    assert item["withheld"] == ["organisation", "kvk_number", "description", "income_band", "hours_per_month"]
    assert item["organisation"] is None and item["income_band"] is None


def test_a_family_interest_never_shows_its_organisation_or_description(client, town):
    make_declaration(make_politician(town[1]), kind=DeclarationKind.other, organisation="Familiebedrijf Jansen",
                     description="Broer is directeur", role="Familierelatie", concerns_family=True)
    row = csv_rows(client, "/export/exportstad.csv")[0]
    assert row["organisation"] == "" and row["description"] == "" and row["withheld"] == "organisation;description"


def test_the_export_applies_the_same_rules_as_the_api_to_every_combination_of_shielding(client, town):
    # The export works on plain rows for speed; the API on model objects. Both must show exactly the same.
    politician = make_politician(town[1])
    combinations = [(family, org_public, desc_public, organisation, kvk)
                    for family in (False, True) for org_public in (False, True) for desc_public in (False, True)
                    for organisation in ("Woonbelang", "") for kvk in ("12345678", None)]
    for number, (family, org_public, desc_public, organisation, kvk) in enumerate(combinations):
        make_declaration(politician, role=f"Rol {number:02d}", organisation=organisation, kvk_number=kvk,
                         concerns_family=family, organisation_public=org_public, description="Toelichting",
                         description_public=desc_public, paid=True, income_band=IncomeBand.from_500,
                         income_public=org_public, hours_per_month=number, hours_public=desc_public,
                         started_on=date(2020 + number % 5, 1 + number % 12, 1))
    exported = {row["role"]: row for row in json_rows(client, "/export/exportstad.json")}
    api = {item["role"]: item for item in client.get(
        "/api/v1/declarations?body=exportstad&per_page=100").get_json()["items"]}
    assert len(exported) == len(api) == len(combinations)
    shared = ("kind", "organisation", "withheld", "kvk_number", "description", "paid", "income_band",
              "hours_per_month", "ex_officio", "started_on", "ended_on", "declared_on", "days_late",
              "deadline_days", "version")
    for role, row in exported.items():
        assert {k: row[k] for k in shared} == {k: api[role][k] for k in shared}, role
    assert {tuple(r["withheld"]) for r in exported.values()} >= {
        (), ("kvk_number",), ("organisation", "kvk_number", "income_band"), ("description", "hours_per_month"),
        ("organisation", "description"), ("organisation", "kvk_number", "description", "income_band",
                                          "hours_per_month")}


@pytest.mark.parametrize("dangerous", ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab", "\rReturn",
                                       "=HYPERLINK(\"http://x\",\"klik\")"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(client, town, dangerous):
    politician = make_politician(town[1], name=dangerous)
    make_declaration(politician, organisation=dangerous, role=dangerous, description=dangerous)
    row = csv_rows(client, "/export/exportstad.csv")[0]
    for column in ("politician", "organisation", "role", "description"):
        assert row[column] == "'" + dangerous, column
    # JSON is for software, not spreadsheets: the value stays as it is.
    assert json_rows(client, "/export/exportstad.json")[0]["organisation"] == dangerous


@pytest.mark.parametrize("value, cell", [(None, ""), (True, "true"), (False, "false"), (["a", "b"], "a;b"),
                                         (7, "7"), ("-5", "'-5"), ("gewoon", "gewoon"), ("a=b", "a=b")])
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


def test_quotes_commas_newlines_and_unicode_survive_a_round_trip(client, town):
    awkward = 'Stichting "Het Anker", afdeling Noord\nen Zuid — café ☕'
    make_declaration(make_politician(town[1]), organisation=awkward)
    assert csv_rows(client, "/export/exportstad.csv")[0]["organisation"] == awkward
    assert get(client, "/export/exportstad.csv").get_data().decode("utf-8")  # valid UTF-8, no BOM needed


def test_export_costs_the_same_number_of_queries_for_more_rows(client, town):
    make_declaration(make_politician(town[1]))
    few = count_queries(client, "/export/all.csv")
    for _ in range(6):
        politician = make_politician(make_group(make_body()))
        make_declaration(politician)
        make_declaration(politician, kind=DeclarationKind.gift)
    assert count_queries(client, "/export/all.csv") == few
    assert count_queries(client, "/export/all.json") == few


def test_open_data_page_documents_every_column_the_formats_and_the_licence(client, town):
    html = get(client, "/open-data").get_data(as_text=True)
    assert html.count("<h1") == 1 and "<caption>" in html
    for name in FIELDNAMES:
        assert f"<code>{name}</code>" in html, name
    assert "CC0" in html and 'rel="license"' in html and "RFC 4180" in html and "ISO 8601" in html
    for link in ("/export/all.csv", "/export/all.json", "/export/exportstad.csv", "/export/exportstad.json",
                 "/feed.atom", "/register/exportstad/feed.atom", "/api/v1/openapi.json"):
        assert f'href="{link}"' in html, link


# --- no private data through any public channel -----------------------------------------------------------

@pytest.fixture
def planted(app):
    """A register with unique markers in everything that must stay private, next to public values."""
    body = make_body("Gemeente Geheimstad", slug="geheimstad")
    group = make_group(body, name="Fractie Open")
    politician = make_politician(group, name="Petra Publiek")
    user = make_user(politician=politician, email="petra.marker@example.nl")
    reviewer = make_user(reviewer_of=[group], name="Rik Recensent", email="rik.marker@example.nl")
    make_user(griffie_of=[body], email="griffie.marker@example.nl")

    public = make_declaration(politician, organisation="Zichtbare Stichting", role="Zichtbare rol",
                              description="Zichtbare toelichting")
    make_declaration(politician, organisation="MARKER-DRAFT-ORG", role="MARKER-DRAFT-ROLE",
                     description="MARKER-DRAFT-DESC", publish=False)
    earlier = declaration_services.create_declaration(politician, DeclarationKind.side_job, dict(
        organisation="MARKER-EARLIER-DRAFT", role="MARKER-EARLIER-ROLE", started_on=date(2025, 2, 1)),
        actor=user, publish=False)
    declaration_services.update_draft(earlier, {"organisation": "Latere Naam", "role": "Latere rol"}, actor=user)
    declaration_services.publish_declaration(earlier, actor=user)
    make_declaration(politician, organisation="MARKER-SHIELDED-ORG", organisation_public=False,
                     kvk_number="98761234", role="Afgeschermde rol", description="MARKER-SHIELDED-DESC",
                     description_public=False, explanation="MARKER-SHIELDED-EXPLANATION", explanation_public=False)
    make_declaration(politician, kind=DeclarationKind.other, organisation="MARKER-FAMILY-ORG",
                     description="MARKER-FAMILY-DESC", explanation="MARKER-FAMILY-EXPLANATION",
                     role="Familierelatie", concerns_family=True)
    review_services.review_declaration(public, reviewer=reviewer, outcome=ReviewOutcome.agreement_needed,
                                       comment="MARKER-REVIEW-COMMENT", comment_public=False)
    signed = make_agreement(politician, [public], title="Zichtbare afspraak", text="Zichtbare afspraaktekst")
    sign_off(signed, reviewer, comment="MARKER-SIGNOFF-COMMENT", comment_public=False)
    agreement_services.revise_agreement(signed, title="MARKER-REVISED-TITLE", text="MARKER-REVISED-TEXT",
                                        declarations=[public], actor=user)
    make_agreement(politician, [public], title="MARKER-SUBMITTED-TITLE", text="MARKER-SUBMITTED-TEXT")
    make_agreement(politician, [public], title="MARKER-DRAFT-AGREEMENT", text="MARKER-DRAFT-TEXT", submit=False)
    refused = make_agreement(politician, [public], title="MARKER-REFUSED-TITLE", text="MARKER-REFUSED-TEXT")
    review_services.request_changes(refused, reviewer=reviewer, comment="MARKER-REQUEST-COMMENT")
    db.session.commit()
    return body, politician


def public_urls(politician) -> list[str]:
    base = f"{politician.body.slug}/{politician.slug}"
    return [
        "/search?body=geheimstad", "/search?q=rol", "/search?q=afgeschermde", "/search?q=familierelatie",
        "/organisatie/zichtbare", "/organisatie/latere-naam",
        "/export/geheimstad.csv", "/export/geheimstad.json", "/export/all.csv", "/export/all.json",
        "/api/v1/bodies", "/api/v1/bodies/geheimstad", "/api/v1/bodies/geheimstad/politicians",
        f"/api/v1/politicians/{base}", "/api/v1/declarations", "/api/v1/declarations?body=geheimstad",
        "/api/v1/agreements", "/api/v1/agreements?body=geheimstad",
        "/feed.atom", "/register/geheimstad/feed.atom",
    ]


def test_no_private_data_appears_in_search_organisation_pages_exports_api_or_feeds(client, planted):
    _body, politician = planted
    everything = ""
    for url in public_urls(politician):
        text_ = get(client, url).get_data(as_text=True)
        assert "MARKER" not in text_.upper(), url
        assert "98761234" not in text_, url  # the KvK number would name the shielded organisation
        assert "@example.nl" not in text_, url
        everything += text_
    for visible in ("Zichtbare Stichting", "Zichtbare rol", "Zichtbare toelichting", "Latere Naam",
                    "Afgeschermde rol", "Familierelatie", "Zichtbare afspraak", "Zichtbare afspraaktekst",
                    "Rik Recensent", "Petra Publiek"):
        assert visible in everything, visible


@pytest.mark.parametrize("query", ["marker", "MARKER-DRAFT-ORG", "marker-earlier", "marker-shielded",
                                   "marker-family", "98761234", "example.nl"])
def test_searching_for_private_values_finds_nothing(client, planted, query):
    html = get(client, f"/search?q={query}").get_data(as_text=True)
    assert "<h2>0 opgaven gevonden</h2>" in html


@pytest.mark.parametrize("key", ["marker-draft-org", "marker-earlier-draft", "marker-shielded-org",
                                 "marker-family-org", "kvk-98761234"])
def test_organisation_pages_of_private_organisations_do_not_exist(client, planted, key):
    get(client, f"/organisatie/{key}", status=404)


def test_former_members_leave_every_channel_after_the_retention_period(client, app):
    from dateutil.relativedelta import relativedelta

    from register.models.base import amsterdam_today

    body = make_body("Gemeente Oudstad", slug="oudstad", retention_months=12)
    group = make_group(body, name="Fractie Oud")
    today = amsterdam_today()
    gone = make_politician(group, name="Gerda Vertrokken", active=False, term_end=today - relativedelta(months=13))
    recent = make_politician(group, name="Rob Recent", active=False, term_end=today - relativedelta(months=2))
    reviewer = make_user(reviewer_of=[group])
    for politician, organisation in ((gone, "Oude Werkgever"), (recent, "Recente Werkgever")):
        make_user(politician=politician)
        sign_off(make_agreement(politician, [make_declaration(politician, organisation=organisation)],
                                title=f"Afspraak van {politician.name}"), reviewer)
    urls = ["/search?q=werkgever", "/organisatie/oude-werkgever", "/export/oudstad.csv", "/export/all.json",
            "/api/v1/bodies/oudstad/politicians", "/api/v1/declarations", "/api/v1/agreements", "/feed.atom",
            "/register/oudstad/feed.atom"]
    texts = {url: client.get(url).get_data(as_text=True) for url in urls}
    for url, text_ in texts.items():
        assert "Gerda Vertrokken" not in text_ and "Oude Werkgever" not in text_, url
        if url != "/organisatie/oude-werkgever":
            assert "Rob Recent" in text_, url
    assert client.get("/organisatie/oude-werkgever").status_code == 404
    response = client.get(f"/api/v1/politicians/oudstad/{gone.slug}")
    assert response.status_code == 410 and "bewaartermijn" in response.get_json()["error"]
    assert client.get(f"/api/v1/politicians/oudstad/{recent.slug}").status_code == 200
