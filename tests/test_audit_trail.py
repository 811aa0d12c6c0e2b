"""The audit trail: every login attempt, every refused access and every change, in UTC, and append-only."""
from datetime import datetime, UTC

import pytest
from flask import abort
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from register.extensions import db
from register.models import AuditEvent, Body
from tests.conftest import ON_POSTGRES
from tests.factories import PASSWORD, make_declaration, make_politician, make_user

MIGRATION = "933e029f19c0"


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


# --- Login attempts ---------------------------------------------------------------------------------------------

def test_every_kind_of_login_attempt_is_recorded(client):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": "fout wachtwoord"})
    client.post("/login", data={"email": "onbekend@example.nl", "password": "fout wachtwoord"})
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    client.post("/logout")
    for _ in range(5):  # four more failures for this address, then the fifth attempt is throttled
        client.post("/login", data={"email": "onbekend@example.nl", "password": "fout wachtwoord"})
    failed = _events("auth.login_failed")
    assert len(failed) == 6
    assert failed[0].object_id == user.id and failed[1].object_id is None
    assert failed[1].data["email"] == "onbekend@example.nl"
    assert [e.actor_id for e in _events("auth.login")] == [user.id]
    assert [e.actor_id for e in _events("auth.logout")] == [user.id]
    [throttled] = _events("auth.login_throttled")
    assert throttled.data["email"] == "onbekend@example.nl" and "until" in throttled.data


# --- Refused access (403) ---------------------------------------------------------------------------------------

def test_refused_access_is_recorded_with_path_and_user(client, login):
    owner = make_politician()
    make_user(politician=owner)
    declaration = make_declaration(owner)
    intruder = make_user(politician=make_politician())
    login(intruder)
    path = f"/mijn/opgaven/{declaration.id}"
    assert client.get(path).status_code == 403
    [event] = _events("access.refused")
    assert event.actor_id == intruder.id
    assert event.data["path"] == path and event.data["method"] == "GET"


def test_refused_access_is_kept_but_the_request_changes_nothing(app, client, monkeypatch):
    from register.access import ACCESS, PUBLIC
    monkeypatch.setitem(ACCESS, "half_done_then_refused", PUBLIC)  # so the view itself runs, then refuses

    @app.post("/test/half-done-then-refused")
    def half_done_then_refused():
        db.session.add(Body(name="Gemeente Halfweg", slug="halfweg"))
        db.session.flush()
        abort(403)

    response = client.post("/test/half-done-then-refused")
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Body)) == 0
    [event] = _events("access.refused")
    assert event.actor_id is None and event.data["path"] == "/test/half-done-then-refused"


# --- Changes, in UTC ------------------------------------------------------------------------------------------

def test_state_changes_are_recorded_in_utc(client, login):
    user = make_user(politician=make_politician())
    login(user)
    client.post("/wachtwoord-wijzigen", data={"current_password": PASSWORD, "new_password": "een nieuw wachtwoord",
                                              "confirm": "een nieuw wachtwoord"})
    [event] = _events("account.password_changed")
    assert event.created_at.tzinfo is not None and event.created_at.utcoffset().total_seconds() == 0
    raw = db.session.execute(text("SELECT created_at FROM audit_event WHERE id = :id"), {"id": event.id}).scalar()
    if isinstance(raw, str):  # SQLite keeps the UTC wall time as text
        raw = datetime.fromisoformat(raw).replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - raw).total_seconds()) < 120  # UTC, not Amsterdam time (1-2 h ahead)


# --- Append-only, enforced by the database ----------------------------------------------------------------------

@pytest.fixture
def event(app):
    user = make_user()  # writes account.created
    return db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == user.id)).one()


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET action = 'vervalst' WHERE id = :id",
    "UPDATE audit_event SET created_at = created_at WHERE id = :id",
    "DELETE FROM audit_event WHERE id = :id",
    "DELETE FROM audit_event",
])
def test_audit_events_cannot_be_changed_or_deleted_through_the_apps_connection(event, statement):
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text(statement), {"id": event.id})
        db.session.flush()
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(AuditEvent, event.id).action == "account.created"


def test_the_orm_cannot_change_an_audit_event_either(event):
    event.action = "vervalst"
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).action == "account.created"


def test_new_audit_events_can_still_be_added(event):
    make_user()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 2


@pytest.mark.skipif(not ON_POSTGRES, reason="privileges exist only on PostgreSQL")
def test_on_postgresql_public_has_no_update_delete_or_truncate_on_audit_event(app):
    acl = db.session.execute(text("SELECT relacl::text FROM pg_class WHERE relname = 'audit_event'")).scalar()
    # The REVOKE makes the table's privileges explicit; PUBLIC's entry (starting with "=") has none of w, d, D.
    assert acl is not None
    public = [entry for entry in acl.strip("{}").split(",") if entry.startswith("=")]
    assert not any(flag in entry.split("/")[0] for entry in public for flag in "wdD")


def _triggers() -> set[str]:
    if ON_POSTGRES:
        query = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'"
    return set(db.session.execute(text(query)).scalars())


def test_the_migration_adds_the_triggers_and_its_downgrade_removes_them(event):
    event_id = event.id
    assert _triggers() == {"audit_event_no_update", "audit_event_no_delete"}
    db.session.rollback()
    db.session.remove()
    downgrade(revision=f"{MIGRATION}-1")
    try:
        assert _triggers() == set()
        db.session.execute(text("UPDATE audit_event SET action = 'mag weer' WHERE id = :id"), {"id": event_id})
        db.session.rollback()
    finally:
        db.session.remove()
        upgrade(revision="heads")
    assert _triggers() == {"audit_event_no_update", "audit_event_no_delete"}
