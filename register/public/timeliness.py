"""Share of declarations made within the deadline, for many politicians in one query and one pass; and the
sentence that says, in the history and the feeds, from which start date the deadline of a corrected declaration
counts.

The deadline counts from the Amsterdam calendar date of `declared_at`, which SQLite and PostgreSQL cannot both
compute in SQL; so one query fetches the few columns needed and Python counts, by the one rule in
models/lateness.py (on the facts fixed when the interest was first declared).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _, ngettext
from sqlalchemy import select

from register.extensions import db
from register.models import Declaration, Politician
from register.models.declarations import PUBLIC_STATUSES
from register.models.base import local_date
from register.models.lateness import Lateness, days_late_on
from register.templating import format_date

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


def total(items: Iterable[OnTime]) -> OnTime:
    return sum(items, OnTime())


def on_time_by(key, *where) -> dict[int | None, OnTime]:
    """OnTime per value of `key` (a column, e.g. Politician.group_id) for the published declarations matching
    `where` (one query)."""
    rows = db.session.execute(
        select(key, Declaration.declared_at, Declaration.counted_started_on, Declaration.declared_term_start,
               Declaration.declared_deadline_days)
        .join(Politician, Politician.id == Declaration.politician_id)
        .where(Declaration.status.in_(COUNTED), Declaration.declared_at.is_not(None),
               Declaration.counted_started_on.is_not(None), *where))
    counts: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for value, declared_at, started_on, term_start, deadline_days in rows:
        count = counts[value]
        count[0] += days_late_on(local_date(declared_at), started_on, term_start, deadline_days or 0) == 0
        count[1] += 1
    return {key: OnTime(*value) for key, value in counts.items()}


def on_time_by_politician(*where) -> dict[int, OnTime]:
    return on_time_by(Declaration.politician_id, *where)


def correction_note(lateness: Lateness | None) -> str | None:
    """For the history and the feeds: from which start date the deadline counts after the start date was corrected;
    None when it counts from the start date in the published version."""
    if lateness is None or lateness.corrected_start is None:
        return None
    late = ngettext("%(num)s dag te laat", "%(num)s dagen te laat", lateness.days_late) if lateness.days_late \
        else _("op tijd")
    return _("Voor de meldtermijn geldt de begindatum zoals die eerder werd opgegeven (%(date)s), niet de "
             "gecorrigeerde (%(corrected)s), tenzij de fractie de correctie aanvaardt: %(late)s.",
             date=format_date(lateness.counted_started_on), corrected=format_date(lateness.corrected_start),
             late=late)
