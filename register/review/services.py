"""Review operations: sign-offs, requests for changes and assessments of declarations."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
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


class StaleDecision(ReviewError):
    """A decision taken on a page that showed another version or state than the current one: nothing is recorded,
    and the page shows what is current now (409)."""


def _lock_on_sqlite(item: Agreement | Declaration) -> None:
    """SQLite has no FOR UPDATE: take its database write lock with a write that changes nothing, before reading.

    The Python driver starts a transaction only at the first write, so without this each request reads the
    agreement before waiting for the other's commit (tests/test_concurrency.py shows both signing off), and the
    SAVEPOINT below would even commit on its own.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        table = type(item).__table__
        db.session.execute(table.update().where(table.c.id == item.id).values(updated_at=table.c.updated_at))


def _lock(item: Agreement | Declaration) -> None:
    """Decisions on one agreement or declaration are handled one after the other (the row is locked until commit)."""
    db.session.flush()  # a refresh must not throw away pending changes of this transaction
    _lock_on_sqlite(item)
    db.session.refresh(item, with_for_update=True)


def _check_decision(agreement: Agreement, reviewer, version: int | None) -> None:
    """Refuse a decision by someone outside the fractie, and one taken on a page showing another version or state
    (`version` None: the caller decides on whatever is current, as the demo data does)."""
    if not agreement.is_decided_by(reviewer):
        raise ReviewError(_("U kunt over deze afspraak geen besluit nemen."))
    if version is not None and version != agreement.current_number:
        raise StaleDecision(_("Deze afspraak is intussen gewijzigd. Er is niets vastgelegd."))
    if agreement.status != AgreementStatus.submitted:
        raise StaleDecision(_("Deze afspraak ligt niet meer ter aftekening. Er is niets vastgelegd."))
    if not agreement.can_sign_off(reviewer):
        raise StaleDecision(_("U heeft over deze versie al een besluit genomen."))


def _decide(agreement: Agreement, reviewer, decision: SignOffDecision, comment: str | None,
            comment_public: bool, version_number: int | None) -> SignOff:
    # Lock the agreement row so that two reviewers deciding at the same moment are handled one after the other:
    # otherwise each could count only its own approval and neither signs off, or both sign off. The version is
    # checked under the lock too, so a resubmission cannot slip in between the check and the decision.
    _lock(agreement)
    _check_decision(agreement, reviewer, version_number)
    version = agreement.current_version
    sign_off = SignOff(version=version, reviewer_id=reviewer.id, decision=decision,
                       comment=(comment or "").strip() or None, comment_public=comment_public)
    db.session.add(sign_off)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise StaleDecision(_("U heeft over deze versie al een besluit genomen.")) from None
    return sign_off


def sign_off(agreement: Agreement, *, reviewer, comment: str | None = None, comment_public: bool = False,
             version: int | None = None) -> SignOff:
    """Approve the submitted version (`version`: the one the reviewer saw); once the body's required number is
    reached it is signed off and public."""
    sign = _decide(agreement, reviewer, SignOffDecision.approved, comment, comment_public, version)
    decided = sign.version
    needed = agreement.politician.body.required_sign_offs
    db.session.refresh(decided, ["sign_offs"])
    complete = len(decided.approvals) >= needed
    if complete:
        decided.signed_off_at = utcnow()
        agreement.status = AgreementStatus.signed_off
        agreement.signed_number = decided.number
        db.session.expire(agreement, ["signed_version"])
    record("agreement.signed_off" if complete else "agreement.approval_added", agreement, actor=reviewer,
           body_id=agreement.politician.body_id, version=decided.number, approvals=len(decided.approvals),
           needed=needed, comment_public=comment_public)
    return sign


def request_changes(agreement: Agreement, *, reviewer, comment: str, comment_public: bool = False,
                    version: int | None = None) -> SignOff:
    """Send the submitted version (`version`: the one the reviewer saw) back to the politician with a comment."""
    if not (comment or "").strip():
        raise ReviewError(_("Licht toe welke wijziging u vraagt."))
    sign = _decide(agreement, reviewer, SignOffDecision.changes_requested, comment, comment_public, version)
    agreement.status = AgreementStatus.changes_requested
    record("agreement.changes_requested", agreement, actor=reviewer, body_id=agreement.politician.body_id,
           version=sign.version.number)
    mail.notify_changes_requested(agreement, sign)
    return sign


