"""The body's audit trail as the griffie reads it: a Dutch sentence per event that names the thing and links to it,
the before and after of what changed, filters by person, kind of action and period, and a CSV export."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, or_, select

from register.admin.logbook_names import Names
from register.admin.logbook_text import PHRASES, details
from register.extensions import db
from register.models import Agreement, AuditEvent, Body, ContextNote, Declaration, Recusal, Signal
from register.opendata.serialize import csv_cell
from register.public.periods import start_of_day
from register.signals.queries import ACTION_LABELS as SIGNAL_ACTION_LABELS
from register.templating import format_datetime

PER_PAGE = 50
CSV_BATCH = 500

ACTION_LABELS = {
    "auth.login": _l("Ingelogd"),
    "auth.logout": _l("Uitgelogd"),
    "auth.login_failed": _l("Mislukte inlogpoging"),
    "body.settings_updated": _l("Instellingen gewijzigd"),
    "group.created": _l("Fractie aangemaakt"),
    "group.updated": _l("Fractie gewijzigd"),
    "group.deactivated": _l("Fractie gedeactiveerd"),
    "group.reactivated": _l("Fractie weer actief"),
    "politician.created": _l("Ambtsdrager toegevoegd"),
    "politician.updated": _l("Ambtsdrager gewijzigd"),
    "politician.deactivated": _l("Ambtsdrager gedeactiveerd"),
    "politician.reactivated": _l("Ambtsdrager weer actief"),
    "account.created": _l("Account aangemaakt"),
    "account.updated": _l("Account gewijzigd"),
    "account.deactivated": _l("Account gedeactiveerd"),
    "account.reactivated": _l("Account weer actief"),
    "account.role_granted": _l("Rol toegekend"),
    "account.role_revoked": _l("Rol ingetrokken"),
    "account.politician_linked": _l("Account gekoppeld aan ambtsdrager"),
    "account.politician_unlinked": _l("Account losgekoppeld van ambtsdrager"),
    "account.password_set": _l("Wachtwoord ingesteld door griffie"),
    "account.password_changed": _l("Wachtwoord gewijzigd"),
    "declaration.draft_saved": _l("Concept-opgave opgeslagen"),
    "declaration.published": _l("Opgave gepubliceerd"),
    "declaration.corrected": _l("Opgave gecorrigeerd"),
    "declaration.ended": _l("Opgave beëindigd"),
    "declaration.withdrawn": _l("Opgave ingetrokken"),
    "declaration.reviewed": _l("Opgave beoordeeld"),
    "agreement.created": _l("Afspraak vastgelegd"),
    "agreement.revised": _l("Afspraak herzien"),
    "agreement.submitted": _l("Afspraak ter aftekening aangeboden"),
    "agreement.submission_withdrawn": _l("Afspraak teruggehaald uit de aftekening"),
    "agreement.approval_added": _l("Afspraak goedgekeurd (meer aftekeningen nodig)"),
    "agreement.signed_off": _l("Afspraak afgetekend"),
    "agreement.changes_requested": _l("Wijziging gevraagd op afspraak"),
    "agreement.ended": _l("Afspraak beëindigd"),
    "register.confirmed": _l("Register bevestigd als volledig"),
    "access.refused": _l("Toegang geweigerd"),
    "auth.login_throttled": _l("Inlogpoging geweigerd (te veel mislukte pogingen)"),
    "account.password_change_failed": _l("Wachtwoord wijzigen mislukt"),
    "database.backup": _l("Reservekopie gemaakt"),
    "database.backup_failed": _l("Reservekopie mislukt"),
    "database.restored": _l("Reservekopie teruggezet"),
    "body.created": _l("Orgaan aangemaakt"),
    "statement.updated": _l("Verklaring gewijzigd"),
}
# The signal process keeps its own labels beside its timeline; the logbook shows them too.
ACTION_LABELS.update(SIGNAL_ACTION_LABELS)
ACTION_LABELS.update({
    "risk_check.started": _l("Belangencheck gestart"),
    "risk_check.completed": _l("Belangencheck ingevuld"),
    "risk_answer.agreement_made": _l("Afspraak gemaakt uit de belangencheck"),
    "risk_answer.resolved": _l("Vraag uit de belangencheck afgehandeld"),
    "relations.imported": _l("Subsidies, opdrachten of vergunningen ingelezen"),
    "agenda.imported": _l("Agenda ingelezen"),
    "agenda_match.recused": _l("Onthouding vastgelegd bij een agendapunt"),
    "agenda_match.not_applicable": _l("Agendapunt niet van toepassing verklaard"),
    "agenda_match.dismissed": _l("Agendapunt onterecht gesignaleerd"),
    # Onboarding (issue 12 part A) and the record's integrity (issue 13).
    "account.invited": _l("Uitnodiging gestuurd"),
    "account.invitation_accepted": _l("Uitnodiging aangenomen (wachtwoord gekozen)"),
    "account.site_admin_granted": _l("Sitebeheerder gemaakt"),
    "auth.reset_requested": _l("Nieuw wachtwoord aangevraagd"),
    "auth.reset_throttled": _l("Aanvraag nieuw wachtwoord geweigerd (te veel aanvragen)"),
    "auth.password_reset": _l("Nieuw wachtwoord ingesteld via link"),
    "auth.link_refused": _l("Ongeldige, verlopen of gebruikte link geweigerd"),
    "politician.marked_created_in_error": _l("Ambtsdrager gemarkeerd als aangemaakt in vergissing"),
    "people.imported": _l("Ambtsdragers geïmporteerd"),
    "agreement.signed_off_by_griffie": _l("Afspraak afgetekend door de griffie (geen tweede beoordelaar)"),
    "declaration.review_replaced": _l("Beoordeling van een opgave herzien (de eerdere blijft bewaard)"),
    "declaration.start_correction_accepted": _l("Gecorrigeerde begindatum aanvaard door de fractie (de termijn "
                                                "telt daarvan)"),
    "declaration.start_correction_acceptance_withdrawn": _l("Aanvaarding van een gecorrigeerde begindatum "
                                                            "ingetrokken"),
})
# E-mail alerts (issue 11): the thing named is what is followed, never who follows it or their address.
ACTION_LABELS.update({
    "alert.requested": _l("Iemand vroeg om via e-mail te volgen"),
    "alert.confirmed": _l("Iemand volgt nu via e-mail"),
    "alert.unsubscribed": _l("Iemand volgt niet meer via e-mail"),
    "alert.expired_removed": _l("Onbevestigde aanmeldingen voor e-mailberichten verwijderd"),
})

# The kinds of action a griffie filters on; an action belongs to the first kind whose test it passes.
REVIEW_ACTIONS = {"declaration.reviewed", "declaration.review_replaced", "declaration.start_correction_accepted",
                  "declaration.start_correction_acceptance_withdrawn", "agreement.signed_off",
                  "agreement.signed_off_by_griffie", "agreement.approval_added", "agreement.changes_requested"}
CATEGORIES = {
    "beoordelingen": (_l("Beoordelingen en aftekeningen"), lambda a: a in REVIEW_ACTIONS),
    "opgaven": (_l("Opgaven en bevestigingen"), lambda a: a.startswith(("declaration.", "register."))),
    "afspraken": (_l("Afspraken"), lambda a: a.startswith("agreement.")),
    "meldingen": (_l("Meldingen"), lambda a: a.startswith("signal.")),
    "onthoudingen": (_l("Onthoudingen en toelichtingen"), lambda a: a.startswith(("recusal.", "context_note."))),
    "beheer": (_l("Orgaan, fracties en ambtsdragers"), lambda a: a.startswith(("body.", "group.", "politician.",
                                                                                            "statement."))),
    "accounts": (_l("Accounts en inloggen"), lambda a: a.startswith(("account.", "auth.", "access."))),
    "e-mail": (_l("E-mail"), lambda a: a.startswith(("mail.", "alert."))),
}


def category_actions(category: str) -> list[str]:
    """The known actions of one kind (each action in exactly one kind)."""
    chosen = []
    for action in ACTION_LABELS:
        first = next((name for name, (_label, test) in CATEGORIES.items() if test(action)), None)
        if first == category:
            chosen.append(action)
    return chosen


@dataclass
class Filters:
    politician_id: int | None = None
    user_id: int | None = None
    category: str | None = None
    start: date | None = None
    end: date | None = None


def _about_politician(politician_id: int, user_id: int | None):
    """Events about a politician: the politician, everything of theirs, and what their account did."""
    owned = {"declaration": select(Declaration.id).where(Declaration.politician_id == politician_id),
             "agreement": select(Agreement.id).where(Agreement.politician_id == politician_id),
             "signal": select(Signal.id).where(Signal.politician_id == politician_id),
             "recusal": select(Recusal.id).where(Recusal.politician_id == politician_id),
             "contextnote": select(ContextNote.id).where(ContextNote.politician_id == politician_id)}
    conditions: list[ColumnElement[bool]] = [
        (AuditEvent.object_type == "politician") & (AuditEvent.object_id == politician_id)]
    conditions += [(AuditEvent.object_type == kind) & AuditEvent.object_id.in_(ids) for kind, ids in owned.items()]
    if user_id is not None:
        conditions += [AuditEvent.actor_id == user_id,
                       (AuditEvent.object_type == "user") & (AuditEvent.object_id == user_id)]
    return or_(*conditions)


def filtered(body: Body, filters: Filters, politician_user_id: int | None = None):
    """The select of this body's events that pass the filters (no order, no paging)."""
    query = select(AuditEvent).where(AuditEvent.body_id == body.id)
    if filters.politician_id is not None:
        query = query.where(_about_politician(filters.politician_id, politician_user_id))
    elif filters.user_id is not None:
        query = query.where(or_(AuditEvent.actor_id == filters.user_id,
                                (AuditEvent.object_type == "user") & (AuditEvent.object_id == filters.user_id)))
    if filters.category:
        query = query.where(AuditEvent.action.in_(category_actions(filters.category)))
    if filters.start:
        query = query.where(AuditEvent.created_at >= start_of_day(filters.start))
    if filters.end:
        query = query.where(AuditEvent.created_at < start_of_day(filters.end + timedelta(days=1)))
    return query


