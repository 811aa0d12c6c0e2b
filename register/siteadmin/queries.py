"""Loading for the site administrator's overview: every body, and how many active politicians each has."""
from __future__ import annotations

from sqlalchemy import func, select

from register.extensions import db
from register.models import Politician


def active_politicians_by_body() -> dict[int, int]:
    rows = db.session.execute(select(Politician.body_id, func.count()).where(Politician.active.is_(True))
                              .group_by(Politician.body_id))
    return {body_id: count for body_id, count in rows}
