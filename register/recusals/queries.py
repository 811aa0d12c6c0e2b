"""Public loading of recusals and context notes, for the politician page, history, exports and API.

Only recusals under an agreement with a signed-off (public) version leave this module; their note stays internal.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Agreement, ContextNote, Politician, Recusal


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


def current_context_notes(politician_id: int) -> dict[tuple[str, int], ContextNote]:
    """The newest note per declaration and agreement of a politician (1 query); older notes stay on record."""
    notes = db.session.scalars(select(ContextNote).where(ContextNote.politician_id == politician_id)
                               .order_by(ContextNote.created_at, ContextNote.id)).all()
    current: dict[tuple[str, int], ContextNote] = {}
    for note in notes:  # oldest first: the newest wins
        key = ("declaration", note.declaration_id) if note.declaration_id else ("agreement", note.agreement_id)
        current[key] = note
    return current


def context_note_for(item) -> ContextNote | None:
    """The current public note on a declaration or agreement; the notes of a politician load once per request."""
    # Cached per request (not on g: in tests one app context spans many requests).
    cache = request.environ.setdefault("register.context_notes", {}) if has_request_context() else {}
    if item.politician_id not in cache:
        cache[item.politician_id] = current_context_notes(item.politician_id)
    kind = "agreement" if isinstance(item, Agreement) else "declaration"
    return cache[item.politician_id].get((kind, item.id))


def note_history(politician_id: int) -> dict[tuple[str, int], list[ContextNote]]:
    """Every note of a politician per item, newest first (for the politician's own overview)."""
    history: dict[tuple[str, int], list[ContextNote]] = defaultdict(list)
    for note in db.session.scalars(select(ContextNote).where(ContextNote.politician_id == politician_id)
                                   .order_by(ContextNote.created_at.desc(), ContextNote.id.desc())):
        key = ("declaration", note.declaration_id) if note.declaration_id else ("agreement", note.agreement_id)
        history[key].append(note)
    return dict(history)
