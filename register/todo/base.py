"""The pieces every "Te doen" section is made of: an item, a section (a count and its items), time and deadlines."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select

from register.extensions import db
from register.models import Agreement, AgreementVersion, Body
from register.models.base import utcnow

LIMIT = 25  # items shown per section; the count says how many there are


@dataclass
class Item:
    text: str
    link: str
    who: str | None = None  # the politician it concerns (reviewer and griffie lists)
    since: datetime | None = None  # waiting since: the page shows the date and the age
    due: datetime | None = None  # a deadline the page shows
    overdue: bool = False  # older than the body's deadline, or past its own deadline
    note: str | None = None  # e.g. the fractie's comment on a requested change


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # a lazy Dutch string
    count: Callable
    items: Callable
    prominent: bool = False


def query_section(key, title, build, to_item, *, prominent=False) -> Section:
    """A section from a select of objects (or None when it does not apply) and a function that makes an item (None
    for an object without the version the query joined on: never in practice, so the count stays right)."""
    def count(user) -> int:
        statement = build(user)
        if statement is None:
            return 0
        return db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0

    def items(user) -> list[Item]:
        statement = build(user)
        if statement is None:
            return []
        return [item for o in db.session.scalars(statement.limit(LIMIT)) if (item := to_item(o)) is not None]
    return Section(key, title, count, items, prominent)


def now() -> datetime:
    return utcnow()


def cutoffs(bodies: list[Body], column, body_column):
    """column older than the deadline of its own body (declaration_deadline_days), for each of these bodies."""
    moment = now()
    return or_(*(and_(body_column == b.id, column < moment - timedelta(days=b.declaration_deadline_days))
                 for b in bodies))


def is_overdue(since: datetime | None, body: Body) -> bool:
    return since is not None and since < now() - timedelta(days=body.declaration_deadline_days)


def current_version_join():
    return and_(AgreementVersion.agreement_id == Agreement.id, AgreementVersion.number == Agreement.current_number)
