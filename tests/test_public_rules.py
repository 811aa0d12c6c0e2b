"""One home for what the public sees of a declaration (register/models/visibility.py), asked by every output."""
from __future__ import annotations

import pytest

from register.declarations import services as declaration_services
from register.extensions import db
from tests.factories import make_body, make_declaration, make_group, make_politician


@pytest.fixture
def town(app):
    body = make_body("Gemeente Schermstad", slug="schermstad")
    return make_politician(make_group(body, "Fractie Scherm"), name="Sanne Scherm")


def history(client, politician) -> str:
    response = client.get(f"/register/{politician.body.slug}/{politician.slug}/history")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("shielding", [dict(organisation_public=False), dict(concerns_family=True)])
def test_history_never_shows_the_kvk_number_of_a_shielded_organisation(client, town, shielding):
    declaration = make_declaration(town, organisation="Verborgen Holding", kvk_number="11112222",
                                   role="Aandeelhouder", **shielding)
    declaration_services.correct_declaration(declaration, {"kvk_number": "33334444"}, actor=None,
                                             reason="KvK-nummer verbeterd.")
    db.session.commit()
    html = history(client, town)
    assert "Correctie" in html and "KvK-nummer" in html  # the change itself is on the record
    assert "11112222" not in html and "33334444" not in html
    assert "Verborgen Holding" not in html
