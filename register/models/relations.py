"""What the body does with organisations (subsidies, contracts, permits, guarantees, loans), imported by the griffie;
and the griffie's uploaded files waiting for a column mapping."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.base import utcnow
from register.models.people import Body


class RelationKind(enum.Enum):
    subsidie = "subsidie"
    opdracht = "opdracht"
    vergunning = "vergunning"
    garantie = "garantie"
    lening = "lening"


RELATION_LABELS = {
    RelationKind.subsidie: _l("subsidie"),
    RelationKind.opdracht: _l("opdracht"),
    RelationKind.vergunning: _l("vergunning"),
    RelationKind.garantie: _l("garantie"),
    RelationKind.lening: _l("lening"),
}


class DataImport(Model):
    """One import of a file by the griffie (relations or an agenda): what was read and what it added."""
    __tablename__ = "data_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # "relations" or "agenda"
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(default=0)
    added: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    body: Mapped[Body] = relationship()


class BodyRelation(Model):
    """A subsidy, contract, permit, guarantee or loan from the body to an organisation (public information)."""
    __tablename__ = "body_relation"
    __table_args__ = (UniqueConstraint("body_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    organisation_key: Mapped[str] = mapped_column(String(200), index=True)
    kvk_number: Mapped[str | None] = mapped_column(String(8), index=True)
    kind: Mapped[RelationKind]
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    year: Mapped[int]
    on_date: Mapped[date | None]
    source_url: Mapped[str | None] = mapped_column(String(500))
    # The same row imported again is recognised by this hash of its content and not added twice.
    fingerprint: Mapped[str] = mapped_column(String(64))
    import_id: Mapped[int] = mapped_column(ForeignKey("data_import.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[Body] = relationship()

    @property
    def kind_label(self) -> str:
        return str(RELATION_LABELS[self.kind])


class ImportUpload(Model):
    """A file the griffie uploaded, kept until it is imported with the column mapping chosen on screen.

    In the database rather than on a worker's disk: the next request may reach another app server."""
    __tablename__ = "import_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    purpose: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("data_import.id"))
