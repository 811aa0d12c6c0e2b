"""Signals (meldingen) with hoor en wederhoor, recusals, public context notes and the outgoing-mail outbox."""
from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.agreements import Agreement
from register.models.base import utcnow
from register.models.declarations import Declaration
from register.models.people import Body, Politician


class SignalStatus(enum.Enum):
    received = "received"    # waiting for the griffie's triage
    dismissed = "dismissed"  # out of scope, with a reason
    opened = "opened"        # the politician is asked for their account
    closed = "closed"        # an outcome is recorded


SIGNAL_STATUS_LABELS = {
    SignalStatus.received: _l("Nieuw"),
    SignalStatus.dismissed: _l("Niet in behandeling genomen"),
    SignalStatus.opened: _l("In behandeling"),
    SignalStatus.closed: _l("Afgehandeld"),
}


class SignalOutcome(enum.Enum):
    unfounded = "unfounded"
    declaration_added = "declaration_added"
    agreement_made = "agreement_made"
    referred = "referred"


SIGNAL_OUTCOME_LABELS = {
    SignalOutcome.unfounded: _l("Ongegrond"),
    SignalOutcome.declaration_added: _l("Opgave toegevoegd"),
    SignalOutcome.agreement_made: _l("Afspraak gemaakt"),
    SignalOutcome.referred: _l("Doorverwezen"),
}


class OutcomeBasis(enum.Enum):
    """Why an outcome could be recorded: the politician was heard, or the response period passed."""
    heard = "heard"
    period_expired = "period_expired"


class Signal(Model):
    """A report from outside. Never public: only the griffie and (once opened) the politician concerned see it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    # The reporter's reference (M-2026-0012): year of receipt and the signal's number; set once, never changed.
    reference: Mapped[str | None] = mapped_column(String(20), unique=True, index=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("body.id"), index=True)
    politician_id: Mapped[int | None] = mapped_column(ForeignKey("politician.id"), index=True)
    status: Mapped[SignalStatus] = mapped_column(default=SignalStatus.received, index=True)
    text: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    # Only for the griffie, to ask the reporter something; never shown to the politician or anyone else.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    dismissed_at: Mapped[datetime | None]
    dismissal_reason: Mapped[str | None] = mapped_column(Text)
    opened_at: Mapped[datetime | None]
    response_due_at: Mapped[datetime | None]
    outcome: Mapped[SignalOutcome | None]
    outcome_basis: Mapped[OutcomeBasis | None]
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None]
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("declaration.id"))
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreement.id"))

    body: Mapped[Body] = relationship()
    politician: Mapped[Politician | None] = relationship()
    declaration: Mapped[Declaration | None] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
    response: Mapped[SignalResponse | None] = relationship(back_populates="signal", uselist=False)

    @property
    def status_label(self) -> str:
        return str(SIGNAL_STATUS_LABELS[self.status])

    @property
    def outcome_label(self) -> str:
        return str(SIGNAL_OUTCOME_LABELS[self.outcome]) if self.outcome else ""

    def is_concerned(self, user) -> bool:
        return bool(user and user.is_authenticated and self.politician_id is not None
                    and user.politician_id == self.politician_id)

    def can_triage(self, user) -> bool:
        """The griffie of the signal's body: reads everything, dismisses, opens and records the outcome."""
        return bool(user and user.is_authenticated and user.is_griffie_of(self.body_id))

    def can_view(self, user) -> bool:
        """The griffie; the politician concerned only once the signal is opened (never a dismissed one)."""
        if self.can_triage(user):
            return True
        return self.is_concerned(user) and self.status in (SignalStatus.opened, SignalStatus.closed)

    def can_respond(self, user) -> bool:
        return self.is_concerned(user) and self.status == SignalStatus.opened and self.response is None

    def response_period_over(self, now: datetime | None = None) -> bool:
        return self.response_due_at is not None and (now or utcnow()) >= self.response_due_at

    def outcome_allowed(self, now: datetime | None = None) -> bool:
        """Hoor en wederhoor: only after the politician responded or the response period passed."""
        return self.status == SignalStatus.opened and (self.response is not None or self.response_period_over(now))


class SignalResponse(Model):
    """The politician's own account of a signal (wederhoor)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signal.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    signal: Mapped[Signal] = relationship(back_populates="response")
    created_by = relationship("User")


class Recusal(Model):
    """An abstention (onthouding) from a debate or vote, following from one of the politician's agreements."""
    id: Mapped[int] = mapped_column(primary_key=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"), index=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), index=True)
    meeting_date: Mapped[date] = mapped_column(index=True)
    agenda_item: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    politician: Mapped[Politician] = relationship()
    agreement: Mapped[Agreement] = relationship()
    created_by = relationship("User")


class ContextNote(Model):
    """The politician's public, dated note on a declaration or agreement; a change adds a note, none is deleted."""
    id: Mapped[int] = mapped_column(primary_key=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"), index=True)
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("declaration.id"), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreement.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    politician: Mapped[Politician] = relationship()
    created_by = relationship("User")


# After this many failed attempts a message is given up (the griffie sees it under Beheer, E-mail).
MAX_ATTEMPTS = 10


class OutboxMessage(Model):
    """An e-mail queued in the transaction of the change it reports; delivered after that transaction commits."""
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    # One message per event and recipient, however often the event is processed.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    # What the message is about ("signal:12"), for the timeline of that object.
    ref: Mapped[str | None] = mapped_column(String(60), index=True)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Extra mail headers, e.g. List-Unsubscribe on alerts (RFC 8058).
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)


class RateLimitHit(Model):
    """One counted request of a client, keyed by a salted hash of its address (never the address itself)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    client_key: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
