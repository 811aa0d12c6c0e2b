"""The politician's yearly statement that their register is complete."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.base import utcnow
from register.models.people import Politician


class Confirmation(Model):
    """A dated confirmation; nothing_to_declare tells "nothing to declare" apart from "has not declared yet"."""
    id: Mapped[int] = mapped_column(primary_key=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"), index=True)
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    nothing_to_declare: Mapped[bool] = mapped_column(default=False)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    politician: Mapped[Politician] = relationship()
