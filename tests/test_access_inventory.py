"""Authorization inventory: every endpoint has a declared rule, enforced centrally; object rules leave no IDOR."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import Flask

from register.access import ACCESS, GRIFFIE, LOGIN, POLITICIAN, PUBLIC, is_valid_rule, unlisted_endpoints
from register.extensions import db
from register.models.base import amsterdam_today
from register.signals import services as signal_services
from tests.factories import (
    PASSWORD, make_agreement, make_body, make_declaration, make_group, make_politician, make_user,
)


# --- a world with an object for every kind of id in a URL (also used by test_csrf_all_posts) ------------------

def build_world() -> SimpleNamespace:
    """Body A with fracties G1 (the owner's) and G2, body B; a user for every role; objects in every state."""
    body, other_body = make_body("Gemeente Voorbeeldstad"), make_body("Gemeente Elders")
    group, other_group, far_group = make_group(body, "Fractie Groen"), make_group(body, "Fractie Blauw"), \
        make_group(other_body, "Fractie Ver")
    owner = make_user(politician=make_politician(group, name="Anna de Vries"), name="Anna de Vries")
    declaration = make_declaration(owner.politician, organisation="Stichting Sportpark Noord")
    draft = make_declaration(owner.politician, publish=False, organisation="Concept BV",
                             started_on=amsterdam_today() - timedelta(days=1))  # on time: publishing asks nothing
    agreement = make_agreement(owner.politician, [declaration], title="Niet stemmen over het sportpark")
    draft_agreement = make_agreement(owner.politician, [declaration], submit=False, title="Nog een concept")
    griffie = make_user(griffie_of=[body], name="Griet Griffie")
    signal = signal_services.receive_signal(
        body, politician=owner.politician, text="Anna de Vries is ook directeur van Bouwbedrijf Noord.",
        source_url=None, contact_email=None, client="test")
    signal_services.open_signal(signal, actor=griffie)
    db.session.commit()
    return SimpleNamespace(
        body=body, other_body=other_body, group=group, other_group=other_group, owner=owner,
        declaration=declaration, draft=draft, agreement=agreement, draft_agreement=draft_agreement, signal=signal,
        colleague=make_user(politician=make_politician(group)),
        outsider=make_user(politician=make_politician(far_group)),
        reviewer_same=make_user(reviewer_of=[group]),
        reviewer_other=make_user(reviewer_of=[other_group]),
        griffie_same=griffie,
        griffie_other=make_user(griffie_of=[other_body]),
    )


def url_values(world: SimpleNamespace) -> dict[str, object]:
    """A real value for every URL argument of the app; a new kind of argument must be added here."""
    from register.models.organisations import organisation_key
    from tests.issue16_world import issue16_values
    return {
        "body_slug": world.body.slug, "politician_slug": world.owner.politician.slug, "slug": world.body.slug,
        "declaration_id": world.declaration.id, "agreement_id": world.agreement.id, "group_id": world.group.id,
        "politician_id": world.owner.politician.id, "user_id": world.owner.id, "signal_id": world.signal.id,
        "key": organisation_key("Stichting Sportpark Noord"), "fmt": "csv", "filename": "css/site.css",
        "batch_id": 999999, "token": "geen-geldige-link", "group_slug": world.group.slug,
        "_unknown": "onbekend",
        **issue16_values(world),  # a belangencheck, an agenda match, an upload (tests/issue16_world.py)
    }


def rule_url(rule, values: dict[str, object]) -> str:
    missing = sorted(set(rule.arguments) - set(values))
    assert not missing, f"{rule.endpoint}: give the test world a value for {missing} (tests/test_access_inventory.py)"
    return rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]


# --- the inventory ---------------------------------------------------------------------------------------------

def test_every_endpoint_has_a_declared_access_rule(app):
    missing = unlisted_endpoints(app)
    assert not missing, ("Endpoints without a rule in register/access.py ACCESS (add 'public', 'login', "
                         f"'politician', 'reviewer', 'griffie' or a tuple of roles): {missing}")


