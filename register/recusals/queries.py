"""Loading of context notes: a politician's public note on a declaration or agreement, the current one and its
history. The public recusals are in register/public/recusals.py."""
from __future__ import annotations

from collections import defaultdict

from flask import has_request_context, request
from sqlalchemy import select

from register.extensions import db
from register.models import Agreement, ContextNote


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
