"""Loading for search and organisation pages: published versions only, public fields only.

A declaration is found through its *published* version (a public status: never a draft, never a withdrawn entry).
The organisation and description only count when the public may see them (DeclarationVersion.public_clause, the
SQL twin of is_field_public), so a fractie-only value can never make a hit.
`search_declarations` is the one function a later full-text index replaces.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Select, and_, case, false, func, or_, select

from register.extensions import db
from register.models import (
    Body, Declaration, DeclarationKind, DeclarationStatus, DeclarationVersion, Group, Politician,
)
from register.public.late import late_first, lateness_columns
from register.public.published import joined
from register.search import index as search_index
from register.models.organisations import kvk_from_key, organisation_key
from register.text import CONTROL, clean_value

PAGE_SIZE = 25
ORGANISATION_PAGE_SIZE = 50
MAX_PAGE = 10_000
COUNT_LIMIT = 1000  # a search counts its matches up to this many; beyond it says "more than 1,000"
MAX_QUERY_LENGTH = 200
MAX_PHRASES = 8
STATES = {"current": DeclarationStatus.published, "ended": DeclarationStatus.ended}


@dataclass
class Hit:
    """One published declaration with what a result line shows; shielded fields come back as None."""
    declaration: Declaration
    version: DeclarationVersion
    politician: Politician
    body: Body
    group: Group | None

    @property
    def organisation(self) -> str | None:
        return self.version.organisation if self.version.is_field_public("organisation") else None

    @property
    def organisation_key(self) -> str | None:
        return self.version.organisation_key if self.organisation else None

    @property
    def kvk_number(self) -> str | None:
        return self.version.kvk_number if self.version.is_field_public("kvk_number") else None

    @property
    def description(self) -> str | None:
        return self.version.description if self.version.is_field_public("description") else None

    @property
    def state(self) -> str:
        return "current" if self.declaration.status == DeclarationStatus.published else "ended"


@dataclass
class Filters:
    body: Body | None = None
    group_slug: str | None = None
    kind: DeclarationKind | None = None
    state: str | None = None
    late: bool = False  # only declarations made after the body's deadline, the latest first

    @property
    def any(self) -> bool:
        return any((self.body, self.group_slug, self.kind, self.state, self.late))


@dataclass
class ResultPage:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    more: bool = False  # more matches than `total`: only the first `total` can be paged through
    days_late: dict[int, int] | None = None  # with the late filter: days past the deadline per declaration id

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1


@dataclass
class OrganisationPage:
    key: str
    kvk_number: str | None
    names: list[str]
    politicians: int
    bodies: int
    results: ResultPage


def public_rows() -> Select:
    """Every published declaration as (Declaration, DeclarationVersion, Politician, Body, Group) rows."""
    return joined(select(Declaration, DeclarationVersion, Politician, Body, Group))


def hits_by_ids(ids: Sequence[int], order) -> list[Hit]:
    """The published declarations with these ids, as Hits in `order`: the second step of a list that first
    found one page's ids with a narrow sort (search, API)."""
    if not ids:
        return []
    return [Hit(*row) for row in db.session.execute(public_rows().where(Declaration.id.in_(ids)).order_by(*order))]


def apply_filters(statement: Select, filters: Filters) -> Select:
    if filters.body is not None:
        statement = statement.where(Politician.body_id == filters.body.id)
    if filters.group_slug:
        statement = statement.where(Group.slug == filters.group_slug)
    if filters.kind is not None:
        statement = statement.where(Declaration.kind == filters.kind)
    if filters.state:
        statement = statement.where(Declaration.status == STATES[filters.state])
    return statement


def is_clean(value: str | None) -> bool:
    """Whether a slug from a URL can go to the database as it is (no control characters, sane length)."""
    return value is not None and 0 < len(value) <= 200 and not CONTROL.search(value)


def find_body(slug: str | None) -> Body | None:
    return db.session.scalar(select(Body).where(Body.slug == slug)) if is_clean(slug) else None


