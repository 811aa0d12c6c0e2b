"""Rows for the streamed exports, straight from plain column tuples.

The national export holds 50,000 declarations, so this module skips ORM objects, attribute access per field and
per-row URL building: one query for the people (with their body and fractie, the politician's address built
once), one streamed query for the published versions, and per row a list of values in `serialize.FIELDNAMES`
order. The rules themselves are shared with the API and the public pages: models/visibility.py decides what a
shielded field shows (through `serialize.shown_fields`), models.lateness counts lateness from what the declaration
fixed at first publication (as Declaration.lateness does), and a test compares this export with the API row by row.
"""
from __future__ import annotations

from datetime import date, datetime, UTC
from functools import lru_cache
from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from register.extensions import db
from register.models import (
    Body, Declaration, DeclarationKind, DeclarationStatus, DeclarationVersion, Group, IncomeBand, Office, Politician,
)
from register.models.base import AMSTERDAM
from register.models.declarations import GiftOutcome, GiftValueBand, HoldingBand
from register.models.lateness import days_late_on, reference_on
from register.models.visibility import FLAGS, LEADERS, hidden_fields
from register.opendata.serialize import shown_fields
from register.public.published import joined

YIELD_PER = 2000
# export_rows tells hidden_fields whether the organisation has a value, the one field another (the KvK number)
# goes with; a new such field in models/visibility.py must be passed there too.
assert LEADERS == ("organisation",), LEADERS


def _values(enum) -> dict:
    """The database holds an enum member's name; the export shows its value."""
    return {member.name: member.value for member in enum}


KINDS, STATUSES, INCOME_BANDS, OFFICES = (_values(e) for e in (DeclarationKind, DeclarationStatus, IncomeBand,
                                                               Office))
GIFT_VALUES, GIFT_OUTCOMES, HOLDINGS = (_values(e) for e in (GiftValueBand, GiftOutcome, HoldingBand))


def _sql(statement) -> str:
    """A statement as SQL text with its parameters inline. Only for parameters made here (ids, dates, enum
    values; never text from a request): the driver's rows then skip SQLAlchemy's per-value result processing,
    which for 50,000 rows costs more than the query itself."""
    return str(statement.compile(dialect=db.session.get_bind().dialect, compile_kwargs={"literal_binds": True}))


def _people(body: Body | None) -> dict[int, tuple]:
    """Per politician: (the six leading export values, address). One query."""
    statement = (select(Politician.id, Body.name, Body.slug, Politician.name, Politician.slug, Group.name,
                        Politician.office)
                 .join(Body, Politician.body_id == Body.id).outerjoin(Group, Politician.group_id == Group.id))
    if body is not None:
        statement = statement.where(Politician.body_id == int(body.id))
    people = {}
    base = url_for("public.politician", body_slug="BODY", politician_slug="PERSON", _external=True)
    head, rest = base.split("BODY", 1)
    middle, tail = rest.split("PERSON", 1)
    for pid, body_name, body_slug, name, slug, fractie, office in \
            db.session.connection().exec_driver_sql(_sql(statement)):
        url = f"{head}{body_slug}{middle}{slug}{tail}"
        people[pid] = ((body_name, body_slug, name, slug, fractie, OFFICES[office]), url)
    return people


def _iso_date(value) -> str | None:
    """A date from the driver as ISO text: SQLite gives it as text already, PostgreSQL as a date."""
    return value if value is None or type(value) is str else value.isoformat()


def _date(value) -> date:
    """A date from the driver as a date (SQLite gives ISO text)."""
    return date.fromisoformat(value) if type(value) is str else value


@lru_cache(maxsize=4096)
def _local_date_of_hour(day: date, hour: int) -> date:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).astimezone(AMSTERDAM).date()


def _local_date(value) -> date:
    """The Dutch calendar date of a stored UTC moment (SQLite gives naive ISO text, PostgreSQL an aware
    datetime). Clocks change on whole UTC hours, so the date and hour in UTC decide it: cached per hour."""
    if type(value) is str:
        return _local_date_of_hour(date.fromisoformat(value[:10]), int(value[11:13]))
    value = value.astimezone(UTC)
    return _local_date_of_hour(value.date(), value.hour)


def _statement(body: Body | None) -> str:
    v = DeclarationVersion
    statement = joined(select(
        Declaration.politician_id, Declaration.kind, Declaration.status, Declaration.declared_at,
        Declaration.counted_started_on, Declaration.declared_term_start, Declaration.declared_deadline_days,
        Declaration.after_signal, v.number, v.organisation, v.kvk_number, v.role, v.description, v.paid,
        v.income_band, v.hours_per_month, v.ex_officio, v.started_on, v.ended_on, v.gift_value_band,
        v.gift_outcome, v.holding_band, Declaration.late_explanation,
        *(getattr(v, name) for name in ("concerns_family", *FLAGS))))
    if body is not None:
        statement = statement.where(Politician.body_id == int(body.id))
    return _sql(statement.order_by(Body.name, Politician.sort_name, Politician.id, Declaration.id))


def export_rows(body: Body | None) -> Iterator[list]:
    """Every published declaration (of one body, or all), in FIELDNAMES order (dates as ISO text), fetched in
    batches."""
    people = _people(body)
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":  # sort the ~15 MB of rows in memory, not in temporary files
        connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
    # Per statement: Connection.execution_options() would change the session's connection for what follows.
    result = connection.exec_driver_sql(_statement(body), execution_options={"yield_per": YIELD_PER})
    rows = (row for partition in result.partitions(YIELD_PER) for row in partition)  # lists: cheaper than row by row
    for row in rows:
        (pid, kind, status, declared_at, counted_started_on, term_start, deadline, after_signal, number,
         organisation, kvk, role, description, paid, income_band, hours, ex_officio, started_on, ended_on,
         gift_value, gift_outcome, holding, late_explanation), family, flags = row[:23], bool(row[23]), row[24:]
        lead, url = people[pid]
        income_band = INCOME_BANDS.get(income_band)
        # The flags as the driver gives them (0/1 or booleans: the same cache entry); the one field others follow.
        hidden = hidden_fields(family, flags, (organisation not in (None, ""),))
        withheld: list[str] = []
        if hidden:  # the uncommon case: something is shielded
            shown, withheld = shown_fields({"organisation": organisation, "kvk_number": kvk,
                                            "description": description, "income_band": income_band,
                                            "hours_per_month": hours}, hidden)
            organisation, kvk, description = shown["organisation"], shown["kvk_number"], shown["description"]
            income_band, hours = shown["income_band"], shown["hours_per_month"]
        declared_on, late, counted_from = _lateness(declared_at, counted_started_on, term_start, deadline)
        yield [*lead, KINDS[kind], organisation, withheld, kvk, role, description, bool(paid), income_band, hours,
               bool(ex_officio), _iso_date(started_on), _iso_date(ended_on), declared_on, late, deadline,
               STATUSES[status], bool(after_signal), number, url, counted_from, GIFT_VALUES.get(gift_value),
               GIFT_OUTCOMES.get(gift_outcome), HOLDINGS.get(holding), late_explanation]


def _lateness(declared_at, counted_started_on, term_start, deadline) -> tuple:
    """(declared on, days late, deadline counted from) as ISO text and a number, by models.lateness's rule."""
    if declared_at is None or counted_started_on is None:
        return None, None, None
    declared, started = _local_date(declared_at), _date(counted_started_on)
    term = None if term_start is None else _date(term_start)
    late = days_late_on(declared, started, term, deadline)
    return declared.isoformat(), late, reference_on(started, term).isoformat()
