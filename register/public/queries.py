"""Loading for the public pages. Each function costs a fixed number of queries, however large the register.

Only published data leaves this module: declarations through `published_version`, agreements through
`signed_version`. The templates still ask `is_field_public` for fields the politician kept to the fractie.
Former members stay public for the body's retention period after their term ended; `publicly_listed_clause`
(SQL) and `is_publicly_listed` (Python) decide that for every public page, export and API.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask import abort
from sqlalchemy import and_, case, extract, func, or_, select
from sqlalchemy.orm import aliased, joinedload, selectinload
from werkzeug.exceptions import Gone

from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Body, Declaration, DeclarationKind, DeclarationStatus, FormerSlug,
    Group, Politician, Review, SignOff,
)
from register.public.completeness import ConfirmationState, confirmation_state, latest_said_nothing_to_declare
from register.models.base import amsterdam_today
from register.public.periods import is_former, public_until
from register.public.timeliness import COUNTED, OnTime, on_time_by_politician, total


# --- who is on the public pages -------------------------------------------------------------------------------

def current_member_clause(today: date | None = None):
    """SQL: the politician is in office today (active, and the term has not ended; never one created by mistake)."""
    today = today or amsterdam_today()
    return and_(Politician.active.is_(True), Politician.created_in_error_at.is_(None),
                or_(Politician.term_end.is_(None), Politician.term_end >= today))


def publicly_listed_clause(today: date | None = None):
    """SQL condition on Politician: in office, or a former member within the body's retention period.

    Add it to any query that selects or joins Politician. A former member without an end date is not listed:
    the retention period cannot be counted from nothing (deactivating in the admin always sets the end date).
    Month arithmetic through year*12+month works the same on SQLite and PostgreSQL; it agrees with
    periods.public_until (add the months, clamp to the month's end, listed up to and including that day).
    """
    today = today or amsterdam_today()
    body = aliased(Body)
    months = select(body.retention_months).where(body.id == Politician.body_id).correlate_except(body) \
        .scalar_subquery()
    end = Politician.term_end
    elapsed = (today.year * 12 + today.month) - (extract("year", end) * 12 + extract("month", end))
    retained = and_(end.is_not(None),
                    or_(elapsed < months, and_(elapsed == months, extract("day", end) >= today.day)))
    return and_(Politician.created_in_error_at.is_(None), or_(current_member_clause(today), retained))


def is_current_member(politician: Politician, today: date | None = None) -> bool:
    if politician.created_in_error:
        return False
    return not is_former(politician.term_end, politician.active, today or amsterdam_today())


def is_publicly_listed(politician: Politician, today: date | None = None) -> bool:
    """Python twin of publicly_listed_clause, for one loaded politician (uses politician.body)."""
    today = today or amsterdam_today()
    if politician.created_in_error:
        return False
    if is_current_member(politician, today):
        return True
    until = public_until(politician.term_end, politician.body.retention_months)
    return until is not None and today <= until


class NoLongerPublic(Gone):
    """A former member past the retention period: 410 Gone (the public blueprint explains it in Dutch; elsewhere,
    e.g. in the API, it is an ordinary 410)."""

    def __init__(self, politician: Politician):
        super().__init__()
        self.politician = politician


# --- the start page -------------------------------------------------------------------------------------------

@dataclass
class BodySummary:
    body: Body
    politicians: int
    declarations: int


def _counts(statement) -> dict[int, int]:
    return {key: count for key, count in db.session.execute(statement)}


def all_bodies() -> list[Body]:
    """Every body, active or not, by name (the open-data page, the API, the site administrator)."""
    return list(db.session.scalars(select(Body).order_by(Body.name)))


def active_bodies() -> list[BodySummary]:
    """Active bodies with the number of politicians in office and their current declarations (3 queries)."""
    today = amsterdam_today()
    bodies = db.session.scalars(select(Body).where(Body.active.is_(True)).order_by(Body.name)).all()
    politicians = _counts(select(Politician.body_id, func.count(Politician.id))
                          .where(current_member_clause(today)).group_by(Politician.body_id))
    declarations = _counts(select(Politician.body_id, func.count(Declaration.id)).join(Declaration.politician)
                           .where(current_member_clause(today), Declaration.status == DeclarationStatus.published)
                           .group_by(Politician.body_id))
    return [BodySummary(b, politicians.get(b.id, 0), declarations.get(b.id, 0)) for b in bodies]


# --- a body ---------------------------------------------------------------------------------------------------

@dataclass
class Section:
    """One fractie on a body page (group None: the office holders without a fractie, e.g. the burgemeester)."""
    group: Group | None
    politicians: list[Politician]
    on_time: OnTime = field(default_factory=OnTime)

    @property
    def title(self) -> str:
        from flask_babel import gettext as _
        return self.group.name if self.group else _("Zonder fractie")


@dataclass
class BodyRegister:
    body: Body
    today: date
    sections: list[Section]
    former: list[Politician]
    declaration_counts: dict[int, int]
    agreement_counts: dict[int, int]
    on_time: dict[int, OnTime]
    confirmations: dict[int, ConfirmationState]
    total_on_time: OnTime

    def public_until(self, politician: Politician) -> date | None:
        return public_until(politician.term_end, self.body.retention_months)

    def on_time_of(self, politician: Politician) -> OnTime:
        return self.on_time.get(politician.id, OnTime())


def find_body(body_slug: str) -> Body:
    return db.first_or_404(select(Body).where(Body.slug == body_slug))


def active_group(body: Body, group_slug: str) -> Group:
    """The body's active fractie the URL names, or 404."""
    return db.first_or_404(select(Group).where(Group.body_id == body.id, Group.slug == group_slug,
                                               Group.active.is_(True)))


def active_body(body_slug: str) -> Body:
    """The active body the URL names, or 404 (an inactive body has no public pages)."""
    return db.first_or_404(select(Body).where(Body.slug == body_slug, Body.active.is_(True)))


def declaration_counts(*where) -> tuple[dict[int, int], dict[int, int]]:
    """Per politician: current (published) declarations, and all ever published ones (one query)."""
    rows = db.session.execute(
        select(Declaration.politician_id, func.count(Declaration.id),
               func.sum(case((Declaration.status == DeclarationStatus.published, 1), else_=0)))
        .join(Declaration.politician).where(Declaration.status.in_(COUNTED), *where)
        .group_by(Declaration.politician_id))
    current, published = {}, {}
    for politician_id, count, running in rows:
        published[politician_id], current[politician_id] = count, int(running or 0)
    return current, published


def _sections(groups: Sequence[Group], members: list[Politician], on_time: dict[int, OnTime]) -> list[Section]:
    sections = [Section(g, [p for p in members if p.group_id == g.id]) for g in groups]
    shown = {g.id for g in groups}
    without = [p for p in members if p.group_id not in shown]
    if without:
        sections.append(Section(None, without))
    for section in sections:
        section.on_time = total(on_time.get(p.id, OnTime()) for p in section.politicians)
    return sections


def body_register(body_slug: str) -> BodyRegister:
    """A body's fracties with their members, former members within retention, counts (7 queries); 404 if unknown."""
    today = amsterdam_today()
    body = find_body(body_slug)
    groups = db.session.scalars(select(Group).where(Group.body_id == body.id, Group.active.is_(True))
                                .order_by(Group.name)).all()
    listed = db.session.scalars(select(Politician).options(joinedload(Politician.group))
                                .where(Politician.body_id == body.id, publicly_listed_clause(today))
                                .order_by(Politician.sort_name)).all()
    in_body = Politician.body_id == body.id
    current, published = declaration_counts(in_body)
    agreements = _counts(select(Agreement.politician_id, func.count(Agreement.id)).join(Agreement.politician)
                         .where(in_body, Agreement.signed_number.is_not(None),
                                Agreement.status != AgreementStatus.ended)
                         .group_by(Agreement.politician_id))
    on_time = on_time_by_politician(in_body)
    nothing = latest_said_nothing_to_declare(in_body)
    members = [p for p in listed if is_current_member(p, today)]
    confirmations = {p.id: confirmation_state(p, latest_nothing=p.id in nothing, current=current.get(p.id, 0),
                                              published=published.get(p.id, 0), today=today) for p in members}
    return BodyRegister(body, today, _sections(groups, members, on_time),
                        [p for p in listed if not is_current_member(p, today)], current, agreements, on_time,
                        confirmations, total(on_time.get(p.id, OnTime()) for p in members))


# --- a politician ---------------------------------------------------------------------------------------------

@dataclass
class PoliticianRegister:
    body: Body
    politician: Politician
    today: date
    confirmation: ConfirmationState | None = None
    current: dict[DeclarationKind, list[Declaration]] = field(default_factory=dict)
    ended: list[Declaration] = field(default_factory=list)
    withdrawn: list[Declaration] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    ended_agreements: list[Agreement] = field(default_factory=list)

    @property
    def covered_by(self) -> dict[int, list[Agreement]]:
        """Declaration id -> the signed-off agreements on this page whose signed version covers it (no query:
        the versions' declarations are loaded with the agreements)."""
        found: dict[int, list[Agreement]] = {}
        for agreement in (*self.agreements, *self.ended_agreements):
            signed = agreement.signed_version  # set: the page lists signed-off agreements only
            for declaration in signed.declarations if signed is not None else []:
                found.setdefault(declaration.id, []).append(agreement)
        return found

    @property
    def is_former(self) -> bool:
        return not is_current_member(self.politician, self.today)

    @property
    def public_until(self) -> date | None:
        return public_until(self.politician.term_end, self.body.retention_months)


class SlugMoved(Exception):
    """The politician's page now lives at another slug (public.routes answers with a permanent redirect)."""

    def __init__(self, slug: str):
        super().__init__(slug)
        self.slug = slug


def find_listed_politician(body_slug: str, politician_slug: str, today: date) -> tuple[Body, Politician]:
    """The body and politician, 404 when unknown; SlugMoved for a former slug; NoLongerPublic past the retention
    period (2 queries)."""
    body = find_body(body_slug)
    politician = db.session.scalar(select(Politician).options(joinedload(Politician.group))
                                   .where(Politician.body_id == body.id, Politician.slug == politician_slug))
    if politician is None:
        current = db.session.scalar(select(Politician.slug).join(FormerSlug, FormerSlug.politician_id == Politician.id)
                                    .where(FormerSlug.body_id == body.id, FormerSlug.slug == politician_slug))
        if current is None:
            abort(404)
        raise SlugMoved(current)
    if politician.created_in_error:
        abort(404)  # it never existed as far as the public is concerned (no "former member" page either)
    if not is_publicly_listed(politician, today):
        raise NoLongerPublic(politician)
    return body, politician


def _public_declarations(politician: Politician) -> list[Declaration]:
    """Every declaration that was ever published, with its published version and reviews."""
    return list(db.session.scalars(
        select(Declaration)
        .where(Declaration.politician_id == politician.id, Declaration.published_number.is_not(None),
               Declaration.status != DeclarationStatus.draft)
        .options(selectinload(Declaration.published_version),
                 selectinload(Declaration.reviews).selectinload(Review.reviewer))
        .order_by(Declaration.id)))


def _public_agreements(politician: Politician) -> list[Agreement]:
    """Agreements with a signed-off version, loaded with that version's declarations and sign-offs."""
    signed = selectinload(Agreement.signed_version)
    return list(db.session.scalars(
        select(Agreement)
        .where(Agreement.politician_id == politician.id, Agreement.signed_number.is_not(None))
        .options(signed.selectinload(AgreementVersion.declarations).selectinload(Declaration.published_version),
                 signed.selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer),
                 signed.selectinload(AgreementVersion.organisations))
        .order_by(Agreement.id)))


