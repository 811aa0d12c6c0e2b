"""Loading for the statement pages: the bodies whose public pages exist (active ones)."""
from __future__ import annotations

from sqlalchemy import select

from register.extensions import db
from register.models import Body


def active_body(body_slug: str) -> Body:
    """The active body the URL names, or 404 (an inactive body has no public pages)."""
    return db.first_or_404(select(Body).where(Body.slug == body_slug, Body.active.is_(True)))


def active_bodies() -> list[Body]:
    return list(db.session.scalars(select(Body).where(Body.active.is_(True)).order_by(Body.name)))
