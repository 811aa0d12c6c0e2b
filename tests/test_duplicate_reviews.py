"""One review per reviewer per version: a double submission stores one review, a contradicting one from a stale tab
is refused, and a changed mind is a new, recorded decision that replaces the old one visibly."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from register.extensions import db
from register.models import AuditEvent, Review, ReviewOutcome
from register.review import services as review_services
from tests.factories import make_body, make_declaration, make_group, make_politician_user, make_user
from tests.test_stale_decisions import hidden

URL = "/beoordelen/opgaven/{}"


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def world(app):
    body = make_body("Gemeente Voorbeeldstad")
    group = make_group(body, "Fractie Groen")
    owner = make_politician_user(group, name="Anna de Vries")
    declaration = make_declaration(owner.politician, organisation="Stichting Sportpark Noord", role="Voorzitter")
    return SimpleNamespace(body=body, owner=owner, declaration=declaration,
                           reviewer=make_user(reviewer_of=[group], name="Carla Controle"),
                           second_reviewer=make_user(reviewer_of=[group], name="Daan Tweede"))


def _form(client, declaration) -> dict:
    """The hidden fields of the review form as the reviewer's page shows them now."""
    html = _html(client.get(URL.format(declaration.id)))
    return {"based_on": hidden(html, "based_on"), "replaces": hidden(html, "replaces")}


def _public_page(client, world) -> str:
    politician = world.owner.politician
    return _html(client.get(f"/register/{world.body.slug}/{politician.slug}/"))


def test_submitting_a_review_twice_stores_it_once(world, client, login):
    login(world.reviewer)
    form = {**_form(client, world.declaration), "outcome": "no_risk", "comment": "Geen bezwaar"}
    assert client.post(URL.format(world.declaration.id), data=form).status_code == 302
    again = client.post(URL.format(world.declaration.id), data=form)  # a double click, a resent form
    assert again.status_code == 302
    assert "Deze beoordeling was al vastgelegd." in _html(client.get("/beoordelen/"))
    assert _count(Review) == 1 and _count(AuditEvent, AuditEvent.action == "declaration.reviewed") == 1
    client.post("/logout")
    assert _public_page(client, world).count("door Carla Controle") == 1


def test_contradicting_review_from_a_stale_tab_is_refused_and_shows_the_current_decision(world, client, login):
    login(world.reviewer)
    tab1, tab2 = _form(client, world.declaration), _form(client, world.declaration)
    assert client.post(URL.format(world.declaration.id), data={**tab1, "outcome": "no_risk"}).status_code == 302

    response = client.post(URL.format(world.declaration.id),
                           data={**tab2, "outcome": "incompatible", "comment": "Past niet bij het ambt"})

    assert response.status_code == 409
    html = _html(response)
    assert "U heeft deze versie intussen al beoordeeld" in html and "Geen risico" in html
    assert "Er is niets vastgelegd" in html
    assert 'Past niet bij het ambt' in html  # the reviewer's own input is kept
    assert [r.outcome for r in db.session.scalars(select(Review))] == [ReviewOutcome.no_risk]


def test_a_changed_mind_replaces_the_old_review_which_stays_on_record(world, client, login):
    login(world.reviewer)
    client.post(URL.format(world.declaration.id), data={**_form(client, world.declaration), "outcome": "no_risk"})
    page = _html(client.get(URL.format(world.declaration.id)))
    assert "U heeft deze versie beoordeeld als" in page and "vervangt die" in page

    response = client.post(URL.format(world.declaration.id), data={
        **_form(client, world.declaration), "outcome": "agreement_needed", "comment": "Toch een afspraak nodig",
        "comment_public": "y"})

    assert response.status_code == 302
    old, new = db.session.scalars(select(Review).order_by(Review.id)).all()
    assert old.replaced_by_id == new.id and old.replaced_at is not None and new.replaced_at is None
    assert (old.outcome, new.outcome) == (ReviewOutcome.no_risk, ReviewOutcome.agreement_needed)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "declaration.review_replaced"))
    assert event.data["replaced_review"] == old.id and event.data["previous_outcome"] == "no_risk"
    reviewer_page = _html(client.get(URL.format(world.declaration.id)))
    assert "Vervangen door een nieuwere beoordeling van Carla Controle" in reviewer_page
    client.post("/logout")
    public = _public_page(client, world)
    assert public.count("door Carla Controle") == 1  # only the current decision
    assert "vervangt een eerdere beoordeling" in public and "Toch een afspraak nodig" in public


