"""Loading for the fractie reviewer's queue: agreements awaiting sign-off, declarations awaiting a review and the
latest decisions, each in one select with what its page shows loaded alongside."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Agreement, AgreementStatus, AgreementVersion, Declaration, Politician, Review, SignOff
from register.todo.sections import unreviewed_declarations

RECENT_LIMIT = 10


def submitted_agreements(group_ids) -> list[Agreement]:
    """Oldest submission first: what has waited longest comes first (an agreement waiting since 2022 shows its age)."""
    return list(db.session.scalars(
        select(Agreement).join(Agreement.politician).join(Agreement.current_version)
        .where(Politician.group_id.in_(group_ids), Agreement.status == AgreementStatus.submitted)
        .options(selectinload(Agreement.politician).selectinload(Politician.body),
                 selectinload(Agreement.current_version).selectinload(AgreementVersion.sign_offs))
        .order_by(AgreementVersion.submitted_at, Agreement.id)))


def unreviewed(group_ids, own_politician_id) -> list[Declaration]:
    """Published declarations whose newest published version is new or corrected and has no review yet, oldest
    first (the same select as the reviewer's "Te doen" count)."""
    return list(db.session.scalars(unreviewed_declarations(group_ids, own_politician_id)))


def recent_decisions(group_ids) -> list[tuple[str, SignOff | Review]]:
    """The newest sign-offs ("agreement") and reviews ("declaration") in these fracties, newest first."""
    sign_offs = db.session.scalars(
        select(SignOff).join(SignOff.version).join(AgreementVersion.agreement).join(Agreement.politician)
        .where(Politician.group_id.in_(group_ids))
        .options(selectinload(SignOff.reviewer),
                 selectinload(SignOff.version).selectinload(AgreementVersion.agreement)
                 .selectinload(Agreement.politician))
        .order_by(SignOff.created_at.desc()).limit(RECENT_LIMIT)).all()
    reviews = db.session.scalars(
        select(Review).join(Review.declaration).join(Declaration.politician)
        .where(Politician.group_id.in_(group_ids))
        .options(selectinload(Review.reviewer),
                 selectinload(Review.declaration).selectinload(Declaration.politician),
                 selectinload(Review.declaration).selectinload(Declaration.published_version))
        .order_by(Review.created_at.desc()).limit(RECENT_LIMIT)).all()
    decisions: list[tuple[str, SignOff | Review]] = [("agreement", s) for s in sign_offs]
    decisions += [("declaration", r) for r in reviews]
    return sorted(decisions, key=lambda pair: pair[1].created_at, reverse=True)[:RECENT_LIMIT]