def _newest_first(declarations: list[Declaration]) -> list[Declaration]:
    # Each was published (the query asks for a published number), so each has its published version loaded.
    return sorted(declarations, key=lambda d: (d.published_version.started_on if d.published_version else date.min,
                                               d.id), reverse=True)


def politician_register(body_slug: str, politician_slug: str) -> PoliticianRegister:
    """A politician's public record (a fixed number of queries); 404 unknown, NoLongerPublic after retention."""
    today = amsterdam_today()
    body, politician = find_listed_politician(body_slug, politician_slug, today)
    page = PoliticianRegister(body, politician, today)
    declarations = _public_declarations(politician)
    for kind in DeclarationKind:
        items = [d for d in declarations if d.kind == kind and d.status == DeclarationStatus.published]
        if items:
            page.current[kind] = _newest_first(items)
    page.ended = _newest_first([d for d in declarations if d.status == DeclarationStatus.ended])
    page.withdrawn = [d for d in declarations if d.status == DeclarationStatus.withdrawn]
    for agreement in _public_agreements(politician):
        ended = agreement.status == AgreementStatus.ended
        (page.ended_agreements if ended else page.agreements).append(agreement)
    nothing = latest_said_nothing_to_declare(Politician.id == politician.id)
    page.confirmation = confirmation_state(
        politician, latest_nothing=politician.id in nothing, current=sum(map(len, page.current.values())),
        published=sum(map(len, page.current.values())) + len(page.ended), today=today)
    return page
