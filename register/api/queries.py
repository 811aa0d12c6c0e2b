"""Loading for the JSON API: public data only (the public register's rules), in a fixed number of queries per
request; a list is paged by its ids first, then their rows."""
from __future__ import annotations

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Body, Declaration, DeclarationStatus, Group, Politician, SignOff,
)
from register.public.published import joined
from register.public.queries import current_member_clause, publicly_listed_clause
from register.search import queries as search
from register.search.queries import Hit

DECLARATION_ORDER = (Declaration.declared_at.desc(), Declaration.id.desc())


def current_counts(body_id: int) -> tuple[dict[int, int], dict[int, int]]:
    """Per politician of the body: current (published) declarations, and signed-off agreements not ended."""
    declarations = db.session.execute(
        select(Declaration.politician_id, func.count()).join(Politician, Declaration.politician_id == Politician.id)
        .where(Politician.body_id == body_id, Declaration.status == DeclarationStatus.published)
        .group_by(Declaration.politician_id))
    agreements = db.session.execute(
        select(Agreement.politician_id, func.count()).join(Politician, Agreement.politician_id == Politician.id)
        .where(Politician.body_id == body_id, Agreement.signed_number.is_not(None),
               Agreement.status != AgreementStatus.ended)
        .group_by(Agreement.politician_id))
    return {pid: n for pid, n in declarations}, {pid: n for pid, n in agreements}


def groups_with_members(body: Body) -> tuple[list[Group], dict[int | None, int]]:
    """The body's fracties, and how many current members each has (None: members without a fractie)."""
    groups = list(db.session.scalars(select(Group).where(Group.body_id == body.id).order_by(Group.name)))
    members = db.session.execute(select(Politician.group_id, func.count()).where(
        Politician.body_id == body.id, current_member_clause()).group_by(Politician.group_id))
    return groups, {group_id: n for group_id, n in members}


def listed_politicians(body: Body) -> list[tuple[Politician, Group | None]]:
    """The body's politicians on the public register (in office, or former within the retention period)."""
    rows = db.session.execute(select(Politician, Group).outerjoin(Group, Politician.group_id == Group.id)
                              .where(Politician.body_id == body.id, publicly_listed_clause())
                              .order_by(Politician.sort_name, Politician.id))
    return [(p, g) for p, g in rows]


def declaration_page(filters: search.Filters, text: str, page: int, per_page: int) -> tuple[int, list[Hit]]:
    """The total and one page of published declarations matching the search text and filters, newest first."""
    condition, indexed = search.text_filter(text)

    def narrowed(statement: Select) -> Select:
        statement = search.apply_filters(joined(statement, status_index=not indexed), filters)
        return statement.where(condition) if condition is not None else statement
    connection = db.session.connection()
    offset, ids = (page - 1) * per_page, []
    with search.steered(connection, indexed):
        total = connection.execute(narrowed(select(func.count(Declaration.id)))).scalar_one()
        if offset < total:
            # The page's ids first (a narrow sort, cheap to skip for a deep page), then their rows.
            ids = list(connection.execute(narrowed(select(Declaration.id)).order_by(*DECLARATION_ORDER)
                                          .limit(per_page).offset(offset)).scalars())
    return total, search.hits_by_ids(ids, DECLARATION_ORDER)


def agreement_page(body: Body | None, page: int, per_page: int):
    """The total and one page of signed-off agreements (their signed-off version), newest sign-off first, as rows
    (Agreement, AgreementVersion, Politician, Body, Group)."""
    def narrowed(statement: Select) -> Select:
        statement = (statement.join(AgreementVersion, and_(AgreementVersion.agreement_id == Agreement.id,
                                                           AgreementVersion.number == Agreement.signed_number))
                     .join(Politician, Agreement.politician_id == Politician.id)
                     .join(Body, Politician.body_id == Body.id)
                     .outerjoin(Group, Politician.group_id == Group.id))
        statement = statement.where(publicly_listed_clause())
        return statement.where(Politician.body_id == body.id) if body is not None else statement
    total = db.session.scalar(narrowed(select(func.count(Agreement.id)))) or 0
    rows = db.session.execute(
        narrowed(select(Agreement, AgreementVersion, Politician, Body, Group))
        .options(selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer),
                 selectinload(AgreementVersion.declarations))
        .order_by(AgreementVersion.signed_off_at.desc(), Agreement.id.desc())
        .limit(per_page).offset((page - 1) * per_page)).all() if total else []
    return total, rows
