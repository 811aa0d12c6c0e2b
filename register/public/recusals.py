"""Public recusals: only recusals under an agreement with a signed-off (public) version, newest meeting first, for
the politician page, the history, the exports and the API; their note stays internal."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Agreement, Politician, Recusal


def _public_recusal_query(*where):
    return (select(Recusal).join(Recusal.agreement)
            .where(Agreement.signed_number.is_not(None), *where)
            .options(selectinload(Recusal.agreement).selectinload(Agreement.signed_version))
            .order_by(Recusal.meeting_date.desc(), Recusal.id.desc()))


def public_recusals(politician: Politician) -> list[Recusal]:
    """The politician's public recusals, newest meeting first (2 queries)."""
    return list(db.session.scalars(_public_recusal_query(Recusal.politician_id == politician.id)))


def public_recusals_for(politicians: Iterable[Politician | int]) -> dict[int, list[Recusal]]:
    """Public recusals of many politicians (objects or ids) keyed by politician id, in a fixed number of queries."""
    ids = {getattr(p, "id", p) for p in politicians}
    result: dict[int, list[Recusal]] = defaultdict(list)
    if ids:
        for recusal in db.session.scalars(_public_recusal_query(Recusal.politician_id.in_(ids))):
            result[recusal.politician_id].append(recusal)
    return dict(result)
