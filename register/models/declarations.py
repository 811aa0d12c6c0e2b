"""Declarations (opgaven) with append-only versions, and reviewers' assessments of them."""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, and_, text
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from register.extensions import db
from register.models.base import local_date, utcnow
from register.models.lateness import Lateness
from register.models.people import Politician
from register.models.visibility import FIELDS, hidden_in, public_clause


class DeclarationKind(enum.Enum):
    side_job = "side_job"
    financial = "financial"
    gift = "gift"
    other = "other"


KIND_LABELS = {
    DeclarationKind.side_job: _l("Nevenfunctie"),
    DeclarationKind.financial: _l("Financieel belang"),
    DeclarationKind.gift: _l("Geschenk of uitnodiging"),
    DeclarationKind.other: _l("Overig belang"),
}


class DeclarationStatus(enum.Enum):
    draft = "draft"
    published = "published"
    ended = "ended"
    withdrawn = "withdrawn"


# The statuses in which a declaration is on the public register, current or ended: the one definition, asked by
# every public page, export, feed and statistic. A withdrawn entry shows only as withdrawn (title and reason).
PUBLIC_STATUSES = (DeclarationStatus.published, DeclarationStatus.ended)

STATUS_LABELS = {
    DeclarationStatus.draft: _l("Concept"),
    DeclarationStatus.published: _l("Gepubliceerd"),
    DeclarationStatus.ended: _l("Beëindigd"),
    DeclarationStatus.withdrawn: _l("Ingetrokken"),
}


class DeclarationChange(enum.Enum):
    """Why a version was made."""
    draft = "draft"
    published = "published"
    corrected = "corrected"
    ended = "ended"
    withdrawn = "withdrawn"


CHANGE_LABELS = {
    DeclarationChange.draft: _l("Concept opgeslagen"),
    DeclarationChange.published: _l("Nieuw"),
    DeclarationChange.corrected: _l("Correctie"),
    DeclarationChange.ended: _l("Beëindigd"),
    DeclarationChange.withdrawn: _l("Ingetrokken"),
}


class IncomeBand(enum.Enum):
    """Monthly income bands after the European Parliament's, never exact amounts."""
    below_500 = "below_500"
    from_500 = "500_1000"
    from_1001 = "1001_5000"
    from_5001 = "5001_10000"
    above_10000 = "above_10000"


INCOME_LABELS = {
    IncomeBand.below_500: _l("minder dan € 500 per maand"),
    IncomeBand.from_500: _l("€ 500 – € 1.000 per maand"),
    IncomeBand.from_1001: _l("€ 1.001 – € 5.000 per maand"),
    IncomeBand.from_5001: _l("€ 5.001 – € 10.000 per maand"),
    IncomeBand.above_10000: _l("meer dan € 10.000 per maand"),
}


class GiftValueBand(enum.Enum):
    """The estimated value of a gift or invitation, in bands: a politician need not know the exact price."""
    up_to_50 = "up_to_50"
    from_51 = "51_250"
    from_251 = "251_1000"
    above_1000 = "above_1000"


GIFT_VALUE_LABELS = {
    GiftValueBand.up_to_50: _l("tot en met € 50"),
    GiftValueBand.from_51: _l("€ 51 – € 250"),
    GiftValueBand.from_251: _l("€ 251 – € 1.000"),
    GiftValueBand.above_1000: _l("meer dan € 1.000"),
}


class GiftOutcome(enum.Enum):
    """What became of a gift: kept, given back (or declined), or handed to the body."""
    accepted = "accepted"
    returned = "returned"
    handed_over = "handed_over"


GIFT_OUTCOME_LABELS = {
    GiftOutcome.accepted: _l("aangenomen"),
    GiftOutcome.returned: _l("teruggegeven of geweigerd"),
    GiftOutcome.handed_over: _l("afgedragen aan het orgaan"),
}


class HoldingBand(enum.Enum):
    """The size of a financial interest (shares, property, a stake in a business), in bands."""
    below_10000 = "below_10000"
    from_10000 = "10000_50000"
    from_50000 = "50000_250000"
    above_250000 = "above_250000"


HOLDING_LABELS = {
    HoldingBand.below_10000: _l("minder dan € 10.000"),
    HoldingBand.from_10000: _l("€ 10.000 – € 50.000"),
    HoldingBand.from_50000: _l("€ 50.000 – € 250.000"),
    HoldingBand.above_250000: _l("meer dan € 250.000"),
}

# A version's content, compared between versions for the history; labels and visibility in models/visibility.py.
CONTENT_FIELDS = tuple(FIELDS)


