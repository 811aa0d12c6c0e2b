"""Lateness (te laat opgegeven): the one rule every page, history, feed, export, API and statistic asks.

A declaration is due within the body's deadline, counted from the later of the start of the interest and the start
of the politician's term. What was due is fixed when the interest is first declared: Declaration keeps the start
date, the term start and the deadline as they were then (declared_*). A later correction of the start date, a
changed deadline or a corrected term start cannot turn "193 dagen te laat" into "op tijd". Only the fractie can:
a reviewer of the politician's fractie may accept a corrected start date in a review (recorded, audited, public);
`counted_started_on` is then that date (Declaration.settle_counted_start).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def reference_on(started_on: date, term_start: date | None) -> date:
    """The day the deadline counts from: the start, or the start of the term for an interest held before it."""
    return max(started_on, term_start) if term_start else started_on


def days_late_on(declared_on: date, started_on: date, term_start: date | None, deadline_days: int) -> int:
    """Days past the deadline; 0 when on time. On plain values, so that the export and the statistics can use it
    on rows (with the declaration's counted start date, term start and deadline as fixed at first declaration)."""
    return max(0, (declared_on - reference_on(started_on, term_start)).days - deadline_days)


@dataclass(frozen=True)
class Lateness:
    """The timeliness facts of one published declaration."""
    declared_on: date  # the Amsterdam calendar date the system recorded the declaration
    counted_started_on: date  # the start date the deadline counts from (first declared, or accepted correction)
    term_start: date | None  # the politician's term start when the interest was first declared
    deadline_days: int  # the body's deadline when the interest was first declared
    started_on: date  # the start date in the published version now

    @property
    def counted_from(self) -> date:
        return reference_on(self.counted_started_on, self.term_start)

    @property
    def from_term_start(self) -> bool:
        """Counted from the start of the term rather than from the start of the interest."""
        return self.counted_from != self.counted_started_on

    @property
    def days_to_declare(self) -> int:
        return max(0, (self.declared_on - self.counted_from).days)

    @property
    def days_late(self) -> int:
        return days_late_on(self.declared_on, self.counted_started_on, self.term_start, self.deadline_days)

    @property
    def corrected_start(self) -> date | None:
        """The start date as corrected later, when the deadline does not count from it; None otherwise."""
        return self.started_on if self.started_on != self.counted_started_on else None
