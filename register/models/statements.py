"""The public statements of a body, or of the register as a whole: privacy, colofon and accessibility."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.base import utcnow
from register.models.people import Body, User


class StatementKind(enum.Enum):
    privacy = "privacy"
    colofon = "colofon"
    accessibility = "accessibility"


# The title of each statement (its page heading and footer link) and the Dutch word in its public URL.
STATEMENT_TITLES = {
    StatementKind.privacy: _l("Privacyverklaring"),
    StatementKind.colofon: _l("Colofon en contact"),
    StatementKind.accessibility: _l("Toegankelijkheidsverklaring"),
}
STATEMENT_SLUGS = {
    StatementKind.privacy: "privacy",
    StatementKind.colofon: "colofon",
    StatementKind.accessibility: "toegankelijkheid",
}


class Statement(Model):
    """A statement as the griffie (or, without a body, the site administrator) wrote it: plain text.

    Without a row the register shows a default text (register/statements/defaults.py); every change is in the
    audit trail with the text it replaced. One per body and kind, and one register-wide per kind: a unique
    constraint treats every NULL body as different, so the register-wide rows have a partial unique index."""
    __table_args__ = (UniqueConstraint("body_id", "kind"),
                      Index("uq_statement_register_kind", "kind", unique=True,
                            sqlite_where=text("body_id IS NULL"), postgresql_where=text("body_id IS NULL")))

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id"), index=True)
    kind: Mapped[StatementKind]
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)  # 1 for the first saved text; the stale-form check uses it
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    body: Mapped[Body | None] = relationship()
    updated_by: Mapped[User | None] = relationship()

    @property
    def title(self) -> str:
        return str(STATEMENT_TITLES[self.kind])