def fractie_exists(slug: str, body: Body | None) -> bool:
    """Whether a fractie has this slug (in the body, when the search is limited to one)."""
    exists = select(Group.id).where(Group.slug == slug).limit(1)
    if body is not None:
        exists = exists.where(Group.body_id == body.id)
    return db.session.scalar(exists) is not None


def clean_query(text: str | None) -> str:
    """The search text, stripped and capped (very long input is cut, not refused)."""
    return clean_value(text, MAX_QUERY_LENGTH)


def _phrases(text: str) -> list[str]:
    """Words, with "quoted phrases" kept together."""
    found = [quoted or word for quoted, word in re.findall(r'"([^"]+)"|(\S+)', text)]
    return [p.strip('"').lower() for p in found if p.strip('"')][:MAX_PHRASES]


def _text_condition(text: str) -> tuple:
    """Every word in the role, or the public organisation or description; or the organisation's normalised name.
    The search index pre-selects the candidates where it can (search/index.py); these conditions decide.
    Returns (condition or None, whether the index pre-selects)."""
    def contains(column, phrase):
        return func.lower(column).like(search_index.like_pattern(phrase), escape="\\")

    phrases = _phrases(text)
    words = [or_(contains(DeclarationVersion.role, p),
                 and_(DeclarationVersion.public_clause("organisation"), contains(DeclarationVersion.organisation, p)),
                 and_(DeclarationVersion.public_clause("description"), contains(DeclarationVersion.description, p)))
             for p in phrases]
    conditions = [and_(*words)] if words else []
    key = organisation_key(text)
    if key:
        conditions.append(and_(DeclarationVersion.public_clause("organisation"),
                               DeclarationVersion.organisation_key.like(search_index.like_pattern(key), escape="\\")))
    if not conditions:  # only punctuation: nothing to look for, so nothing is found
        return (false() if text else None), False
    prefilter = search_index.candidates(phrases, key) if words else None
    if prefilter is None:
        return or_(*conditions), False
    return and_(prefilter, or_(*conditions)), True


@contextmanager
def steered(connection, indexed: bool):
    """Around the queries of a search that has its candidates from the search index. PostgreSQL cannot estimate
    how many candidates survive the exact conditions and guesses one, then joins the bodies by scanning them for
    every match (0.5 s for "stichting" nationally): with the candidates from the index, every further step should
    be an index lookup."""
    steer = indexed and connection.dialect.name == "postgresql"
    if steer:
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    try:
        yield
    finally:
        if steer:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = on")


def text_filter(text: str | None) -> tuple:
    """The search page's text condition for other lists (the API's q): (condition or None for no text, whether
    the search index pre-selects, so `joined(..., status_index=not indexed)`)."""
    return _text_condition(clean_query(text))


def _page(statement: Select, count_statement: Select, page: int, per_page: int) -> ResultPage:
    total = db.session.scalar(count_statement) or 0
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * per_page
    rows = db.session.execute(statement.limit(per_page).offset(offset)).all() if offset < total else []
    return ResultPage([Hit(*row) for row in rows], total, page, per_page)


