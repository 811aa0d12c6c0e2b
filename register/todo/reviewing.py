"""What waits for a fractie reviewer (their queue) and for the griffie (signals, reviews over the deadline)."""
from __future__ import annotations

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Body, Declaration, DeclarationChange, DeclarationVersion, Group,
    Politician, Review, SignOff, Signal, SignalResponse, SignalStatus,
)
from register.models.declarations import PUBLIC_STATUSES
from register.lone_reviewer import fracties_without_second_reviewer
from register.todo.base import LIMIT, Item, Section, current_version_join, cutoffs, is_overdue, now, query_section


def _reviewer_bodies(user) -> list[Body]:
    ids = tuple(sorted(user.reviewer_group_ids))
    cache = g.setdefault("todo_reviewer_bodies", {})
    if ids not in cache:
        cache[ids] = list(db.session.scalars(select(Body).join(Group, Group.body_id == Body.id)
                                             .where(Group.id.in_(ids)).distinct())) if ids else []
    return cache[ids]


def _to_sign(user):
    """Submitted agreements of the reviewer's fracties that wait for this reviewer's decision."""
    if not user.reviewer_group_ids:
        return None
    decided = exists().where(SignOff.agreement_version_id == AgreementVersion.id, SignOff.reviewer_id == user.id)
    statement = (select(Agreement).join(Politician, Agreement.politician_id == Politician.id)
                 .join(AgreementVersion, current_version_join())
                 .where(Politician.group_id.in_(user.reviewer_group_ids),
                        Agreement.status == AgreementStatus.submitted, ~decided)
                 .options(selectinload(Agreement.politician).selectinload(Politician.body),
                          selectinload(Agreement.current_version))
                 .order_by(AgreementVersion.submitted_at, Agreement.id))
    if user.politician_id is not None:  # never one's own agreement
        statement = statement.where(Agreement.politician_id != user.politician_id)
    return statement


def _agreement_waiting(agreement: Agreement) -> Item | None:
    version = agreement.current_version
    if version is None:  # the query joined it
        return None
    return Item(_("Afspraak '%(title)s'", title=version.title),
                url_for("review.agreement", agreement_id=agreement.id), who=agreement.politician.name,
                since=version.submitted_at, overdue=is_overdue(version.submitted_at, agreement.politician.body))


def unreviewed_declarations(group_ids, own_politician_id=None):
    """Published declarations whose newest published version is new or corrected and has no review yet, oldest
    first (the reviewer's queue uses this too)."""
    reviewed = exists().where(Review.declaration_id == Declaration.id,
                              Review.version_number == Declaration.published_number)
    published = and_(DeclarationVersion.declaration_id == Declaration.id,
                     DeclarationVersion.number == Declaration.published_number)
    statement = (select(Declaration).join(Politician, Declaration.politician_id == Politician.id)
                 .join(DeclarationVersion, published)
                 .where(Politician.group_id.in_(group_ids),
                        Declaration.status.in_(PUBLIC_STATUSES),
                        DeclarationVersion.change.in_([DeclarationChange.published, DeclarationChange.corrected]),
                        ~reviewed)
                 .options(selectinload(Declaration.politician).selectinload(Politician.body),
                          selectinload(Declaration.published_version))
                 .order_by(DeclarationVersion.published_at, Declaration.id))
    if own_politician_id is not None:  # nobody reviews their own declarations
        statement = statement.where(Declaration.politician_id != own_politician_id)
    return statement


def _to_review(user):
    return unreviewed_declarations(user.reviewer_group_ids, user.politician_id) if user.reviewer_group_ids else None


def _declaration_waiting(declaration: Declaration) -> Item | None:
    version = declaration.published_version
    if version is None:  # the query joined it
        return None
    return Item(_("%(kind)s: %(role)s (%(organisation)s)", kind=declaration.kind_label, role=version.role,
                  organisation=version.organisation),
                url_for("review.declaration", declaration_id=declaration.id), who=declaration.politician.name,
                since=version.published_at, overdue=is_overdue(version.published_at, declaration.politician.body))


# ------------------------------------------------------------------------------------------------- griffie

def _griffie_bodies(user) -> list[Body]:
    ids = tuple(sorted(user.griffie_body_ids))
    cache = g.setdefault("todo_griffie_bodies", {})
    if ids not in cache:
        cache[ids] = list(db.session.scalars(select(Body).where(Body.id.in_(ids)))) if ids else []
    return cache[ids]


