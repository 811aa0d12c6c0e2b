"""What moves the data version: every change that can reach a public page, export, feed or API, whichever model it
is in; and nothing that cannot (so that logins, signals and throttling leave the page cache warm)."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from register.extensions import db
from register.models import DeclarationVersion, User
from tests.factories import make_agreement, make_body, make_group, make_politician, make_user, sign_off


def page_of(politician) -> str:
    return f"/register/{politician.body.slug}/{politician.slug}/"


@pytest.fixture
def signed(app):
    """A politician whose agreement was signed off by a reviewer named "Bea Beoordelaar"."""
    body = make_body(slug="voorbeeldstad", name="Gemeente Voorbeeldstad")
    group = make_group(body, name="Fractie Één")
    politician = make_politician(group, name="Anna de Vries")
    reviewer = make_user(reviewer_of=[group], name="Bea Beoordelaar")
    sign_off(make_agreement(politician), reviewer)
    griffie = make_user(griffie_of=[body], name="Griffier")
    return politician, reviewer, griffie


def test_renamed_reviewer_shows_at_once_on_a_cached_page(app, client, signed):
    politician, reviewer, griffie = signed
    before = client.get(page_of(politician))
    assert "Bea Beoordelaar" in before.text

    griffie_client = app.test_client()
    assert griffie_client.post("/login", data={"email": griffie.email, "password": "correct horse battery staple"}
                               ).status_code == 302
    edit = f"/beheer/{politician.body.slug}/accounts/{reviewer.id}/bewerken"
    groups = [str(politician.group_id)]
    response = griffie_client.post(edit, data={"name": "Bea de Beoordelaar-Smit", "email": reviewer.email,
                                               "reviewer_groups": groups})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, reviewer.id).name == "Bea de Beoordelaar-Smit"

    after = client.get(page_of(politician), headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Bea de Beoordelaar-Smit" in after.text and "Bea Beoordelaar" not in after.text


def test_a_bulk_update_of_public_data_moves_the_version(app, client, signed):
    """An UPDATE statement run through the session (not a changed object) counts as a change too."""
    politician = signed[0]
    before = client.get(page_of(politician))
    db.session.execute(update(DeclarationVersion).values(organisation="Stichting Bijgewerkt In Bulk"))
    db.session.commit()
    after = client.get(page_of(politician))
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Stichting Bijgewerkt In Bulk" in after.text
    assert db.session.scalars(select(DeclarationVersion.organisation)).first() == "Stichting Bijgewerkt In Bulk"
