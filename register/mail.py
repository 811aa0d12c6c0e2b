"""Outgoing e-mail through an outbox table.

Services queue a message in the transaction of the change it reports (queue()); a message whose transaction
rolls back is never sent. After the request has committed, deliver_committed() sends what this request queued
through SMTP. Without SMTP_HOST nothing is sent and nothing is marked sent: the messages wait in the outbox, the
log says so (a WARNING naming the kind of message, never the address) and the griffie sees them listed with a
count (register/admin/outbox_routes.py). `flask send-reminders` delivers whatever is still unsent, so a failed
delivery, or one that waited for a mail server to be set, goes out from cron.
"""
from __future__ import annotations

import logging
import re
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from flask import current_app, has_request_context, render_template, url_for
from flask_babel import gettext as _
from flask_sqlalchemy.session import Session as AppSession
from sqlalchemy import CursorResult, event, select, update

from register.audit import record
from register.extensions import db
from register.models import OutboxMessage, RoleGrant, RoleKind, User
from register.models.base import AMSTERDAM, utcnow
from register.models.signals import MAX_ATTEMPTS

PENDING, COMMITTED = "outbox_pending", "outbox_committed"
log = logging.getLogger(__name__)

# Messages that carry a one-time link: once sent, the stored copy loses the link (the database keeps only the
# token's hash; an unsent message keeps it for the retry, until the link expires).
SECRET_LINK_KINDS = {"invitation", "password_reset", "alert_confirm", "alert_digest"}
SECRET_LINK = re.compile(r"(/(?:uitnodiging|wachtwoord-herstellen|volgen/bevestigen|volgen/afmelden)/)[A-Za-z0-9_-]+")


# ------------------------------------------------------------------------------------------------ queueing

def queue(*, to: str | None, subject: str, template: str, kind: str, dedupe_key: str,
          ref: str | None = None, body_id: int | None = None, headers: dict[str, str] | None = None,
          **context) -> OutboxMessage | None:
    """Add a message to the outbox in the current transaction; None when there is no address or it is a repeat."""
    if not to:
        return None
    db.session.flush()
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)) is not None:
        return None
    message = OutboxMessage(recipient=to, subject=subject[:200], kind=kind, dedupe_key=dedupe_key[:200], ref=ref,
                            body_id=body_id, body=render_template(f"mail/{template}.txt", **context),
                            headers=headers or None)
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault(PENDING, []).append(message.id)
    return message


@event.listens_for(AppSession, "after_commit")
def _queued_messages_committed(session) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        session.info.setdefault(COMMITTED, []).extend(pending)


@event.listens_for(AppSession, "after_rollback")
def _queued_messages_rolled_back(session) -> None:
    session.info.pop(PENDING, None)


def init_mail(app) -> None:
    """Per request: only what this request queues is delivered after it, once its transaction has committed
    (anything older waits for send-reminders)."""
    app.before_request(forget_committed)
    app.after_request(_deliver_after_request)


def _deliver_after_request(response):
    """Send the e-mails that this request queued; a mail problem must never cost the user their response."""
    try:
        deliver_committed()
    except Exception as error:  # noqa: BLE001  cron retries
        db.session.rollback()
        from register.faults import is_read_only_fault, note_refused_write
        if is_read_only_fault(error):
            note_refused_write(error)  # a full disk is logged once, not with a stack trace per request
        else:
            current_app.logger.exception("E-mail na het verzoek niet afgeleverd; send-reminders probeert opnieuw.")
    return response


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail; outside a request (cron) it is built on BASE_URL."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = current_app.config.get("BASE_URL") or "http://localhost:5000"
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)


# ------------------------------------------------------------------------------------------------ delivery

def smtp_configured() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def deliver_committed() -> int:
    """Send the messages that this request queued and committed (called after every request)."""
    ids = db.session.info.pop(COMMITTED, None)
    return _deliver_all(ids) if ids else 0


def forget_committed() -> None:
    db.session.info.pop(COMMITTED, None)


def take_committed() -> list[int]:
    """The ids of the messages this request committed, taken out of the after-request delivery (the caller
    delivers them itself, e.g. after the response so that its timing tells nothing)."""
    return db.session.info.pop(COMMITTED, None) or []


def deliver_unsent() -> tuple[int, int]:
    """Send every unsent message that has not failed too often; (sent, still unsent)."""
    ids = db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None),
                                                            OutboxMessage.attempts < MAX_ATTEMPTS)
                             .order_by(OutboxMessage.id)).all()
    sent = _deliver_all(ids) if ids else 0
    return sent, len(ids) - sent


def _deliver_all(ids: Sequence[int]) -> int:
    if not smtp_configured():
        _leave_unsent(ids)
        return 0
    return sum(deliver(message_id) for message_id in ids)


