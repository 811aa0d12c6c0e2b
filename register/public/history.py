"""A politician's public history: every published change, newest first, with what changed from what to what.

Only published facts: declaration versions with `published_at`, agreement versions with `signed_off_at`, the
ending of a public agreement, confirmations, and recusals under a public agreement. A sensitive value is shown
only when the field is public in the version it belongs to, in the version it is compared with, and in the newest
published version: a later correction that shields a field (e.g. family data published by mistake) also hides its
earlier values.
"""
from __future__ import annotations

from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementVersion, Body, Confirmation, Declaration, DeclarationChange, DeclarationVersion, Politician,
    Review, SignOff, SignOffDecision,
)
from register.models.declarations import (
    CONTENT_FIELDS, GIFT_OUTCOME_LABELS, GIFT_VALUE_LABELS, HOLDING_LABELS, INCOME_LABELS, KIND_LABELS,
)
from register.models.visibility import FIELD_LABELS
from register.models.base import amsterdam_today
from register.public.changes import agreement_history_anchor, declaration_history_anchor, recusal_history_anchor
from register.public.timeliness import correction_note
from register.public.recusals import public_recusals
from register.public.queries import find_listed_politician
from register.templating import format_date

# Band and choice fields shown by their label, never by their stored value.
VALUE_LABELS: dict[str, dict[Any, Any]] = {"income_band": INCOME_LABELS, "gift_value_band": GIFT_VALUE_LABELS,
                "gift_outcome": GIFT_OUTCOME_LABELS, "holding_band": HOLDING_LABELS}
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
    note: str | None = None  # from which start date the deadline counts, after a corrected start date
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
    if name in VALUE_LABELS:
        return str(VALUE_LABELS[name][value])
    if name == "estimated_value":
        return f"€ {value}"
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def field_label(name: str) -> str:
    """The public label of a declaration field (also used by the griffie's logbook)."""
    return str(FIELD_LABELS.get(name, _l("gegevens")))


def shown_value(value: Any, name: str) -> str:
    """A field value as stored or as plain data (an audit event holds enum values and ISO dates), in words."""
    if isinstance(value, str) and name in VALUE_LABELS:
        matches = [member for member in VALUE_LABELS[name] if member.value == value]
        value = matches[0] if matches else value
    elif isinstance(value, str) and name in ("started_on", "ended_on"):
        with suppress(ValueError):
            value = date.fromisoformat(value)
    if isinstance(value, str) and name in VALUE_LABELS:
        return value
    return _show(value, name)


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
        declaration = latest.declaration
        note = correction_note(declaration.lateness(latest))
        for previous, version in zip([None, *published], published, strict=False):
            assert version.published_at is not None  # politician_history loads only published versions
            entry = HistoryEntry(
                at=version.published_at, change="new" if version.change == DeclarationChange.published
                else version.change.value, title=str(CHANGE_TITLES[version.change]),
                subject=_subject(declaration, version, latest), reason=version.reason,
                anchor=f"opgave-{declaration.id}", order=(0, declaration.id, version.number),
                key=declaration_history_anchor(declaration.id, version.number))
            if previous is not None and version.change != DeclarationChange.withdrawn:
                entry.changes = _field_changes(previous, version, latest)
                if previous.started_on != version.started_on:  # lateness still counts as first declared
                    entry.note = note
            entries.append(entry)
        entries += _acceptance_entries(declaration, latest)
        entries += _review_entries(declaration, latest, {v.number for v in published})
    return entries


def _review_entries(declaration: Declaration, latest: DeclarationVersion, numbers: set[int]) -> list[HistoryEntry]:
    """The fractie's verdicts on published versions, in words; a comment only when the reviewer made it public."""
    entries = []
    for review in declaration.reviews:
        if review.version_number not in numbers:
            continue
        text = review.comment if review.comment_public and review.comment else ""
        if not review.is_current:
            text = " ".join(filter(None, [text, _("Deze beoordeling is later herzien (%(date)s).",
                                                  date=format_date(review.replaced_at))]))
        entries.append(HistoryEntry(
            at=review.created_at, change="reviewed",
            title=_("Beoordeeld door de fractie: %(outcome)s", outcome=review.outcome_label),
            subject=_subject(declaration, latest, latest), people=[review.reviewer.name], text=text or None,
            anchor=f"opgave-{declaration.id}", order=(0, declaration.id, review.version_number, review.id),
            key=f"beoordeling-{review.id}"))
    return entries


def _acceptance_entries(declaration: Declaration, latest: DeclarationVersion) -> list[HistoryEntry]:
    """The fractie's public decisions to let the deadline count from a corrected start date."""
    return [HistoryEntry(
        at=review.created_at, change="start_accepted", title=_("Gecorrigeerde begindatum aanvaard door de fractie"),
        subject=_subject(declaration, latest, latest), people=[review.reviewer.name],
        anchor=f"opgave-{declaration.id}", order=(0, declaration.id, review.version_number, review.id),
        text=_("De meldtermijn telt vanaf %(date)s in plaats van vanaf de begindatum zoals die eerst werd opgegeven "
               "(%(first)s).", date=format_date(review.accepted_started_on),
               first=format_date(declaration.declared_started_on))
        + ("" if review.is_current else " " + _("Dit besluit is later herzien (%(date)s).",
                                                 date=format_date(review.replaced_at))))
        for review in declaration.reviews if review.accepted_started_on is not None]


def _approvers(version: AgreementVersion) -> list[str]:
    return [s.signer_name for s in version.sign_offs if s.decision == SignOffDecision.approved]


def _agreement_entries(versions: list[AgreementVersion]) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    previous: dict[int, AgreementVersion] = {}
    for version in sorted(versions, key=lambda v: (v.agreement_id, v.number)):
        agreement, before = version.agreement, previous.get(version.agreement_id)
        assert version.signed_off_at is not None  # politician_history loads only signed-off versions
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
    """Every published change of one politician, newest first (11 queries, fixed)."""
    body, politician = find_listed_politician(body_slug, politician_slug, amsterdam_today())
    versions = db.session.scalars(
        select(DeclarationVersion).join(DeclarationVersion.declaration)
        .options(contains_eager(DeclarationVersion.declaration)
                 .selectinload(Declaration.reviews).selectinload(Review.reviewer))
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
