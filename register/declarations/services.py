"""Declaration operations. Every state change goes through one of these and writes its audit event."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from register import mail
from register.audit import record
from register.extensions import db
from register.models import (
    Declaration, DeclarationChange, DeclarationKind, DeclarationStatus, DeclarationVersion, Politician,
)
from register.models.base import utcnow
from register.models.confirmations import Confirmation
from register.models.declarations import CONTENT_FIELDS
from register.models.lateness import days_late_on
from register.models.organisations import organisation_key


class DeclarationError(ValueError):
    """A refused operation, with a Dutch message for the user."""


LATE_EXPLANATION_MAX = 1000


def days_late_if_published_today(politician: Politician, started_on) -> int:
    """How late a declaration with this start would be if it were published today: the model's one lateness
    rule (days_late_on), applied to today's date, for the warning before publishing."""
    from register.models.base import amsterdam_today

    return days_late_on(amsterdam_today(), started_on, politician.term_start,
                        politician.body.declaration_deadline_days)


def _late_explanation(text: str | None) -> str | None:
    text = (text or "").strip() or None
    if text and len(text) > LATE_EXPLANATION_MAX:
        raise DeclarationError(_("De toelichting mag ten hoogste %(max)d tekens lang zijn.",
                                 max=LATE_EXPLANATION_MAX))
    return text


def _changed_fields(old: DeclarationVersion | None, new: DeclarationVersion) -> dict[str, list]:
    if old is None:
        return {}
    return {f: [getattr(old, f), getattr(new, f)] for f in CONTENT_FIELDS if getattr(old, f) != getattr(new, f)}


def _add_version(declaration: Declaration, content: dict[str, Any], *, change: DeclarationChange, actor,
                 reason: str | None = None, publish: bool = False) -> DeclarationVersion:
    """Append a version built from the previous one with `content` laid over it."""
    previous = declaration.published_version if publish and declaration.published_version else \
        declaration.current_version
    base = previous.content() if previous else {}
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise DeclarationError(f"Onbekende velden: {', '.join(sorted(unknown))}")
    version = DeclarationVersion(
        declaration=declaration, number=declaration.current_number + 1, change=change, reason=reason,
        created_by_id=getattr(actor, "id", None), **{**base, **content})
    version.organisation_key = organisation_key(version.organisation)
    if publish:
        version.published_at = utcnow()
        declaration.published_number = version.number
    declaration.current_number = version.number
    db.session.add(version)
    db.session.flush()
    # The relationship is view-only and keyed on the number we just changed: reload it.
    db.session.expire(declaration, ["current_version", "published_version"])
    return version


def create_declaration(politician: Politician, kind: DeclarationKind, content: dict[str, Any], *, actor,
                       publish: bool, after_signal: bool = False, late_explanation: str | None = None) -> Declaration:
    """Save a new declaration as a draft, or publish it straight away (openness first)."""
    declaration = Declaration(politician=politician, kind=kind, status=DeclarationStatus.draft,
                              after_signal=after_signal)
    db.session.add(declaration)
    db.session.flush()
    _add_version(declaration, content, change=DeclarationChange.draft, actor=actor)
    record("declaration.draft_saved", declaration, actor=actor, body_id=politician.body_id,
           kind=kind.value, version=declaration.current_number)
    if publish:
        publish_declaration(declaration, actor=actor, late_explanation=late_explanation)
    return declaration


def update_draft(declaration: Declaration, content: dict[str, Any], *, actor) -> DeclarationVersion:
    """Save changes to a declaration that was never published (each save is a new version)."""
    if declaration.status != DeclarationStatus.draft:
        raise DeclarationError(_("Alleen een concept kan zo worden gewijzigd; corrigeer een gepubliceerde opgave."))
    old = declaration.current_version
    version = _add_version(declaration, content, change=DeclarationChange.draft, actor=actor)
    record("declaration.draft_saved", declaration, actor=actor, body_id=declaration.politician.body_id,
           version=version.number, changed=_changed_fields(old, version))
    return version


def publish_declaration(declaration: Declaration, *, actor, late_explanation: str | None = None) -> DeclarationVersion:
    """Publish a draft: it is public immediately, the fractie reviews afterwards. A late declaration may carry the
    politician's public explanation."""
    if declaration.status != DeclarationStatus.draft:
        raise DeclarationError(_("Deze opgave is al gepubliceerd."))
    explanation = _late_explanation(late_explanation)
    draft = declaration.current_version
    version = _add_version(declaration, {}, change=DeclarationChange.published, actor=actor, publish=True)
    declaration.status = DeclarationStatus.ended if draft and draft.ended_on else DeclarationStatus.published
    declaration.declared_at = version.published_at
    _fix_what_was_due(declaration, version)
    if explanation and declaration.days_late():
        declaration.late_explanation = explanation
    record("declaration.published", declaration, actor=actor, body_id=declaration.politician.body_id,
           version=version.number,
           **({"late_explanation": declaration.late_explanation} if declaration.late_explanation else {}))
    mail.notify_declaration_published(declaration, version)
    return version


