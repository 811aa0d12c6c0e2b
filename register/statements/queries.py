"""Loading for the statement pages: the bodies whose public pages exist (active ones); one such body
by its slug is register/public/queries.active_body."""
from __future__ import annotations

from sqlalchemy import select

from register.extensions import db
from register.models import Body


def active_bodies() -> list[Body]:
    return list(db.session.scalars(select(Body).where(Body.active.is_(True)).order_by(Body.name)))
