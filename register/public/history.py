"""A politician's public history: every published change, newest first, with what changed from what to what.

Only published facts: declaration versions with `published_at`, agreement versions with `signed_off_at`, the
ending of a public agreement, confirmations, and recusals under a public agreement. A sensitive value is shown
only when the field is public in the version it belongs to, in the version it is compared with, and in the newest
published version: a later correction that shields a field (e.g. family data published by mistake) also hides its
earlier values.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementVersion, Body, Confirmation, Declaration, DeclarationChange, DeclarationVersion, Politician,
    SignOff, SignOffDecision,
)
from register.models.declarations import CONTENT_FIELDS, INCOME_LABELS, KIND_LABELS
from register.opendata.changes import agreement_history_anchor, declaration_history_anchor, recusal_history_anchor
from register.public.periods import amsterdam_today
from register.recusals.queries import public_recusals
from register.public.queries import find_listed_politician
from register.templating import format_date

FIELD_LABELS = {
    "organisation": _l("Organisatie"), "kvk_number": _l("KvK-nummer"), "role": _l("Functie of omschrijving"),
    "description": _l("Toelichting op de functie"), "paid": _l("Bezoldiging"), "income_band": _l("Inkomen"),
    "hours_per_month": _l("Uren per maand"), "ex_officio": _l("Ambtshalve (vanwege het ambt)"),
    "estimated_value": _l("Geschatte waarde"), "started_on": _l("Begonnen op"), "ended_on": _l("Beëindigd op"),
    "explanation": _l("Toelichting"), "concerns_family": _l("Betreft een familielid"),
    "organisation_public": _l("Zichtbaarheid organisatie"),
    "description_public": _l("Zichtbaarheid toelichting op de functie"),
    "income_public": _l("Zichtbaarheid inkomen"), "hours_public": _l("Zichtbaarheid uren"),
    "explanation_public": _l("Zichtbaarheid toelichting"),
}
CHANGE_TITLES = {
    DeclarationChange.published: _l("Nieuwe opgave"), DeclarationChange.corrected: _l("Correctie"),
    DeclarationChange.ended: _l("Beëindigd"), DeclarationChange.withdrawn: _l("Ingetrokken"),
}


@dataclass
class FieldChange:
    label: str
    old: str | None  # None: shielded (afgeschermd)
    new: str | None


@dataclass
class HistoryEntry:
    at: datetime
    change: str  # new, corrected, ended, withdrawn, agreement_signed_off, agreement_ended, confirmed
    title: str
    subject: str = ""
    reason: str | None = None
    text: str | None = None
    anchor: str | None = None
    changes: list[FieldChange] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    order: tuple = ()
    key: str = ""  # the entry's id on the page: the recent-changes pages and feeds link to it


def _show(value: Any, name: str) -> str:
    """A field value as the public page shows it, in Dutch."""
    if value is None or value == "":
        return "—"
    if name == "paid":
        return _("bezoldigd") if value else _("onbezoldigd")
    if name.endswith("_public"):
        return _("openbaar") if value else _("alleen fractie en griffie")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if name == "income_band":
        return INCOME_LABELS[value]
    if name == "estimated_value":
        return f"€ {value}"
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _visible(name: str, *versions: DeclarationVersion) -> bool:
    return all(v.is_field_public(name) for v in versions)


def _field_changes(old: DeclarationVersion, new: DeclarationVersion, latest: DeclarationVersion) -> list[FieldChange]:
    changes = []
    for name in CONTENT_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(FieldChange(
                str(FIELD_LABELS[name]),
                _show(before, name) if _visible(name, old, new, latest) else None,
                _show(after, name) if _visible(name, new, latest) else None))
    return changes


def _subject(declaration: Declaration, version: DeclarationVersion, latest: DeclarationVersion) -> str:
    kind = KIND_LABELS[declaration.kind]
    if _visible("organisation", version, latest):
        return f"{kind}: {version.role} — {version.organisation}"
    return f"{kind}: {version.role}"


def _declaration_entries(versions: list[DeclarationVersion]) -> list[HistoryEntry]:
    by_declaration: dict[int, list[DeclarationVersion]] = defaultdict(list)
    for version in versions:
        by_declaration[version.declaration_id].append(version)
    entries = []
    for published in by_declaration.values():
        published.sort(key=lambda v: v.number)
        latest = published[-1]
        for previous, version in zip([None, *published], published, strict=False):
            declaration = version.declaration
            entry = HistoryEntry(
                at=version.published_at, change="new" if version.change == DeclarationChange.published
                else version.change.value, title=str(CHANGE_TITLES[version.change]),
                subject=_subject(declaration, version, latest), reason=version.reason,
                anchor=f"opgave-{declaration.id}", order=(0, declaration.id, version.number),
                key=declaration_history_anchor(declaration.id, version.number))
            if previous is not None and version.change != DeclarationChange.withdrawn:
                entry.changes = _field_changes(previous, version, latest)
            entries.append(entry)
    return entries


def _approvers(version: AgreementVersion) -> list[str]:
    return [s.signer_name for s in version.sign_offs if s.decision == SignOffDecision.approved]


def _agreement_entries(versions: list[AgreementVersion]) -> list[HistoryEntry]:
    entries, previous = [], {}
    for version in sorted(versions, key=lambda v: (v.agreement_id, v.number)):
        agreement, before = version.agreement, previous.get(version.agreement_id)
        entry = HistoryEntry(at=version.signed_off_at, change="agreement_signed_off",
                             title=_("Afspraak afgetekend") if before is None else _("Gewijzigde afspraak afgetekend"),
                             subject=version.title, text=version.text, anchor=f"afspraak-{agreement.id}",
                             people=_approvers(version), order=(1, agreement.id, version.number),
                             key=agreement_history_anchor(agreement.id, version.number))
        if before is not None:
            entry.changes = [FieldChange(label, old, new) for label, old, new in (
                (_("Titel"), before.title, version.title), (_("Tekst"), before.text, version.text)) if old != new]
        previous[version.agreement_id] = version
        entries.append(entry)
        if agreement.ended_at and agreement.signed_number == version.number:
            entries.append(HistoryEntry(at=agreement.ended_at, change="agreement_ended", title=_("Afspraak beëindigd"),
                                        subject=version.title, reason=agreement.end_reason,
                                        anchor=f"afspraak-{agreement.id}", order=(1, agreement.id, 10 ** 6)))
    return entries


def _confirmation_entries(confirmations: list[Confirmation]) -> list[HistoryEntry]:
    return [HistoryEntry(at=c.confirmed_at, change="confirmed",
                         title=_("Register bevestigd: niets op te geven") if c.nothing_to_declare
                         else _("Register als volledig bevestigd"), order=(2, c.id))
            for c in confirmations]


def _recusal_entries(recusals) -> list[HistoryEntry]:
    entries = []
    for recusal in recusals:
        agreement = recusal.agreement.signed_version
        entries.append(HistoryEntry(
            at=recusal.created_at, change="recusal", title=_("Onthouding vastgelegd"), subject=recusal.agenda_item,
            text=_("Vergadering van %(date)s; volgt uit de afspraak “%(title)s”.",
                   date=format_date(recusal.meeting_date), title=agreement.title),
            anchor=f"afspraak-{recusal.agreement_id}", order=(3, recusal.id), key=recusal_history_anchor(recusal.id)))
    return entries


@dataclass
class History:
    body: Body
    politician: Politician
    entries: list[HistoryEntry]


def politician_history(body_slug: str, politician_slug: str) -> History:
    """Every published change of one politician, newest first (9 queries, fixed)."""
    body, politician = find_listed_politician(body_slug, politician_slug, amsterdam_today())
    versions = db.session.scalars(
        select(DeclarationVersion).join(DeclarationVersion.declaration)
        .options(contains_eager(DeclarationVersion.declaration))
        .where(Declaration.politician_id == politician.id, DeclarationVersion.published_at.is_not(None))).all()
    agreement_versions = db.session.scalars(
        select(AgreementVersion).join(AgreementVersion.agreement)
        .options(contains_eager(AgreementVersion.agreement),
                 selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer))
        .where(Agreement.politician_id == politician.id, AgreementVersion.signed_off_at.is_not(None))).all()
    confirmations = db.session.scalars(select(Confirmation).where(Confirmation.politician_id == politician.id)).all()
    entries = [*_declaration_entries(list(versions)), *_agreement_entries(list(agreement_versions)),
               *_confirmation_entries(list(confirmations)), *_recusal_entries(public_recusals(politician))]
    entries.sort(key=lambda e: (e.at, e.order), reverse=True)
    return History(body, politician, entries)
