"""Loading for the politician's agreement pages."""
from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Declaration
from register.models.declarations import PUBLIC_STATUSES

# An agreement can be linked to what the public can see: declarations in a public status.
LINKABLE = PUBLIC_STATUSES


def linkable_declarations(politician, linked_ids=()) -> list[Declaration]:
    """The politician's own published or ended declarations, plus those the agreement already links."""
    condition: ColumnElement[bool] = Declaration.status.in_(LINKABLE)
    if linked_ids:
        condition = or_(condition, Declaration.id.in_(linked_ids))
    return list(db.session.scalars(
        select(Declaration).where(Declaration.politician_id == politician.id, condition)
        .options(selectinload(Declaration.published_version), selectinload(Declaration.current_version))
        .order_by(Declaration.declared_at.desc(), Declaration.id.desc())))
