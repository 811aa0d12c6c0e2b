"""`flask demo-data`: a realistic Gemeente Voorbeeldstad, loaded only into an empty, non-production database."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from config import TestConfig
from register import create_app
from register.demo import DEMO_PASSWORD, LOGINS
from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AuditEvent, Body, Declaration, DeclarationChange, DeclarationKind,
    DeclarationStatus, DeclarationVersion, Group, Politician, Review, SignOff, SignOffDecision, User,
)
from tests.conftest import ON_POSTGRES, CSRFClient, _empty_all_tables
from tests.factories import make_body


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _loaded_scope(fixture_name, config) -> str:
    # On PostgreSQL all tests share one database that is emptied after each test: load per test there.
    return "function" if ON_POSTGRES else "module"


@pytest.fixture(scope=_loaded_scope)
def loaded(migrated_db, tmp_path_factory):
    """One app whose database got `flask demo-data` once; the tests below only read it (or log in)."""
    if ON_POSTGRES:
        url = migrated_db  # the session's PostgreSQL database, emptied before and after this module
    else:
        path = tmp_path_factory.mktemp("demo") / "demo.db"
        shutil.copy(migrated_db, path)
        url = f"sqlite:///{path}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url)
    app.test_client_class = CSRFClient
    with app.app_context():
        if ON_POSTGRES:
            _empty_all_tables()
        result = app.test_cli_runner().invoke(args=["demo-data"])
        assert result.exit_code == 0, result.output
        yield app, result
        db.session.remove()
        if ON_POSTGRES:
            _empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def demo(loaded):
    """The CLI output of the demo load; the loaded app's context is the current one."""
    app, result = loaded
    with app.app_context():
        yield result
        db.session.remove()


def test_demo_data_creates_voorbeeldstad_with_fracties_and_politicians(demo):
    body = db.session.scalar(select(Body).where(Body.slug == "voorbeeldstad"))
    assert body.name == "Gemeente Voorbeeldstad"
    assert (body.declaration_deadline_days, body.required_sign_offs) == (7, 1)
    assert count(Group, Group.body_id == body.id) >= 3
    assert count(Politician, Politician.body_id == body.id) >= 18
    assert "Lokaal Voorbeeldstad" in db.session.scalars(select(Group.name)).all()
    assert "Demogegevens geladen" in demo.output


def test_demo_data_has_declarations_of_every_kind_and_state(demo):
    kinds = set(db.session.scalars(select(Declaration.kind).distinct()))
    statuses = set(db.session.scalars(select(Declaration.status).distinct()))
    changes = set(db.session.scalars(select(DeclarationVersion.change).distinct()))
    assert kinds == set(DeclarationKind)
    assert statuses == set(DeclarationStatus)
    assert DeclarationChange.corrected in changes
    assert count(DeclarationVersion, DeclarationVersion.concerns_family.is_(True)) > 0
    assert count(DeclarationVersion, DeclarationVersion.income_public.is_(False)) > 0
    assert count(Review) > 0


def test_demo_data_has_agreements_in_every_state(demo):
    statuses = set(db.session.scalars(select(Agreement.status).distinct()))
    assert statuses == set(AgreementStatus)
    revised = db.session.scalar(select(Agreement).where(Agreement.status == AgreementStatus.submitted,
                                                        Agreement.signed_number.is_not(None)))
    assert revised is not None and revised.current_number > revised.signed_number
    assert count(SignOff, SignOff.decision == SignOffDecision.changes_requested, SignOff.comment.is_not(None)) > 0


def test_demo_data_goes_through_the_services_so_the_audit_trail_is_complete(demo):
    published = count(Declaration, Declaration.published_number.is_not(None))
    assert count(AuditEvent, AuditEvent.action == "declaration.published") == published
    assert count(AuditEvent, AuditEvent.action == "agreement.signed_off") >= 3
    assert count(AuditEvent, AuditEvent.action == "account.created") == count(User)


@pytest.mark.parametrize("login", LOGINS, ids=lambda login: login.email)
def test_demo_logins_work(loaded, demo, login):
    client = loaded[0].test_client()
    response = client.post("/login", data={"email": login.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert login.email in demo.output and DEMO_PASSWORD in demo.output


def test_demo_roles_are_as_printed(demo):
    users = {u.email: u for u in db.session.scalars(select(User))}
    assert users["griffie@voorbeeldstad.demo"].is_griffie
    fractie = users["fractie@voorbeeldstad.demo"]
    assert fractie.is_reviewer and fractie.politician.group.name == "Lokaal Voorbeeldstad"
    assert fractie.is_reviewer_of(fractie.politician.group_id)
    reviewer2 = users["reviewer2@voorbeeldstad.demo"]
    assert reviewer2.is_reviewer and not reviewer2.is_reviewer_of(fractie.politician.group_id)
    member = users["raadslid@voorbeeldstad.demo"].politician
    assert member.group_id == fractie.politician.group_id
    assert count(Declaration, Declaration.politician_id == member.id) > 0
    assert count(Agreement, Agreement.politician_id == member.id) > 0


def test_every_demo_public_page_renders_without_e_mail_addresses(loaded, demo):
    client = loaded[0].test_client()
    urls = ["/", "/register/voorbeeldstad/"]
    urls += [f"/register/voorbeeldstad/{slug}/" for slug in db.session.scalars(select(Politician.slug))]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "@" not in response.get_data(as_text=True), url


def test_demo_data_refuses_a_database_that_is_not_empty(runner):
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code != 0
    assert "al gegevens" in result.output
    assert count(Body) == 1


def test_demo_data_if_empty_leaves_existing_data_alone(runner):
    make_body()
    result = runner.invoke(args=["demo-data", "--if-empty"])
    assert result.exit_code == 0
    assert count(Body) == 1 and count(Politician) == 0


def test_demo_data_refuses_in_production(app, runner):
    app.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code != 0
    assert "productie" in result.output
    assert count(Body) == 0
