"""The body's audit trail as the griffie reads it: Dutch labels, object names, key details."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import ceil
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Agreement, AuditEvent, Body, Declaration, Group, Politician, User
from register.models.people import OFFICE_LABELS
from register.signals.queries import ACTION_LABELS as SIGNAL_ACTION_LABELS
from register.templating import format_date

PER_PAGE = 50

ACTION_LABELS = {
    "auth.login": "Ingelogd",
    "auth.logout": "Uitgelogd",
    "auth.login_failed": "Mislukte inlogpoging",
    "body.settings_updated": "Instellingen gewijzigd",
    "group.created": "Fractie aangemaakt",
    "group.updated": "Fractie gewijzigd",
    "group.deactivated": "Fractie gedeactiveerd",
    "group.reactivated": "Fractie weer actief",
    "politician.created": "Ambtsdrager toegevoegd",
    "politician.updated": "Ambtsdrager gewijzigd",
    "politician.deactivated": "Ambtsdrager gedeactiveerd",
    "politician.reactivated": "Ambtsdrager weer actief",
    "account.created": "Account aangemaakt",
    "account.updated": "Account gewijzigd",
    "account.deactivated": "Account gedeactiveerd",
    "account.reactivated": "Account weer actief",
    "account.role_granted": "Rol toegekend",
    "account.role_revoked": "Rol ingetrokken",
    "account.politician_linked": "Account gekoppeld aan ambtsdrager",
    "account.politician_unlinked": "Account losgekoppeld van ambtsdrager",
    "account.password_set": "Wachtwoord ingesteld door griffie",
    "account.password_changed": "Wachtwoord gewijzigd",
    "declaration.draft_saved": "Concept-opgave opgeslagen",
    "declaration.published": "Opgave gepubliceerd",
    "declaration.corrected": "Opgave gecorrigeerd",
    "declaration.ended": "Opgave beëindigd",
    "declaration.withdrawn": "Opgave ingetrokken",
    "declaration.reviewed": "Opgave beoordeeld",
    "declaration.review_replaced": "Beoordeling van een opgave herzien (vervangt de eerdere, die bewaard blijft)",
    "declaration.start_correction_accepted": "Gecorrigeerde begindatum aanvaard door de fractie (termijn telt daarvan)",
    "declaration.start_correction_acceptance_withdrawn": "Aanvaarding van een gecorrigeerde begindatum ingetrokken",
    "agreement.created": "Afspraak vastgelegd",
    "agreement.revised": "Afspraak herzien",
    "agreement.submitted": "Afspraak ter aftekening aangeboden",
    "agreement.approval_added": "Afspraak goedgekeurd (meer aftekeningen nodig)",
    "agreement.signed_off": "Afspraak afgetekend",
    "agreement.changes_requested": "Wijziging gevraagd op afspraak",
    "agreement.ended": "Afspraak beëindigd",
    "register.confirmed": "Register bevestigd als volledig",
    "access.refused": "Toegang geweigerd",
    "auth.login_throttled": "Inlogpoging geweigerd (te veel mislukte pogingen)",
    "account.password_change_failed": "Wachtwoord wijzigen mislukt",
    "database.backup": "Reservekopie gemaakt",
    "database.backup_failed": "Reservekopie mislukt",
    "database.restored": "Reservekopie teruggezet",
    "body.created": "Orgaan aangemaakt",
    "account.invited": "Uitnodiging gestuurd",
    "account.invitation_accepted": "Uitnodiging aangenomen (wachtwoord gekozen)",
    "account.site_admin_granted": "Sitebeheerder gemaakt",
    "auth.reset_requested": "Nieuw wachtwoord aangevraagd",
    "auth.reset_throttled": "Aanvraag nieuw wachtwoord geweigerd (te veel aanvragen)",
    "auth.password_reset": "Nieuw wachtwoord ingesteld via link",
    "politician.marked_created_in_error": "Ambtsdrager gemarkeerd als aangemaakt in vergissing",
    "people.imported": "Ambtsdragers geïmporteerd",
    "auth.link_refused": "Ongeldige, verlopen of gebruikte link geweigerd",
    "agreement.signed_off_by_griffie": "Afspraak afgetekend door de griffie (geen tweede beoordelaar)",
}
# The signal process keeps its own labels beside its timeline; the logbook shows them too.
ACTION_LABELS.update(SIGNAL_ACTION_LABELS)
ACTION_LABELS.update({
    "risk_check.started": "Belangencheck gestart",
    "risk_check.completed": "Belangencheck ingevuld",
    "risk_answer.agreement_made": "Afspraak gemaakt uit de belangencheck",
    "risk_answer.resolved": "Vraag uit de belangencheck afgehandeld",
    "relations.imported": "Subsidies, opdrachten of vergunningen ingelezen",
    "agenda.imported": "Agenda ingelezen",
    "agenda_match.recused": "Onthouding vastgelegd bij een agendapunt",
    "agenda_match.not_applicable": "Agendapunt niet van toepassing verklaard",
    "agenda_match.dismissed": "Agendapunt onterecht gesignaleerd",
})

OBJECT_LABELS = {"body": "Orgaan", "group": "Fractie", "politician": "Ambtsdrager", "user": "Account",
                 "declaration": "Opgave", "agreement": "Afspraak"}

FIELD_LABELS = {
    "name": "naam", "declaration_deadline_days": "termijn opgave (dagen)", "required_sign_offs":
    "benodigde aftekeningen", "email": "e-mailadres", "sort_name": "sorteernaam", "office": "ambt",
    "group_id": "fractie", "group": "fractie", "term_start": "begin zittingsperiode",
    "term_end": "einde zittingsperiode", "slug": "adresnaam", "role": "rol", "politician": "ambtsdrager",
    "version": "versie", "reason": "reden", "kind": "soort", "outcome": "oordeel", "ended_on": "einddatum",
    "approvals": "aftekeningen", "needed": "nodig", "roles": "rollen", "comment_public": "toelichting openbaar",
    "griffie_may_sign_off": "griffie mag aftekenen zonder tweede beoordelaar", "portfolio": "portefeuille",
    "external_id": "Popolo-id", "valid_until": "geldig tot", "account": "account", "file": "bestand",
    "create": "nieuw", "update": "gewijzigd", "unchanged": "ongewijzigd", "skipped": "overgeslagen",
    "groups": "nieuwe fracties", "term_start_body": "begin zittingsperiode",
    "replaces": "vervangt beoordeling", "previous_outcome": "eerder oordeel",
    "accepted_started_on": "aanvaarde begindatum", "counted_from": "termijn telt vanaf",
}
# Issue 16: the belangencheck, imports and agenda matches.
OBJECT_LABELS.update({"riskcheck": "Belangencheck", "riskanswer": "Antwoord in de belangencheck",
                      "dataimport": "Ingelezen bestand", "agendamatch": "Agendasignalering"})
FIELD_LABELS.update({
    "trigger": "aanleiding", "yes": "ja", "no": "nee", "unknown": "weet ik niet", "question": "vraag",
    "file": "bestand", "rows": "regels", "added": "nieuw", "already": "al aanwezig", "source": "bron",
    "meetings": "vergaderingen", "items": "agendapunten", "matches": "signaleringen", "agreement_id": "afspraak",
    "recusal_id": "onthouding", "agenda_item_id": "agendapunt", "silenced": "niet meer signaleren",
})
# Ids that are shown through a name elsewhere in the same event, or that mean nothing to a reader.
HIDDEN_KEYS = {"politician_id", "changed", "account"}
ROLE_LABELS = {"griffie": "griffie", "reviewer": "fractiebeoordelaar"}
OFFICES = {o.value: label for o, label in OFFICE_LABELS.items()}


@dataclass
class Entry:
    event: AuditEvent
    label: str
    object_label: str
    details: list[str]


def page_of_events(body: Body, page: int) -> tuple[list[AuditEvent], int, int]:
    """The events of this body on a page (newest first), the page number kept within bounds, and the page count."""
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.body_id == body.id))
    pages = max(1, ceil(total / PER_PAGE))
    page = min(max(page, 1), pages)
    events = list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.body_id == body.id).options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    return events, page, pages


def _names(events: list[AuditEvent], body: Body) -> dict[str, dict[int, str]]:
    """Names of the objects the events are about: one query per kind of object."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        if event.object_id is not None:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
        if isinstance((event.data or {}).get("politician_id"), int):
            wanted.setdefault("politician", set()).add(event.data["politician_id"])
    names = {"group": dict(db.session.execute(select(Group.id, Group.name).where(Group.body_id == body.id)).all())}
    simple = {"politician": Politician, "user": User, "body": Body}
    for kind, model in simple.items():
        if wanted.get(kind):
            names[kind] = dict(db.session.execute(select(model.id, model.name).where(model.id.in_(wanted[kind]))).all())
    for kind, model in {"declaration": Declaration, "agreement": Agreement}.items():
        if wanted.get(kind):
            names[kind] = dict(db.session.execute(
                select(model.id, Politician.name).join(Politician, model.politician_id == Politician.id)
                .where(model.id.in_(wanted[kind]))).all())
    return names


