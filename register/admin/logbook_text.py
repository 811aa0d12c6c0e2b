"""The words of the logbook: each event as a Dutch sentence that names the thing, a link to it, and its details
(before and after of changed fields with their public labels). No stored code, id or table name reaches the page.

The names of the things the events are about are loaded per kind of object, one query each (register.admin.
logbook_names), so a page of 50 events costs a fixed number of queries.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from register.models.declarations import OUTCOME_LABELS, ReviewOutcome
from register.models.people import OFFICE_LABELS, Office
from register.models.risk import TRIGGER_LABELS, CheckTrigger
from register.models.signals import SIGNAL_OUTCOME_LABELS, OutcomeBasis, SignalOutcome
from register.public.history import field_label, shown_value
from register.templating import format_date, format_datetime

# What happened, after the name of the thing ("Afspraak 'X' van Anna de Vries" + " afgetekend"). An action without
# a phrase here is written as its label from logbook.ACTION_LABELS followed by the thing.
PHRASES = {
    "declaration.draft_saved": _l("als concept opgeslagen"),
    "declaration.published": _l("gepubliceerd"),
    "declaration.corrected": _l("gecorrigeerd"),
    "declaration.ended": _l("beëindigd"),
    "declaration.withdrawn": _l("ingetrokken"),
    "declaration.reviewed": _l("beoordeeld"),
    "declaration.marked_after_signal": _l("gemarkeerd als opgegeven na een melding"),
    "agreement.created": _l("vastgelegd"),
    "agreement.revised": _l("herzien"),
    "agreement.submitted": _l("ter aftekening aangeboden"),
    "agreement.submission_withdrawn": _l("teruggehaald uit de aftekening"),
    "agreement.approval_added": _l("goedgekeurd (er zijn meer aftekeningen nodig)"),
    "agreement.signed_off": _l("afgetekend"),
    "agreement.changes_requested": _l("teruggestuurd met een verzoek om wijziging"),
    "agreement.ended": _l("beëindigd"),
    "signal.received": _l("ontvangen"),
    "signal.dismissed": _l("niet in behandeling genomen"),
    "signal.opened": _l("in behandeling genomen; de ambtsdrager is om een reactie gevraagd"),
    "signal.responded": _l("beantwoord (wederhoor)"),
    "signal.outcome_recorded": _l("afgehandeld"),
    "recusal.recorded": _l("vastgelegd"),
    "context_note.added": _l("toegevoegd"),
    "mail.sent": _l("verzonden"),
    "group.created": _l("aangemaakt"),
    "group.updated": _l("gewijzigd"),
    "group.deactivated": _l("gedeactiveerd"),
    "group.reactivated": _l("weer actief gemaakt"),
    "politician.created": _l("toegevoegd"),
    "politician.updated": _l("gewijzigd"),
    "politician.deactivated": _l("gedeactiveerd"),
    "politician.reactivated": _l("weer actief gemaakt"),
    "account.created": _l("aangemaakt"),
    "account.updated": _l("gewijzigd"),
    "account.deactivated": _l("gedeactiveerd"),
    "account.reactivated": _l("weer actief gemaakt"),
    "account.role_granted": _l("kreeg een rol"),
    "account.role_revoked": _l("verloor een rol"),
    "account.politician_linked": _l("gekoppeld aan een ambtsdrager"),
    "account.politician_unlinked": _l("losgekoppeld van een ambtsdrager"),
    "account.password_set": _l("kreeg een wachtwoord van de griffie"),
    "account.password_changed": _l("kreeg een nieuw wachtwoord"),
    "auth.login": _l("ingelogd"),
    "auth.logout": _l("uitgelogd"),
    "body.created": _l("aangemaakt"),
    "body.settings_updated": _l("gewijzigd"),
    "register.confirmed": _l("als volledig bevestigd"),
}

# Labels of the keys an event's data holds. Keys in HIDDEN say nothing a reader needs (or are shown through a name
# in the sentence); a key in neither shows as "gegevens", never as its code.
KEY_LABELS = {
    "name": _l("naam"), "declaration_deadline_days": _l("termijn voor een opgave (dagen)"),
    "required_sign_offs": _l("benodigde aftekeningen"), "email": _l("e-mailadres"), "sort_name": _l("sorteernaam"),
    "office": _l("ambt"), "group_id": _l("fractie"), "group": _l("fractie"), "term_start": _l("begin zittingsperiode"),
    "term_end": _l("einde zittingsperiode"), "slug": _l("adresnaam"), "role": _l("rol"),
    "politician": _l("ambtsdrager"), "politician_id": _l("ambtsdrager"), "version": _l("versie"),
    "reason": _l("reden"), "outcome": _l("uitkomst"), "ended_on": _l("einddatum"), "approvals": _l("aftekeningen"),
    "roles": _l("rollen"), "comment_public": _l("opmerking openbaar"), "declarations": _l("gekoppelde opgaven"),
    "declaration_id": _l("opgave"), "agreement_id": _l("afspraak"), "basis": _l("op grond van"),
    "response_due_at": _l("reactietermijn tot"), "attached_to_politician": _l("ambtsdrager gekozen bij het openen"),
    "meeting_date": _l("vergadering"), "agenda_item": _l("agendapunt"), "nothing_to_declare": _l("niets op te geven"),
    "late_explanation": _l("toelichting op de late opgave"), "path": _l("adres"), "file": _l("bestand"),
    "error": _l("foutmelding"), "overwrote_data": _l("bestaande gegevens overschreven"), "until": _l("geblokkeerd tot"),
    "retention_months": _l("oud-leden openbaar (maanden)"), "response_period_days": _l("reactietermijn (dagen)"),
    "source": _l("bron"), "replaces": _l("vervangt een eerdere toelichting"),
    # Onboarding, imports, the belangencheck and agenda matching, the record's integrity.
    "valid_until": _l("geldig tot"), "purpose": _l("soort link"), "problem": _l("probleem"),
    "previous_outcome": _l("eerder oordeel"), "accepted_started_on": _l("aanvaarde begindatum"),
    "counted_from": _l("termijn telt vanaf"), "rows": _l("regels"), "added": _l("nieuw"),
    "already": _l("al aanwezig"), "meetings": _l("vergaderingen"), "items": _l("agendapunten"),
    "matches": _l("signaleringen"), "silenced": _l("niet meer signaleren"), "question": _l("vraag"),
    "trigger": _l("aanleiding"), "create": _l("nieuw"), "update": _l("gewijzigd"), "unchanged": _l("ongewijzigd"),
    "skipped": _l("overgeslagen"), "groups": _l("nieuwe fracties"), "portfolio": _l("portefeuille"),
    "griffie_may_sign_off": _l("griffie mag aftekenen zonder tweede beoordelaar"),
    "external_id": _l("Popolo-id"), "term_start_body": _l("begin zittingsperiode"),
    "previous": _l("vorige tekst"),
}
HIDDEN = {"kind", "ref", "about", "response_id", "method", "endpoint", "needed", "account", "replaced_review",
          "agenda_item_id", "recusal_id"}
ROLE_NAMES = {"griffie": _l("griffie"), "reviewer": _l("fractiebeoordelaar")}
BASIS_NAMES = {OutcomeBasis.heard.value: _l("na de reactie van de ambtsdrager"),
               OutcomeBasis.period_expired.value: _l("na het verstrijken van de reactietermijn, zonder reactie")}
SOURCE_NAMES = {"demo-data": _l("demogegevens")}
LINK_PURPOSES = {"invitation": _l("uitnodiging"), "reset": _l("nieuw wachtwoord")}
LINK_PROBLEMS = {"unknown": _l("onbekende link"), "used": _l("al gebruikt"), "expired": _l("verlopen")}


def field_change_label(name: str) -> str:
    """The label of a declaration field: the public one (register.public.history); one place to point elsewhere."""
    return field_label(name)


def _iso_moment(value: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(value))
    except ValueError:
        return value


def _iso_day(value: str) -> str:
    try:
        return format_date(date.fromisoformat(value))
    except ValueError:
        return value


def plain_value(key: str, value: Any, names) -> str:
    """A stored value as words: names for ids, labels for codes, Dutch dates, ja/nee."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    special = _SPECIAL.get(key)
    if special is not None:
        return special(value, names)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-":
        return _iso_day(value)
    if isinstance(value, str) and len(value) > 10 and value[4:5] == "-" and "T" in value:
        return _iso_moment(value)
    return str(value)


