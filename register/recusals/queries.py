"""Loading for the recusal pages of the politician and the griffie, and of context notes (a politician's public note
on a declaration or agreement: the current one and its history). The public recusals are in
register/public/recusals.py."""
from __future__ import annotations

from collections import defaultdict

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Agreement, Body, ContextNote, Declaration, Politician, Recusal
from register.models.declarations import PUBLIC_STATUSES


NoteKey = tuple[str, int | None]  # ("declaration", id) or ("agreement", id): the item a note is on


def current_context_notes(politician_id: int) -> dict[NoteKey, ContextNote]:
    """The newest note per declaration and agreement of a politician (1 query); older notes stay on record."""
    notes = db.session.scalars(select(ContextNote).where(ContextNote.politician_id == politician_id)
                               .order_by(ContextNote.created_at, ContextNote.id)).all()
    current: dict[NoteKey, ContextNote] = {}
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


def note_history(politician_id: int) -> dict[NoteKey, list[ContextNote]]:
    """Every note of a politician per item, newest first (for the politician's own overview)."""
    history: dict[NoteKey, list[ContextNote]] = defaultdict(list)
    for note in db.session.scalars(select(ContextNote).where(ContextNote.politician_id == politician_id)
                                   .order_by(ContextNote.created_at.desc(), ContextNote.id.desc())):
        key = ("declaration", note.declaration_id) if note.declaration_id else ("agreement", note.agreement_id)
        history[key].append(note)
    return dict(history)


def recusals_of(politician: Politician) -> list[Recusal]:
    """Every recusal of the politician, newest meeting first, with its agreement and who recorded it."""
    return list(db.session.scalars(
        select(Recusal).where(Recusal.politician_id == politician.id)
        .options(selectinload(Recusal.agreement).selectinload(Agreement.signed_version),
                 selectinload(Recusal.created_by))
        .order_by(Recusal.meeting_date.desc(), Recusal.id.desc())))


def signed_agreements(politician: Politician) -> list[Agreement]:
    """The politician's agreements that have a signed-off version (a recusal can only be under one of these)."""
    return list(db.session.scalars(
        select(Agreement).where(Agreement.politician_id == politician.id, Agreement.signed_number.is_not(None))
        .options(selectinload(Agreement.signed_version)).order_by(Agreement.created_at.desc())))


def body_recusals(body: Body, limit: int = 200) -> list[Recusal]:
    """The body's newest recusals (the griffie's overview)."""
    return list(db.session.scalars(
        select(Recusal).join(Recusal.politician).where(Politician.body_id == body.id)
        .options(selectinload(Recusal.politician),
                 selectinload(Recusal.agreement).selectinload(Agreement.signed_version))
        .order_by(Recusal.meeting_date.desc(), Recusal.id.desc()).limit(limit)))


def politicians_with_signed_agreements(body: Body) -> list[Politician]:
    """The body's active politicians for whom the griffie can record a recusal."""
    return list(db.session.scalars(
        select(Politician).where(Politician.body_id == body.id, Politician.active.is_(True),
                                 Politician.id.in_(select(Agreement.politician_id)
                                                   .where(Agreement.signed_number.is_not(None))))
        .order_by(Politician.sort_name)))


def public_declarations_of(politician: Politician) -> list[Declaration]:
    """The politician's public declarations, newest first, each with its published version (to add a note to)."""
    return list(db.session.scalars(
        select(Declaration).where(Declaration.politician_id == politician.id,
                                  Declaration.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Declaration.published_version)).order_by(Declaration.declared_at.desc())))
