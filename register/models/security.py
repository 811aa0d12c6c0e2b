"""Failed logins, counted in the database so that every worker and app server sees the same count."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from register.extensions import Model
from register.models.base import utcnow


class LoginFailure(Model):
    """One failed login (or wrong current password); keyed hashes only, never an e-mail or IP address."""
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # HMAC-SHA256 (keyed with SECRET_KEY) of the lower-cased e-mail address typed, and of the client's address.
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    client_key: Mapped[str] = mapped_column(String(64), index=True)
