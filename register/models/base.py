"""Shared column helpers."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current time in UTC, timezone-aware; used as a callable column default."""
    return datetime.now(timezone.utc)
