"""The JSON API: real responses of every endpoint validated against its own OpenAPI document."""
from __future__ import annotations

from datetime import date

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from register.agreements import services as agreement_services
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import DeclarationKind, ReviewOutcome
from register.review import services as review_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_user, sign_off,
)
from tests.test_search import count_queries


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture
def register_(app):
    """Two bodies; a politician with current, ended and shielded declarations and a signed-off agreement."""
    body = make_body("Gemeente Apistad", slug="apistad")
    group = make_group(body, name="Partij Eén")
    politician = make_politician(group, name="Anna de Wit")
    user = make_user(politician=politician)
    reviewer = make_user(reviewer_of=[group], name="Rik Recensent")
    current = make_declaration(politician, organisation="Woonbelang", role="Bestuurslid", kvk_number="12345678")
    make_declaration(politician, organisation="Geheim", organisation_public=False, role="Adviseur",
                     kind=DeclarationKind.financial)
    ended = make_declaration(politician, organisation="Zwembad", role="Voorzitter")
    declaration_services.end_declaration(ended, ended_on=date(2025, 6, 30), actor=user)
    review_services.review_declaration(current, reviewer=reviewer, outcome=ReviewOutcome.no_risk,
                                       comment="Openbare beoordeling", comment_public=True)
    agreement = make_agreement(politician, [current], title="Geen subsidiebesluiten", text="Ik stem niet mee.")
    sign_off(agreement, reviewer, comment="Akkoord", comment_public=True)
    make_politician(make_group(make_body("Waterschap Nat", slug="nat")), name="Bert Kok")
    make_declaration(make_politician(group), kind=DeclarationKind.gift, organisation="Schouwburg", role="Gast")
    db.session.commit()
    return body, politician, agreement


