"""Loading for the public pages. Each function costs a fixed number of queries, however large the register.

Only published data leaves this module: declarations through `published_version`, agreements through
`signed_version`. The templates still ask `is_field_public` for fields the politician kept to the fractie.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Body, Declaration, DeclarationKind, DeclarationStatus, Group,
    Politician, Review, SignOff,
)


@dataclass
class BodySummary:
    body: Body
    politicians: int
    declarations: int


@dataclass
class Section:
    """One fractie on a body page (group None: the office holders without a fractie, e.g. the burgemeester)."""
    group: Optional[Group]
    politicians: list[Politician]

    @property
    def title(self) -> str:
        return self.group.name if self.group else "Zonder fractie"


@dataclass
class BodyRegister:
    body: Body
    sections: list[Section]
    declaration_counts: dict[int, int]
    agreement_counts: dict[int, int]


@dataclass
class PoliticianRegister:
    body: Body
    politician: Politician
    current: dict[DeclarationKind, list[Declaration]] = field(default_factory=dict)
    ended: list[Declaration] = field(default_factory=list)
    withdrawn: list[Declaration] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    ended_agreements: list[Agreement] = field(default_factory=list)


def _counts(statement) -> dict[int, int]:
    return {key: count for key, count in db.session.execute(statement)}


def _current_declaration_counts(*, by, where) -> dict[int, int]:
    """Published (current, public) declarations of active politicians, counted per `by` column."""
    return _counts(select(by, func.count(Declaration.id)).join(Declaration.politician)
                   .where(where, Politician.active.is_(True), Declaration.status == DeclarationStatus.published)
                   .group_by(by))


def active_bodies() -> list[BodySummary]:
    """Active bodies with the number of active politicians and current public declarations (3 queries)."""
    bodies = db.session.scalars(select(Body).where(Body.active.is_(True)).order_by(Body.name)).all()
    politicians = _counts(select(Politician.body_id, func.count(Politician.id))
                          .where(Politician.active.is_(True)).group_by(Politician.body_id))
    declarations = _current_declaration_counts(by=Politician.body_id, where=Politician.body_id.is_not(None))
    return [BodySummary(b, politicians.get(b.id, 0), declarations.get(b.id, 0)) for b in bodies]


def body_register(body_slug: str) -> BodyRegister:
    """A body's active fracties with their active politicians and per-politician counts (5 queries); 404 if unknown."""
    body = db.first_or_404(select(Body).where(Body.slug == body_slug))
    groups = db.session.scalars(select(Group).where(Group.body_id == body.id, Group.active.is_(True))
                                .order_by(Group.name)).all()
    politicians = db.session.scalars(select(Politician).where(Politician.body_id == body.id,
                                                              Politician.active.is_(True))
                                     .order_by(Politician.sort_name)).all()
    sections = [Section(g, [p for p in politicians if p.group_id == g.id]) for g in groups]
    shown = {g.id for g in groups}
    without = [p for p in politicians if p.group_id not in shown]
    if without:
        sections.append(Section(None, without))
    declarations = _current_declaration_counts(by=Declaration.politician_id, where=Politician.body_id == body.id)
    agreements = _counts(select(Agreement.politician_id, func.count(Agreement.id)).join(Agreement.politician)
                         .where(Politician.body_id == body.id, Agreement.signed_number.is_not(None),
                                Agreement.status != AgreementStatus.ended)
                         .group_by(Agreement.politician_id))
    return BodyRegister(body, sections, declarations, agreements)


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
                 signed.selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer))
        .order_by(Agreement.id)))


def _newest_first(declarations: list[Declaration]) -> list[Declaration]:
    return sorted(declarations, key=lambda d: (d.published_version.started_on, d.id), reverse=True)


def politician_register(body_slug: str, politician_slug: str) -> PoliticianRegister:
    """A politician's public record (about 10 queries, fixed); 404 for an unknown body or politician."""
    body = db.first_or_404(select(Body).where(Body.slug == body_slug))
    politician = db.first_or_404(select(Politician).options(joinedload(Politician.group))
                                 .where(Politician.body_id == body.id, Politician.slug == politician_slug))
    page = PoliticianRegister(body, politician)
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
    return page