def _value(key: str, value: Any, groups: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if key == "office":
        return OFFICES.get(value, str(value))
    if key == "role":
        return ROLE_LABELS.get(value, str(value))
    if key == "group_id":
        return groups.get(value, f"#{value}")
    if key == "roles" and isinstance(value, list):
        return ", ".join(ROLE_LABELS.get(r[0], str(r[0])) + (f" ({groups[r[1]]})" if r[1] in groups and r[0] ==
                                                              "reviewer" else "") for r in value) or "—"
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def details(data: dict[str, Any], groups: dict[int, str], people: dict[int, str]) -> list[str]:
    """'naam: Oud → Nieuw', 'rol: griffie' …: the key facts of an event, in Dutch."""
    lines = []
    for key, value in (data or {}).items():
        if key == "politician_id" and value in people and "politician" not in data:
            lines.append(f"ambtsdrager: {people[value]}")
        if key in HIDDEN_KEYS or (key == "group_id" and "group" in data):
            continue
        if key == "changes" and isinstance(value, dict):
            for field, pair in value.items():
                old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
                lines.append(f"{FIELD_LABELS.get(field, field)}: {_value(field, old, groups)} → "
                             f"{_value(field, new, groups)}")
            continue
        lines.append(f"{FIELD_LABELS.get(key, key)}: {_value(key, value, groups)}")
    return lines


def entries(events: list[AuditEvent], body: Body) -> list[Entry]:
    names = _names(events, body)
    result = []
    for event in events:
        kind = OBJECT_LABELS.get(event.object_type, event.object_type or "—")
        name = names.get(event.object_type, {}).get(event.object_id)
        obj = f"{kind}: {name}" if name else (f"{kind} #{event.object_id}" if event.object_id else kind)
        result.append(Entry(event, ACTION_LABELS.get(event.action, event.action), obj,
                            details(event.data, names["group"], names.get("politician", {}))))
    return result