def _leave_unsent(ids: Sequence[int]) -> None:
    """Without a mail server nothing is sent or marked sent; one WARNING names the kinds, never the addresses."""
    kinds = Counter(db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.id.in_(ids))))
    log.warning("%d e-mail(s) niet verzonden (%s): SMTP_HOST is niet ingesteld. Ze blijven onverzonden in de "
                "wachtrij en staan voor de griffie bij Beheer, E-mail; flask send-reminders verstuurt ze zodra "
                "SMTP_HOST is ingesteld.", sum(kinds.values()),
                ", ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items())))


def deliver(message_id: int) -> bool:
    """Claim one unsent message (so that two workers never both send it), send it, and record the result."""
    if not smtp_configured():
        _leave_unsent([message_id])
        return False
    # An UPDATE always gives a CursorResult (with rowcount); Session.execute is typed for any statement.
    claimed = cast("CursorResult[Any]", db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None))
        .values(sent_at=utcnow(), attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)))
    db.session.commit()
    if claimed.rowcount != 1:
        return False
    message = db.session.get_one(OutboxMessage, message_id)  # it was just claimed, and nothing is deleted
    db.session.refresh(message)
    from register.metrics import MAIL_FAILED, MAIL_SENT
    try:
        _transmit(message)
    except (OSError, smtplib.SMTPException) as error:
        message.sent_at = None
        message.last_error = f"{type(error).__name__}: {error}"[:1000]
        db.session.commit()
        MAIL_FAILED.labels(message.kind).inc()
        # The error may name the address; the log formatter (register/logs.py) replaces it by a hash.
        log.warning("E-mail %s (%s) kon niet worden verzonden (poging %d): %s", message.id, message.kind,
                    message.attempts, message.last_error)
        return False
    message.last_error = None
    if message.kind in SECRET_LINK_KINDS:
        message.body = SECRET_LINK.sub(r"\1[verwijderd na verzending]", message.body)
        message.headers = None  # the alerts' List-Unsubscribe link is such a link too
    record("mail.sent", message, body_id=message.body_id, kind=message.kind, ref=message.ref)
    db.session.commit()
    MAIL_SENT.labels(message.kind).inc()
    log.info("E-mail %s (%s) verzonden.", message.id, message.kind)
    return True


def _transmit(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2].strip("> ") or None)
    for name, value in (message.headers or {}).items():  # e.g. List-Unsubscribe (RFC 8058) on alerts
        email[name] = value
    email.set_content(message.body)
    with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25),
                      timeout=config.get("SMTP_TIMEOUT", 10)) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
        smtp.send_message(email)


# ------------------------------------------------------------------------------------------------ recipients

def _holders(role: RoleKind, *where) -> list[User]:
    return list(db.session.scalars(
        select(User).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == role, RoleGrant.revoked_at.is_(None), User.active.is_(True), *where)
        .distinct().order_by(User.id)))


def reviewers_of(group_id: int | None, *, except_user_id: int | None = None) -> list[User]:
    if group_id is None:
        return []
    return [u for u in _holders(RoleKind.reviewer, RoleGrant.group_id == group_id) if u.id != except_user_id]


def griffie_of(body_id: int) -> list[User]:
    return _holders(RoleKind.griffie, RoleGrant.body_id == body_id)


def account_of(politician) -> User | None:
    user = politician.user
    return user if user is not None and user.active else None


def queue_for(users: Iterable[User], *, key: str, **kwargs) -> int:
    """Queue one message per user; the dedupe key gets the user's id."""
    return sum(queue(to=u.email, dedupe_key=f"{key}:{u.id}", name=u.name, **kwargs) is not None for u in users)


# ------------------------------------------------------------------------------------------------ reminders

def queue_confirmation_reminders(now: datetime | None = None) -> int:
    """Remind each politician with an account whose last confirmation is missing or over 11 months old; once a year."""
    from register.models import Politician

    now = now or utcnow()
    cutoff = now - relativedelta(months=11)  # the day clipped to the month's length
    politicians = db.session.execute(
        select(Politician, User).join(User, User.politician_id == Politician.id)
        .where(Politician.active.is_(True), User.active.is_(True),
               (Politician.last_confirmed_at.is_(None)) | (Politician.last_confirmed_at < cutoff))
        .order_by(Politician.id)).tuples().all()
    year = now.astimezone(AMSTERDAM).year
    link = external_url("declarations.dashboard") if politicians else ""
    queued = 0
    for politician, user in politicians:
        message = queue(to=user.email, subject=_("Bevestig uw opgaven in het Belangenregister"),
                        template="confirmation_reminder", kind="confirmation_reminder",
                        dedupe_key=f"confirmation-reminder:{politician.id}:{year}", body_id=politician.body_id,
                        name=politician.name, last_confirmed_at=politician.last_confirmed_at, link=link)
        queued += message is not None
    return queued


# ------------------------------------------------------------------------------------------------ notifications
# Called by the services, in their transaction. Mails to politicians and reviewers never hold signal content or
# anything about a reporter: they say what happened and link to the page behind the login.

