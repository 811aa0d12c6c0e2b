"""Two reviewers deciding at the same moment end in a consistent state (SQLite file and, in CI, PostgreSQL).

Each request runs in its own thread, through its own app instance (its own engine and connection pool) on the one
test database, as two gunicorn workers would. The window between "read the agreement" and "write the decision"
is widened with a short pause, so that without the lock in register/review/services.py the requests do overlap.
"""
from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from config import TestConfig
from register import create_app
from register.extensions import db
from register.models import Agreement, AgreementStatus, AuditEvent, SignOff, SignOffDecision
from tests.conftest import CSRFClient
from tests.factories import PASSWORD, make_agreement, make_body, make_group, make_politician_user, make_user

PAUSE = 0.3  # seconds between the permission check and the write, in every request


@pytest.fixture
def world(app):
    body = make_body()
    group = make_group(body)
    owner = make_politician_user(group)
    agreement = make_agreement(owner.politician)
    return SimpleNamespace(body=body, agreement=agreement, first=make_user(reviewer_of=[group], name="Eerste"),
                           second=make_user(reviewer_of=[group], name="Tweede"))


@pytest.fixture
def workers(database_url):
    """Two more app instances on the same database, like two worker processes."""
    apps = [create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url) for _ in range(2)]
    for worker in apps:
        worker.test_client_class = CSRFClient
    yield apps
    for worker in apps:
        with worker.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def widen_the_window(monkeypatch):
    """Pause after every sign-off permission check: both requests then hold the same (old) view of the agreement."""
    original = Agreement.can_sign_off

    def slow_can_sign_off(self, user):
        allowed = original(self, user)
        time.sleep(PAUSE)
        return allowed

    monkeypatch.setattr(Agreement, "can_sign_off", slow_can_sign_off)


def _client(worker, user):
    client = worker.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _at_the_same_moment(requests) -> list[int]:
    """Run the requests in threads released together; their status codes, in order."""
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(index, request):
        barrier.wait()
        try:
            results[index] = request().status_code
        except Exception as error:  # noqa: BLE001  reported below, with the thread's error
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(not isinstance(r, Exception) for r in results), results
    return results


def _sign_off(client, agreement_id):
    return lambda: client.post(f"/beoordelen/afspraken/{agreement_id}/aftekenen",
                               data={"comment": "Akkoord", "based_on": "1"})


def _state(agreement_id):
    db.session.expire_all()
    agreement = db.session.get(Agreement, agreement_id)
    sign_offs = db.session.scalars(select(SignOff).where(
        SignOff.agreement_version_id == agreement.current_version.id)).all()
    events = dict(db.session.execute(
        select(AuditEvent.action, func.count()).where(AuditEvent.object_type == "agreement",
                                                      AuditEvent.object_id == agreement_id)
        .group_by(AuditEvent.action)).all())
    return agreement, sign_offs, events


def _set_required(body, number):
    body.required_sign_offs = number
    db.session.commit()


@pytest.mark.usefixtures("widen_the_window")
def test_two_required_two_reviewers_at_once_both_count_and_it_is_signed_off(world, workers):
    _set_required(world.body, 2)
    one, two = _client(workers[0], world.first), _client(workers[1], world.second)

    statuses = _at_the_same_moment([_sign_off(one, world.agreement.id), _sign_off(two, world.agreement.id)])

    assert statuses == [302, 302]
    agreement, sign_offs, events = _state(world.agreement.id)
    assert agreement.status == AgreementStatus.signed_off and agreement.signed_number == agreement.current_number
    assert agreement.current_version.signed_off_at is not None
    assert sorted(s.reviewer_id for s in sign_offs) == sorted([world.first.id, world.second.id])
    assert all(s.decision == SignOffDecision.approved for s in sign_offs)
    assert events.get("agreement.approval_added") == 1 and events.get("agreement.signed_off") == 1


@pytest.mark.usefixtures("widen_the_window")
def test_one_required_two_reviewers_at_once_exactly_one_signs_off(world, workers):
    _set_required(world.body, 1)
    one, two = _client(workers[0], world.first), _client(workers[1], world.second)

    statuses = _at_the_same_moment([_sign_off(one, world.agreement.id), _sign_off(two, world.agreement.id)])

    assert sorted(statuses) == [302, 409]  # the later one is told it can no longer decide (a conflict)
    agreement, sign_offs, events = _state(world.agreement.id)
    assert agreement.status == AgreementStatus.signed_off and agreement.signed_number == agreement.current_number
    assert len(sign_offs) == 1 and sign_offs[0].decision == SignOffDecision.approved
    assert events.get("agreement.signed_off") == 1 and "agreement.approval_added" not in events


@pytest.mark.usefixtures("widen_the_window")
@pytest.mark.parametrize("required", [1, 2])
def test_same_reviewer_posting_twice_at_once_gives_one_sign_off(world, workers, required):
    _set_required(world.body, required)
    tab1, tab2 = _client(workers[0], world.first), _client(workers[1], world.first)

    statuses = _at_the_same_moment([_sign_off(tab1, world.agreement.id), _sign_off(tab2, world.agreement.id)])

    assert sorted(statuses) == [302, 409]
    agreement, sign_offs, events = _state(world.agreement.id)
    assert [s.reviewer_id for s in sign_offs] == [world.first.id]
    expected = AgreementStatus.signed_off if required == 1 else AgreementStatus.submitted
    assert agreement.status == expected
    assert sum(events.get(a, 0) for a in ("agreement.signed_off", "agreement.approval_added")) == 1


def test_sign_off_and_request_changes_at_once_leave_one_decision(world, workers, widen_the_window):
    _set_required(world.body, 1)
    one, two = _client(workers[0], world.first), _client(workers[1], world.second)
    change = lambda: two.post(f"/beoordelen/afspraken/{world.agreement.id}/wijziging-vragen",  # noqa: E731
                              data={"comment": "Graag scherper formuleren", "based_on": "1"})

    statuses = _at_the_same_moment([_sign_off(one, world.agreement.id), change])

    assert sorted(statuses) == [302, 409]
    agreement, sign_offs, events = _state(world.agreement.id)
    assert len(sign_offs) == 1
    decided = sign_offs[0].decision
    assert agreement.status == (AgreementStatus.signed_off if decided == SignOffDecision.approved
                                else AgreementStatus.changes_requested)
    assert (agreement.signed_number is not None) == (decided == SignOffDecision.approved)


def test_without_widening_many_pairs_stay_consistent(app, world, workers):
    """Plain simultaneous requests, repeated: never an error, never a second approval once signed off."""
    _set_required(world.body, 1)
    one, two = _client(workers[0], world.first), _client(workers[1], world.second)
    for _round in range(5):
        agreement = make_agreement(world.agreement.politician)
        statuses = _at_the_same_moment([_sign_off(one, agreement.id), _sign_off(two, agreement.id)])
        assert sorted(statuses) == [302, 409]
        _agreement, sign_offs, _events = _state(agreement.id)
        assert len(sign_offs) == 1
