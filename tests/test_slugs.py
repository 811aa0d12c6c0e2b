"""Slugs transliterate every letter, and addresses made by the old rule keep working as permanent redirects."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from register.admin import services as admin_services
from register.extensions import db
from register.models import FormerSlug, Office, Politician
from register.slugs import make_slug
from tests.factories import make_body, make_group, make_politician


@pytest.mark.parametrize("name,slug", [
    ("Kılıç Özdemir", "kilic-ozdemir"), ("Łukasz Wałęsa", "lukasz-walesa"), ("Jørgen Ærø", "jorgen-aero"),
    ("Gemeentebelang Voorbeeldstad!", "gemeentebelang-voorbeeldstad"), ("Ñandú 't Hooft", "nandu-t-hooft"),
    ("!!!", "ambtsdrager"),
])
def test_slugs_transliterate_letters_without_ascii_decomposition(name, slug):
    assert make_slug(name, "ambtsdrager", 120) == slug


def _create(body, name):
    politician = admin_services.create_politician(body, actor=None, name=name, sort_name=None,
                                                  office=Office.raadslid, group=None, term_start=None,
                                                  term_end=None)
    db.session.commit()
    return politician


def test_a_new_politician_gets_a_transliterated_slug(app):
    assert _create(make_body(), "Kılıç Özdemir").slug == "kilic-ozdemir"


def test_a_former_slug_is_not_given_to_someone_else(app):
    body = make_body()
    first = make_politician(make_group(body), name="Jørgen Ærø")
    db.session.add(FormerSlug(body_id=body.id, slug="jorgen-aero", politician_id=first.id))
    db.session.commit()
    assert _create(body, "Jørgen Ærø").slug == "jorgen-aero-2"


def _politician_before_the_new_rule(app, name: str, old_slug: str) -> tuple[str, int]:
    """Go back to the revision before former slugs, store a politician as the old rule named them, upgrade."""
    downgrade(revision="d4e2b8f6a1c3")
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO body (id, slug, name, kind, declaration_deadline_days, "
                                "required_sign_offs, retention_months, response_period_days, active, created_at) "
                                "VALUES (1, 'oudstad', 'Gemeente Oudstad', 'municipality', 7, 1, 12, 14, true, "
                                "'2026-01-01 00:00:00')"))
        connection.execute(text("INSERT INTO politician (id, body_id, slug, name, sort_name, office, active, "
                                "created_at) VALUES (1, 1, :slug, :name, :name, 'raadslid', true, "
                                "'2026-01-01 00:00:00')"), {"slug": old_slug, "name": name})
    upgrade(revision="heads")
    db.session.expire_all()
    return "oudstad", 1


def test_the_migration_moves_old_rule_slugs_and_keeps_the_old_address(app):
    _politician_before_the_new_rule(app, "Kılıç Özdemir", "klc-ozdemir")
    politician = db.session.get(Politician, 1)
    assert politician.slug == "kilic-ozdemir"
    assert [f.slug for f in db.session.query(FormerSlug).filter_by(politician_id=1)] == ["klc-ozdemir"]


def test_a_slug_kept_by_hand_is_left_alone(app):
    _politician_before_the_new_rule(app, "Kılıç Özdemir", "kilic-o")
    assert db.session.get(Politician, 1).slug == "kilic-o"
    assert db.session.query(FormerSlug).count() == 0


@pytest.mark.parametrize("suffix,target", [
    ("", "/register/oudstad/kilic-ozdemir/"),
    ("history", "/register/oudstad/kilic-ozdemir/history"),
    ("?lang=en", "/register/oudstad/kilic-ozdemir/?lang=en"),
])
def test_old_addresses_redirect_permanently(app, client, suffix, target):
    _politician_before_the_new_rule(app, "Kılıç Özdemir", "klc-ozdemir")
    response = client.get(f"/register/oudstad/klc-ozdemir/{suffix}")
    assert response.status_code == 301
    assert response.headers["Location"] == target
    assert client.get(target).status_code == 200


def test_an_unknown_slug_is_still_not_found(app, client):
    _politician_before_the_new_rule(app, "Kılıç Özdemir", "klc-ozdemir")
    assert client.get("/register/oudstad/niemand/").status_code == 404
