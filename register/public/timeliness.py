"""Share of declarations made within the body's deadline, for many politicians in one query and one pass.

The deadline counts from the Amsterdam calendar date of `declared_at`, which SQLite and PostgreSQL cannot both
compute in SQL; so one query fetches the few columns needed and Python counts, by the same rule as
`Declaration.days_late()`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from collections.abc import Iterable

from sqlalchemy import and_, select

from register.extensions import db
from register.models import Declaration, DeclarationVersion, Politician
from register.models.declarations import PUBLIC_STATUSES
from register.models.base import local_date

# Declarations that count: every published one, current or ended; a withdrawn entry was a mistake, not a declaration.
COUNTED = PUBLIC_STATUSES


@dataclass(frozen=True)
class OnTime:
    """`on_time` of `total` declarations were made within the deadline."""
    on_time: int = 0
    total: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.on_time / self.total) if self.total else None

    def __add__(self, other: OnTime) -> OnTime:
        return OnTime(self.on_time + other.on_time, self.total + other.total)


def days_late(declared_at: datetime, started_on: date, term_start: date | None, deadline_days: int) -> int:
    """Days past the deadline; the same rule as Declaration.days_late() (reference: start, or start of term)."""
    reference = max(started_on, term_start) if term_start else started_on
    days = max(0, (local_date(declared_at) - reference).days)
    return max(0, days - deadline_days)


def total(items: Iterable[OnTime]) -> OnTime:
    return sum(items, OnTime())


def on_time_by(key, deadline_days: int, *where) -> dict[int | None, OnTime]:
    """OnTime per value of `key` (a column, e.g. Politician.group_id) for the published declarations matching
    `where` (one query)."""
    rows = db.session.execute(
        select(key, Declaration.declared_at, DeclarationVersion.started_on, Politician.term_start)
        .join(Politician, Politician.id == Declaration.politician_id)
        .join(DeclarationVersion, and_(DeclarationVersion.declaration_id == Declaration.id,
                                       DeclarationVersion.number == Declaration.published_number))
        .where(Declaration.status.in_(COUNTED), Declaration.declared_at.is_not(None), *where))
    counts: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for value, declared_at, started_on, term_start in rows:
        count = counts[value]
        count[0] += days_late(declared_at, started_on, term_start, deadline_days) == 0
        count[1] += 1
    return {key: OnTime(*value) for key, value in counts.items()}


def on_time_by_politician(deadline_days: int, *where) -> dict[int, OnTime]:
    return on_time_by(Declaration.politician_id, deadline_days, *where)
