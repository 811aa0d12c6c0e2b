"""E-mail alerts: anyone may follow a politician, a fractie or a body and gets a daily digest of its public changes.

The address is stored only for this, after a double opt-in, and the row is deleted on unsubscribe. Links carry
random tokens of which the database keeps only SHA-256 hashes (like account links): a copy of the database holds
no usable confirmation or unsubscribe link. The unsubscribe token is derived from `link_nonce` with the app's
SECRET_KEY, so every digest can carry it without it being stored.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.base import utcnow
from register.models.people import Body, Group, Politician


class Subscription(Model):
    """One address following one body, fractie (group) or politician; never shown on any page."""
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    # Keyed hash of the address: finds a repeated subscription without comparing addresses in SQL.
    email_key: Mapped[str] = mapped_column(String(64), index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("group.id"), index=True)
    politician_id: Mapped[int | None] = mapped_column(ForeignKey("politician.id"), index=True)
    confirm_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    confirm_expires_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None] = mapped_column(index=True)
    link_nonce: Mapped[str] = mapped_column(String(64))
    unsubscribe_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_digest_at: Mapped[datetime | None]  # changes after this moment go in the next digest
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[Body] = relationship()
    group: Mapped[Group | None] = relationship()
    politician: Mapped[Politician | None] = relationship()

    @property
    def target(self) -> Body | Group | Politician:
        return self.politician or self.group or self.body