def notify_agreement_submitted(agreement, version) -> int:
    """The fractie's reviewers: an agreement waits for their sign-off."""
    politician = agreement.politician
    return queue_for(reviewers_of(politician.group_id, except_user_id=getattr(politician.user, "id", None)),
                     key=f"agreement-submitted:{agreement.id}:{version.number}",
                     subject=_("Afspraak ter aftekening van %(name)s", name=politician.name),
                     template="agreement_submitted", kind="agreement_submitted", body_id=politician.body_id,
                     politician=politician, title=version.title,
                     link=external_url("review.agreement", agreement_id=agreement.id))


def notify_declaration_published(declaration, version) -> int:
    """The fractie's reviewers: a declaration was published or corrected and can be reviewed."""
    politician = declaration.politician
    corrected = version.change.value == "corrected"
    subject = (_("Opgave gecorrigeerd door %(name)s", name=politician.name) if corrected
               else _("Nieuwe opgave van %(name)s", name=politician.name))
    return queue_for(reviewers_of(politician.group_id, except_user_id=getattr(politician.user, "id", None)),
                     key=f"declaration-published:{declaration.id}:{version.number}", subject=subject,
                     template="declaration_published", kind="declaration_published", body_id=politician.body_id,
                     politician=politician, kind_label=declaration.kind_label, corrected=corrected,
                     link=external_url("review.declaration", declaration_id=declaration.id))


def notify_changes_requested(agreement, sign_off) -> int:
    """The politician: their fractie asks for a change in an agreement."""
    user = account_of(agreement.politician)
    if user is None:
        return 0
    return queue_for([user], key=f"agreement-changes-requested:{sign_off.id}",
                     subject=_("Uw fractie vraagt een wijziging in een afspraak"),
                     template="changes_requested", kind="changes_requested",
                     body_id=agreement.politician.body_id, title=sign_off.version.title,
                     link=external_url("agreements.detail", agreement_id=agreement.id))


def notify_signal_received(signal) -> int:
    """The griffie of the body: a new signal waits for triage (the content stays behind the login)."""
    return queue_for(griffie_of(signal.body_id), key=f"signal-received:{signal.id}",
                     subject=_("Nieuwe melding voor %(body)s", body=signal.body.name),
                     template="signal_received", kind="signal_received", ref=f"signal:{signal.id}",
                     body_id=signal.body_id, body_name=signal.body.name,
                     link=external_url("signals.detail", body_slug=signal.body.slug, signal_id=signal.id))


def notify_signal_opened(signal) -> int:
    """The politician concerned: a signal about them is opened; they are asked for their account."""
    user = account_of(signal.politician)
    if user is None:
        return 0
    return queue_for([user], key=f"signal-opened:{signal.id}", subject=_("Verzoek om uw reactie op een melding"),
                     template="signal_opened", kind="signal_opened", ref=f"signal:{signal.id}",
                     body_id=signal.body_id, due=signal.response_due_at,
                     link=external_url("signals.mine_detail", signal_id=signal.id))


def notify_signal_responded(signal) -> int:
    """The griffie: the politician gave their account."""
    return queue_for(griffie_of(signal.body_id), key=f"signal-responded:{signal.id}",
                     subject=_("Reactie ontvangen op melding %(reference)s", reference=signal.reference),
                     template="signal_responded", kind="signal_responded", ref=f"signal:{signal.id}",
                     body_id=signal.body_id, politician=signal.politician,
                     link=external_url("signals.detail", body_slug=signal.body.slug, signal_id=signal.id))


# The reporter of a signal hears its reference and, at the end, the outcome category: never the politician's
# response, the griffie's reasons or anything else about the handling.

def notify_reporter_received(signal) -> int:
    """The reporter (when they gave an address): their signal was received, with its reference."""
    message = queue(to=signal.contact_email, subject=_("Uw melding %(reference)s is ontvangen",
                                                       reference=signal.reference),
                    template="reporter_received", kind="reporter_received", ref=f"signal:{signal.id}",
                    dedupe_key=f"reporter-received:{signal.id}", body_id=signal.body_id,
                    reference=signal.reference, body_name=signal.body.name,
                    days=signal.body.response_period_days)
    return int(message is not None)


def notify_reporter_outcome(signal) -> int:
    """The reporter: the handling of their signal ended, with the outcome category only."""
    from register.models.signals import SignalStatus

    dismissed = signal.status == SignalStatus.dismissed
    message = queue(to=signal.contact_email, subject=_("Uw melding %(reference)s is afgehandeld",
                                                       reference=signal.reference),
                    template="reporter_outcome", kind="reporter_outcome", ref=f"signal:{signal.id}",
                    dedupe_key=f"reporter-outcome:{signal.id}", body_id=signal.body_id,
                    reference=signal.reference, body_name=signal.body.name, dismissed=dismissed,
                    outcome=signal.outcome_label)
    return int(message is not None)