def review_declaration(declaration: Declaration, *, reviewer, outcome: ReviewOutcome,
                       comment: str | None = None, comment_public: bool = False, accept_start: bool = False,
                       version: int | None = None, replaces: int | None = None) -> Review:
    """Record a reviewer's assessment of the published version (`version`: the one they saw). The same assessment
    sent again is stored once; a different one of a version the reviewer already assessed must name the review it
    replaces (`replaces`), which stays on record as replaced by the new one. `accept_start`: the fractie accepts
    the corrected start date of this version, and the deadline counts from it (public, audited)."""
    if not declaration.can_review(reviewer):
        raise ReviewError(_("U kunt deze opgave niet beoordelen."))
    _lock(declaration)  # two submissions at once: the second sees the first
    if version is not None and version != declaration.published_number:
        raise StaleDecision(_("Deze opgave is intussen gecorrigeerd. Er is niets vastgelegd."))
    decision = dict(outcome=outcome, comment=(comment or "").strip() or None, comment_public=comment_public,
                    accepted_started_on=_accepted_start(declaration, accept_start))
    current = _current_review(declaration, reviewer)
    if current is not None and all(getattr(current, k) == v for k, v in decision.items()):
        return current  # sent twice (a double click, a resent form): one review
    if (current.id if current else None) != replaces:
        raise StaleDecision(_("U heeft deze versie intussen al beoordeeld. Er is niets vastgelegd."))
    review = _replace(declaration, current, Review(
        declaration_id=declaration.id, version_number=declaration.published_number, reviewer_id=reviewer.id,
        created_at=utcnow(), **decision))
    _record_review(declaration, reviewer, review, current)
    _settle_counted_start(declaration, reviewer)
    return review


def _accepted_start(declaration: Declaration, accept: bool) -> date | None:
    """The corrected start date a review accepts; refused when the start date was never corrected."""
    if not accept:
        return None
    published = declaration.published_version
    started_on = published.started_on if published else None
    if started_on is None or started_on == declaration.declared_started_on:
        raise ReviewError(_("De begindatum is niet gecorrigeerd: er is geen correctie om te aanvaarden."))
    return started_on


def _replace(declaration: Declaration, current: Review | None, review: Review) -> Review:
    """Add the review; the reviewer's current one of this version (if any) stays on record as replaced by it.
    The review is added by id, not through the relationship, which would add it before the old one is replaced."""
    if current is not None:
        current.replaced_at = review.created_at
        db.session.flush()  # no longer current before the new one is added (the unique index allows one)
        current.replaced_by = review
    db.session.add(review)
    db.session.flush()
    db.session.expire(declaration, ["reviews"])
    return review


def griffie_sign_off(agreement: Agreement, *, griffie, comment: str | None = None,
                     version: int | None = None) -> SignOff:
    """The griffie signs off an agreement that its fractie cannot (no other reviewer), when the body allows it.
    Recorded as the griffie's sign-off; the agreement is then signed off and public, shown as signed off by the
    griffie because the fractie has no second reviewer."""
    from register.lone_reviewer import griffie_may_sign_off

    db.session.flush()
    _lock_on_sqlite(agreement)
    db.session.refresh(agreement, with_for_update=True)
    if not griffie_may_sign_off(agreement, griffie):
        raise ReviewError(_("De griffie kan deze afspraak niet aftekenen: dat kan alleen als de fractie geen andere "
                            "beoordelaar heeft en de instellingen van het orgaan het toestaan."))
    if version is not None and version != agreement.current_number:  # `version`: the one the griffie read
        raise StaleDecision(_("Deze afspraak is intussen gewijzigd. Er is niets vastgelegd."))
    current = agreement.current_version
    assert current is not None  # a submitted agreement has a version
    sign = SignOff(version=current, reviewer_id=griffie.id, decision=SignOffDecision.approved,
                   comment=(comment or "").strip() or None, comment_public=False, by_griffie=True)
    db.session.add(sign)
    db.session.flush()
    current.signed_off_at = utcnow()
    agreement.status = AgreementStatus.signed_off
    agreement.signed_number = current.number
    db.session.expire(agreement, ["signed_version"])
    record("agreement.signed_off_by_griffie", agreement, actor=griffie, body_id=agreement.politician.body_id,
           version=current.number)
    return sign
def _settle_counted_start(declaration: Declaration, reviewer) -> None:
    """After a review: the deadline counts from the accepted corrected start date, or again from the first one."""
    before = declaration.counted_started_on
    declaration.settle_counted_start()
    after = declaration.counted_started_on
    if after == before:
        return
    body_id = declaration.politician.body_id
    if declaration.start_acceptance is not None:
        record("declaration.start_correction_accepted", declaration, actor=reviewer, body_id=body_id,
               changes={"counted_from": [before, after]})
    else:
        record("declaration.start_correction_acceptance_withdrawn", declaration, actor=reviewer, body_id=body_id,
               changes={"counted_from": [before, after]})


def _current_review(declaration: Declaration, reviewer) -> Review | None:
    """The reviewer's current review of the published version, read fresh under the lock."""
    return db.session.scalar(select(Review).where(
        Review.declaration_id == declaration.id, Review.version_number == declaration.published_number,
        Review.reviewer_id == reviewer.id, Review.replaced_at.is_(None)))


def _record_review(declaration: Declaration, reviewer, review: Review, replaced: Review | None) -> None:
    data = dict(outcome=review.outcome.value, version=review.version_number, comment_public=review.comment_public,
                accepted_started_on=review.accepted_started_on)
    body_id = declaration.politician.body_id
    if replaced is None:
        record("declaration.reviewed", declaration, actor=reviewer, body_id=body_id, **data)
    else:
        record("declaration.review_replaced", declaration, actor=reviewer, body_id=body_id, replaced_review=replaced.id,
               previous_outcome=replaced.outcome.value, **data)
