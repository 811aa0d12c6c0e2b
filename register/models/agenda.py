"""Meeting agendas imported by the griffie, and their matches with politicians' declarations and agreements.

A match is private (the politician and the griffie see it); what becomes public is a recusal recorded from it.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.base import utcnow
from register.models.people import Body, Politician
from register.models.signals import Recusal


class Meeting(Model):
    __table_args__ = (UniqueConstraint("body_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    # The source's id (Open Raadsinformatie) or "<date>:<name>" for a CSV: a re-import finds the same meeting.
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    date: Mapped[date] = mapped_column(index=True)
    source: Mapped[str] = mapped_column(String(20))
    source_url: Mapped[str | None] = mapped_column(String(500))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("data_import.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    body: Mapped[Body] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(back_populates="meeting", order_by="AgendaItem.position")


class AgendaItem(Model):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    organisations: Mapped[list[str] | None] = mapped_column(JSON)
    kvk_numbers: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    matches: Mapped[list[AgendaMatch]] = relationship(back_populates="item", order_by="AgendaMatch.id")

    def content(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title, "description": self.description,
                "organisations": self.organisations or [], "kvk_numbers": self.kvk_numbers or []}


class MatchStatus(enum.Enum):
    open = "open"                      # waiting for the politician
    recused = "recused"                # a recusal was recorded from it
    not_applicable = "not_applicable"  # it touches the interest, but no recusal is needed (with a reason)
    dismissed = "dismissed"            # a false positive (with a reason); remembered on re-import


MATCH_STATUS_LABELS = {
    MatchStatus.open: _l("Open"),
    MatchStatus.recused: _l("Onthouding vastgelegd"),
    MatchStatus.not_applicable: _l("Niet van toepassing"),
    MatchStatus.dismissed: _l("Onterecht gesignaleerd"),
}


class AgendaMatch(Model):
    """An agenda item that touches a politician's declarations or agreements, with what matched (explainable)."""
    __tablename__ = "agenda_match"
    __table_args__ = (UniqueConstraint("agenda_item_id", "politician_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"), index=True)
    # [{"source": "declaration"|"agreement", "id": 12, "by": "kvk"|"name"|"topic", "value": "..."}]
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[MatchStatus] = mapped_column(default=MatchStatus.open, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recusal_id: Mapped[int | None] = mapped_column(ForeignKey("recusal.id"), unique=True)
    notified_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="matches")
    politician: Mapped[Politician] = relationship()
    recusal: Mapped[Recusal | None] = relationship()
    decided_by = relationship("User")

    @property
    def status_label(self) -> str:
        return str(MATCH_STATUS_LABELS[self.status])

    def can_act(self, user) -> bool:
        """The politician concerned, or the griffie of the body."""
        return bool(user and user.is_authenticated and (user.politician_id == self.politician_id
                                                        or user.is_griffie_of(self.politician.body_id)))


class MatchSuppression(Model):
    """A word or number that the politician said is a false positive for them: not matched again."""
    __tablename__ = "match_suppression"
    __table_args__ = (UniqueConstraint("politician_id", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"), index=True)
    term: Mapped[str] = mapped_column(String(200))
    match_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_match.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
