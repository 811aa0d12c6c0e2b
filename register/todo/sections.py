""""Te doen": what waits for each role, as sections of a list. A section is a count and its items, usually from one
select; adding a section is one line in SECTIONS.

Every count is one query and every item list one or two (with selectinload), whatever the data: the navigation
shows the counts on every page behind the login, the Te-doen page the items.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Body, Declaration, DeclarationChange, DeclarationStatus,
    DeclarationVersion, Group, Politician, Review, SignOff, SignOffDecision, Signal, SignalResponse, SignalStatus,
)
from register.models.base import utcnow
from register.public.periods import amsterdam_today, confirmation_overdue

LIMIT = 25  # items shown per section; the count says how many there are


@dataclass
class Item:
    text: str
    link: str
    who: str | None = None  # the politician it concerns (reviewer and griffie lists)
    since: datetime | None = None  # waiting since: the page shows the date and the age
    due: datetime | None = None  # a deadline the page shows
    overdue: bool = False  # older than the body's deadline, or past its own deadline
    note: str | None = None  # e.g. the fractie's comment on a requested change


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # a lazy Dutch string
    count: Callable
    items: Callable
    prominent: bool = False


def _query_section(key, title, build, to_item, *, prominent=False) -> Section:
    """A section from a select of objects (or None when it does not apply) and a function that makes an item."""
    def count(user) -> int:
        statement = build(user)
        return 0 if statement is None else db.session.scalar(
            select(func.count()).select_from(statement.order_by(None).subquery()))

    def items(user) -> list[Item]:
        statement = build(user)
        return [] if statement is None else [to_item(o) for o in db.session.scalars(statement.limit(LIMIT))]
    return Section(key, title, count, items, prominent)


def _now() -> datetime:
    return utcnow()


def _cutoffs(bodies: list[Body], column, body_column):
    """column older than the deadline of its own body (declaration_deadline_days), for each of these bodies."""
    now = _now()
    return or_(*(and_(body_column == b.id, column < now - timedelta(days=b.declaration_deadline_days))
                 for b in bodies))


def is_overdue(since: datetime | None, body: Body) -> bool:
    return since is not None and since < _now() - timedelta(days=body.declaration_deadline_days)


# ------------------------------------------------------------------------------------------------- politician

def _own_signals(user):
    if user.politician_id is None:
        return None
    return (select(Signal).where(Signal.politician_id == user.politician_id, Signal.status == SignalStatus.opened,
                                 ~exists().where(SignalResponse.signal_id == Signal.id))
            .order_by(Signal.response_due_at, Signal.id))


def _signal_to_answer(signal: Signal) -> Item:
    return Item(_("Melding %(reference)s: geef uw reactie (hoor en wederhoor)", reference=signal.reference),
                url_for("signals.mine_detail", signal_id=signal.id), due=signal.response_due_at,
                overdue=signal.response_due_at is not None and signal.response_due_at < _now())


def _changes_requested(user):
    if user.politician_id is None:
        return None
    return (select(Agreement).where(Agreement.politician_id == user.politician_id,
                                    Agreement.status == AgreementStatus.changes_requested)
            .options(selectinload(Agreement.current_version).selectinload(AgreementVersion.sign_offs))
            .order_by(Agreement.updated_at, Agreement.id))


def _agreement_to_change(agreement: Agreement) -> Item:
    version = agreement.current_version
    requests = [s for s in version.sign_offs if s.decision == SignOffDecision.changes_requested]
    return Item(_("Afspraak '%(title)s': uw fractie vraagt een wijziging", title=version.title),
                url_for("agreements.edit", agreement_id=agreement.id),
                since=requests[-1].created_at if requests else None,
                note=requests[-1].comment if requests else None)


def _old_drafts(user):
    politician = user.politician
    if politician is None:
        return None
    cutoff = _now() - timedelta(days=politician.body.declaration_deadline_days)
    return (select(Declaration).where(Declaration.politician_id == politician.id,
                                      Declaration.status == DeclarationStatus.draft, Declaration.created_at < cutoff)
            .options(selectinload(Declaration.current_version)).order_by(Declaration.created_at, Declaration.id))


def _draft_to_finish(declaration: Declaration) -> Item:
    version = declaration.current_version
    return Item(_("Concept: %(kind)s, %(role)s (%(organisation)s)", kind=declaration.kind_label.lower(),
                  role=version.role, organisation=version.organisation),
                url_for("declarations.detail", declaration_id=declaration.id), since=declaration.created_at,
                overdue=True)


def _old_agreement_drafts(user):
    politician = user.politician
    if politician is None:
        return None
    cutoff = _now() - timedelta(days=politician.body.declaration_deadline_days)
    current = and_(AgreementVersion.agreement_id == Agreement.id, AgreementVersion.number == Agreement.current_number)
    return (select(Agreement).join(AgreementVersion, current)
            .where(Agreement.politician_id == politician.id, Agreement.status == AgreementStatus.draft,
                   AgreementVersion.created_at < cutoff)
            .options(selectinload(Agreement.current_version)).order_by(AgreementVersion.created_at, Agreement.id))


def _agreement_draft(agreement: Agreement) -> Item:
    version = agreement.current_version
    return Item(_("Concept-afspraak '%(title)s': nog niet ter aftekening aangeboden", title=version.title),
                url_for("agreements.detail", agreement_id=agreement.id), since=version.created_at, overdue=True)


def _confirmation_due(user) -> bool:
    politician = user.politician
    if politician is None or not politician.active:
        return False
    return politician.last_confirmed_at is None or confirmation_overdue(politician.last_confirmed_at,
                                                                         amsterdam_today())


def _confirmation_items(user) -> list[Item]:
    if not _confirmation_due(user):
        return []
    last = user.politician.last_confirmed_at
    return [Item(_("Bevestig dat uw register volledig is (jaarlijks)"),
                 url_for("declarations.dashboard", _anchor="bevestigen-titel"), since=last, overdue=last is not None,
                 note=None if last else _("U heeft uw register nog nooit bevestigd."))]


CONFIRMATION = Section("confirmation", _l("Jaarlijkse bevestiging"), lambda user: int(_confirmation_due(user)),
                       _confirmation_items)


# ------------------------------------------------------------------------------------------------- reviewer

def _reviewer_bodies(user) -> list[Body]:
    ids = tuple(sorted(user.reviewer_group_ids))
    cache = g.setdefault("todo_reviewer_bodies", {})
    if ids not in cache:
        cache[ids] = list(db.session.scalars(select(Body).join(Group, Group.body_id == Body.id)
                                             .where(Group.id.in_(ids)).distinct())) if ids else []
    return cache[ids]


def _current_version_join():
    return and_(AgreementVersion.agreement_id == Agreement.id, AgreementVersion.number == Agreement.current_number)


def _to_sign(user):
    """Submitted agreements of the reviewer's fracties that wait for this reviewer's decision."""
    if not user.reviewer_group_ids:
        return None
    decided = exists().where(SignOff.agreement_version_id == AgreementVersion.id, SignOff.reviewer_id == user.id)
    statement = (select(Agreement).join(Politician, Agreement.politician_id == Politician.id)
                 .join(AgreementVersion, _current_version_join())
                 .where(Politician.group_id.in_(user.reviewer_group_ids),
                        Agreement.status == AgreementStatus.submitted, ~decided)
                 .options(selectinload(Agreement.politician).selectinload(Politician.body),
                          selectinload(Agreement.current_version))
                 .order_by(AgreementVersion.submitted_at, Agreement.id))
    if user.politician_id is not None:  # never one's own agreement
        statement = statement.where(Agreement.politician_id != user.politician_id)
    return statement


def _agreement_waiting(agreement: Agreement) -> Item:
    version = agreement.current_version
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
                        Declaration.status.in_([DeclarationStatus.published, DeclarationStatus.ended]),
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


def _declaration_waiting(declaration: Declaration) -> Item:
    version = declaration.published_version
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
    return _signals(user, Signal.status == SignalStatus.opened, Signal.response_due_at <= _now(),
                    ~exists().where(SignalResponse.signal_id == Signal.id))


def _responded(user):
    return _signals(user, Signal.status == SignalStatus.opened, exists().where(SignalResponse.signal_id == Signal.id))


def _late_sign_offs(user):
    bodies = _griffie_bodies(user)
    if not bodies:
        return None
    return (select(Agreement).join(Politician, Agreement.politician_id == Politician.id)
            .join(AgreementVersion, _current_version_join())
            .where(Agreement.status == AgreementStatus.submitted,
                   _cutoffs(bodies, AgreementVersion.submitted_at, Politician.body_id))
            .options(selectinload(Agreement.politician).selectinload(Politician.body),
                     selectinload(Agreement.current_version))
            .order_by(AgreementVersion.submitted_at, Agreement.id))


def _late_reviews(user):
    bodies = _griffie_bodies(user)
    if not bodies:
        return None
    statement = unreviewed_declarations(select(Group.id).where(Group.body_id.in_([b.id for b in bodies])))
    return statement.where(_cutoffs(bodies, DeclarationVersion.published_at, Politician.body_id))


SECTIONS = {
    "politician": [
        _query_section("signals", _l("Meldingen waarop u kunt reageren"), _own_signals, _signal_to_answer,
                       prominent=True),
        _query_section("changes_requested", _l("Afspraken waarin uw fractie een wijziging vraagt"),
                       _changes_requested, _agreement_to_change, prominent=True),
        CONFIRMATION,
        _query_section("old_drafts", _l("Concepten die langer liggen dan de termijn"), _old_drafts, _draft_to_finish),
        _query_section("old_agreement_drafts", _l("Concept-afspraken die langer liggen dan de termijn"),
                       _old_agreement_drafts, _agreement_draft),
    ],
    "reviewer": [
        _query_section("to_sign", _l("Afspraken die op uw aftekening wachten"), _to_sign, _agreement_waiting),
        _query_section("to_review", _l("Opgaven die op uw beoordeling wachten"), _to_review, _declaration_waiting),
    ],
    "griffie": [
        _query_section("new_signals", _l("Nieuwe meldingen"),
                       lambda user: _signals(user, Signal.status == SignalStatus.received),
                       _signal_item(_l("Melding %(reference)s: beoordeel of zij in behandeling wordt genomen"))),
        _query_section("period_ended", _l("Meldingen waarvan de reactietermijn voorbij is"), _period_ended,
                       _signal_item(_l("Melding %(reference)s: geen reactie binnen de termijn; leg een uitkomst "
                                       "vast"))),
        _query_section("responded", _l("Meldingen met een reactie"), _responded,
                       _signal_item(_l("Melding %(reference)s: de ambtsdrager heeft gereageerd; leg een uitkomst "
                                       "vast"))),
        _query_section("late_sign_offs", _l("Afspraken die langer dan de termijn op aftekening wachten"),
                       _late_sign_offs, _agreement_waiting),
        _query_section("late_reviews", _l("Opgaven die langer dan de termijn op beoordeling wachten"),
                       _late_reviews, _declaration_waiting),
        # Fracties without a second reviewer (the lone reviewer, issue 12): one line here once its query exists.
    ],
}
ROLE_TITLES = {"politician": _l("Als ambtsdrager"), "reviewer": _l("Als fractiebeoordelaar"),
               "griffie": _l("Als griffie")}
ROLE_CHECKS = {"politician": lambda user: user.is_politician, "reviewer": lambda user: user.is_reviewer,
               "griffie": lambda user: user.is_griffie}


def roles_of(user) -> list[str]:
    return [role for role, check in ROLE_CHECKS.items() if check(user)]


def counts(user) -> dict[str, int]:
    """Per role of the user: how many things wait (once per request: the navigation asks on every page)."""
    cached = g.get("todo_counts")
    if cached is None:
        cached = g.todo_counts = {role: sum(s.count(user) for s in SECTIONS[role]) for role in roles_of(user)}
    return cached


def role_lists(user, roles=None) -> list[tuple[str, list[tuple[Section, int, list[Item]]]]]:
    """Per role: the sections with their count and items (sections with nothing waiting are left out)."""
    result = []
    for role in roles or roles_of(user):
        sections = [(s, s.count(user)) for s in SECTIONS[role]]
        result.append((role, [(s, n, s.items(user)) for s, n in sections if n]))
    return result
