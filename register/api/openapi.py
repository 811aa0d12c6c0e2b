"""The OpenAPI 3.1 document of the API. Schemas forbid extra properties, so the tests that validate real
responses against them also prove that nothing undocumented (an e-mail address, a draft) slips out.
"""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from register.models import DeclarationKind, IncomeBand, Office, ReviewOutcome
from register.models.people import BodyKind
from register.models.declarations import GiftOutcome, GiftValueBand, HoldingBand
from register.opendata.serialize import SHIELDABLE


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


def _object(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": [name for name in properties if name not in optional]}


def _links(*names: str, nullable: tuple[str, ...] = ()) -> dict:
    return _object({n: _nullable("string", format="uri") if n in nullable else {"type": "string", "format": "uri"}
                    for n in names})


def _schemas() -> dict[str, Any]:
    body_properties = {
        "slug": {"type": "string"}, "name": {"type": "string"},
        "kind": {"type": "string", "enum": [k.value for k in BodyKind]},
        "active": {"type": "boolean"},
        "declaration_deadline_days": {"type": "integer", "description": _("Meldtermijn in dagen.")},
        "required_sign_offs": {"type": "integer", "description": _("Aantal aftekeningen per afspraak.")},
        "links": _links("self", "politicians", "html", "export_csv", "export_json", "feed"),
    }
    ref_properties = {
        "slug": {"type": "string"}, "name": {"type": "string"},
        "office": {"type": "string", "enum": [o.value for o in Office]},
        "body": _object({"slug": {"type": "string"}, "name": {"type": "string"}}),
        "fractie": {"oneOf": [_ref("Fractie"), {"type": "null"}]},
        "links": _links("self", "html"),
    }
    summary_properties = {
        **ref_properties, "active": {"type": "boolean"},
        "term_start": _nullable("string", format="date"), "term_end": _nullable("string", format="date"),
        "last_confirmed_at": _nullable("string", format="date-time",
                                       description=_("Laatste jaarlijkse bevestiging (Nederlandse tijd).")),
        "current_declarations": {"type": "integer"}, "current_agreements": {"type": "integer"},
    }
    page_properties = {
        "page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
        "total": {"type": "integer", "minimum": 0}, "pages": {"type": "integer", "minimum": 1},
        "links": _links("self", "next", "prev", nullable=("next", "prev")),
    }
    return {
        "Error": _object({"error": {"type": "string", "description": _("Foutmelding in het Nederlands.")}}),
        "Fractie": _object({"slug": {"type": "string"}, "name": {"type": "string"}}),
        "Body": _object(body_properties),
        "BodyList": _object({"items": {"type": "array", "items": _ref("Body")}, "total": {"type": "integer"}}),
        "BodyDetail": _object({
            **body_properties,
            "fracties": {"type": "array", "items": _object({
                "slug": {"type": "string"}, "name": {"type": "string"}, "active": {"type": "boolean"},
                "politicians": {"type": "integer", "description": _("Ambtsdragers in functie.")}})},
            "politicians": {"type": "integer", "description": _("Ambtsdragers in functie.")},
            "current_declarations": {"type": "integer"},
        }),
        "PoliticianRef": _object(ref_properties),
        "PoliticianSummary": _object(summary_properties),
        "PoliticianList": _object({"items": {"type": "array", "items": _ref("PoliticianSummary")},
                                   "total": {"type": "integer"}}),
        "PoliticianDetail": _object({
            **summary_properties,
            "declarations": {"type": "array", "items": _ref("Declaration"),
                             "description": _("Lopende opgaven.")},
            "ended_declarations": {"type": "array", "items": _ref("Declaration")},
            "agreements": {"type": "array", "items": _ref("Agreement"),
                           "description": _("Lopende afgetekende afspraken (de afgetekende versie).")},
            "ended_agreements": {"type": "array", "items": _ref("Agreement")},
        }),
        "Review": _object({"reviewer": {"type": "string"}, "reviewed_at": {"type": "string", "format": "date-time"},
                           "outcome": {"type": "string", "enum": [o.value for o in ReviewOutcome], "description": _(
                               "Het oordeel van de fractie: geen risico, afspraak nodig, of onverenigbaar met het "
                               "ambt.")},
                           "outcome_label": {"type": "string", "description": _("Het oordeel in woorden.")},
                           "comment": _nullable("string", description=_("Alleen als de beoordelaar de "
                                                                         "toelichting openbaar maakte.")),
                           "accepted_started_on": _nullable("string", format="date", description=_(
                               "Gecorrigeerde begindatum die de beoordelaar namens de fractie aanvaardde; de "
                               "meldtermijn telt dan vanaf die datum.")),
                           "replaces_earlier_review": {
                               "type": "boolean", "description": _("De beoordelaar herzag een eerdere "
                                                                   "beoordeling; alleen de huidige staat hier.")}}),
        "Declaration": _object({
            "id": {"type": "integer"},
            "state": {"type": "string", "enum": ["current", "ended"]},
            "kind": {"type": "string", "enum": [k.value for k in DeclarationKind]},
            "organisation": _nullable("string", description=_("Leeg (null) als afgeschermd: zie withheld.")),
            "withheld": {"type": "array", "items": {"type": "string", "enum": list(SHIELDABLE)},
                         "description": _("Velden die alleen fractie en griffie zien.")},
            "kvk_number": _nullable("string", pattern="^[0-9]{8}$"),
            "role": {"type": "string"},
            "description": _nullable("string"),
            "paid": {"type": "boolean"},
            "income_band": {"oneOf": [{"type": "string", "enum": [b.value for b in IncomeBand]}, {"type": "null"}]},
            "hours_per_month": _nullable("integer"),
            "ex_officio": {"type": "boolean"},
            "estimated_value": _nullable("integer", description=_("Geschatte waarde in euro (geschenken).")),
            "explanation": _nullable("string"),
            "started_on": {"type": "string", "format": "date"},
            "ended_on": _nullable("string", format="date"),
            "declared_on": {"type": "string", "format": "date"},
            "declared_at": {"type": "string", "format": "date-time"},
            "days_late": {"type": "integer", "minimum": 0,
                          "description": _("Dagen na de meldtermijn; 0 is op tijd.")},
            "deadline_days": {"type": "integer",
                              "description": _("De meldtermijn die gold toen de opgave voor het eerst werd gedaan.")},
            "deadline_counted_from": {"type": "string", "format": "date", "description": _(
                "Datum vanaf waar de meldtermijn telt: de begindatum zoals eerst opgegeven (of het begin van de "
                "zittingsperiode als dat later is), of een gecorrigeerde begindatum die de fractie aanvaardde.")},
            "version": {"type": "integer"},
            "corrected": {"type": "boolean"},
            "correction_reason": _nullable("string"),
            "gift_value_band": {"oneOf": [{"type": "string", "enum": [b.value for b in GiftValueBand]},
                                          {"type": "null"}], "description": _("Geschenk: geschatte waarde in een "
                                                                             "klasse (euro).")},
            "gift_outcome": {"oneOf": [{"type": "string", "enum": [o.value for o in GiftOutcome]}, {"type": "null"}],
                             "description": _("Geschenk: aangenomen, teruggegeven of afgedragen aan het orgaan.")},
            "holding_band": {"oneOf": [{"type": "string", "enum": [b.value for b in HoldingBand]}, {"type": "null"}],
                             "description": _("Financieel belang: omvang in een klasse (euro).")},
            "late_explanation": _nullable("string", description=_("Toelichting van de ambtsdrager op een te late "
                                                                  "opgave.")),
            "politician": _ref("PoliticianRef"),
            "reviews": {"type": "array", "items": _ref("Review")},
        }, optional=("politician", "reviews")),
        "Agreement": _object({
            "id": {"type": "integer"},
            "state": {"type": "string", "enum": ["current", "ended"]},
            "version": {"type": "integer", "description": _("Nummer van de afgetekende versie.")},
            "title": {"type": "string"}, "text": {"type": "string"},
            "signed_off_at": {"type": "string", "format": "date-time"},
            "signed_off_by": {"type": "array", "items": _object({
                "name": {"type": "string"}, "signed_off_at": {"type": "string", "format": "date-time"},
                "comment": _nullable("string")})},
            "declarations": {"type": "array", "items": {"type": "integer"},
                             "description": _("Id's van de gekoppelde openbare opgaven.")},
            "ended_at": _nullable("string", format="date-time"),
            "end_reason": _nullable("string"),
            "politician": _ref("PoliticianRef"),
        }, optional=("politician",)),
        "DeclarationPage": _object({"items": {"type": "array", "items": _ref("Declaration")}, **page_properties}),
        "AgreementPage": _object({"items": {"type": "array", "items": _ref("Agreement")}, **page_properties}),
        "ApiIndex": _object({
            "title": {"type": "string"}, "version": {"type": "string"}, "description": {"type": "string"},
            "links": _links("index", "openapi", "bodies", "declarations", "agreements", "html", "open_data"),
            "templates": _object({name: {"type": "string", "format": "uri-template"}
                                  for name in ("body", "body_politicians", "politician")}),
        }),
    }


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _parameter(name: str, where: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required or where == "path", "description": description,
            "schema": schema}


def _operation(operation_id: str, summary: str, response: str, parameters=(), errors=(404,)) -> dict:
    responses = {"200": _json(response, _("Gelukt."))}
    messages = {400: _("Ongeldige parameter."), 404: _("Niet gevonden."),
                410: _("Oud-ambtsdrager na de bewaartermijn: niet meer openbaar.")}
    for code in errors:
        responses[str(code)] = _json("Error", messages[code])
    return {"get": {"operationId": operation_id, "summary": summary, "parameters": list(parameters),
                    "responses": responses}}


def document(server_url: str) -> dict[str, Any]:
    """The OpenAPI document; server_url is the absolute address of /api/v1."""
    slug = _parameter("slug", "path", _("Korte naam van het orgaan."), {"type": "string"})
    body_filter = _parameter("body", "query", _("Alleen dit orgaan (korte naam); onbekend geeft 404."),
                             {"type": "string"})
    paging = [
        _parameter("page", "query", _("Paginanummer, vanaf 1. Een pagina voorbij het einde is leeg."),
                   {"type": "integer", "minimum": 1, "default": 1}),
        _parameter("per_page", "query", _("Aantal per pagina, standaard 25, ten hoogste 100: grotere waarden "
                                          "worden teruggebracht tot 100."),
                   {"type": "integer", "minimum": 1, "default": 25}),
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Belangenregister API", "version": "1.0.0",
            "description": _("Alleen-lezen toegang tot het openbare belangenregister: organen, ambtsdragers, "
                             "gepubliceerde opgaven en afgetekende afspraken. Geen login. Afgeschermde velden "
                             "zijn null en staan in withheld. Tijden in ISO 8601 (Nederlandse tijd), datums als "
                             "JJJJ-MM-DD. Fouten als {\"error\": \"...\"}."),
            "license": {"name": "CC0 1.0", "identifier": "CC0-1.0"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": _operation("apiIndex", _("Overzicht: de adressen van alle onderdelen van deze API."), "ApiIndex",
                            errors=()),
            "/openapi.json": {"get": {"operationId": "openapi", "summary": _("Deze beschrijving."),
                                      "responses": {"200": {"description": _("Het OpenAPI-document."),
                                                            "content": {"application/json": {
                                                                "schema": {"type": "object"}}}}}}},
            "/bodies": _operation("listBodies", _("Alle organen."), "BodyList", errors=()),
            "/bodies/{slug}": _operation("getBody", _("Eén orgaan met zijn fracties."), "BodyDetail", [slug]),
            "/bodies/{slug}/politicians": _operation(
                "listBodyPoliticians", _("De ambtsdragers van een orgaan, met oud-leden binnen de bewaartermijn."),
                "PoliticianList",
                [slug]),
            "/politicians/{body_slug}/{politician_slug}": _operation(
                "getPolitician", _("Eén ambtsdrager met opgaven en afgetekende afspraken."), "PoliticianDetail",
                [_parameter("body_slug", "path", _("Korte naam van het orgaan."), {"type": "string"}),
                 _parameter("politician_slug", "path", _("Korte naam van de ambtsdrager."), {"type": "string"})],
                errors=(404, 410)),
            "/declarations": _operation(
                "listDeclarations", _("Gepubliceerde opgaven, nieuwste melding eerst."), "DeclarationPage",
                [_parameter("q", "query", _("Zoektekst, zoals op de zoekpagina: elk woord (of \"woordgroep\" tussen "
                                            "aanhalingstekens) in de functie of de openbare organisatie of "
                                            "omschrijving. Ten hoogste 200 tekens; langer wordt ingekort."),
                            {"type": "string"}),
                 body_filter,
                 _parameter("kind", "query", _("Soort belang."),
                            {"type": "string", "enum": [k.value for k in DeclarationKind]}),
                 _parameter("state", "query", _("current: lopend; ended: beëindigd."),
                            {"type": "string", "enum": ["current", "ended"]}),
                 *paging], errors=(400, 404)),
            "/agreements": _operation(
                "listAgreements", _("Afgetekende afspraken (de afgetekende versie), nieuwste eerst."),
                "AgreementPage", [body_filter, *paging], errors=(400, 404)),
        },
        "components": {"schemas": _schemas()},
    }
