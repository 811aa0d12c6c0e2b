"""Late declarations (te laat opgegeven) in lists: the model's one rule applied to rows.

`Declaration.days_late()` decides for one loaded declaration; lists of thousands (search, recent changes, the body
page) cannot load every declaration, so they select the facts fixed at first declaration (`lateness_columns`: the
stored declared_* fields h1 added) and pass them to the same function the model uses (`days_late_on` in
models/lateness.py). Nothing here decides what counts as late.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from register.extensions import db
from register.models import Body, Declaration, Politician
from register.models.base import local_date
from register.models.lateness import days_late_on
from register.public.published import joined


def lateness_columns() -> tuple:
    """The stored facts of the rule, for any select that joins Declaration."""
    return (Declaration.declared_at.label("late_declared_at"),
            Declaration.counted_started_on.label("late_started_on"),
            Declaration.declared_term_start.label("late_term_start"),
            Declaration.declared_deadline_days.label("late_deadline_days"))


def days_late_of(declared_at: datetime | None, started_on: date | None, term_start: date | None,
                 deadline_days: int | None) -> int | None:
    """Days past the deadline for one row of `lateness_columns`; None when never published."""
    if declared_at is None or started_on is None:
        return None
    return days_late_on(local_date(declared_at), started_on, term_start, deadline_days or 0)


def row_days_late(row) -> int | None:
    """days_late_of for a result row that carries the labelled `lateness_columns`."""
    return days_late_of(row.late_declared_at, row.late_started_on, row.late_term_start, row.late_deadline_days)


def late_count(body: Body) -> int:
    """How many of the body's public declarations were made late (the list: search with the late filter)."""
    rows = db.session.execute(joined(select(Declaration.id, *lateness_columns())).where(Politician.body_id == body.id))
    return len(late_first(rows))


def late_first(rows) -> dict[int, int]:
    """Of rows (id and `lateness_columns`, in the list's order) the late ones, the latest first: id -> days late.
    The rule is the model's (row_days_late); the sort is stable, so equal lateness keeps the list's order."""
    late = [(row.id, days) for row in rows if (days := row_days_late(row) or 0) > 0]
    return dict(sorted(late, key=lambda item: -item[1]))