def search_declarations(text: str, filters: Filters, page: int = 1) -> ResultPage:
    """Published declarations matching the text and filters, across all bodies (2 queries)."""
    condition, indexed = _text_condition(clean_query(text))

    def narrowed(statement: Select) -> Select:
        statement = apply_filters(joined(statement, status_index=not indexed), filters)
        return statement.where(condition) if condition is not None else statement

    # One query finds the first COUNT_LIMIT + 1 matches in order, as ids only (a narrow sort): their number is
    # the total ("more than 1,000" beyond it) and the page is a slice of them: never a count of all 50,000
    # declarations for a word that is everywhere ("de"), and one pass over the matches instead of two.
    order = (Body.name, Body.id, Politician.sort_name, Politician.id, Declaration.id)
    page = max(1, min(page, MAX_PAGE))
    offset = (page - 1) * PAGE_SIZE
    connection = db.session.connection()
    ids: Sequence[int]
    with steered(connection, indexed):
        if filters.late:
            days_late = late_first(connection.execute(narrowed(select(Declaration.id, *lateness_columns()))
                                                      .order_by(*order)))
            ids = list(days_late)
        else:
            ids = connection.execute(narrowed(select(Declaration.id)).order_by(*order)
                                     .limit(COUNT_LIMIT + 1)).scalars().all()
    more = len(ids) > COUNT_LIMIT
    shown = ids[:COUNT_LIMIT][offset:offset + PAGE_SIZE]
    hits = hits_by_ids(shown, order)
    if not filters.late:
        return ResultPage(hits, min(len(ids), COUNT_LIMIT), page, PAGE_SIZE, more=more)
    hits.sort(key=lambda hit: shown.index(hit.declaration.id))
    return ResultPage(hits, min(len(ids), COUNT_LIMIT), page, PAGE_SIZE, more=more,
                      days_late={i: days_late[i] for i in shown})


def organisation_register(key: str, page: int = 1) -> OrganisationPage | None:
    """Everyone with a public declaration at one organisation (by normalised name or KvK number); None if nobody."""
    kvk = kvk_from_key(key)
    match = DeclarationVersion.kvk_number == kvk if kvk else DeclarationVersion.organisation_key == key
    shown = DeclarationVersion.public_clause("kvk_number" if kvk else "organisation")

    def narrowed(statement: Select) -> Select:
        return joined(statement).where(match, shown)

    politicians, bodies = db.session.execute(narrowed(
        select(func.count(func.distinct(Politician.id)), func.count(func.distinct(Politician.body_id))))).one()
    if not politicians:
        return None
    names = list(db.session.scalars(
        narrowed(select(DeclarationVersion.organisation)).group_by(DeclarationVersion.organisation)
        .order_by(func.count().desc(), DeclarationVersion.organisation).limit(5)))
    current_first = case((Declaration.status == DeclarationStatus.published, 0), else_=1)
    rows = narrowed(select(Declaration, DeclarationVersion, Politician, Body, Group)).order_by(
        current_first, Body.name, Politician.sort_name, Politician.id, Declaration.id)
    results = _page(rows, narrowed(select(func.count(Declaration.id))), page, ORGANISATION_PAGE_SIZE)
    return OrganisationPage(key, kvk, names, politicians, bodies, results)


class BodyOption(NamedTuple):
    id: int
    slug: str
    name: str


_OPTIONS: dict = {}  # per worker: (data version, body id) -> the filter choices


def search_options(body: Body | None) -> tuple[list[BodyOption], list[tuple[str, str]]]:
    """Bodies for the filter, and fracties (slug, name): those of the chosen body, else every distinct slug.
    Kept per data version (register/cache.py): every search page shows them, and they change only with it."""
    from register.cache import read_version

    state = read_version()
    key = (state[0] if state else None, body.id if body is not None else None)
    if state is not None and key in _OPTIONS:
        return _OPTIONS[key]
    bodies = [BodyOption(*row) for row in db.session.execute(select(Body.id, Body.slug, Body.name)
                                                                 .order_by(Body.name))]
    if body is not None:
        groups = db.session.execute(select(Group.slug, Group.name).where(Group.body_id == body.id)
                                    .order_by(Group.name)).all()
    else:
        groups = db.session.execute(select(Group.slug, func.min(Group.name)).group_by(Group.slug)
                                    .order_by(func.min(Group.name))).all()
    options = bodies, [(slug, name) for slug, name in groups]
    if state is not None:
        if any(stored[0] != key[0] for stored in _OPTIONS) or len(_OPTIONS) > 1000:
            _OPTIONS.clear()  # an older data version, or very many bodies chosen: start again
        _OPTIONS[key] = options
    return options