def validator(spec: dict, schema: dict) -> Draft202012Validator:
    """A validator for one schema of the document, resolving its $refs within the document."""
    return Draft202012Validator({**schema, "components": spec["components"]},
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def check(client, spec: dict, path: str, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, url
    assert response.mimetype == "application/json"
    documented = spec["paths"][path]["get"]["responses"][str(status)]
    schema = documented["content"]["application/json"]["schema"]
    validator(spec, schema).validate(response.get_json())
    return response.get_json()


def test_openapi_document_is_valid(spec):
    validate_spec(spec)
    assert spec["openapi"].startswith("3.1")
    assert spec["servers"] == [{"url": "http://localhost/api/v1"}]


EVERY_ENDPOINT = [
    ("/", "/"),
    ("/openapi.json", "/openapi.json"),
    ("/bodies", "/bodies"),
    ("/bodies/{slug}", "/bodies/apistad"),
    ("/bodies/{slug}/politicians", "/bodies/apistad/politicians"),
    ("/politicians/{body_slug}/{politician_slug}", "/politicians/apistad/{politician}"),
    ("/declarations", "/declarations"),
    ("/declarations", "/declarations?body=apistad&kind=side_job&state=current&page=1&per_page=2"),
    ("/declarations", "/declarations?state=ended"),
    ("/agreements", "/agreements"),
    ("/agreements", "/agreements?body=apistad&per_page=1"),
]


def test_every_documented_path_is_tested_here(spec):
    assert set(spec["paths"]) == {path for path, _url in EVERY_ENDPOINT}


@pytest.mark.parametrize("path, url", EVERY_ENDPOINT)
def test_real_responses_match_the_documented_schema(client, spec, register_, path, url):
    data = check(client, spec, path, "/api/v1" + url.replace("{politician}", register_[1].slug))
    assert data


@pytest.mark.parametrize("path, url, status", [
    ("/bodies/{slug}", "/bodies/nergens", 404),
    ("/bodies/{slug}/politicians", "/bodies/nergens/politicians", 404),
    ("/politicians/{body_slug}/{politician_slug}", "/politicians/apistad/niemand", 404),
    ("/politicians/{body_slug}/{politician_slug}", "/politicians/nergens/niemand", 404),
    ("/declarations", "/declarations?body=nergens", 404),
    ("/declarations", "/declarations?kind=salaris", 400),
    ("/declarations", "/declarations?state=misschien", 400),
    ("/declarations", "/declarations?page=abc", 400),
    ("/declarations", "/declarations?per_page=veel", 400),
    ("/declarations", "/declarations?page=0", 400),
    ("/agreements", "/agreements?body=nergens", 404),
    ("/agreements", "/agreements?page=-1", 400),
])
def test_errors_are_json_with_a_dutch_message(client, spec, register_, path, url, status):
    data = check(client, spec, path, "/api/v1" + url, status=status)
    assert data["error"]


def test_the_api_root_is_an_index_linking_every_endpoint(client, spec, register_):
    data = check(client, spec, "/", "/api/v1/")
    assert data["links"]["openapi"] == "http://localhost/api/v1/openapi.json"
    assert data["templates"]["politician"] == "http://localhost/api/v1/politicians/{body_slug}/{politician_slug}"
    listed = {url.removeprefix("http://localhost/api/v1") for url in [*data["links"].values(),
                                                                     *data["templates"].values()]}
    assert set(spec["paths"]) <= listed
    for url in data["links"].values():
        assert client.get(url).status_code == 200, url
    body, politician, _agreement = register_
    filled = data["templates"]["politician"].format(body_slug=body.slug, politician_slug=politician.slug)
    assert client.get(filled).get_json()["name"] == "Anna de Wit"


@pytest.mark.parametrize("url", ["/api/v1/onbekend", "/api/v1/bodies/apistad/extra/diep",
                                 "/api/v1/politicians/apistad/" + "x" * 300])
def test_unknown_api_addresses_answer_in_json(client, register_, url):
    response = client.get(url)
    assert response.status_code == 404 and "error" in response.get_json()


def test_a_control_character_in_the_address_is_refused_not_a_500(client, register_):
    # The app-wide input guard answers 400 before the view; without it the view answers a JSON 404.
    assert client.get("/api/v1/politicians/apistad%00/x").status_code in (400, 404)


def test_bodies_list_and_detail(client, register_):
    data = client.get("/api/v1/bodies").get_json()
    assert [b["slug"] for b in data["items"]] == ["apistad", "nat"] and data["total"] == 2
    body = client.get("/api/v1/bodies/apistad").get_json()
    assert body["name"] == "Gemeente Apistad" and body["politicians"] == 2
    assert body["fracties"] == [{"slug": body["fracties"][0]["slug"], "name": "Partij Eén", "active": True,
                                 "politicians": 2}]
    assert body["current_declarations"] == 3
    assert body["links"]["export_csv"] == "http://localhost/export/apistad.csv"


def test_politicians_of_a_body_with_counts(client, register_):
    items = client.get("/api/v1/bodies/apistad/politicians").get_json()["items"]
    anna = next(p for p in items if p["name"] == "Anna de Wit")
    assert anna["current_declarations"] == 2 and anna["current_agreements"] == 1
    assert anna["fractie"]["name"] == "Partij Eén" and anna["office"] == "raadslid"
    assert anna["links"]["html"] == f"http://localhost/register/apistad/{register_[1].slug}/"


def test_politician_record_shows_declarations_and_the_signed_agreement_with_who_and_when(client, register_):
    _body, politician, agreement = register_
    data = client.get(f"/api/v1/politicians/apistad/{politician.slug}").get_json()
    assert {d["role"] for d in data["declarations"]} == {"Bestuurslid", "Adviseur"}
    assert [d["role"] for d in data["ended_declarations"]] == ["Voorzitter"]
    shielded = next(d for d in data["declarations"] if d["role"] == "Adviseur")
    assert shielded["organisation"] is None and shielded["withheld"] == ["organisation"]
    current = next(d for d in data["declarations"] if d["role"] == "Bestuurslid")
    assert current["reviews"][0]["reviewer"] == "Rik Recensent"
    assert current["reviews"][0]["comment"] == "Openbare beoordeling"
    (signed,) = data["agreements"]
    assert signed["title"] == "Geen subsidiebesluiten" and signed["declarations"] == [current["id"]]
    assert signed["signed_off_by"][0]["name"] == "Rik Recensent"
    assert signed["signed_off_by"][0]["comment"] == "Akkoord"
    assert signed["signed_off_at"].startswith(agreement.signed_version.signed_off_at.strftime("%Y-%m-%d"))


def test_a_revised_agreement_shows_only_the_signed_version(client, register_):
    _body, politician, agreement = register_
    agreement_services.revise_agreement(agreement, title="Nieuwe concepttitel", text="Concepttekst",
                                        declarations=agreement.signed_version.declarations, actor=politician.user)
    agreement_services.submit_agreement(agreement, actor=politician.user)
    db.session.commit()
    for url in (f"/api/v1/politicians/apistad/{politician.slug}", "/api/v1/agreements"):
        text = client.get(url).get_data(as_text=True)
        assert "Geen subsidiebesluiten" in text and "Nieuwe concepttitel" not in text and "Concepttekst" not in text


def test_only_signed_off_agreements_are_listed(client, register_):
    _body, politician, _agreement = register_
    make_agreement(politician, title="Nog niet afgetekend")
    make_agreement(politician, title="Nog een concept", submit=False)
    data = client.get("/api/v1/agreements").get_json()
    assert [a["title"] for a in data["items"]] == ["Geen subsidiebesluiten"] and data["total"] == 1
    assert data["items"][0]["politician"]["name"] == "Anna de Wit"


def test_ended_agreement_keeps_its_signed_version_with_the_end(client, register_):
    _body, politician, agreement = register_
    agreement_services.end_agreement(agreement, reason="Functie beëindigd", actor=politician.user)
    db.session.commit()
    item = client.get("/api/v1/agreements").get_json()["items"][0]
    assert item["state"] == "ended" and item["end_reason"] == "Functie beëindigd" and item["ended_at"]


def test_declarations_filters(client, register_):
    def roles(query: str) -> set[str]:
        return {d["role"] for d in client.get(f"/api/v1/declarations{query}").get_json()["items"]}
    assert roles("") == {"Bestuurslid", "Adviseur", "Voorzitter", "Gast"}
    assert roles("?kind=gift") == {"Gast"} and roles("?kind=financial") == {"Adviseur"}
    assert roles("?state=ended") == {"Voorzitter"}
    assert roles("?body=nat") == set()
    assert client.get("/api/v1/declarations?body=apistad").get_json()["total"] == 4


def test_declarations_search_text_as_on_the_search_page(client, spec, register_):
    def roles(query: str) -> set[str]:
        return {d["role"] for d in check(client, spec, "/declarations", f"/api/v1/declarations{query}")["items"]}
    assert roles("?q=woonbelang") == {"Bestuurslid"}
    assert roles("?q=voorzitter&state=ended") == {"Voorzitter"}
    assert roles("?q=nergensteVinden") == set()
    assert roles("?q=geheim") == set()  # a shielded organisation never makes a hit, as on /search
    assert roles("?q=") == {"Bestuurslid", "Adviseur", "Voorzitter", "Gast"}
    data = client.get("/api/v1/declarations?q=Woonbelang&per_page=1").get_json()
    assert data["total"] == 1 and data["links"]["self"].endswith("q=Woonbelang")


@pytest.mark.parametrize("q", ["x" * 5000, "\"\"\"", "%25_%5C", "Ωμέγα 中文 🙂", "   ", "a" * 199 + "🙂"])
def test_declarations_search_text_never_fails(client, spec, register_, q):
    data = check(client, spec, "/declarations", f"/api/v1/declarations?q={q}")
    assert data["total"] == 0 or q.strip() == ""


def test_a_control_character_in_the_search_text_is_a_json_400(client, spec, register_):
    assert check(client, spec, "/declarations", "/api/v1/declarations?q=a%00b", status=400)["error"]


def test_pages_are_bounded_and_clamped(client, register_):
    data = client.get("/api/v1/declarations?per_page=1000").get_json()
    assert data["per_page"] == 100 and data["total"] == 4
    data = client.get("/api/v1/declarations?per_page=2&page=2").get_json()
    assert len(data["items"]) == 2 and data["pages"] == 2 and data["links"]["next"] is None
    assert data["links"]["prev"].endswith("page=1&per_page=2")
    first = client.get("/api/v1/declarations?per_page=2").get_json()
    assert first["links"]["next"].endswith("page=2&per_page=2")
    assert {d["id"] for d in first["items"]}.isdisjoint({d["id"] for d in data["items"]})
    huge = client.get("/api/v1/declarations?page=99999999999999999999").get_json()
    assert huge["items"] == [] and huge["total"] == 4
    assert client.get("/api/v1/declarations?per_page=0").get_json()["per_page"] == 1


def test_api_is_open_to_scripts_elsewhere(client, register_):
    assert client.get("/api/v1/bodies").headers["Access-Control-Allow-Origin"] == "*"


def test_lists_cost_the_same_number_of_queries_for_more_items(client, register_):
    few = {url: count_queries(client, url) for url in ("/api/v1/declarations", "/api/v1/agreements",
                                                       "/api/v1/bodies/apistad/politicians")}
    body, politician, _agreement = register_
    reviewer = make_user(reviewer_of=[politician.group])
    for _ in range(3):
        other = make_politician(politician.group)
        make_user(politician=other)
        sign_off(make_agreement(other, [make_declaration(other)]), reviewer)
    for url, count in few.items():
        assert count_queries(client, url) == count, url


def test_a_former_member_past_retention_is_gone_as_documented(client, spec, register_):
    body = register_[0]
    body.retention_months = 6
    former = make_politician(register_[1].group, active=False, term_end=date(2020, 1, 31))
    db.session.commit()
    data = check(client, spec, "/politicians/{body_slug}/{politician_slug}",
                 f"/api/v1/politicians/apistad/{former.slug}", status=410)
    assert "bewaartermijn" in data["error"]
    listed = client.get("/api/v1/bodies/apistad/politicians").get_json()["items"]
    assert former.slug not in {p["slug"] for p in listed}