def _signals(user, *where):
    if not user.griffie_body_ids:
        return None
    return (select(Signal).where(Signal.body_id.in_(user.griffie_body_ids), *where)
            .options(selectinload(Signal.politician), selectinload(Signal.body))
            .order_by(Signal.received_at, Signal.id))


def _signal_item(text):
    def to_item(signal: Signal) -> Item:
        return Item(text % {"reference": signal.reference}, url_for("signals.detail", body_slug=signal.body.slug,
                                                                    signal_id=signal.id),
                    who=signal.politician.name if signal.politician else None, since=signal.received_at,
                    due=signal.response_due_at)
    return to_item


def _period_ended(user):
    return _signals(user, Signal.status == SignalStatus.opened, Signal.response_due_at <= now(),
                    ~exists().where(SignalResponse.signal_id == Signal.id))


def _responded(user):
    return _signals(user, Signal.status == SignalStatus.opened, exists().where(SignalResponse.signal_id == Signal.id))


def _late_sign_offs(user):
    bodies = _griffie_bodies(user)
    if not bodies:
        return None
    return (select(Agreement).join(Politician, Agreement.politician_id == Politician.id)
            .join(AgreementVersion, current_version_join())
            .where(Agreement.status == AgreementStatus.submitted,
                   cutoffs(bodies, AgreementVersion.submitted_at, Politician.body_id))
            .options(selectinload(Agreement.politician).selectinload(Politician.body),
                     selectinload(Agreement.current_version))
            .order_by(AgreementVersion.submitted_at, Agreement.id))


def _late_reviews(user):
    bodies = _griffie_bodies(user)
    if not bodies:
        return None
    statement = unreviewed_declarations(select(Group.id).where(Group.body_id.in_([b.id for b in bodies])))
    return statement.where(cutoffs(bodies, DeclarationVersion.published_at, Politician.body_id))




def _lone_fracties(user) -> list[Item]:
    """Fracties with a member whose agreements nobody could sign off (no reviewer, or only themselves): the griffie
    appoints a (second) reviewer. Three queries per body of the griffie, however many fracties and members."""
    return [
        Item(ngettext("Fractie '%(name)s' heeft geen beoordelaar die de afspraken van %(num)s lid kan aftekenen; "
                      "wijs een (tweede) beoordelaar aan",
                      "Fractie '%(name)s' heeft geen beoordelaar die de afspraken van %(num)s leden kan "
                      "aftekenen; wijs een (tweede) beoordelaar aan", len(lone.stuck_members),
                      name=lone.group.name),
             url_for("admin.group_reviewer", body_slug=body.slug, group_id=lone.group.id),
             who=", ".join(p.name for p in lone.stuck_members))
        for body in _griffie_bodies(user) for lone in fracties_without_second_reviewer(body)]

REVIEWER_SECTIONS = [
    query_section("to_sign", _l("Afspraken die op uw aftekening wachten"), _to_sign, _agreement_waiting),
    query_section("to_review", _l("Opgaven die op uw beoordeling wachten"), _to_review, _declaration_waiting),
]
GRIFFIE_SECTIONS = [
    query_section("new_signals", _l("Nieuwe meldingen"),
                  lambda user: _signals(user, Signal.status == SignalStatus.received),
                  _signal_item(_l("Melding %(reference)s: beoordeel of zij in behandeling wordt genomen"))),
    query_section("period_ended", _l("Meldingen waarvan de reactietermijn voorbij is"), _period_ended,
                  _signal_item(_l("Melding %(reference)s: geen reactie binnen de termijn; leg een uitkomst vast"))),
    query_section("responded", _l("Meldingen met een reactie"), _responded,
                  _signal_item(_l("Melding %(reference)s: de ambtsdrager heeft gereageerd; leg een uitkomst vast"))),
    query_section("late_sign_offs", _l("Afspraken die langer dan de termijn op aftekening wachten"), _late_sign_offs,
                  _agreement_waiting),
    query_section("late_reviews", _l("Opgaven die langer dan de termijn op beoordeling wachten"), _late_reviews,
                  _declaration_waiting),
    Section("lone_fracties", _l("Fracties zonder (tweede) beoordelaar"), lambda user: len(_lone_fracties(user)),
            lambda user: _lone_fracties(user)[:LIMIT]),
]
