"""Public loading: what bodies do with one organisation (for its organisation page)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Body, BodyRelation
from register.models.organisations import kvk_from_key


def relations_for_organisation(key: str) -> list[str]:
    """'ontvangt subsidie van Gemeente Voorbeeldstad: EUR 45.000 in 2026', per body, kind and year (public data)."""
    from register.risk.hints import relation_summaries

    kvk = kvk_from_key(key)
    match = BodyRelation.kvk_number == kvk if kvk else BodyRelation.organisation_key == key
    rows = db.session.scalars(select(BodyRelation).join(Body, Body.id == BodyRelation.body_id)
                              .where(match, Body.active.is_(True)).options(selectinload(BodyRelation.body))
                              .limit(5000)).all()
    return relation_summaries(list(rows))
