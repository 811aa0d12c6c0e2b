"""Loading for relations: what bodies do with one organisation, as lines of text (its public organisation page,
the risk hints), and the griffie's import page (counts per kind, recent imports)."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Body, BodyRelation, DataImport
from register.models.organisations import kvk_from_key


def relations_for_organisation(key: str) -> list[str]:
    """'ontvangt subsidie van Gemeente Voorbeeldstad: EUR 45.000 in 2026', per body, kind and year (public data)."""
    kvk = kvk_from_key(key)
    match = BodyRelation.kvk_number == kvk if kvk else BodyRelation.organisation_key == key
    rows = db.session.scalars(select(BodyRelation).join(Body, Body.id == BodyRelation.body_id)
                              .where(match, Body.active.is_(True)).options(selectinload(BodyRelation.body))
                              .limit(5000)).all()
    return relation_summaries(list(rows))


def _money(amount: Decimal | None) -> str:
    return "EUR " + f"{amount:,.0f}".replace(",", ".") if amount is not None else ""


def relation_summaries(relations: list[BodyRelation]) -> list[str]:
    """'ontvangt subsidie van Gemeente Voorbeeldstad: EUR 45.000 in 2026', one line per kind and year."""
    totals: dict[tuple, Decimal | None] = {}
    for r in relations:
        key = (r.body.name, r.kind, r.year)
        previous = totals.get(key, Decimal(0))
        totals[key] = None if previous is None or r.amount is None else previous + r.amount
    return [_("ontvangt %(kind)s van %(body)s: %(amount)s in %(year)s", kind=str(kind.value), body=body, year=year,
              amount=_money(amount) or _("bedrag onbekend"))
            for (body, kind, year), amount in sorted(totals.items(), key=lambda i: (-i[0][2], i[0][1].value))]


def relation_counts(body: Body) -> list:
    """Per kind of relation of the body: (kind, how many, total amount), for the griffie's import page."""
    return list(db.session.execute(select(BodyRelation.kind, func.count(), func.sum(BodyRelation.amount))
                                   .where(BodyRelation.body_id == body.id).group_by(BodyRelation.kind)))


def recent_imports(body: Body, purpose: str, limit: int = 20) -> list[DataImport]:
    """The body's newest imports of one purpose ("relations", "agenda"), newest first."""
    return list(db.session.scalars(select(DataImport).where(DataImport.body_id == body.id,
                                                            DataImport.purpose == purpose)
                                   .order_by(DataImport.created_at.desc()).limit(limit)))
