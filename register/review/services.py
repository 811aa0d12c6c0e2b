"""Review operations: sign-offs, requests for changes and assessments of declarations."""
from __future__ import annotations


from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from register import mail
from register.audit import record
from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, Declaration, Review, ReviewOutcome, SignOff, SignOffDecision,
)
from register.models.base import utcnow


class ReviewError(ValueError):
    """A refused review operation, with a Dutch message for the user."""


def _lock_on_sqlite(agreement: Agreement) -> None:
    """SQLite has no FOR UPDATE: take its database write lock with a write that changes nothing, before reading.

    The Python driver starts a transaction only at the first write, so without this each request reads the
    agreement before waiting for the other's commit (tests/test_concurrency.py shows both signing off), and the
    SAVEPOINT below would even commit on its own.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        table = Agreement.__table__
        db.session.execute(table.update().where(table.c.id == agreement.id).values(updated_at=table.c.updated_at))


def _decide(agreement: Agreement, reviewer, decision: SignOffDecision, comment: str | None,
            comment_public: bool) -> SignOff:
    # Lock the agreement row so that two reviewers deciding at the same moment are handled one after the other:
    # otherwise each could count only its own approval and neither signs off, or both sign off.
    db.session.flush()  # a refresh must not throw away pending changes of this transaction
    _lock_on_sqlite(agreement)
    db.session.refresh(agreement, with_for_update=True)
    if not agreement.can_sign_off(reviewer):
        raise ReviewError(_("U kunt over deze afspraak (nu) geen besluit nemen."))
    version = agreement.current_version
    sign_off = SignOff(version=version, reviewer_id=reviewer.id, decision=decision,
                       comment=(comment or "").strip() or None, comment_public=comment_public)
    db.session.add(sign_off)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise ReviewError(_("U heeft over deze versie al een besluit genomen.")) from None
    return sign_off


def sign_off(agreement: Agreement, *, reviewer, comment: str | None = None,
             comment_public: bool = False) -> SignOff:
    """Approve the submitted version; once the body's required number is reached it is signed off and public."""
    sign = _decide(agreement, reviewer, SignOffDecision.approved, comment, comment_public)
    version = sign.version
    needed = agreement.politician.body.required_sign_offs
    db.session.refresh(version, ["sign_offs"])
    complete = len(version.approvals) >= needed
    if complete:
        version.signed_off_at = utcnow()
        agreement.status = AgreementStatus.signed_off
        agreement.signed_number = version.number
        db.session.expire(agreement, ["signed_version"])
    record("agreement.signed_off" if complete else "agreement.approval_added", agreement, actor=reviewer,
           body_id=agreement.politician.body_id, version=version.number, approvals=len(version.approvals),
           needed=needed, comment_public=comment_public)
    return sign


def request_changes(agreement: Agreement, *, reviewer, comment: str, comment_public: bool = False) -> SignOff:
    """Send the submitted version back to the politician with a comment."""
    if not (comment or "").strip():
        raise ReviewError(_("Licht toe welke wijziging u vraagt."))
    sign = _decide(agreement, reviewer, SignOffDecision.changes_requested, comment, comment_public)
    agreement.status = AgreementStatus.changes_requested
    record("agreement.changes_requested", agreement, actor=reviewer, body_id=agreement.politician.body_id,
           version=sign.version.number)
    mail.notify_changes_requested(agreement, sign)
    return sign


def review_declaration(declaration: Declaration, *, reviewer, outcome: ReviewOutcome,
                       comment: str | None = None, comment_public: bool = False) -> Review:
    """Record a reviewer's assessment of the declaration's published version."""
    if not declaration.can_review(reviewer):
        raise ReviewError(_("U kunt deze opgave niet beoordelen."))
    review = Review(declaration=declaration, version_number=declaration.published_number, reviewer_id=reviewer.id,
                    outcome=outcome, comment=(comment or "").strip() or None, comment_public=comment_public)
    db.session.add(review)
    db.session.flush()
    record("declaration.reviewed", declaration, actor=reviewer, body_id=declaration.politician.body_id,
           outcome=outcome.value, version=declaration.published_number, comment_public=comment_public)
    return review


def griffie_sign_off(agreement: Agreement, *, griffie, comment: str | None = None) -> SignOff:
    """The griffie signs off an agreement that its fractie cannot (no other reviewer), when the body allows it.
    Recorded as the griffie's sign-off; the agreement is then signed off and public, shown as signed off by the
    griffie because the fractie has no second reviewer."""
    from register.review.lone import griffie_may_sign_off

    db.session.flush()
    _lock_on_sqlite(agreement)
    db.session.refresh(agreement, with_for_update=True)
    if not griffie_may_sign_off(agreement, griffie):
        raise ReviewError(_("De griffie kan deze afspraak niet aftekenen: dat kan alleen als de fractie geen andere "
                            "beoordelaar heeft en de instellingen van het orgaan het toestaan."))
    version = agreement.current_version
    assert version is not None  # a submitted agreement has a version
    sign = SignOff(version=version, reviewer_id=griffie.id, decision=SignOffDecision.approved,
                   comment=(comment or "").strip() or None, comment_public=False, by_griffie=True)
    db.session.add(sign)
    db.session.flush()
    version.signed_off_at = utcnow()
    agreement.status = AgreementStatus.signed_off
    agreement.signed_number = version.number
    db.session.expire(agreement, ["signed_version"])
    record("agreement.signed_off_by_griffie", agreement, actor=griffie, body_id=agreement.politician.body_id,
           version=version.number)
    return sign