def _newest_first(query):
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def page_of_events(query, page: int) -> tuple[list[AuditEvent], int, int]:
    """The events on a page (newest first), the page number kept within bounds, and the page count."""
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    pages = max(1, ceil(total / PER_PAGE))
    page = min(max(page, 1), pages)
    events = list(db.session.scalars(_newest_first(query).offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    return events, page, pages


@dataclass
class Entry:
    event: AuditEvent
    sentence: str
    link: str | None
    details: list[str]


def _sentence(event: AuditEvent, thing: str | None, names: Names) -> str:
    """'Afspraak 'X' van Anna de Vries afgetekend door Marieke de Boer'."""
    phrase = PHRASES.get(event.action)
    label = str(ACTION_LABELS.get(event.action, _l("Gebeurtenis")))
    if thing and phrase:
        text = _("%(thing)s %(what)s", thing=thing, what=phrase)
    else:
        text = _("%(label)s: %(thing)s", label=label, thing=thing) if thing else label
    actor = names.users.get(event.actor_id) if event.actor_id else None
    own = event.object_type == "user" and event.object_id == event.actor_id
    if actor and not own:
        text = _("%(text)s door %(actor)s", text=text, actor=actor)
    return text


def entries(events: list[AuditEvent], body: Body) -> list[Entry]:
    names = Names(events, body)
    result = []
    for event in events:
        thing, link = names.thing(event)
        result.append(Entry(event, _sentence(event, thing, names), link, details(event.data, names)))
    return result


def csv_lines(body: Body, query) -> Iterator[str]:
    """The filtered events as CSV (newest first), in batches; every cell through the open data's CSV rule."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_("tijdstip"), _("gebeurtenis"), _("details")])
    offset = 0
    while True:
        events = list(db.session.scalars(_newest_first(query).offset(offset).limit(CSV_BATCH)))
        for entry in entries(events, body):
            writer.writerow([csv_cell(format_datetime(entry.event.created_at)), csv_cell(entry.sentence),
                             csv_cell("; ".join(entry.details))])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(events) < CSV_BATCH:
            return
        offset += CSV_BATCH
