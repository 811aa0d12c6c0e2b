"""Loading for the signal pages, the timeline of one signal, and the share of declarations made without a signal."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AuditEvent, Body, Declaration, OutboxMessage, Politician, Signal, SignalStatus,
)
from register.models.declarations import PUBLIC_STATUSES

ACTION_LABELS = {
    "signal.received": _l("Melding ontvangen"),
    "signal.dismissed": _l("Niet in behandeling genomen"),
    "signal.opened": _l("In behandeling genomen; de ambtsdrager is om een reactie gevraagd"),
    "signal.responded": _l("Reactie van de ambtsdrager ontvangen"),
    "signal.outcome_recorded": _l("Uitkomst vastgelegd"),
    "declaration.marked_after_signal": _l("Opgave gemarkeerd als opgegeven na een melding"),
    "recusal.recorded": _l("Onthouding vastgelegd"),
    "context_note.added": _l("Toelichting bij het register toegevoegd"),
    "mail.sent": _l("E-mail verzonden"),
}
MAIL_LABELS = {
    "signal_received": _l("E-mail aan de griffie: nieuwe melding"),
    "signal_opened": _l("E-mail aan de ambtsdrager: verzoek om reactie"),
    "signal_responded": _l("E-mail aan de griffie: reactie ontvangen"),
    "reporter_received": _l("E-mail aan de melder: ontvangstbevestiging met kenmerk"),
    "reporter_outcome": _l("E-mail aan de melder: uitkomst"),
}

# The order of the griffie's list: new first, then those waiting for a response or an outcome.
LIST_ORDER = (SignalStatus.received, SignalStatus.opened, SignalStatus.closed, SignalStatus.dismissed)


def share_without_signal(body: Body) -> float | None:
    """Share (0..1) of the body's published or ended declarations that were not made after a signal; None if none."""
    total, after = db.session.execute(
        select(func.count(Declaration.id), func.count(Declaration.id).filter(Declaration.after_signal.is_(True)))
        .join(Declaration.politician)
        .where(Politician.body_id == body.id,
               Declaration.status.in_(PUBLIC_STATUSES))).one()
    return None if not total else (total - after) / total


def body_signals(body: Body) -> dict[SignalStatus, list[Signal]]:
    """The body's signals by status, newest first (2 queries)."""
    signals = db.session.scalars(select(Signal).where(Signal.body_id == body.id)
                                 .options(selectinload(Signal.politician), selectinload(Signal.response))
                                 .order_by(Signal.received_at.desc(), Signal.id.desc())).all()
    return {status: [s for s in signals if s.status == status] for status in LIST_ORDER}


def politician_signals(politician: Politician) -> list[Signal]:
    """Opened and closed signals about the politician; never the dismissed or untriaged ones."""
    return list(db.session.scalars(
        select(Signal).where(Signal.politician_id == politician.id,
                             Signal.status.in_((SignalStatus.opened, SignalStatus.closed)))
        .options(selectinload(Signal.response)).order_by(Signal.opened_at.desc(), Signal.id.desc())))


@dataclass
class TimelineEntry:
    moment: datetime
    label: str
    actor: str | None
    details: list[str]


def _details(event: AuditEvent) -> list[str]:
    from register.models.signals import SIGNAL_OUTCOME_LABELS, OutcomeBasis, SignalOutcome
    from register.templating import format_datetime

    data, details = event.data or {}, []
    if data.get("outcome"):
        details.append(str(SIGNAL_OUTCOME_LABELS[SignalOutcome(data["outcome"])]))
    if data.get("basis"):
        details.append(str(_l("na de reactie van de ambtsdrager") if data["basis"] == OutcomeBasis.heard.value
                           else _l("na het verstrijken van de reactietermijn, zonder reactie")))
    if data.get("response_due_at"):
        details.append(str(_l("reactietermijn tot %(date)s",
                              date=format_datetime(datetime.fromisoformat(data["response_due_at"])))))
    if data.get("reason"):
        details.append(str(_l("reden: %(reason)s", reason=data["reason"])))
    return details


def timeline(signal: Signal) -> list[TimelineEntry]:
    """Every recorded step of the signal and every e-mail about it, oldest first (2 queries)."""
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "signal",
                                                         AuditEvent.object_id == signal.id)
                                .options(selectinload(AuditEvent.actor))
                                .order_by(AuditEvent.created_at, AuditEvent.id)).all()
    entries = [TimelineEntry(e.created_at, str(ACTION_LABELS.get(e.action, e.action)),
                             e.actor.name if e.actor else None, _details(e)) for e in events]
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.ref == f"signal:{signal.id}")
                               .order_by(OutboxMessage.id)).all()
    for message in mails:
        label = str(MAIL_LABELS.get(message.kind, message.kind))
        status = (str(_l("verzonden aan %(to)s", to=message.recipient)) if message.sent_at
                  else str(_l("nog niet verzonden (aan %(to)s)", to=message.recipient)))
        entries.append(TimelineEntry(message.sent_at or message.created_at, label, None, [status]))
    return sorted(entries, key=lambda entry: entry.moment)


def declaration_choices(signal: Signal) -> list[tuple[int, str]]:
    """The published declarations of the politician concerned, for the outcome form."""
    if signal.politician_id is None:
        return []
    declarations = db.session.scalars(
        select(Declaration).where(Declaration.politician_id == signal.politician_id,
                                  Declaration.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Declaration.published_version)).order_by(Declaration.declared_at.desc())).all()
    return [(d.id, f"{d.kind_label}: {v.role} — {v.organisation}")
            for d in declarations if (v := d.published_version) is not None]  # always, for a public one


def agreement_choices(politician_id: int | None, griffie) -> list[tuple[int, str]]:
    """The politician's agreements that the griffie may see (submitted for sign-off at least once: a draft is the
    politician's workspace), newest first, by the title of the version the griffie is shown."""
    if politician_id is None:
        return []
    agreements = db.session.scalars(select(Agreement).where(Agreement.politician_id == politician_id)
                                    .options(selectinload(Agreement.versions))
                                    .order_by(Agreement.created_at.desc())).all()
    shown = [(a, a.version_for(griffie)) for a in agreements]
    return [(a.id, f"{version.title} ({a.status_label.lower()})") for a, version in shown if version is not None]


def body_politicians(body: Body) -> list[tuple[int, str]]:
    politicians = db.session.scalars(select(Politician).where(Politician.body_id == body.id)
                                     .order_by(Politician.active.desc(), Politician.sort_name)).all()
    return [(p.id, p.name if p.active else str(_l("%(name)s (niet meer in functie)", name=p.name)))
            for p in politicians]


def body_of(body_slug: str) -> Body:
    """The body the URL names, or 404 (signals sit below the public pages, so not public.queries.find_body)."""
    return db.first_or_404(select(Body).where(Body.slug == body_slug))


def politician_of(body: Body, politician_slug: str) -> Politician:
    """The body's politician the URL names (a signal may concern a former member too), or 404."""
    return db.first_or_404(select(Politician).where(Politician.body_id == body.id, Politician.slug == politician_slug))
