"""Shared column helpers."""
from datetime import date, datetime, UTC
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware; used as a callable column default."""
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The calendar date in the Netherlands of a UTC moment (a declaration at 00:30 CET counts for that day)."""
    return moment.astimezone(AMSTERDAM).date()


def amsterdam_today() -> date:
    """The calendar date in the Netherlands now."""
    return local_date(utcnow())
