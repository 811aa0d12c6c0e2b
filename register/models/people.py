"""Bodies, fracties, politicians, accounts and their roles."""
from __future__ import annotations

import enum
import secrets
from datetime import date, datetime

from flask_login import UserMixin
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.base import utcnow


class BodyKind(enum.Enum):
    municipality = "municipality"
    province = "province"
    water_board = "water_board"


BODY_KIND_LABELS = {
    BodyKind.municipality: _l("Gemeenteraad"),
    BodyKind.province: _l("Provinciale Staten"),
    BodyKind.water_board: _l("Algemeen bestuur waterschap"),
}


class Office(enum.Enum):
    raadslid = "raadslid"
    wethouder = "wethouder"
    burgemeester = "burgemeester"
    burgerlid = "burgerlid"
    statenlid = "statenlid"
    gedeputeerde = "gedeputeerde"
    commissaris = "commissaris"
    ab_lid = "ab_lid"
    db_lid = "db_lid"
    dijkgraaf = "dijkgraaf"


OFFICE_LABELS = {
    Office.raadslid: _l("Raadslid"),
    Office.wethouder: _l("Wethouder"),
    Office.burgemeester: _l("Burgemeester"),
    Office.burgerlid: _l("Commissielid (burgerlid)"),
    Office.statenlid: _l("Statenlid"),
    Office.gedeputeerde: _l("Gedeputeerde"),
    Office.commissaris: _l("Commissaris van de Koning"),
    Office.ab_lid: _l("Lid algemeen bestuur"),
    Office.db_lid: _l("Lid dagelijks bestuur"),
    Office.dijkgraaf: _l("Dijkgraaf"),
}


# The offices a body of each kind has: the one rule for every form, import and export (issue 12).
OFFICES_BY_KIND = {
    BodyKind.municipality: [Office.raadslid, Office.wethouder, Office.burgemeester, Office.burgerlid],
    BodyKind.province: [Office.statenlid, Office.gedeputeerde, Office.commissaris],
    BodyKind.water_board: [Office.ab_lid, Office.db_lid, Office.dijkgraaf],
}
# Executives hold a portfolio (free text, comma-separated topics).
EXECUTIVE_OFFICES = frozenset({Office.wethouder, Office.burgemeester, Office.gedeputeerde, Office.commissaris,
                               Office.db_lid, Office.dijkgraaf})


def offices_for(kind: BodyKind) -> list[Office]:
    return list(OFFICES_BY_KIND[kind])


