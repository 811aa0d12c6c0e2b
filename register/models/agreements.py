"""Agreements (afspraken) with versions, and the fractie's sign-offs on them."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint, and_, false
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from register.extensions import db, Model
from register.models.base import utcnow
from register.models.declarations import Declaration
from register.models.people import Politician


class AgreementKind(enum.Enum):
    """The kinds of the agreement catalogue (../shared/RISK.md); labels and texts in agreement_catalogue.py."""
    melden = "melden"
    onthouden = "onthouden"
    poortwachter = "poortwachter"
    portefeuille = "portefeuille"
    afstoten = "afstoten"
    afkoelen = "afkoelen"
    derde = "derde"
    contact = "contact"
    geschenken = "geschenken"
    vrij = "vrij"


class AgreementStatus(enum.Enum):
    draft = "draft"
    submitted = "submitted"
    changes_requested = "changes_requested"
    signed_off = "signed_off"
    ended = "ended"


AGREEMENT_STATUS_LABELS = {
    AgreementStatus.draft: _l("Concept"),
    AgreementStatus.submitted: _l("Ter aftekening"),
    AgreementStatus.changes_requested: _l("Wijziging gevraagd"),
    AgreementStatus.signed_off: _l("Afgetekend"),
    AgreementStatus.ended: _l("Beëindigd"),
}

agreement_version_declaration = Table(
    "agreement_version_declaration",
    db.metadata,
    Column("agreement_version_id", ForeignKey("agreement_version.id"), primary_key=True),
    Column("declaration_id", ForeignKey("declaration.id"), primary_key=True, index=True),
)


class Agreement(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"), index=True)
    status: Mapped[AgreementStatus] = mapped_column(default=AgreementStatus.draft, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(Text)
    # The newest version, and the newest signed-off one (the version the public sees).
    current_number: Mapped[int] = mapped_column(default=0)
    signed_number: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    politician: Mapped[Politician] = relationship()
    versions: Mapped[list[AgreementVersion]] = relationship(
        back_populates="agreement", order_by="AgreementVersion.number")
    current_version: Mapped[AgreementVersion | None] = relationship(
        primaryjoin=lambda: and_(foreign(AgreementVersion.agreement_id) == Agreement.id,
                                 AgreementVersion.number == Agreement.current_number),
        viewonly=True, uselist=False)
    signed_version: Mapped[AgreementVersion | None] = relationship(
        primaryjoin=lambda: and_(foreign(AgreementVersion.agreement_id) == Agreement.id,
                                 AgreementVersion.number == Agreement.signed_number),
        viewonly=True, uselist=False)

    @property
    def status_label(self) -> str:
        return str(AGREEMENT_STATUS_LABELS[self.status])

    @property
    def is_public(self) -> bool:
        return self.signed_number is not None

    def is_owner(self, user) -> bool:
        return bool(user and user.is_authenticated and user.politician_id == self.politician_id)

    def can_view(self, user) -> bool:
        """The owner; the griffie of the body and the reviewers of the fractie once a version was submitted for
        sign-off. A draft is the politician's workspace ("Uw fractie en de griffie zien haar pas als u haar ter
        aftekening aanbiedt"), also a new draft of a signed-off agreement: others see `version_for` them."""
        if not (user and user.is_authenticated):
            return False
        if self.is_owner(user):
            return True
        involved = user.is_griffie_of(self.politician.body_id) or user.is_reviewer_of(self.politician.group_id)
        return involved and self.version_for(user) is not None

    def version_for(self, user) -> AgreementVersion | None:
        """The version a user is shown: the owner their newest (perhaps a draft); anyone else the newest version
        submitted for sign-off (None: none was)."""
        if self.is_owner(user):
            return self.current_version
        return next((v for v in reversed(self.versions) if v.submitted_at is not None), None)

    def versions_for(self, user) -> list[AgreementVersion]:
        """Every version the user is shown, oldest first: drafts only to the owner."""
        return [v for v in self.versions if self.is_owner(user) or v.submitted_at is not None]

    def can_edit(self, user) -> bool:
        return self.is_owner(user) and self.status not in (AgreementStatus.ended, AgreementStatus.submitted)

    def can_submit(self, user) -> bool:
        return self.is_owner(user) and self.status == AgreementStatus.draft

    def can_end(self, user) -> bool:
        return self.is_owner(user) and self.status != AgreementStatus.ended

    def is_decided_by(self, user) -> bool:
        """A reviewer of the politician's own fractie, never the politician, who is shown the agreement: takes part
        in the decisions on it (whether a version awaits one now is can_sign_off's question)."""
        return (bool(user and user.is_authenticated) and not self.is_owner(user)
                and user.is_reviewer_of(self.politician.group_id) and self.can_view(user))
    def can_withdraw_submission(self, user) -> bool:
        """The politician takes back an agreement that waits for sign-off (to change it first)."""
        return self.is_owner(user) and self.status == AgreementStatus.submitted

    def can_sign_off(self, user) -> bool:
        """A reviewer of the politician's own fractie, never the politician, once per submitted version (a submitted
        version is shown to the fractie, so this needs no can_view: no query per agreement in the queue)."""
        if not (user and user.is_authenticated) or self.is_owner(user):
            return False
        if self.status != AgreementStatus.submitted or not user.is_reviewer_of(self.politician.group_id):
            return False
        version = self.current_version
        return version is not None and not any(s.reviewer_id == user.id for s in version.sign_offs)