def _fix_what_was_due(declaration: Declaration, version: DeclarationVersion) -> None:
    """Lateness is fixed by what was due when the interest was first declared (models/lateness.py): later
    corrections, a changed deadline or term start do not change it; only the fractie's acceptance does."""
    politician = declaration.politician
    declaration.declared_started_on = declaration.counted_started_on = version.started_on
    declaration.declared_term_start = politician.term_start
    declaration.declared_deadline_days = politician.body.declaration_deadline_days


def correct_declaration(declaration: Declaration, content: dict[str, Any], *, actor,
                        reason: str) -> DeclarationVersion:
    """Correct a published declaration: a new published version; the old one stays in the history."""
    old = declaration.published_version
    if not declaration.is_public or old is None:
        raise DeclarationError(_("Alleen een gepubliceerde opgave kan worden gecorrigeerd."))
    if not (reason or "").strip():
        raise DeclarationError(_("Geef een reden voor de correctie."))
    if {**old.content(), **content} == old.content():
        raise DeclarationError(_("Er is niets gewijzigd."))
    version = _add_version(declaration, content, change=DeclarationChange.corrected, actor=actor,
                           reason=reason.strip(), publish=True)
    changed = _changed_fields(old, version)
    declaration.status = DeclarationStatus.ended if version.ended_on else DeclarationStatus.published
    record("declaration.corrected", declaration, actor=actor, body_id=declaration.politician.body_id,
           version=version.number, reason=reason.strip(), changed=changed)
    mail.notify_declaration_published(declaration, version)
    return version


def end_declaration(declaration: Declaration, *, ended_on, actor, reason: str | None = None) -> DeclarationVersion:
    """Record that the interest ended on a date; it moves to the ended items."""
    current = declaration.published_version
    if declaration.status != DeclarationStatus.published or current is None:
        raise DeclarationError(_("Alleen een lopende, gepubliceerde opgave kan worden beëindigd."))
    if ended_on < current.started_on:
        raise DeclarationError(_("De einddatum ligt vóór de begindatum."))
    version = _add_version(declaration, {"ended_on": ended_on}, change=DeclarationChange.ended, actor=actor,
                           reason=(reason or "").strip() or None, publish=True)
    declaration.status = DeclarationStatus.ended
    record("declaration.ended", declaration, actor=actor, body_id=declaration.politician.body_id,
           version=version.number, ended_on=ended_on)
    return version


def withdraw_declaration(declaration: Declaration, *, reason: str, actor) -> DeclarationVersion:
    """Withdraw a mistaken entry; it stays on record with the reason, never deleted."""
    if declaration.status == DeclarationStatus.withdrawn:
        raise DeclarationError(_("Deze opgave is al ingetrokken."))
    if not (reason or "").strip():
        raise DeclarationError(_("Geef een reden voor het intrekken."))
    was_public = declaration.published_number is not None
    version = _add_version(declaration, {}, change=DeclarationChange.withdrawn, actor=actor,
                           reason=reason.strip(), publish=was_public)
    declaration.status = DeclarationStatus.withdrawn
    declaration.withdrawn_at = utcnow()
    declaration.withdrawal_reason = reason.strip()
    record("declaration.withdrawn", declaration, actor=actor, body_id=declaration.politician.body_id,
           version=version.number, reason=reason.strip())
    return version


def confirm_register(politician: Politician, *, actor) -> Confirmation:
    """The politician states that their register is complete; dated, and 'nothing to declare' when it is empty."""
    current = db.session.scalar(select(func.count()).select_from(Declaration).where(
        Declaration.politician_id == politician.id,
        Declaration.status == DeclarationStatus.published))
    confirmation = Confirmation(politician=politician, nothing_to_declare=current == 0,
                                confirmed_by_id=getattr(actor, "id", None))
    db.session.add(confirmation)
    db.session.flush()
    politician.last_confirmed_at = confirmation.confirmed_at
    record("register.confirmed", politician, actor=actor, body_id=politician.body_id,
           nothing_to_declare=confirmation.nothing_to_declare)
    return confirmation