def _outcome(value, _names) -> str:
    if value in {o.value for o in SignalOutcome}:
        return str(SIGNAL_OUTCOME_LABELS[SignalOutcome(value)]).lower()
    if value in {o.value for o in ReviewOutcome}:
        return str(OUTCOME_LABELS[ReviewOutcome(value)]).lower()
    return _("onbekend")


def _roles(value, names) -> str:
    parts = []
    for role, target in value if isinstance(value, list) else []:
        text = str(ROLE_NAMES.get(role, _("onbekende rol")))
        group = names.group(target) if role == "reviewer" else None
        parts.append(f"{text} ({group})" if group else text)
    return ", ".join(parts) or "—"


_SPECIAL = {
    "office": lambda v, _n: str(OFFICE_LABELS[Office(v)]).lower() if v in {o.value for o in Office} else v,
    "role": lambda v, _n: str(ROLE_NAMES.get(v, v)),
    "group_id": lambda v, n: n.group(v) or _("een fractie"),
    "politician_id": lambda v, n: n.politician(v) or _("een ambtsdrager"),
    "declaration_id": lambda v, n: n.declaration(v) or _("een opgave"),
    "agreement_id": lambda v, n: n.agreement(v) or _("een afspraak"),
    "declarations": lambda v, n: ", ".join(n.declaration(i) or _("een opgave") for i in v),
    "outcome": _outcome,
    "basis": lambda v, _n: str(BASIS_NAMES.get(v, v)),
    "roles": _roles,
    "source": lambda v, _n: str(SOURCE_NAMES.get(v, v)),
    "version": lambda v, _n: str(v),
    "approvals": lambda v, _n: str(v),
    "replaces": lambda v, _n: _("ja") if v else _("nee"),
    "previous_outcome": _outcome,
    "purpose": lambda v, _n: str(LINK_PURPOSES.get(v, v)),
    "problem": lambda v, _n: str(LINK_PROBLEMS.get(v, v)),
    "trigger": lambda v, _n: str(TRIGGER_LABELS[CheckTrigger(v)]) if v in {t.value for t in CheckTrigger} else v,
}


def _change_line(key: str, field: str, pair, names) -> str:
    old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
    if key == "changed":  # a declaration's content: the public labels and values
        return f"{field_change_label(field)}: {shown_value(old, field)} → {shown_value(new, field)}"
    label = KEY_LABELS.get(field, _l("gegevens"))
    return f"{label}: {plain_value(field, old, names)} → {plain_value(field, new, names)}"


def details(data: dict[str, Any], names) -> list[str]:
    """'naam: Oud → Nieuw', 'reden: …': the facts of an event, in words."""
    lines = []
    for key, value in (data or {}).items():
        shown_by_name = (key == "group_id" and "group" in data) or (key == "politician_id" and "politician" in data)
        if value is None or key in HIDDEN or shown_by_name:
            continue
        if key in ("changes", "changed") and isinstance(value, dict):
            lines += [_change_line(key, field, pair, names) for field, pair in value.items()]
            continue
        if key == "approvals" and "needed" in data:
            lines.append(_("aftekeningen: %(done)s van %(needed)s", done=value, needed=data["needed"]))
            continue
        lines.append(f"{KEY_LABELS.get(key, _l('gegevens'))}: {plain_value(key, value, names)}")
    return lines