def test_every_declared_rule_is_valid_and_names_an_existing_endpoint(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert [e for e, rule in ACCESS.items() if not is_valid_rule(rule)] == []
    assert sorted(set(ACCESS) - endpoints) == [], "rules for endpoints that no longer exist"


def test_a_new_route_without_a_rule_is_reported(app):
    app.add_url_rule("/proef-zonder-regel", "proef_zonder_regel", lambda: "ok")
    assert unlisted_endpoints(app) == ["proef_zonder_regel"]


@pytest.mark.parametrize("deny,expected", [(True, 403), (False, 200)])
def test_unlisted_endpoint_is_refused_when_the_flag_is_on(app, client, login, deny, expected):
    app.add_url_rule("/proef-zonder-regel", "proef_zonder_regel", lambda: "ok")
    app.config["ACCESS_DENY_UNLISTED"] = deny
    login(make_user(griffie_of=[make_body()]))
    assert client.get("/proef-zonder-regel").status_code == expected
    assert client.get("/").status_code == 200  # listed endpoints are unaffected


# --- the central check runs before any view --------------------------------------------------------------------

def _probe(app: Flask, monkeypatch, rule) -> str:
    """A view that checks nothing itself: whatever refuses, refuses centrally."""
    app.add_url_rule("/proef", "proef", lambda: "binnen")
    monkeypatch.setitem(ACCESS, "proef", rule)
    return "/proef"


@pytest.mark.parametrize("rule,role,expected", [
    (PUBLIC, "anonymous", 200), (LOGIN, "anonymous", 302), (LOGIN, "politician", 200),
    (GRIFFIE, "anonymous", 302), (GRIFFIE, "politician", 403), (GRIFFIE, "reviewer", 403), (GRIFFIE, "griffie", 200),
    (POLITICIAN, "griffie", 403), (POLITICIAN, "politician", 200), ("reviewer", "politician", 403),
    ("reviewer", "reviewer", 200), (("reviewer", "griffie"), "griffie", 200),
    (("reviewer", "griffie"), "reviewer", 200),
    (("reviewer", "griffie"), "politician", 403),
])
def test_central_role_check(app, client, login, monkeypatch, rule, role, expected):
    url = _probe(app, monkeypatch, rule)
    group = make_group()
    users = {"politician": lambda: make_user(politician=make_politician(group)),
             "reviewer": lambda: make_user(reviewer_of=[group]),
             "griffie": lambda: make_user(griffie_of=[group.body])}
    if role != "anonymous":
        login(users[role]())
    response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert "/login" in response.headers["Location"]


def test_expired_session_counts_as_anonymous(app, client, login, monkeypatch):
    url = _probe(app, monkeypatch, LOGIN)
    login(make_user(griffie_of=[make_body()]))
    with client.session_transaction() as session:
        session["seen_at"] -= 24 * 3600
    assert client.get(url).status_code == 302


# --- role x object route: allowed AND refused, no IDOR ---------------------------------------------------------

ROLES = ["anonymous", "owner", "colleague", "outsider", "reviewer_same", "reviewer_other", "griffie_same",
         "griffie_other"]

# Decision forms name the version they decide on: the world's agreements and drafts are at version 1, its
# published declaration at version 2 (a draft, then its publication).
V1, V2 = {"based_on": "1"}, {"based_on": "2"}
# (name, method, url template, data, the roles that get the allowed status); everyone else logged in gets 403,
# anonymous visitors are sent to the login page.
ROUTES = [
    ("declaration detail", "get", "/mijn/opgaven/{declaration}", None, 200,
     {"owner", "reviewer_same", "griffie_same"}),
    ("declaration edit", "get", "/mijn/opgaven/{declaration}/bewerken", None, 200, {"owner"}),
    ("declaration publish", "post", "/mijn/opgaven/{draft}/publiceren", V1, 302, {"owner"}),
    ("declaration end", "get", "/mijn/opgaven/{declaration}/beeindigen", None, 200, {"owner"}),
    ("declaration withdraw", "get", "/mijn/opgaven/{declaration}/intrekken", None, 200, {"owner"}),
    ("agreement detail", "get", "/mijn/afspraken/{agreement}", None, 200, {"owner", "reviewer_same", "griffie_same"}),
    ("agreement edit", "get", "/mijn/afspraken/{draft_agreement}/bewerken", None, 200, {"owner"}),
    ("agreement submit", "post", "/mijn/afspraken/{draft_agreement}/aanbieden", V1, 302, {"owner"}),
    ("agreement end", "get", "/mijn/afspraken/{agreement}/beeindigen", None, 200, {"owner"}),
    ("review agreement", "get", "/beoordelen/afspraken/{agreement}", None, 200, {"reviewer_same", "griffie_same"}),
    ("review sign-off", "post", "/beoordelen/afspraken/{agreement}/aftekenen", {"comment": "Akkoord", **V1}, 302,
     {"reviewer_same"}),
    ("review request changes", "post", "/beoordelen/afspraken/{agreement}/wijziging-vragen",
     {"comment": "Graag scherper", **V1}, 302, {"reviewer_same"}),
    ("review declaration", "get", "/beoordelen/opgaven/{declaration}", None, 200, {"reviewer_same", "griffie_same"}),
    ("review declaration post", "post", "/beoordelen/opgaven/{declaration}", {"outcome": "no_risk", **V2}, 302,
     {"reviewer_same"}),
    ("admin body", "get", "/beheer/{body}/", None, 200, {"griffie_same"}),
    ("admin settings", "get", "/beheer/{body}/instellingen", None, 200, {"griffie_same"}),
    ("admin group", "get", "/beheer/{body}/fracties/{group}/bewerken", None, 200, {"griffie_same"}),
    ("admin politician", "get", "/beheer/{body}/ambtsdragers/{politician}/bewerken", None, 200, {"griffie_same"}),
    ("admin account", "get", "/beheer/{body}/accounts/{user}/bewerken", None, 200, {"griffie_same"}),
    ("admin accounts", "get", "/beheer/{body}/accounts", None, 200, {"griffie_same"}),
    ("admin audit", "get", "/beheer/{body}/logboek", None, 200, {"griffie_same"}),
    ("signal detail", "get", "/beheer/{body}/meldingen/{signal}", None, 200, {"griffie_same"}),
    ("admin end term", "get", "/beheer/{body}/ambtsdragers/{politician}/deactiveren", None, 200, {"griffie_same"}),
    ("admin created by mistake", "get", "/beheer/{body}/ambtsdragers/{politician}/vergissing", None, 200,
     {"griffie_same"}),
    ("admin account deactivate", "get", "/beheer/{body}/accounts/{user}/deactiveren", None, 200, {"griffie_same"}),
    ("admin resend invitation", "post", "/beheer/{body}/accounts/{user}/uitnodigen", {}, 302, {"griffie_same"}),
    ("admin appoint reviewer", "get", "/beheer/{body}/fracties/{group}/beoordelaar", None, 200, {"griffie_same"}),
    ("admin import", "get", "/beheer/{body}/import", None, 200, {"griffie_same"}),
    ("admin griffie sign-off", "get", "/beheer/{body}/afspraken/{agreement}/aftekenen", None, 403, set()),
    ("site administration", "get", "/sitebeheer/", None, 200, set()),
    ("signal of the politician", "get", "/mijn/meldingen/{signal}", None, 200, {"owner"}),
    # Unknown objects: 404 for whoever may use the page at all.
    ("unknown declaration", "get", "/mijn/opgaven/999999", None, 404,
     {"owner", "colleague", "outsider", "reviewer_same", "reviewer_other", "griffie_same", "griffie_other"}),
    ("unknown agreement", "get", "/mijn/afspraken/999999", None, 404,
     {"owner", "colleague", "outsider", "reviewer_same", "reviewer_other", "griffie_same", "griffie_other"}),
    ("unknown body", "get", "/beheer/bestaat-niet/", None, 404, {"griffie_same", "griffie_other"}),
]
# Griffie of another body asking for a group/politician/account of this body via its own body's URL: refused too.
CROSS_BODY = [
    ("group of another body", "/beheer/{other_body}/fracties/{group}/bewerken"),
    ("politician of another body", "/beheer/{other_body}/ambtsdragers/{politician}/bewerken"),
    ("account of another body", "/beheer/{other_body}/accounts/{user}/bewerken"),
    ("signal of another body", "/beheer/{other_body}/meldingen/{signal}"),
    ("politician ending of another body", "/beheer/{other_body}/ambtsdragers/{politician}/deactiveren"),
    ("mistake of another body", "/beheer/{other_body}/ambtsdragers/{politician}/vergissing"),
    ("account deactivation of another body", "/beheer/{other_body}/accounts/{user}/deactiveren"),
    ("reviewer of another body", "/beheer/{other_body}/fracties/{group}/beoordelaar"),
    ("griffie sign-off of another body", "/beheer/{other_body}/afspraken/{agreement}/aftekenen"),
]


def _fill(template: str, world) -> str:
    return template.format(
        declaration=world.declaration.id, draft=world.draft.id, agreement=world.agreement.id,
        draft_agreement=world.draft_agreement.id, body=world.body.slug, other_body=world.other_body.slug,
        group=world.group.id, politician=world.owner.politician.id, user=world.owner.id, signal=world.signal.id)


def _expected(role: str, allowed_status: int, allowed: set[str]) -> int:
    if role == "anonymous":
        return 302
    return allowed_status if role in allowed else 403


@pytest.mark.parametrize("name,method,template,data,allowed_status,allowed", ROUTES, ids=[r[0] for r in ROUTES])
def test_every_role_against_object_route(app, login, name, method, template, data, allowed_status, allowed):
    """One world per route; every role in its own client; the allowed roles last (a POST may change the state)."""
    world = build_world()
    url = _fill(template, world)
    table = []
    for role in sorted(ROLES, key=lambda r: r in allowed):
        client = app.test_client()
        if role != "anonymous":
            client.post("/login", data={"email": getattr(world, role).email, "password": PASSWORD})
        response = client.get(url) if method == "get" else client.post(url, data=data)
        location = response.headers.get("Location", "")
        expected = _expected(role, allowed_status, allowed)
        # Anonymous visitors go to the login page; an allowed POST redirects elsewhere.
        ok = response.status_code == expected and (expected != 302 or ("/login" in location) == (role == "anonymous"))
        table.append((role, expected, response.status_code, location, ok))
    wrong = [row[:4] for row in table if not row[4]]
    assert not wrong, f"{method.upper()} {url}: (role, expected, got, location) {wrong}"


@pytest.mark.parametrize("name,template", CROSS_BODY, ids=[c[0] for c in CROSS_BODY])
def test_griffie_cannot_reach_another_bodys_objects_through_its_own_body(app, client, login, name, template):
    world = build_world()
    login(world.griffie_other)
    assert client.get(_fill(template, world)).status_code in (403, 404)


def test_unlisted_endpoints_are_refused_by_default(app, client):
    """Deny by default: a route someone forgets to declare is closed, not open."""
    assert app.config["ACCESS_DENY_UNLISTED"] is True
    app.add_url_rule("/proef-vergeten", "proef_vergeten", lambda: "open")
    assert client.get("/proef-vergeten").status_code == 403
