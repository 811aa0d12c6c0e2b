"""Signal operations: receive, dismiss, open, respond, record the outcome. Each writes its audit event.

Hoor en wederhoor: an outcome can be recorded only after the politician responded or the response period passed.
Audit data never holds anything about the reporter (no text, address or client key).
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from register import mail
from register.audit import record
from register.extensions import db
from register.models import (
    Agreement, Body, Declaration, OutcomeBasis, Politician, RateLimitHit, Signal, SignalOutcome, SignalResponse,
    SignalStatus,
)
from register.models.base import local_date, utcnow

TEXT_MIN, TEXT_MAX = 10, 5000
REASON_MAX = 2000
RESPONSE_MAX = 5000
RATE_SCOPE = "signal"


class SignalError(ValueError):
    """A refused signal operation, with a Dutch message for the user."""


class TooManySignals(Exception):
    """The client sent more signals than the rate limit allows; nothing was saved."""


# ------------------------------------------------------------------------------------------------ receiving

def client_key(address: str | None) -> str:
    """A salted hash of the client's address: enough to count its submissions, useless to identify it."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"signal-client|{address or 'onbekend'}".encode(), hashlib.sha256).hexdigest()


def _count_submission(client: str, now: datetime) -> None:
    """Count one submission; refuse when the client reached the limit (in the database: all workers share it)."""
    limit = current_app.config.get("SIGNAL_RATE_LIMIT", 5)
    window = timedelta(seconds=current_app.config.get("SIGNAL_RATE_WINDOW_SECONDS", 3600))
    recent = db.session.scalar(select(func.count()).select_from(RateLimitHit).where(
        RateLimitHit.scope == RATE_SCOPE, RateLimitHit.client_key == client, RateLimitHit.created_at > now - window))
    if recent >= limit:
        raise TooManySignals()
    # Old counts are of no use: keep the table small.
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.created_at < now - max(window, timedelta(days=1))))
    db.session.add(RateLimitHit(scope=RATE_SCOPE, client_key=client, created_at=now))


def receive_signal(body: Body, *, politician: Politician | None, text: str, source_url: str | None,
                   contact_email: str | None, client: str, now: datetime | None = None) -> Signal:
    """Store a signal from outside (about a politician, or about the body) for the griffie's triage."""
    now = now or utcnow()
    text = (text or "").strip()
    if not TEXT_MIN <= len(text) <= TEXT_MAX:
        raise SignalError(_("Beschrijf uw melding in %(min)d tot %(max)d tekens.", min=TEXT_MIN, max=TEXT_MAX))
    if politician is not None and politician.body_id != body.id:
        raise SignalError(_("Deze ambtsdrager hoort niet bij dit orgaan."))
    _count_submission(client, now)
    signal = Signal(body=body, politician=politician, text=text, source_url=(source_url or "").strip() or None,
                    contact_email=(contact_email or "").strip() or None, received_at=now)
    db.session.add(signal)
    db.session.flush()
    signal.reference = reference_for(signal)
    record("signal.received", signal, body_id=body.id, about="politician" if politician else "body")
    mail.notify_signal_received(signal)
    mail.notify_reporter_received(signal)
    return signal


def reference_for(signal: Signal) -> str:
    """M-<year received, Dutch time>-<number>: unique and stable, because the number is the signal's own id (no
    second counter that two simultaneous reports could both take)."""
    return f"M-{local_date(signal.received_at).year}-{signal.id:04d}"


def discard_spam(client: str, now: datetime | None = None) -> None:
    """A filled-in honeypot: nothing is stored, but the attempt counts towards the client's limit."""
    _count_submission(client, now or utcnow())
    current_app.logger.info("Melding van een robot genegeerd (lokveld ingevuld).")


# ------------------------------------------------------------------------------------------------ triage

def _require_status(signal: Signal, status: SignalStatus, message: str) -> None:
    if signal.status != status:
        raise SignalError(message)


