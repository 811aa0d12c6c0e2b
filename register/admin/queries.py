"""The reads behind the griffie's management pages (the writes are in services.py)."""
from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from register.admin import services
from register.extensions import db
from register.models import Body, Group, OutboxMessage, Politician, RoleGrant, User


def count_by_body(column, *where) -> dict[int, int]:
    """How many rows per value of column (a body, fractie or active flag) among those that match where."""
    rows = db.session.execute(select(column, func.count()).where(*where).group_by(column))
    return {value: count for value, count in rows}


def bodies_by_name(ids) -> list[Body]:
    return list(db.session.scalars(select(Body).where(Body.id.in_(ids)).order_by(Body.name)))


def account_count(body: Body) -> int:
    return db.session.scalar(select(func.count()).select_from(services.accounts_of(body).subquery())) or 0


def groups_of(body: Body, *, active_first: bool = False) -> list[Group]:
    """The body's fracties by name (the active ones first if asked), the deactivated ones included."""
    order = (Group.active.desc(), Group.name) if active_first else (Group.name,)
    return list(db.session.scalars(select(Group).where(Group.body_id == body.id).order_by(*order)))


def search_term(value: str | None) -> str:
    """The search box's text, trimmed and bounded; the match is case-insensitive on name (and e-mail)."""
    return (value or "").strip()[:100]


def like_pattern(term: str) -> str:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def politicians_matching(body: Body, q: str) -> list[Politician]:
    """The body's politicians (all of them when q is empty) whose name contains q, by sort name."""
    query = select(Politician).where(Politician.body_id == body.id)
    if q:
        query = query.where(func.lower(Politician.name).like(like_pattern(q), escape="\\"))
    return list(db.session.scalars(query.options(selectinload(Politician.group), selectinload(Politician.user))
                                   .order_by(Politician.sort_name)))


def accounts_matching(body: Body, q: str) -> list[User]:
    """The body's accounts (all of them when q is empty) whose name or e-mail contains q, active ones first."""
    query = services.accounts_of(body)
    if q:
        query = query.where(or_(func.lower(User.name).like(like_pattern(q), escape="\\"),
                                func.lower(User.email).like(like_pattern(q), escape="\\")))
    return list(db.session.scalars(query.options(
        selectinload(User.grants).selectinload(RoleGrant.group), selectinload(User.politician))
        .order_by(User.active.desc(), User.name)))


def politicians_with_users(body: Body) -> list[Politician]:
    return list(db.session.scalars(select(Politician).where(Politician.body_id == body.id)
                                   .options(selectinload(Politician.user)).order_by(Politician.sort_name)))


def active_accounts(body: Body) -> list[User]:
    """The body's active accounts by name, with their grants and politician loaded."""
    return list(db.session.scalars(services.accounts_of(body).where(User.active.is_(True))
                                   .options(selectinload(User.grants).selectinload(RoleGrant.group),
                                            selectinload(User.politician)).order_by(User.name)))


def unsent_for_body(body_id: int) -> list[OutboxMessage]:
    """The body's messages that are not sent, oldest first."""
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.body_id == body_id,
                                                               OutboxMessage.sent_at.is_(None))
                                   .order_by(OutboxMessage.created_at, OutboxMessage.id)))


def count_unsent_for_body(body_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.body_id == body_id, OutboxMessage.sent_at.is_(None))) or 0
