"""The service functions: versions are appended, never changed; every change is in the audit trail."""
from datetime import date

import pytest
from sqlalchemy import func, select

from register.agreements import services as agreements
from register.declarations import services as declarations
from register.extensions import db
from register.models import (
    AgreementStatus, AuditEvent, DeclarationKind, DeclarationStatus, DeclarationVersion,
)
from register.review import services as review
from tests.factories import (
    declaration_content, make_agreement, make_declaration, make_politician, make_user, sign_off,
)


def _actions():
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_publishing_sets_declared_at_and_keeps_the_draft_version(app):
    user = make_user(politician=make_politician())
    declaration = make_declaration(user.politician, publish=False)
    assert declaration.status == DeclarationStatus.draft and declaration.declared_at is None
    declarations.publish_declaration(declaration, actor=user)
    db.session.commit()
    assert declaration.status == DeclarationStatus.published
    assert declaration.declared_at is not None and declaration.declared_at.tzinfo is not None
    assert [v.change.value for v in declaration.versions] == ["draft", "published"]
    assert declaration.published_version.number == 2


def test_correction_appends_a_version_and_keeps_the_old_one(app):
    user = make_user(politician=make_politician())
    declaration = make_declaration(user.politician, role="Bestuurslid")
    declarations.correct_declaration(declaration, {"role": "Voorzitter"}, actor=user, reason="Functie gewijzigd")
    db.session.commit()
    roles = [v.role for v in declaration.versions]
    assert roles == ["Bestuurslid", "Bestuurslid", "Voorzitter"]
    assert declaration.published_version.role == "Voorzitter"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "declaration.corrected")).one()
    assert event.data["changed"] == {"role": ["Bestuurslid", "Voorzitter"]}
    assert event.data["reason"] == "Functie gewijzigd"


def test_correction_without_change_or_reason_is_refused_and_writes_nothing(app):
    user = make_user(politician=make_politician())
    declaration = make_declaration(user.politician)
    before = db.session.scalar(select(func.count()).select_from(DeclarationVersion))
    with pytest.raises(declarations.DeclarationError, match="niets gewijzigd"):
        declarations.correct_declaration(declaration, {}, actor=user, reason="x")
    with pytest.raises(declarations.DeclarationError, match="reden"):
        declarations.correct_declaration(declaration, {"role": "Lid"}, actor=user, reason="  ")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(DeclarationVersion)) == before


def test_declared_at_is_never_changed_by_a_correction(app):
    user = make_user(politician=make_politician())
    declaration = make_declaration(user.politician)
    declared = declaration.declared_at
    declarations.correct_declaration(declaration, {"role": "Lid"}, actor=user, reason="typfout")
    db.session.commit()
    assert declaration.declared_at == declared


def test_ending_and_withdrawing_stay_on_record(app):
    user = make_user(politician=make_politician())
    declaration = make_declaration(user.politician, started_on=date(2024, 1, 1))
    with pytest.raises(declarations.DeclarationError, match="vóór de begindatum"):
        declarations.end_declaration(declaration, ended_on=date(2023, 1, 1), actor=user)
    declarations.end_declaration(declaration, ended_on=date(2026, 6, 1), actor=user)
    assert declaration.status == DeclarationStatus.ended
    declarations.withdraw_declaration(declaration, reason="Dubbel opgegeven", actor=user)
    db.session.commit()
    assert declaration.status == DeclarationStatus.withdrawn
    assert declaration.withdrawal_reason == "Dubbel opgegeven"
    assert len(declaration.versions) == 4
    assert _actions()[-2:] == ["declaration.ended", "declaration.withdrawn"]


def test_published_with_end_date_is_ended(app):
    user = make_user(politician=make_politician())
    declaration = make_declaration(user.politician, kind=DeclarationKind.gift,
                                   **declaration_content(started_on=date(2026, 1, 1), ended_on=date(2026, 1, 1)))
    assert declaration.status == DeclarationStatus.ended


def test_agreement_cycle_with_changes_requested(app):
    politician_user = make_user(politician=make_politician())
    politician = politician_user.politician
    reviewer = make_user(reviewer_of=[politician.group])
    agreement = make_agreement(politician)
    assert agreement.status == AgreementStatus.submitted
    review.request_changes(agreement, reviewer=reviewer, comment="Maak het concreter")
    assert agreement.status == AgreementStatus.changes_requested
    with pytest.raises(agreements.AgreementError):
        agreements.submit_agreement(agreement, actor=politician_user)
    agreements.revise_agreement(agreement, title="Concreter", text="Ik stem niet over subsidies aan VV.",
                                declarations=agreement.current_version.declarations, actor=politician_user)
    agreements.submit_agreement(agreement, actor=politician_user)
    sign_off(agreement, reviewer)
    assert agreement.status == AgreementStatus.signed_off
    assert agreement.signed_version.title == "Concreter"


def test_revising_a_signed_off_agreement_keeps_the_signed_version_public(app):
    politician_user = make_user(politician=make_politician())
    politician = politician_user.politician
    reviewer = make_user(reviewer_of=[politician.group])
    agreement = make_agreement(politician, title="Eerste")
    sign_off(agreement, reviewer)
    agreements.revise_agreement(agreement, title="Tweede", text="Nieuw", actor=politician_user,
                                declarations=agreement.current_version.declarations)
    db.session.commit()
    assert agreement.status == AgreementStatus.draft
    assert agreement.signed_version.title == "Eerste" and agreement.current_version.title == "Tweede"


def test_agreement_cannot_link_someone_elses_declaration(app):
    mine = make_user(politician=make_politician())
    other = make_politician()
    foreign = make_declaration(other, actor=mine)
    with pytest.raises(agreements.AgreementError, match="eigen opgaven"):
        agreements.create_agreement(mine.politician, title="t", text="t", declarations=[foreign], actor=mine)


def test_reviewer_cannot_sign_off_own_agreement_or_twice(app):
    politician = make_politician()
    own = make_user(politician=politician, reviewer_of=[politician.group])
    agreement = make_agreement(politician)
    with pytest.raises(review.ReviewError):
        review.sign_off(agreement, reviewer=own)
    politician.body.required_sign_offs = 2
    other = make_user(reviewer_of=[politician.group])
    sign_off(agreement, other)
    assert agreement.status == AgreementStatus.submitted
    with pytest.raises(review.ReviewError):
        review.sign_off(agreement, reviewer=other)
