"""The griffie's read-only archive of former members, also those no longer on the public pages."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import not_, select
from sqlalchemy.orm import joinedload, selectinload

from register.extensions import db
from register.models import Body, Declaration, Politician
from register.public.periods import amsterdam_today, public_until
from register.public.queries import current_member_clause


@dataclass
class FormerMember:
    politician: Politician
    public_until: date | None
    declarations: list[Declaration]

    def is_public(self, today: date) -> bool:
        return self.public_until is not None and today <= self.public_until


def former_members(body: Body) -> tuple[date, list[FormerMember]]:
    """Every former member of the body with all their declarations ever published (3 queries)."""
    today = amsterdam_today()
    former = not_(current_member_clause(today))
    politicians = db.session.scalars(
        select(Politician).options(joinedload(Politician.group))
        .where(Politician.body_id == body.id, former)
        .order_by(Politician.term_end.desc(), Politician.sort_name)).all()
    declarations = defaultdict(list)
    for declaration in db.session.scalars(
            select(Declaration).join(Declaration.politician)
            .options(selectinload(Declaration.current_version))
            # every declaration ever published; a draft (also one withdrawn unpublished) is the politician's own
            .where(Politician.body_id == body.id, former, Declaration.published_number.is_not(None))
            .order_by(Declaration.declared_at, Declaration.id)):
        declarations[declaration.politician_id].append(declaration)
    return today, [FormerMember(p, public_until(p.term_end, body.retention_months), declarations[p.id])
                   for p in politicians]
