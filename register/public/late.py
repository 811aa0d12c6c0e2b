"""Late declarations (te laat opgegeven) in lists: the model's one rule applied to rows.

`Declaration.days_late()` decides for one loaded declaration; lists of thousands (search, recent changes, the body
page) cannot load every declaration, so they select the few facts the rule needs (`lateness_columns`) and pass them
to the same function the model uses (`days_late_on`). Nothing here decides what counts as late.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from register.models import Body, Declaration, DeclarationVersion, Politician
from register.models.base import local_date
from register.models.declarations import days_late_on

_PUBLISHED = aliased(DeclarationVersion)


def lateness_columns() -> tuple:
    """The facts of the rule, for a select that joins Declaration and Politician (correlated, so any such select
    can add them): when it was declared, the start in the published version, the term start and the deadline."""
    started_on = select(_PUBLISHED.started_on).where(
        and_(_PUBLISHED.declaration_id == Declaration.id, _PUBLISHED.number == Declaration.published_number)
    ).correlate(Declaration).scalar_subquery()
    deadline = select(Body.declaration_deadline_days).where(Body.id == Politician.body_id) \
        .correlate(Politician).scalar_subquery()
    return (Declaration.declared_at.label("late_declared_at"), started_on.label("late_started_on"),
            Politician.term_start.label("late_term_start"), deadline.label("late_deadline_days"))


def days_late_of(declared_at: datetime | None, started_on: date | None, term_start: date | None,
                 deadline_days: int | None) -> int | None:
    """Days past the deadline for one row of `lateness_columns`; None when never published."""
    if declared_at is None or started_on is None:
        return None
    return days_late_on(local_date(declared_at), started_on, term_start, deadline_days or 0)


def row_days_late(row) -> int | None:
    """days_late_of for a result row that carries the labelled `lateness_columns`."""
    return days_late_of(row.late_declared_at, row.late_started_on, row.late_term_start, row.late_deadline_days)
