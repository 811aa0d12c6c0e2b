"""Calendar rules of the public register: today in the Netherlands, retention of former members, yearly confirmation.

The same rules are expressed in SQL in `queries.publicly_listed_clause`; keep the two in step.
"""
from __future__ import annotations

from datetime import date, datetime, time, UTC

from dateutil.relativedelta import relativedelta

from register.models.base import AMSTERDAM, local_date

# A confirmation older than this is overdue (bevestiging verlopen).
CONFIRMATION_MONTHS = 12


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the Netherlands, as a UTC moment (for comparing stored timestamps)."""
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM).astimezone(UTC)


def is_former(term_end: date | None, active: bool, today: date) -> bool:
    """The term has ended: marked inactive, or the end date has passed."""
    return not active or (term_end is not None and term_end < today)


def public_until(term_end: date | None, retention_months: int) -> date | None:
    """The last day a former member stays on the public pages; None when no end date is known."""
    return term_end + relativedelta(months=retention_months) if term_end else None


def confirmation_cutoff(today: date) -> date:
    """Confirmations made on or after this date are current; earlier ones are overdue."""
    return today - relativedelta(months=CONFIRMATION_MONTHS)


def confirmation_overdue(confirmed_at: datetime | None, today: date) -> bool:
    return confirmed_at is not None and local_date(confirmed_at) < confirmation_cutoff(today)


def confirmation_due_on(confirmed_at: datetime) -> date:
    """The last day on which the yearly confirmation is still current."""
    return local_date(confirmed_at) + relativedelta(months=CONFIRMATION_MONTHS)
