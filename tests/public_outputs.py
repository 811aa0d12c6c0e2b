"""Every public output of a register, for tests that compare what the public sees before and after a change.

`public_urls()` derives the addresses from the app's routes (every GET route of the blueprints the page cache
serves), filled in with every body, politician and organisation in the database, plus the queries below for lists
and search. A route with a parameter this module cannot fill makes the caller fail, so a new public route is
walked as soon as it exists (add its parameter to `_values`).
"""
from __future__ import annotations

import itertools

from flask import current_app
from sqlalchemy import select

from register.cache import CACHED_BLUEPRINTS, NOT_CACHED_ENDPOINTS
from register.extensions import db
from register.models import Body, DeclarationKind, DeclarationVersion, Politician

# Query strings per endpoint, besides the plain address: every page of every list, every filter.
KINDS = [kind.value for kind in DeclarationKind]
QUERIES = {
    "search.search": [f"?q={term}" for term in ("Stichting", "Voorbeeldstad", "lid", "BV")]
    + [f"?kind={kind}&state={state}&page={page}" for kind in KINDS for state in ("current", "ended")
       for page in (1, 2)],
    "api.declarations": [f"?per_page=100&state={state}" for state in ("current", "ended")],
    "api.agreements": ["?per_page=100"],
}
SKIPPED_ENDPOINTS = {"api.unknown"}  # the API's JSON 404 for unknown addresses
ALL_BODIES = {"opendata.export", "opendata.export_recusals"}  # "all" stands for every body there


def _values(argument: str, endpoint: str) -> list[dict[str, str]]:
    if argument in ("body_slug", "slug"):
        slugs = list(db.session.scalars(select(Body.slug).order_by(Body.id)))
        return [{argument: slug} for slug in slugs + (["all"] if endpoint in ALL_BODIES else [])]
    if argument == "key":
        keys = db.session.scalars(select(DeclarationVersion.organisation_key).distinct()
                                  .where(DeclarationVersion.organisation_key.is_not(None)))
        kvk = db.session.scalars(select(DeclarationVersion.kvk_number).distinct()
                                 .where(DeclarationVersion.kvk_number.is_not(None)))
        return [{"key": key} for key in sorted(keys)] + [{"key": f"kvk-{number}"} for number in sorted(kvk)]
    raise LookupError(f"no values for <{argument}> of {endpoint}: add them to _values in tests/public_outputs.py")


def _assignments(rule) -> list[dict[str, str]]:
    arguments = set(rule.arguments)
    groups: list[list[dict[str, str]]] = []
    if "politician_slug" in arguments:
        rows = db.session.execute(select(Body.slug, Politician.slug).join(Politician.body).order_by(Politician.id))
        groups.append([{"body_slug": body, "politician_slug": person} for body, person in rows])
        arguments -= {"body_slug", "politician_slug"}
    for argument in sorted(arguments):
        converter = rule._converters.get(argument)
        items = getattr(converter, "items", None)
        groups.append([{argument: item} for item in sorted(items)] if items else _values(argument, rule.endpoint))
    return [dict(itertools.chain.from_iterable(d.items() for d in combo)) for combo in itertools.product(*groups)]


def public_urls() -> list[str]:
    """Every address of every public output for the data in the database."""
    from flask import url_for

    urls = []
    for rule in current_app.url_map.iter_rules():
        endpoint = rule.endpoint
        if (endpoint.split(".")[0] not in CACHED_BLUEPRINTS or endpoint in NOT_CACHED_ENDPOINTS
                or endpoint in SKIPPED_ENDPOINTS or "GET" not in rule.methods):
            continue
        for values in _assignments(rule):
            with current_app.test_request_context():
                base = url_for(endpoint, **values)
            urls += [base] + [base + query for query in QUERIES.get(endpoint, [])]
    return sorted(set(urls))


def render_all(client, urls: list[str]) -> dict[str, tuple[int, bytes]]:
    """Status and body of every address, rendered afresh (not from the page cache)."""
    app = client.application
    caching, app.config["HTTP_CACHING"] = app.config.get("HTTP_CACHING", True), False
    try:
        outputs = {}
        for url in urls:
            response = client.get(url)
            outputs[url] = (response.status_code, response.get_data())
            db.session.rollback()  # as the end of a request would: the next one reads afresh
        return outputs
    finally:
        app.config["HTTP_CACHING"] = caching
