"""Search across all bodies and organisation pages: public, no login, never a 500 on odd input."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from register.models import DeclarationKind
from register.models.organisations import organisation_key
from register.search import forgiving, queries

bp = Blueprint("search", __name__)
SHOWN_VALUE = 80  # an ignored filter value is echoed back, but not at any length


def page_number(value) -> int:
    """A page number from the query string; anything odd means page 1 (the query caps huge numbers)."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def _filters(args) -> tuple[queries.Filters, list[str], dict[str, str]]:
    """The filters that exist; unknown values are ignored with a message. Also the values to keep in links."""
    filters, notices, kept = queries.Filters(), [], {}
    body_slug = queries.clean_value(args.get("body"), SHOWN_VALUE)
    if body_slug:
        filters.body = queries.find_body(body_slug)
        if filters.body is None:
            notices.append(_("Onbekend orgaan „%(value)s”: dit filter is genegeerd.", value=body_slug))
        else:
            kept["body"] = body_slug
    group_slug = queries.clean_value(args.get("fractie"), SHOWN_VALUE)
    if group_slug:
        if not queries.fractie_exists(group_slug, filters.body):
            notices.append(_("Onbekende fractie „%(value)s”: dit filter is genegeerd.", value=group_slug))
        else:
            filters.group_slug = kept["fractie"] = group_slug
    kind = queries.clean_value(args.get("kind"), SHOWN_VALUE)
    if kind:
        try:
            filters.kind = DeclarationKind(kind)
            kept["kind"] = kind
        except ValueError:
            notices.append(_("Onbekende soort „%(value)s”: dit filter is genegeerd.", value=kind))
    state = queries.clean_value(args.get("state"), SHOWN_VALUE)
    if state:
        if state in queries.STATES:
            filters.state = kept["state"] = state
        else:
            notices.append(_("Onbekende stand „%(value)s”: dit filter is genegeerd.", value=state))
    late = queries.clean_value(args.get("late"), SHOWN_VALUE)
    if late == "1":
        filters.late, kept["late"] = True, "1"
    elif late:
        notices.append(_("Onbekende waarde „%(value)s” voor te laat opgegeven: dit filter is genegeerd.", value=late))
    return filters, notices, kept


@bp.get("/search")
def search():
    """Published declarations by organisation, role or description, across all bodies."""
    raw = queries.clean_value(request.args.get("q"), limit=10 * queries.MAX_QUERY_LENGTH)
    text = queries.clean_query(raw)
    filters, notices, kept = _filters(request.args)
    if len(raw) > len(text):
        notices.append(_("De zoekopdracht is ingekort tot %(n)s tekens.", n=queries.MAX_QUERY_LENGTH))
    if text:
        kept["q"] = text
    page = page_number(request.args.get("page"))
    results = queries.search_declarations(text, filters, page) if text or filters.any else None
    found = _names_and_suggestion(text, results, filters, page)
    bodies, groups = queries.search_options(filters.body)
    return render_template("search/search.html", text=text, filters=filters, notices=notices, kept=kept,
                           results=results, bodies=bodies, groups=groups, **found)


def _names_and_suggestion(text: str, results, filters: queries.Filters, page: int) -> dict:
    """People and fracties by name (first page only); for a text that finds nothing, the text with each misspelt
    word replaced by the closest word of the register ("Bedoelde u …?") and what that finds."""
    found: dict[str, Any] = {"people": [], "fracties": [], "suggestion": None, "suggested": None}
    if not text:
        return found
    if page == 1:
        found["people"], found["fracties"] = forgiving.people(text), forgiving.groups(text)
    if results is not None and results.total == 0 and not found["people"] and not found["fracties"]:
        found["suggestion"] = forgiving.corrected(text)
        if found["suggestion"]:
            found["suggested"] = queries.search_declarations(found["suggestion"], filters, page)
    return found


@bp.get("/organisatie/<key>")
def organisation(key):
    """Everyone with a public declaration at one organisation; 'kvk-12345678' joins on the KvK number."""
    canonical = organisation_key(key)
    if not canonical:
        abort(404)
    if canonical != key:
        return redirect(url_for(".organisation", key=canonical), 301)
    page = queries.organisation_register(key, page_number(request.args.get("page")))
    if page is None:
        abort(404)
    return render_template("search/organisation.html", org=page)
