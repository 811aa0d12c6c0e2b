"""The lone reviewer: fracties where an agreement cannot be signed off because no other reviewer exists, and the
agreements stuck for that reason. A reviewer never signs off their own agreement, so a fractie whose only reviewer
submits one has nobody to decide on it; the griffie is told, and can appoint a reviewer or (when the body allows
it) sign off itself."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Body, Group, Politician, RoleGrant, RoleKind, User,
)


@dataclass
class LoneFractie:
    group: Group
    reviewers: list[User]
    stuck_members: list[Politician]   # members for whom no reviewer other than themselves exists


def reviewers_by_group(group_ids) -> dict[int, list[User]]:
    """Active reviewers with an active account, per fractie (one query)."""
    ids = list(group_ids)
    result: dict[int, list[User]] = defaultdict(list)
    if not ids:
        return result
    rows = db.session.execute(
        select(RoleGrant.group_id, User).join(User, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == RoleKind.reviewer, RoleGrant.revoked_at.is_(None), User.active.is_(True),
               RoleGrant.group_id.in_(ids)).order_by(User.name))
    for group_id, user in rows:
        result[group_id].append(user)
    return result


def fracties_without_second_reviewer(body: Body) -> list[LoneFractie]:
    """Active fracties with a member whose agreement nobody could sign off (no reviewer, or only themselves)."""
    groups = list(db.session.scalars(select(Group).where(Group.body_id == body.id, Group.active.is_(True))
                                     .options(selectinload(Group.members)).order_by(Group.name)))
    reviewers = reviewers_by_group(g.id for g in groups)
    result = []
    for group in groups:
        members = [p for p in group.members if p.active]
        others = reviewers.get(group.id, [])
        stuck = [p for p in members if not any(r.politician_id != p.id for r in others)]
        if stuck:
            result.append(LoneFractie(group, others, stuck))
    return result


def _stuck(agreement: Agreement, reviewers: list[User]) -> bool:
    version = agreement.current_version
    assert version is not None  # every agreement has at least one version
    decided = {s.reviewer_id for s in version.sign_offs}
    possible = [r for r in reviewers if r.politician_id != agreement.politician_id and r.id not in decided]
    return len(version.approvals) + len(possible) < agreement.politician.body.required_sign_offs


def agreements_stuck_without_reviewer(body: Body) -> list[Agreement]:
    """Submitted agreements of this body that cannot get the sign-offs they need from their fractie."""
    agreements = list(db.session.scalars(
        select(Agreement).join(Agreement.politician)
        .where(Politician.body_id == body.id, Agreement.status == AgreementStatus.submitted)
        .options(selectinload(Agreement.politician).selectinload(Politician.body),
                 selectinload(Agreement.current_version).selectinload(AgreementVersion.sign_offs))
        .order_by(Agreement.id)))
    reviewers = reviewers_by_group({a.politician.group_id for a in agreements if a.politician.group_id})
    return [a for a in agreements if _stuck(a, reviewers.get(a.politician.group_id or 0, []))]


def is_stuck(agreement: Agreement) -> bool:
    """This submitted agreement cannot get the sign-offs it needs from its fractie."""
    if agreement.status != AgreementStatus.submitted:
        return False
    group_id = agreement.politician.group_id
    return _stuck(agreement, reviewers_by_group([group_id]).get(group_id, []) if group_id else [])


def griffie_may_sign_off(agreement: Agreement, user) -> bool:
    """The griffie of the body, when the body allows it, for a stuck agreement that is not its own."""
    body = agreement.politician.body
    return bool(user and user.is_authenticated and user.is_griffie_of(body.id) and body.griffie_may_sign_off
                and not agreement.is_owner(user) and is_stuck(agreement))