def test_the_service_stores_a_repeated_review_once(world):
    kwargs = dict(reviewer=world.reviewer, outcome=ReviewOutcome.no_risk, comment="Prima", version=2)
    first = review_services.review_declaration(world.declaration, **kwargs)
    second = review_services.review_declaration(world.declaration, **kwargs)
    assert first is second and _count(Review) == 1


def test_the_service_refuses_a_contradicting_review_that_names_nothing_to_replace(world):
    review_services.review_declaration(world.declaration, reviewer=world.reviewer, outcome=ReviewOutcome.no_risk)
    with pytest.raises(review_services.StaleDecision):
        review_services.review_declaration(world.declaration, reviewer=world.reviewer,
                                           outcome=ReviewOutcome.incompatible, comment="Toch niet")
    assert _count(Review) == 1


def test_another_reviewer_cannot_replace_someone_elses_review(world):
    first = review_services.review_declaration(world.declaration, reviewer=world.reviewer,
                                               outcome=ReviewOutcome.no_risk)
    with pytest.raises(review_services.StaleDecision):
        review_services.review_declaration(world.declaration, reviewer=world.second_reviewer,
                                           outcome=ReviewOutcome.incompatible, comment="x", replaces=first.id)
    # Their own review stands beside it: one live review per reviewer.
    review_services.review_declaration(world.declaration, reviewer=world.second_reviewer,
                                       outcome=ReviewOutcome.incompatible, comment="x")
    assert _count(Review, Review.replaced_at.is_(None)) == 2


def test_the_database_refuses_a_second_live_review_of_one_version_by_one_reviewer(world):
    for _ in range(2):
        db.session.add(Review(declaration_id=world.declaration.id, version_number=2, reviewer_id=world.reviewer.id,
                              outcome=ReviewOutcome.no_risk))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_migration_keeps_existing_duplicates_as_replaced_reviews(world):
    """Reviews stored twice before the fix: nothing is lost; the newest per reviewer and version stays current, each
    older one is marked replaced by the next, at the moment that one was made."""
    from alembic.script import ScriptDirectory
    from flask import current_app
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    declaration_id, reviewer_id, other_id = world.declaration.id, world.reviewer.id, world.second_reviewer.id
    db.session.commit()
    db.session.remove()
    downgrade(revision=script.get_revision("e1a7c3b5d902").down_revision)
    rows = [(declaration_id, reviewer_id, "no_risk", "2026-01-05 10:00:00"),
            (declaration_id, reviewer_id, "incompatible", "2026-01-05 10:00:01"),
            (declaration_id, reviewer_id, "no_risk", "2026-01-06 09:00:00"),
            (declaration_id, other_id, "no_risk", "2026-01-07 09:00:00")]
    with db.engine.begin() as connection:
        for declaration, reviewer, outcome, at in rows:
            connection.execute(text(
                "INSERT INTO review (declaration_id, version_number, reviewer_id, outcome, comment_public, created_at)"
                " VALUES (:d, 2, :r, :o, false, :at)"), {"d": declaration, "r": reviewer, "o": outcome, "at": at})
    upgrade(revision="heads")

    reviews = db.session.scalars(select(Review).order_by(Review.id)).all()
    assert len(reviews) == 4
    first, second, third, other = reviews
    assert (first.replaced_by_id, second.replaced_by_id, third.replaced_by_id) == (second.id, third.id, None)
    assert first.replaced_at == second.created_at and second.replaced_at == third.created_at
    assert third.is_current and other.is_current


def test_the_api_lists_only_the_current_review_and_says_it_replaced_one(world, client):
    old = review_services.review_declaration(world.declaration, reviewer=world.reviewer,
                                             outcome=ReviewOutcome.no_risk)
    review_services.review_declaration(world.declaration, reviewer=world.reviewer, replaces=old.id,
                                       outcome=ReviewOutcome.agreement_needed, comment="Afspraak nodig")
    db.session.commit()
    politician = world.owner.politician
    data = client.get(f"/api/v1/politicians/{world.body.slug}/{politician.slug}").get_json()
    [reviews] = [d["reviews"] for d in data["declarations"]]
    assert [(r["reviewer"], r["replaces_earlier_review"]) for r in reviews] == [("Carla Controle", True)]