class Body(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[BodyKind] = mapped_column(default=BodyKind.municipality)
    declaration_deadline_days: Mapped[int] = mapped_column(default=7)
    required_sign_offs: Mapped[int] = mapped_column(default=1)
    # How long former members stay on the public pages, and how long a politician has to respond to a signal.
    retention_months: Mapped[int] = mapped_column(default=12, server_default="12")
    response_period_days: Mapped[int] = mapped_column(default=14, server_default="14")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The start of the current term: the default start date of people added without one (import).
    term_start: Mapped[date | None]
    # A fractie whose only reviewer submits their own agreement: may the griffie sign it off? Off by default.
    griffie_may_sign_off: Mapped[bool] = mapped_column(default=False, server_default=false())

    groups: Mapped[list[Group]] = relationship(back_populates="body", order_by="Group.name")
    politicians: Mapped[list[Politician]] = relationship(back_populates="body", order_by="Politician.sort_name")

    @property
    def kind_label(self) -> str:
        return str(BODY_KIND_LABELS[self.kind])

    def can_manage(self, user) -> bool:
        """Griffie of this body."""
        return bool(user and user.is_authenticated and user.is_griffie_of(self.id))


class Group(Model):
    """A fractie: the party group within a body."""
    __table_args__ = (UniqueConstraint("body_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(160))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[Body] = relationship(back_populates="groups")
    members: Mapped[list[Politician]] = relationship(back_populates="group", order_by="Politician.sort_name")


class Politician(Model):
    """An ambtsdrager: a person holding office in one body."""
    __table_args__ = (UniqueConstraint("body_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("group.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(160))
    sort_name: Mapped[str] = mapped_column(String(160), index=True)
    office: Mapped[Office] = mapped_column(default=Office.raadslid)
    term_start: Mapped[date | None]
    term_end: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[Body] = relationship(back_populates="politicians")
    group: Mapped[Group | None] = relationship(back_populates="members")
    user: Mapped[User | None] = relationship(back_populates="politician", uselist=False)
    # Denormalised from Confirmation for fast public lists; set only by the confirm service.
    last_confirmed_at: Mapped[datetime | None]
    # Executives only: free text, comma-separated topics ("Financiën, Sport").
    portfolio: Mapped[str | None] = mapped_column(Text)
    # The person's id in an imported Popolo file: a re-import matches on it.
    external_id: Mapped[str | None] = mapped_column(String(200))
    # Marked by the griffie as created by mistake: never public, never counted, still in the audit trail.
    created_in_error_at: Mapped[datetime | None]
    created_in_error_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def created_in_error(self) -> bool:
        return self.created_in_error_at is not None

    @property
    def portfolio_topics(self) -> list[str]:
        return [topic.strip() for topic in (self.portfolio or "").split(",") if topic.strip()]

    @property
    def office_label(self) -> str:
        return str(OFFICE_LABELS[self.office])


class FormerSlug(Model):
    """An address a politician's page had before: it answers with a permanent redirect to the current one, so
    links in news articles keep working after a slug changed (slugs made by an older rule, issue 15)."""
    __tablename__ = "former_slug"
    __table_args__ = (UniqueConstraint("body_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"))
    slug: Mapped[str] = mapped_column(String(120))
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RoleKind(enum.Enum):
    reviewer = "reviewer"
    griffie = "griffie"


class RoleGrant(Model):
    """A reviewer role for one fractie, or a griffie role for one body; revoked, never deleted."""
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    role: Mapped[RoleKind]
    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("group.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="grants")
    body: Mapped[Body | None] = relationship()
    group: Mapped[Group | None] = relationship()


def _new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    politician_id: Mapped[int | None] = mapped_column(ForeignKey("politician.id"), unique=True)
    # Part of the login session's identity: rotating it ends every existing session of this user.
    session_token: Mapped[str] = mapped_column(String(64), default=_new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The site administrator adds bodies and their first griffie; not tied to a body.
    site_admin: Mapped[bool] = mapped_column(default=False, server_default=false())

    politician: Mapped[Politician | None] = relationship(back_populates="user")
    grants: Mapped[list[RoleGrant]] = relationship(back_populates="user")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def active_grants(self, role: RoleKind) -> list[RoleGrant]:
        return [g for g in self.grants if g.role == role and g.revoked_at is None]

    @property
    def reviewer_group_ids(self) -> set[int]:
        return {g.group_id for g in self.active_grants(RoleKind.reviewer) if g.group_id}

    @property
    def griffie_body_ids(self) -> set[int]:
        return {g.body_id for g in self.active_grants(RoleKind.griffie) if g.body_id}

    def is_reviewer_of(self, group_id: int | None) -> bool:
        return group_id is not None and group_id in self.reviewer_group_ids

    def is_griffie_of(self, body_id: int | None) -> bool:
        return body_id is not None and body_id in self.griffie_body_ids

    @property
    def is_politician(self) -> bool:
        return self.politician_id is not None

    @property
    def is_reviewer(self) -> bool:
        return bool(self.reviewer_group_ids)

    @property
    def is_griffie(self) -> bool:
        return bool(self.griffie_body_ids)

    def role_labels(self) -> list[str]:
        labels = []
        if self.is_politician:
            labels.append(str(_l("ambtsdrager")))
        if self.is_reviewer:
            labels.append(str(_l("fractiebeoordelaar")))
        if self.is_griffie:
            labels.append(str(_l("griffie")))
        if self.site_admin:
            labels.append(str(_l("sitebeheerder")))
        return labels
