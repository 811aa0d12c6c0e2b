"""The read-only JSON API under /api/v1/: public data only, no login, JSON errors, bounded pages."""
from __future__ import annotations

from typing import Any, NoReturn
from urllib.parse import unquote

from flask import Blueprint, abort, jsonify, make_response, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from register.api import openapi, queries, represent
from register.extensions import db
from register.models import Agreement, AgreementVersion, Body, Declaration, DeclarationKind, DeclarationVersion
from register.public.queries import all_bodies, politician_register
from register.search import queries as search
from register.search.queries import Hit

URL_PREFIX = "/api/v1"
bp = Blueprint("api", __name__, url_prefix=URL_PREFIX)
DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
ERRORS = {400: _l("Ongeldig verzoek."), 404: _l("Niet gevonden."), 405: _l("Deze methode is niet toegestaan."),
          410: _l("Deze oud-ambtsdrager staat niet meer in het openbare register: de bewaartermijn is verstreken."),
          500: _l("Er ging iets mis.")}


def fail(status: int, message: str) -> NoReturn:
    abort(make_response(jsonify(error=message), status))


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException):
    code = error.code or 500
    return jsonify(error=str(ERRORS.get(code, ERRORS[500]))), code


@bp.errorhandler(500)
def server_error(_error):
    db.session.rollback()
    return jsonify(error=_("Er ging iets mis.")), 500


