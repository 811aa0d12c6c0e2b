"""The yearly confirmation (bevestiging) as the public and the politician see it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select

from register.extensions import db
from register.models import Confirmation, Politician
from register.public.periods import confirmation_due_on, confirmation_overdue


@dataclass(frozen=True)
class ConfirmationState:
    """What to say about a politician's confirmation: facts with dates, no verdicts."""
    confirmed_at: datetime | None
    nothing_to_declare: bool  # the latest confirmation said so, and there are still no current declarations
    has_declared: bool  # ever published a declaration (current or ended)
    overdue: bool  # the latest confirmation is older than 12 months

    @property
    def status(self) -> str:
        """'nothing' (niets op te geven), 'confirmed', 'not_declared' (nog niets opgegeven) or 'unconfirmed'."""
        if self.confirmed_at is not None:
            return "nothing" if self.nothing_to_declare else "confirmed"
        return "unconfirmed" if self.has_declared else "not_declared"

    @property
    def due_on(self) -> date | None:
        return confirmation_due_on(self.confirmed_at) if self.confirmed_at else None


def confirmation_state(politician: Politician, *, latest_nothing: bool, current: int, published: int,
                       today: date) -> ConfirmationState:
    """Combine the denormalised last confirmation with the counts of current and ever published declarations."""
    confirmed_at = politician.last_confirmed_at
    return ConfirmationState(confirmed_at=confirmed_at,
                             nothing_to_declare=bool(confirmed_at and latest_nothing and current == 0),
                             has_declared=published > 0,
                             overdue=confirmation_overdue(confirmed_at, today))


def latest_said_nothing_to_declare(*where) -> set[int]:
    """Ids of politicians (matching `where`) whose latest confirmation was 'nothing to declare' (one query)."""
    return set(db.session.scalars(
        select(Confirmation.politician_id)
        .join(Politician, and_(Politician.id == Confirmation.politician_id,
                               Politician.last_confirmed_at == Confirmation.confirmed_at))
        .where(Confirmation.nothing_to_declare.is_(True), *where)))