class AgreementVersion(Model):
    """One version of an agreement's text and linked declarations; decisions refer to a version."""
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submitted_at: Mapped[datetime | None]
    signed_off_at: Mapped[datetime | None] = mapped_column(index=True)  # newest first: feeds, API list
    # Structured content (issue 16), part of the version so that a sign-off covers it: the catalogue kind, the
    # topics it covers, and for a screen (poortwachter) who intercepts documents and who receives them instead.
    kind: Mapped[AgreementKind] = mapped_column(default=AgreementKind.vrij, server_default="vrij")
    topics: Mapped[list[str] | None] = mapped_column(JSON)
    gatekeeper: Mapped[str | None] = mapped_column(String(200))
    replacement: Mapped[str | None] = mapped_column(String(200))

    agreement: Mapped[Agreement] = relationship(back_populates="versions")
    organisations: Mapped[list[AgreementOrganisation]] = relationship(
        back_populates="version", order_by="AgreementOrganisation.position")
    created_by = relationship("User")
    declarations: Mapped[list[Declaration]] = relationship(secondary=agreement_version_declaration,
                                                          order_by="Declaration.id")
    sign_offs: Mapped[list[SignOff]] = relationship(back_populates="version", order_by="SignOff.created_at")

    @property
    def approvals(self) -> list[SignOff]:
        return [s for s in self.sign_offs if s.decision == SignOffDecision.approved]


class AgreementOrganisation(Model):
    """An organisation an agreement version covers (name and KvK number); agenda matching checks against it."""
    __tablename__ = "agreement_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_version_id: Mapped[int] = mapped_column(ForeignKey("agreement_version.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    # register.search.organisation_key of the name: joins with declarations, relations and agenda items.
    organisation_key: Mapped[str] = mapped_column(String(200), index=True)
    kvk_number: Mapped[str | None] = mapped_column(String(8), index=True)

    version: Mapped[AgreementVersion] = relationship(back_populates="organisations")


class SignOffDecision(enum.Enum):
    approved = "approved"
    changes_requested = "changes_requested"


class SignOff(Model):
    """A reviewer's decision on one agreement version, with a comment that is private unless made public."""
    __table_args__ = (UniqueConstraint("agreement_version_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_version_id: Mapped[int] = mapped_column(ForeignKey("agreement_version.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    decision: Mapped[SignOffDecision]
    comment: Mapped[str | None] = mapped_column(Text)
    comment_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Signed off by the griffie because the fractie has no other reviewer (a body setting allows it).
    by_griffie: Mapped[bool] = mapped_column(default=False, server_default=false())

    version: Mapped[AgreementVersion] = relationship(back_populates="sign_offs")
    reviewer = relationship("User")

    @property
    def signer_name(self) -> str:
        """Who signed off, as the public reads it: a griffie's sign-off says why the griffie did it."""
        if self.by_griffie:
            return str(_l("de griffie (geen tweede beoordelaar in de fractie)"))
        return self.reviewer.name