def _reason(reason: str | None, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise SignalError(message)
    if len(reason) > REASON_MAX:
        raise SignalError(_("De reden mag ten hoogste %(max)d tekens lang zijn.", max=REASON_MAX))
    return reason


def dismiss_signal(signal: Signal, *, actor, reason: str) -> None:
    """Out of scope: the signal is not taken up, with a reason; the politician is not involved."""
    _require_status(signal, SignalStatus.received, _("Over deze melding is al besloten."))
    reason = _reason(reason, _("Geef een reden waarom de melding niet in behandeling wordt genomen."))
    signal.status = SignalStatus.dismissed
    signal.dismissed_at = utcnow()
    signal.dismissal_reason = reason
    record("signal.dismissed", signal, actor=actor, body_id=signal.body_id, reason=reason)
    mail.notify_reporter_outcome(signal)


def open_signal(signal: Signal, *, actor, politician: Politician | None = None) -> Politician:
    """Take the signal up: the politician concerned (returned) is notified and has the body's response period to
    respond."""
    _require_status(signal, SignalStatus.received, _("Over deze melding is al besloten."))
    if signal.politician is not None and politician is not None and politician.id != signal.politician_id:
        raise SignalError(_("Deze melding gaat al over %(name)s.", name=signal.politician.name))
    target = signal.politician or politician
    if target is None:
        raise SignalError(_("Kies de ambtsdrager om wie de melding gaat."))
    if target.body_id != signal.body_id:
        raise SignalError(_("Deze ambtsdrager hoort niet bij dit orgaan."))
    attached = signal.politician is None
    now = utcnow()
    signal.politician = target
    signal.status = SignalStatus.opened
    signal.opened_at = now
    signal.response_due_at = now + timedelta(days=signal.body.response_period_days)
    db.session.flush()
    record("signal.opened", signal, actor=actor, body_id=signal.body_id, politician_id=target.id,
           attached_to_politician=attached, response_due_at=signal.response_due_at)
    mail.notify_signal_opened(signal)
    return target


def respond_to_signal(signal: Signal, *, actor, text: str) -> SignalResponse:
    """Wederhoor: the politician concerned gives their own account, once."""
    if not signal.is_concerned(actor):
        raise SignalError(_("Alleen de ambtsdrager om wie de melding gaat kan reageren."))
    _require_status(signal, SignalStatus.opened, _("Op deze melding kan niet meer worden gereageerd."))
    if signal.response is not None:
        raise SignalError(_("U heeft al gereageerd op deze melding."))
    text = (text or "").strip()
    if not text:
        raise SignalError(_("Schrijf uw reactie."))
    if len(text) > RESPONSE_MAX:
        raise SignalError(_("Uw reactie mag ten hoogste %(max)d tekens lang zijn.", max=RESPONSE_MAX))
    response = SignalResponse(signal=signal, text=text, created_by_id=actor.id)
    db.session.add(response)
    db.session.flush()
    record("signal.responded", signal, actor=actor, body_id=signal.body_id, response_id=response.id)
    mail.notify_signal_responded(signal)
    return response


def _concerned(signal: Signal, message: str) -> Politician:
    """The politician of an opened signal (open_signal always sets one); `message` refuses any other signal."""
    _require_status(signal, SignalStatus.opened, message)
    if signal.politician is None:
        raise SignalError(message)
    return signal.politician


def _check_declaration(signal: Signal, politician: Politician, declaration: Declaration | None) -> Declaration:
    if declaration is None:
        raise SignalError(_("Kies de opgave die na de melding is gedaan."))
    if declaration.politician_id != politician.id:
        raise SignalError(_("Deze opgave is niet van %(name)s. Kies een opgave van de ambtsdrager om wie de "
                            "melding gaat.", name=politician.name))
    if not declaration.is_public or declaration.declared_at is None:  # declared_at: set at first publication
        raise SignalError(_("Kies een gepubliceerde opgave."))
    if declaration.declared_at < signal.received_at:
        raise SignalError(_("Deze opgave is gedaan vóór de melding binnenkwam. Kies een opgave die daarna is "
                            "gedaan, of kies een andere uitkomst."))
    return declaration


def _check_agreement(politician: Politician, agreement: Agreement | None) -> Agreement:
    if agreement is None:
        raise SignalError(_("Kies de afspraak die is gemaakt."))
    if agreement.politician_id != politician.id:
        raise SignalError(_("Deze afspraak is niet van %(name)s. Kies een afspraak van de ambtsdrager om wie de "
                            "melding gaat.", name=politician.name))
    if not any(v.submitted_at is not None for v in agreement.versions):  # a draft is the politician's own
        raise SignalError(_("Deze afspraak is nog niet ter aftekening aangeboden. Kies een afspraak die de fractie "
                            "heeft gezien."))
    return agreement


def record_outcome(signal: Signal, *, actor, outcome: SignalOutcome, reason: str,
                   declaration: Declaration | None = None, agreement: Agreement | None = None,
                   now: datetime | None = None) -> None:
    """The griffie's outcome with a reason, never before the politician was heard or the period passed."""
    politician = _concerned(signal, _("Voor deze melding kan geen uitkomst (meer) worden vastgelegd."))
    if not signal.outcome_allowed(now):
        from register.templating import format_datetime
        raise SignalError(_("Er kan nog geen uitkomst worden vastgelegd: %(name)s heeft nog niet gereageerd en de "
                            "reactietermijn loopt tot %(date)s. Hoor en wederhoor gaan voor.",
                            name=politician.name, date=format_datetime(signal.response_due_at)))
    reason = _reason(reason, _("Geef een reden voor de uitkomst."))
    if outcome == SignalOutcome.declaration_added:
        signal.declaration = _check_declaration(signal, politician, declaration)
        signal.declaration.after_signal = True
        record("declaration.marked_after_signal", signal.declaration, actor=actor, body_id=signal.body_id)
    elif outcome == SignalOutcome.agreement_made:
        signal.agreement = _check_agreement(politician, agreement)
    signal.outcome = outcome
    signal.outcome_basis = OutcomeBasis.heard if signal.response is not None else OutcomeBasis.period_expired
    signal.outcome_reason = reason
    signal.outcome_at = utcnow()
    signal.status = SignalStatus.closed
    db.session.flush()
    record("signal.outcome_recorded", signal, actor=actor, body_id=signal.body_id, outcome=outcome,
           basis=signal.outcome_basis, reason=reason, declaration_id=signal.declaration_id,
           agreement_id=signal.agreement_id)
    mail.notify_reporter_outcome(signal)