class Declaration(db.Model):
    # A politician's declarations by status (body pages, politician pages, dashboard); also serves every lookup
    # by politician_id alone, so there is no separate index on politician_id.
    __table_args__ = (Index("ix_declaration_politician_id_status", "politician_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"))
    kind: Mapped[DeclarationKind]
    status: Mapped[DeclarationStatus] = mapped_column(default=DeclarationStatus.draft, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set by the system on first publication; never editable.
    declared_at: Mapped[datetime | None] = mapped_column(index=True)
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    after_signal: Mapped[bool] = mapped_column(default=False)
    # The politician's public explanation of a late declaration, given when publishing; shown beside the badge.
    late_explanation: Mapped[str | None] = mapped_column(Text)
    # Version numbers: the newest (perhaps a draft) and the newest published one.
    current_number: Mapped[int] = mapped_column(default=0)
    published_number: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # What was due, fixed at first publication (models/lateness.py): the start date, the term start and the
    # deadline as they were then. The deadline counts from `counted_started_on`: the first declared start date,
    # or a corrected one that a reviewer of the fractie accepted.
    declared_started_on: Mapped[date | None]
    declared_term_start: Mapped[date | None]
    declared_deadline_days: Mapped[int | None]
    counted_started_on: Mapped[date | None]

    politician: Mapped[Politician] = relationship()
    versions: Mapped[list[DeclarationVersion]] = relationship(
        back_populates="declaration", order_by="DeclarationVersion.number")
    current_version: Mapped[DeclarationVersion | None] = relationship(
        primaryjoin=lambda: and_(foreign(DeclarationVersion.declaration_id) == Declaration.id,
                                 DeclarationVersion.number == Declaration.current_number),
        viewonly=True, uselist=False)
    published_version: Mapped[DeclarationVersion | None] = relationship(
        primaryjoin=lambda: and_(foreign(DeclarationVersion.declaration_id) == Declaration.id,
                                 DeclarationVersion.number == Declaration.published_number),
        viewonly=True, uselist=False)
    reviews: Mapped[list[Review]] = relationship(back_populates="declaration", order_by="Review.created_at")

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def has_unpublished_draft(self) -> bool:
        return self.current_number != (self.published_number or 0)

    def is_owner(self, user) -> bool:
        return bool(user and user.is_authenticated and user.politician_id == self.politician_id)

    # Timeliness: the one rule is in models/lateness.py; these read the facts fixed at first publication.
    def lateness(self, published: DeclarationVersion | None = None) -> Lateness | None:
        """None when never published. `published`: the published version, when the caller has it loaded."""
        published = published or self.published_version
        if self.declared_at is None or self.counted_started_on is None or published is None:
            return None
        return Lateness(local_date(self.declared_at), self.counted_started_on, self.declared_term_start,
                        self.declared_deadline_days or 0, published.started_on)

    def days_to_declare(self) -> int | None:
        lateness = self.lateness()
        return lateness.days_to_declare if lateness else None

    def days_late(self) -> int | None:
        """Days past the deadline; 0 when on time, None when never published."""
        lateness = self.lateness()
        return lateness.days_late if lateness else None

    @property
    def start_acceptance(self) -> Review | None:
        """The newest current review that accepted a corrected start date: the deadline counts from that date."""
        accepting = [r for r in self.current_reviews if r.accepted_started_on is not None]
        return max(accepting, key=lambda r: (r.created_at, r.id)) if accepting else None

    def settle_counted_start(self) -> None:
        """Count the deadline from the accepted corrected start date, or else from the first declared one."""
        acceptance = self.start_acceptance
        self.counted_started_on = acceptance.accepted_started_on if acceptance else self.declared_started_on

    # Reviews: `reviews` keeps every decision, also the replaced ones; these read the loaded list (no query).
    @property
    def current_reviews(self) -> list[Review]:
        return [r for r in self.reviews if r.is_current]

    def current_review_by(self, user, version_number: int | None) -> Review | None:
        return next((r for r in self.current_reviews
                     if r.reviewer_id == getattr(user, "id", None) and r.version_number == version_number), None)

    def replaced_review(self, review: Review) -> Review | None:
        """The earlier decision that `review` replaced, if any."""
        return next((r for r in self.reviews if r.replaced_by_id == review.id), None)

    def can_view(self, user) -> bool:
        """The owner; once published, the griffie of the body and the reviewers of the politician's fractie.

        A draft is the politician's own workspace (the dashboard tells them only they see it): the griffie "sees
        everything of its body" that is on the record, which a draft is not until it is published."""
        if not (user and user.is_authenticated):
            return False
        if self.is_owner(user):
            return True
        return self.published_number is not None and (user.is_griffie_of(self.politician.body_id)
                                                      or user.is_reviewer_of(self.politician.group_id))

    def can_edit(self, user) -> bool:
        return self.is_owner(user) and self.status in (DeclarationStatus.draft, DeclarationStatus.published,
                                                       DeclarationStatus.ended)

    def can_publish(self, user) -> bool:
        return self.is_owner(user) and self.status == DeclarationStatus.draft

    def can_end(self, user) -> bool:
        return self.is_owner(user) and self.status == DeclarationStatus.published

    def can_withdraw(self, user) -> bool:
        return self.is_owner(user) and (self.is_public or self.status == DeclarationStatus.draft)

    def can_review(self, user) -> bool:
        """A reviewer of the politician's fractie, never about their own declaration."""
        return (bool(user and user.is_authenticated) and not self.is_owner(user)
                and self.is_public and user.is_reviewer_of(self.politician.group_id))


class DeclarationVersion(db.Model):
    """One immutable version of a declaration's content."""
    __table_args__ = (UniqueConstraint("declaration_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True)
    number: Mapped[int]
    change: Mapped[DeclarationChange]
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    published_at: Mapped[datetime | None] = mapped_column(index=True)  # newest first: the Atom feeds

    organisation: Mapped[str] = mapped_column(String(200))
    # Normalised name (register.search.organisation_key) joining declarations at the same organisation.
    organisation_key: Mapped[str | None] = mapped_column(String(200), index=True)
    kvk_number: Mapped[str | None] = mapped_column(String(8), index=True)
    role: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    paid: Mapped[bool] = mapped_column(default=False)
    income_band: Mapped[IncomeBand | None]
    hours_per_month: Mapped[int | None]
    ex_officio: Mapped[bool] = mapped_column(default=False)
    estimated_value: Mapped[int | None]
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    explanation: Mapped[str | None] = mapped_column(Text)
    concerns_family: Mapped[bool] = mapped_column(default=False)
    organisation_public: Mapped[bool] = mapped_column(default=True)
    description_public: Mapped[bool] = mapped_column(default=True)
    income_public: Mapped[bool] = mapped_column(default=True)
    hours_public: Mapped[bool] = mapped_column(default=True)
    explanation_public: Mapped[bool] = mapped_column(default=True)
    # Kind-specific: a gift's value band and what became of it; the size of a financial interest.
    gift_value_band: Mapped[GiftValueBand | None]
    gift_outcome: Mapped[GiftOutcome | None]
    holding_band: Mapped[HoldingBand | None]

    declaration: Mapped[Declaration] = relationship(back_populates="versions")
    created_by = relationship("User")

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change])

    @property
    def income_label(self) -> str:
        return str(INCOME_LABELS[self.income_band]) if self.income_band else ""

    @property
    def gift_value_label(self) -> str:
        return str(GIFT_VALUE_LABELS[self.gift_value_band]) if self.gift_value_band else ""

    @property
    def gift_outcome_label(self) -> str:
        return str(GIFT_OUTCOME_LABELS[self.gift_outcome]) if self.gift_outcome else ""

    @property
    def holding_label(self) -> str:
        return str(HOLDING_LABELS[self.holding_band]) if self.holding_band else ""

    def is_field_public(self, field: str) -> bool:
        """Whether the public may see this field of this version (models/visibility.py decides)."""
        return field not in hidden_in(self)

    @classmethod
    def public_clause(cls, field: str):
        """SQL: the public may see this field of the version (the twin of is_field_public)."""
        return public_clause(cls, field)

    def content(self) -> dict:
        return {f: getattr(self, f) for f in CONTENT_FIELDS}


class ReviewOutcome(enum.Enum):
    no_risk = "no_risk"
    agreement_needed = "agreement_needed"
    incompatible = "incompatible"


OUTCOME_LABELS = {
    ReviewOutcome.no_risk: _l("Geen risico"),
    ReviewOutcome.agreement_needed: _l("Afspraak nodig"),
    ReviewOutcome.incompatible: _l("Onverenigbaar met het ambt"),
}


class Review(db.Model):
    """A fractie reviewer's assessment of one declaration version; the comment is private unless made public.

    One current review per reviewer per version, enforced by a partial unique index: a changed mind is a new review
    that replaces the old one, which stays on record with when (`replaced_at`) and by which review (`replaced_by`).
    """
    __table_args__ = (Index("uq_review_current", "declaration_id", "version_number", "reviewer_id", unique=True,
                            sqlite_where=text("replaced_at IS NULL"), postgresql_where=text("replaced_at IS NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True)
    version_number: Mapped[int]
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    outcome: Mapped[ReviewOutcome]
    comment: Mapped[str | None] = mapped_column(Text)
    comment_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    replaced_at: Mapped[datetime | None]
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"))
    # A corrected start date the reviewer accepted (public): the deadline then counts from it (models/lateness.py).
    accepted_started_on: Mapped[date | None]

    declaration: Mapped[Declaration] = relationship(back_populates="reviews")
    reviewer = relationship("User")
    replaced_by: Mapped[Review | None] = relationship(remote_side="Review.id", foreign_keys=[replaced_by_id])

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None