@bp.after_request
def public_headers(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _integer(name: str, default: int) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        fail(400, _("Parameter %(name)s moet een geheel getal zijn.", name=name))


def _paging() -> tuple[int, int]:
    """page >= 1 (capped); per_page clamped to 1..100."""
    page, per_page = _integer("page", 1), _integer("per_page", DEFAULT_PER_PAGE)
    if page < 1:
        fail(400, _("Parameter page moet 1 of hoger zijn."))
    return min(page, MAX_PAGE), max(1, min(per_page, MAX_PER_PAGE))


def _listing(items: list, total: int, page: int, per_page: int, endpoint: str, **params) -> dict[str, Any]:
    pages = max(1, -(-total // per_page))

    def link(number: int) -> str:
        return url_for(endpoint, page=number, per_page=per_page, _external=True, **params)
    return {"items": items, "page": page, "per_page": per_page, "total": total, "pages": pages,
            "links": {"self": link(page), "next": link(page + 1) if page < pages else None,
                      "prev": link(min(page - 1, pages)) if page > 1 else None}}


def _body(slug: str | None) -> Body:
    found = search.find_body(slug)
    if found is None:
        fail(404, _("Onbekend orgaan: %(slug)s.", slug=(slug or "")[:80]))
    return found


def _choice(name: str, allowed: dict):
    value = request.args.get(name) or None
    if value is not None and value not in allowed:
        fail(400, _("Onbekende waarde voor %(name)s: kies uit %(values)s.", name=name,
                    values=", ".join(allowed)))
    return allowed.get(value) if value else None


def _template(endpoint: str, **placeholders: str) -> str:
    """An absolute URI template (RFC 6570) for an endpoint with path parameters: url_for escapes the braces."""
    return unquote(url_for(endpoint, _external=True, **{k: "{" + v + "}" for k, v in placeholders.items()}))


@bp.get("/", endpoint="index")
def api_index():
    """Where everything is: each endpoint of the API (templates for those with path parameters) and its
    OpenAPI description, so a script can start from /api/v1/ alone."""
    return jsonify({
        "title": "Belangenregister API", "version": "1.0.0",
        "description": _("Alleen-lezen toegang tot het openbare belangenregister. Zie openapi voor de beschrijving."),
        "links": {name: url_for(f"api.{name}", _external=True)
                  for name in ("index", "openapi", "bodies", "declarations", "agreements")}
        | {"html": url_for("public.index", _external=True), "open_data": url_for("opendata.index", _external=True)},
        "templates": {"body": _template("api.body", slug="slug"),
                      "body_politicians": _template("api.body_politicians", slug="slug"),
                      "politician": _template("api.politician", body_slug="body_slug",
                                              politician_slug="politician_slug")},
    })


@bp.get("/openapi.json", endpoint="openapi")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi.document(request.url_root.rstrip("/") + URL_PREFIX))


@bp.get("/bodies")
def bodies():
    """Every body (a few hundred at most: not paginated)."""
    items = all_bodies()
    return jsonify(items=[represent.body(b) for b in items], total=len(items))


@bp.get("/bodies/<slug>")
def body(slug):
    """A body with its fracties and counts."""
    item = _body(slug)
    groups, members = queries.groups_with_members(item)
    declarations, _agreements = queries.current_counts(item.id)
    return jsonify({**represent.body(item),
                    "fracties": [{"slug": g.slug, "name": g.name, "active": g.active,
                                  "politicians": members.get(g.id, 0)} for g in groups],
                    "politicians": sum(members.values()),
                    "current_declarations": sum(declarations.values())})


@bp.get("/bodies/<slug>/politicians")
def body_politicians(slug):
    """A body's politicians in office and former members within the retention period, with counts."""
    item = _body(slug)
    rows = queries.listed_politicians(item)
    declarations, agreements = queries.current_counts(item.id)
    return jsonify(items=[represent.politician_summary(p, item, g, declarations=declarations.get(p.id, 0),
                                                       agreements=agreements.get(p.id, 0)) for p, g in rows],
                   total=len(rows))


def _published(declaration: Declaration) -> DeclarationVersion:
    version = declaration.published_version
    assert version is not None  # the public register lists only declarations with a published version
    return version


def _signed(agreement: Agreement) -> AgreementVersion:
    version = agreement.signed_version
    assert version is not None  # the public register lists only agreements with a signed-off version
    return version


@bp.get("/politicians/<body_slug>/<politician_slug>")
def politician(body_slug, politician_slug):
    """A politician's public record: current and ended declarations, signed-off agreements."""
    if not (search.is_clean(body_slug) and search.is_clean(politician_slug)):
        fail(404, _("Onbekende ambtsdrager."))
    page = politician_register(body_slug, politician_slug)
    p, group = page.politician, page.politician.group

    def hit(d: Declaration) -> dict:
        return represent.declaration(Hit(d, _published(d), p, page.body, group), with_politician=False,
                                     reviews=d.current_reviews)
    current = [d for items in page.current.values() for d in items]
    declarations, agreements = len(current), len(page.agreements)
    return jsonify({
        **represent.politician_summary(p, page.body, group, declarations=declarations, agreements=agreements),
        "declarations": [hit(d) for d in current],
        "ended_declarations": [hit(d) for d in page.ended],
        "agreements": [represent.agreement(a, _signed(a)) for a in page.agreements],
        "ended_agreements": [represent.agreement(a, _signed(a)) for a in page.ended_agreements],
    })


@bp.get("/declarations")
def declarations():
    """Published declarations across bodies, filtered by search text (as /search), body, kind and state; paged."""
    filters = search.Filters(body=_body(request.args["body"]) if request.args.get("body") else None,
                             kind=_choice("kind", {k.value: k for k in DeclarationKind}),
                             state=_choice("state", {s: s for s in search.STATES}))
    page, per_page = _paging()
    text = search.clean_query(request.args.get("q"))
    total, hits = queries.declaration_page(filters, text, page, per_page)
    params = {k: request.args[k] for k in ("body", "kind", "state") if request.args.get(k)}
    if text:
        params["q"] = text
    return jsonify(_listing([represent.declaration(hit) for hit in hits], total, page, per_page,
                            "api.declarations", **params))


@bp.get("/agreements")
def agreements():
    """Signed-off agreements (their signed-off version), current and ended, optionally of one body; paginated."""
    item = _body(request.args["body"]) if request.args.get("body") else None
    page, per_page = _paging()
    total, rows = queries.agreement_page(item, page, per_page)
    items = [represent.agreement(a, v, politician=represent.politician_ref(p, b, g)) for a, v, p, b, g in rows]
    params = {"body": item.slug} if item is not None else {}
    return jsonify(_listing(items, total, page, per_page, "api.agreements", **params))


@bp.route("/<path:_unknown>")
def unknown(_unknown):
    """Any other path under /api/v1/ answers in JSON too."""
    fail(404, _("Onbekend adres in de API; zie /api/v1/openapi.json."))
