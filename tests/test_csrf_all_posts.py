"""CSRF on every POST route, and no state change on any GET route, found by walking the app's URL map."""
from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select

from register.extensions import db
from register.models import AuditEvent
from tests.factories import PASSWORD, make_user
from tests.test_access_inventory import build_world, rule_url, url_values


# RFC 8058 one-click unsubscribe: mail clients POST without a form; the token in the address authenticates.
TOKEN_AUTHENTICATED = {"alerts.one_click"}


def _rules(app, method: str):
    return sorted((r for r in app.url_map.iter_rules() if method in r.methods), key=lambda r: r.rule)


def all_counts() -> dict[str, int]:
    """Rows in every table; refused accesses are kept in the audit trail and so are left out of its count."""
    counts = {}
    for table in db.metadata.sorted_tables:
        query = select(func.count()).select_from(table)
        if table.name == AuditEvent.__tablename__:
            query = query.where(table.c.action != "access.refused")
        counts[table.name] = db.session.scalar(query)
    return counts


def _all_roles_user(world):
    """Politician, reviewer of the fractie and griffie of the body at once: every POST is open to them."""
    from register.models import Politician
    politician = Politician(body=world.body, group=world.group, name="Alle Rollen", sort_name="Rollen, Alle",
                            slug="alle-rollen")
    db.session.add(politician)
    db.session.commit()
    return make_user(politician=politician, reviewer_of=[world.group], griffie_of=[world.body])


def _log_in(client, user) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_every_post_route_refuses_a_missing_csrf_token_and_changes_nothing(app, client):
    world = build_world()
    _log_in(client, _all_roles_user(world))
    values = url_values(world)
    rules = _rules(app, "POST")
    assert len(rules) >= 20  # the walk found the app's forms
    before = all_counts()
    refused = {}
    for rule in rules:
        url = rule_url(rule, values)
        if rule.endpoint in TOKEN_AUTHENTICATED:  # no CSRF token by design; an unknown token changes nothing
            assert client.post(url, data={"List-Unsubscribe": "One-Click"}, csrf=False).status_code == 200
            continue
        response = client.post(url, data={"comment": "x", "reason": "x", "text": "x" * 20}, csrf=False)
        refused[rule.endpoint] = response.status_code
        assert "CSRF" in response.get_data(as_text=True), rule.endpoint
    assert {e: s for e, s in refused.items() if s != 400} == {}
    assert all_counts() == before


def test_a_post_with_a_token_does_get_through(app, client):
    """The walk above proves something only if a POST with a token is accepted by the same client."""
    world = build_world()
    _log_in(client, world.owner)
    response = client.post(f"/mijn/opgaven/{world.draft.id}/publiceren", data={"based_on": "1"})
    assert response.status_code == 302


def test_a_post_with_a_token_from_another_session_is_refused(app, client):
    world = build_world()
    _log_in(client, world.owner)
    other = app.test_client()
    token = other.csrf_token()  # valid for the other client's session only
    with client.session_transaction() as session:
        session["csrf_token"] = "een-andere-sessie"
    before = all_counts()
    response = client.post(f"/mijn/opgaven/{world.draft.id}/publiceren", data={"csrf_token": token}, csrf=False)
    assert response.status_code == 400
    assert all_counts() == before


ROLES = ["anonymous", "owner", "reviewer_same", "griffie_same", "outsider", "all_roles"]
# Extra query strings that reach more of a page's code.
EXTRA_QUERIES = {
    "declarations.new": ["?soort=side_job", "?soort=gift", "?soort=onzin"],
    "agreements.new": ["?opgave={declaration_id}"],
    "search.search": ["?q=Sportpark", "?q="],
    "api.declarations": ["?organisation=Sportpark"],
    "admin.audit": ["?page=2"],
}


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_changes_anything(app, role):
    world = build_world()
    user = _all_roles_user(world) if role == "all_roles" else getattr(world, role, None)
    client = app.test_client()
    if user is not None:
        _log_in(client, user)
    values = url_values(world)
    before = all_counts()
    statuses = {}
    for rule in _rules(app, "GET"):
        url = rule_url(rule, values)
        for query in [""] + EXTRA_QUERIES.get(rule.endpoint, []):
            response = client.get(url + query.format(**values))
            statuses[url + query] = response.status_code
            response.close()
    assert [u for u, s in statuses.items() if s >= 500] == []
    assert all_counts() == before


def test_the_get_walk_sees_the_pages_behind_a_login(app):
    """A walk that only ever got redirects to the login page would prove nothing."""
    world = build_world()
    client = app.test_client()
    _log_in(client, _all_roles_user(world))
    values = url_values(world)
    ok = [rule.endpoint for rule in _rules(app, "GET")
          if client.get(rule_url(rule, values)).status_code == 200]
    for endpoint in ("declarations.dashboard", "admin.body", "review.queue", "agreements.detail", "signals.detail"):
        assert endpoint in ok


def test_every_table_of_the_database_is_counted(app):
    """all_counts() covers the schema the migrations made (no table is forgotten). The search index (SQLite's
    FTS5 tables) only mirrors declaration_version, which is counted."""
    from register.db_setup import include_in_autogenerate
    names = {name for name in inspect(db.engine).get_table_names()
             if include_in_autogenerate(name, "table", {})} - {"alembic_version"}
    assert names <= set(all_counts())
