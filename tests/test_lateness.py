"""Lateness cannot be erased: it is fixed by what was due when the interest was first declared. A later correction
of the start date is shown beside the badge and counts as first declared everywhere (pages, history, feeds,
exports, API, statistics), unless a reviewer of the fractie accepts the correction in a recorded, public review."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, UTC
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from register.admin import services as admin_services
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import AuditEvent, Declaration, ReviewOutcome
from register.review import services as review_services
from tests.factories import make_body, make_declaration, make_group, make_politician_user, make_user
from tests.test_public import dd_after, page, politician_url
from tests.test_stale_decisions import hidden

STARTED, DECLARED, CORRECTED = date(2025, 1, 1), datetime(2025, 7, 20, 11, tzinfo=UTC), date(2025, 7, 15)
LATE = "193 dagen te laat"  # declared 200 days after the start, against a deadline of 7 days
NOTE = "begindatum later gecorrigeerd van 1 januari 2025 naar 15 juli 2025"


@pytest.fixture
def world(app):
    body = make_body("Gemeente Tijdstad", slug="tijdstad", declaration_deadline_days=7)
    group = make_group(body, "Partij Tijdig")
    owner = make_politician_user(group, name="Lotte Tijdig")
    declaration = make_declaration(owner.politician, organisation="Stichting Laat", role="Bestuurslid",
                                   started_on=STARTED)
    declaration.declared_at = DECLARED
    db.session.commit()
    return SimpleNamespace(body=body, group=group, owner=owner, politician=owner.politician,
                           declaration=declaration, reviewer=make_user(reviewer_of=[group], name="Carla Controle"),
                           griffie=make_user(griffie_of=[body]))


def _correct_start(world, started_on=CORRECTED) -> None:
    declaration_services.correct_declaration(world.declaration, {"started_on": started_on}, actor=world.owner,
                                             reason="Begindatum was verkeerd")
    db.session.commit()


def _accept(world, **kwargs):
    review = review_services.review_declaration(world.declaration, reviewer=world.reviewer,
                                                outcome=ReviewOutcome.no_risk, accept_start=True, **kwargs)
    db.session.commit()
    return review


def _export_row(client, world, fmt: str) -> dict:
    response = client.get(f"/export/{world.body.slug}.{fmt}")
    if fmt == "csv":
        return next(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    return response.get_json()["declarations"][0]


def _outputs(client, world) -> dict:
    """Lateness as every public output states it."""
    html = page(client, politician_url(world.politician))
    api = client.get(f"/api/v1/politicians/{world.body.slug}/{world.politician.slug}").get_json()
    listing = client.get(f"/api/v1/declarations?body={world.body.slug}").get_json()
    stats = re.sub(r"\s+", " ", page(client, f"/register/{world.body.slug}/statistieken"))
    body_page = re.sub(r"\s+", " ", page(client, f"/register/{world.body.slug}/"))
    return {
        "page": dd_after(html, "Termijn"),
        "csv": _export_row(client, world, "csv")["days_late"],
        "json": _export_row(client, world, "json")["days_late"],
        "api": api["declarations"][0]["days_late"],
        "api list": listing["items"][0]["days_late"],
        "stats": "0 van 1 op tijd (0%)" in stats,
        "body": "0 van 1 op tijd (0%)" in body_page,
    }


def test_late_declaration_is_late_everywhere(client, world):
    outputs = _outputs(client, world)
    assert LATE in outputs["page"]
    assert (outputs["csv"], outputs["json"], outputs["api"], outputs["api list"]) == ("193", 193, 193, 193)
    assert outputs["stats"] and outputs["body"]


def test_correcting_the_start_date_does_not_erase_lateness_on_any_output(client, world):
    _correct_start(world)
    outputs = _outputs(client, world)
    assert LATE in outputs["page"] and NOTE in outputs["page"] and "op tijd" not in outputs["page"]
    assert (outputs["csv"], outputs["json"], outputs["api"], outputs["api list"]) == ("193", 193, 193, 193)
    assert outputs["stats"] and outputs["body"]
    assert _export_row(client, world, "json")["started_on"] == "2025-07-15"  # the corrected date itself is shown
    assert _export_row(client, world, "json")["deadline_counted_from"] == "2025-01-01"


def test_history_and_feed_say_the_deadline_still_counts_from_the_first_start_date(client, world):
    _correct_start(world)
    history = re.sub(r"\s+", " ", page(client, politician_url(world.politician) + "history"))
    feed = client.get(f"/register/{world.body.slug}/feed.atom").get_data(as_text=True)
    for text in (history, feed):
        assert "Voor de meldtermijn geldt de begindatum zoals die eerder werd opgegeven (1 januari 2025)" in text
        assert LATE in text


def test_the_reviewer_sees_the_lateness_and_may_accept_the_correction(client, login, world):
    _correct_start(world)
    html = page(login(world.reviewer), f"/beoordelen/opgaven/{world.declaration.id}")
    assert LATE in html and NOTE in html
    assert 'name="accept_start"' in html


def test_accepting_the_correction_counts_lateness_from_the_corrected_date_and_says_so(client, login, world):
    _correct_start(world)
    login(world.reviewer)
    form = page(client, f"/beoordelen/opgaven/{world.declaration.id}")
    response = client.post(f"/beoordelen/opgaven/{world.declaration.id}", data={
        "outcome": "no_risk", "accept_start": "y", "based_on": hidden(form, "based_on"), "replaces": ""})
    assert response.status_code == 302
    client.post("/logout")

    outputs = _outputs(client, world)
    assert "op tijd" in outputs["page"] and "te laat" not in outputs["page"]
    assert "De fractie aanvaardde de gecorrigeerde begindatum (15 juli 2025)" in outputs["page"]
    assert "Carla Controle" in outputs["page"]
    assert (outputs["csv"], outputs["json"], outputs["api"], outputs["api list"]) == ("0", 0, 0, 0)
    assert not outputs["stats"] and not outputs["body"]
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "declaration.start_correction_accepted"))
    assert event.data["changes"]["counted_from"] == ["2025-01-01", "2025-07-15"]
    history = re.sub(r"\s+", " ", page(client, politician_url(world.politician) + "history"))
    assert "Gecorrigeerde begindatum aanvaard door de fractie" in history and "Carla Controle" in history


def test_a_replaced_acceptance_makes_the_first_start_date_count_again(client, world):
    _correct_start(world)
    accepted = _accept(world)
    review_services.review_declaration(world.declaration, reviewer=world.reviewer, replaces=accepted.id,
                                       outcome=ReviewOutcome.no_risk)
    db.session.commit()
    assert LATE in _outputs(client, world)["page"]
    assert db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "declaration.start_correction_acceptance_withdrawn")) is not None


def test_a_later_correction_after_an_acceptance_is_not_accepted_by_it(client, world):
    _correct_start(world)
    _accept(world)
    _correct_start(world, started_on=date(2025, 7, 19))
    assert "begindatum later gecorrigeerd van 15 juli 2025 naar 19 juli 2025" in _outputs(client, world)["page"]


def test_there_is_nothing_to_accept_without_a_corrected_start_date(world):
    with pytest.raises(review_services.ReviewError):
        _accept(world)


@pytest.mark.parametrize("change", ["deadline", "term_start"])
def test_later_changes_to_the_deadline_or_the_term_start_do_not_erase_lateness_either(client, world, change):
    if change == "deadline":
        admin_services.update_body_settings(world.body, name=world.body.name, declaration_deadline_days=365,
                                            required_sign_offs=1, actor=world.griffie)
    else:
        p = world.politician
        admin_services.update_politician(p, actor=world.griffie, name=p.name, sort_name=p.sort_name, office=p.office,
                                         group=p.group, term_start=date(2025, 7, 1), term_end=None)
    db.session.commit()
    assert LATE in _outputs(client, world)["page"]


def test_the_migration_fixes_lateness_from_the_first_published_version(app, world):
    """Existing data: a start date corrected before the fix counts from the first published version."""
    from alembic.script import ScriptDirectory
    from flask import current_app
    from flask_migrate import downgrade, upgrade

    _correct_start(world)
    declaration_id = world.declaration.id
    db.session.remove()
    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    downgrade(revision=script.get_revision("f3b9d2a6c814").down_revision)
    upgrade(revision="heads")
    declaration = db.session.get(Declaration, declaration_id)
    assert declaration.declared_started_on == declaration.counted_started_on == STARTED
    assert (declaration.declared_deadline_days, declaration.days_late()) == (7, 193)
