"""Setting a body up without a shell: one-time links for invitations and password resets, and uploaded imports
kept between their preview and their confirmation."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.base import utcnow


class TokenPurpose(enum.Enum):
    invitation = "invitation"  # a new account chooses its first password (7 days)
    reset = "reset"            # "wachtwoord vergeten" (1 hour)


class AccountToken(Model):
    """A one-time link. Only a SHA-256 hash of the random token is stored: the database never holds a usable link."""
    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    purpose: Mapped[TokenPurpose]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    user = relationship("User", foreign_keys=[user_id])


class ImportBatch(Model):
    """An uploaded people file between preview and confirmation: the confirmation applies exactly these bytes
    (checked against their hash), never a file posted again."""
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    applied_at: Mapped[datetime | None]
