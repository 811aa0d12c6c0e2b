"""Recording recusals (onthoudingen) and the politician's public context notes. Each writes its audit event."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from register.audit import record
from register.extensions import db
from register.models import Agreement, ContextNote, Declaration, Politician, Recusal
from register.models.base import amsterdam_today
from register.templating import format_date

AGENDA_MAX = 300
NOTE_MAX = 1000
CONTEXT_MAX = 1000
EARLIEST = date(2000, 1, 1)


class RecusalError(ValueError):
    """A refused recusal or context note, with a Dutch message for the user."""


def can_record_for(user, politician: Politician) -> bool:
    """The politician for themselves, or the griffie of their body."""
    return bool(user and user.is_authenticated and (user.politician_id == politician.id
                                                    or user.is_griffie_of(politician.body_id)))


def _check_agreement(politician: Politician, agreement: Agreement | None) -> Agreement:
    if agreement is None:
        raise RecusalError(_("Kies de afspraak waaruit de onthouding volgt."))
    if agreement.politician_id != politician.id:
        raise RecusalError(_("Deze afspraak is niet van %(name)s. Een onthouding volgt uit een afspraak van de "
                             "ambtsdrager zelf.", name=politician.name))
    if agreement.signed_number is None:
        raise RecusalError(_("Deze afspraak is nog niet afgetekend. Een onthouding volgt uit een afgetekende, "
                             "openbare afspraak."))
    return agreement


def _check_meeting_date(meeting_date: date | None) -> date:
    if meeting_date is None:
        raise RecusalError(_("Vul de datum van de vergadering in."))
    if meeting_date < EARLIEST:
        raise RecusalError(_("De datum van de vergadering ligt te ver in het verleden. Controleer het jaartal."))
    if meeting_date > amsterdam_today():
        # The register publishes a recusal as having happened: a meeting still to come cannot have one yet.
        raise RecusalError(_("De vergadering van %(date)s is nog niet geweest. Leg de onthouding vast op of na de "
                             "dag van de vergadering: het register toont haar als gebeurd.",
                             date=format_date(meeting_date)))
    return meeting_date


def record_recusal(politician: Politician, *, actor, meeting_date: date | None, agenda_item: str,
                   agreement: Agreement | None, note: str | None = None) -> Recusal:
    """Record that the politician abstained from a debate or vote on an agenda item, under one of their agreements."""
    agreement = _check_agreement(politician, agreement)
    meeting_date = _check_meeting_date(meeting_date)
    agenda_item = (agenda_item or "").strip()
    if not agenda_item:
        raise RecusalError(_("Vul het agendapunt in."))
    if len(agenda_item) > AGENDA_MAX:
        raise RecusalError(_("Het agendapunt mag ten hoogste %(max)d tekens lang zijn.", max=AGENDA_MAX))
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise RecusalError(_("De toelichting mag ten hoogste %(max)d tekens lang zijn.", max=NOTE_MAX))
    recusal = Recusal(politician=politician, agreement=agreement, meeting_date=meeting_date,
                      agenda_item=agenda_item, note=note, created_by_id=getattr(actor, "id", None))
    db.session.add(recusal)
    db.session.flush()
    record("recusal.recorded", recusal, actor=actor, body_id=politician.body_id, politician_id=politician.id,
           agreement_id=agreement.id, meeting_date=meeting_date, agenda_item=agenda_item)
    return recusal


# ------------------------------------------------------------------------------------------------ context notes

def latest_note(*, declaration: Declaration | None = None,
                agreement: Agreement | None = None) -> ContextNote | None:
    if declaration is not None:
        about = ContextNote.declaration_id == declaration.id
    elif agreement is not None:
        about = ContextNote.agreement_id == agreement.id
    else:
        return None
    return db.session.scalars(select(ContextNote).where(about)
                              .order_by(ContextNote.created_at.desc(), ContextNote.id.desc()).limit(1)).first()


def _target_politician_id(declaration: Declaration | None, agreement: Agreement | None) -> int:
    if declaration is not None and agreement is None:
        if not declaration.is_public:
            raise RecusalError(_("Een toelichting kan alleen bij een gepubliceerde opgave."))
        return declaration.politician_id
    if agreement is not None and declaration is None:
        if agreement.signed_number is None:
            raise RecusalError(_("Een toelichting kan alleen bij een afgetekende afspraak."))
        return agreement.politician_id
    raise RecusalError(_("Kies één opgave of afspraak."))


def add_context_note(*, actor, text: str, declaration: Declaration | None = None,
                     agreement: Agreement | None = None) -> ContextNote:
    """A new public note by the politician; an earlier note stays on record, the newest is shown."""
    politician_id = _target_politician_id(declaration, agreement)
    if getattr(actor, "politician_id", None) != politician_id:
        raise RecusalError(_("U kunt alleen bij uw eigen opgaven en afspraken een toelichting geven."))
    text = (text or "").strip()
    if not text:
        raise RecusalError(_("Schrijf uw toelichting."))
    if len(text) > CONTEXT_MAX:
        raise RecusalError(_("De toelichting mag ten hoogste %(max)d tekens lang zijn.", max=CONTEXT_MAX))
    previous = latest_note(declaration=declaration, agreement=agreement)
    if previous is not None and previous.text == text:
        raise RecusalError(_("De toelichting is niet gewijzigd."))
    note = ContextNote(politician_id=politician_id, declaration_id=getattr(declaration, "id", None),
                       agreement_id=getattr(agreement, "id", None), text=text, created_by_id=actor.id)
    db.session.add(note)
    db.session.flush()
    politician = db.session.get_one(Politician, politician_id)  # the owner of the declaration or agreement
    record("context_note.added", note, actor=actor, body_id=politician.body_id, politician_id=politician_id,
           declaration_id=note.declaration_id, agreement_id=note.agreement_id,
           replaces=previous.id if previous else None)
    return note
