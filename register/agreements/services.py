"""Agreement operations: record, revise, submit, end. Each writes its audit event."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from register import mail
from register.audit import record
from register.extensions import db
from register.models import (
    Agreement, AgreementKind, AgreementOrganisation, AgreementStatus, AgreementVersion, Declaration, Politician,
)
from register.models.base import utcnow


class AgreementError(ValueError):
    """A refused agreement operation, with a Dutch message for the user."""


@dataclass
class Scope:
    """The structured part of a version (issue 16): catalogue kind, organisations (name, KvK), topics, screen."""
    kind: AgreementKind = AgreementKind.vrij
    organisations: list[tuple[str, str | None]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    gatekeeper: str | None = None
    replacement: str | None = None

    @classmethod
    def of(cls, version: AgreementVersion | None) -> Scope:
        """The scope a version has (a revision without a new scope keeps it)."""
        if version is None:
            return cls()
        return cls(version.kind, [(o.name, o.kvk_number) for o in version.organisations], list(version.topics or []),
                   version.gatekeeper, version.replacement)


def _check_scope(scope: Scope) -> Scope:
    if scope.kind == AgreementKind.poortwachter and not ((scope.gatekeeper or "").strip()
                                                          and (scope.replacement or "").strip()):
        raise AgreementError(_("Vul bij een poortwachter-afspraak in wie de stukken onderschept en aan wie ze "
                               "worden voorgelegd."))
    return scope


def _apply_scope(version: AgreementVersion, scope: Scope) -> None:
    from register.models.organisations import organisation_key

    version.kind = scope.kind
    version.topics = [t.strip() for t in scope.topics if t.strip()] or None
    version.gatekeeper = (scope.gatekeeper or "").strip() or None
    version.replacement = (scope.replacement or "").strip() or None
    version.organisations = [
        AgreementOrganisation(position=n, name=name.strip(), organisation_key=organisation_key(name),
                              kvk_number=(kvk or "").strip() or None)
        for n, (name, kvk) in enumerate(scope.organisations) if (name or "").strip()]


def _check_declarations(politician: Politician, declarations: Iterable[Declaration]) -> list[Declaration]:
    declarations = list(declarations)
    if not declarations:
        raise AgreementError(_("Koppel de afspraak aan ten minste één opgave."))
    if any(d.politician_id != politician.id for d in declarations):
        raise AgreementError(_("Een afspraak kan alleen aan uw eigen opgaven worden gekoppeld."))
    return declarations


def _add_version(agreement: Agreement, *, title: str, text: str, declarations: list[Declaration], actor,
                 reason: str | None, scope: Scope | None = None) -> AgreementVersion:
    scope = _check_scope(scope if scope is not None else Scope.of(agreement.current_version))
    version = AgreementVersion(agreement=agreement, number=agreement.current_number + 1, title=title.strip(),
                               text=text.strip(), reason=(reason or "").strip() or None,
                               created_by_id=getattr(actor, "id", None), declarations=declarations)
    _apply_scope(version, scope)
    agreement.current_number = version.number
    db.session.add(version)
    db.session.flush()
    db.session.expire(agreement, ["current_version"])
    return version


def create_agreement(politician: Politician, *, title: str, text: str, declarations: Iterable[Declaration],
                     actor, submit: bool = False, scope: Scope | None = None) -> Agreement:
    """Record a new agreement as a draft, optionally submitting it for sign-off at once."""
    declarations = _check_declarations(politician, declarations)
    _check_scope(scope or Scope())
    agreement = Agreement(politician=politician, status=AgreementStatus.draft)
    db.session.add(agreement)
    db.session.flush()
    version = _add_version(agreement, title=title, text=text, declarations=declarations, actor=actor, reason=None,
                           scope=scope or Scope())
    record("agreement.created", agreement, actor=actor, body_id=politician.body_id,
           declarations=[d.id for d in declarations], kind=version.kind)
    if submit:
        submit_agreement(agreement, actor=actor)
    return agreement


def revise_agreement(agreement: Agreement, *, title: str, text: str, declarations: Iterable[Declaration],
                     actor, reason: str | None = None, scope: Scope | None = None) -> AgreementVersion:
    """A new version; a signed-off version stays public until the new one is signed off."""
    if agreement.status == AgreementStatus.ended:
        raise AgreementError(_("Een beëindigde afspraak kan niet meer worden gewijzigd."))
    if agreement.status == AgreementStatus.submitted:
        raise AgreementError(_("Deze afspraak ligt ter aftekening; wacht op het besluit van de fractie."))
    declarations = _check_declarations(agreement.politician, declarations)
    version = _add_version(agreement, title=title, text=text, declarations=declarations, actor=actor,
                           reason=reason, scope=scope)
    agreement.status = AgreementStatus.draft
    record("agreement.revised", agreement, actor=actor, body_id=agreement.politician.body_id,
           version=version.number, declarations=[d.id for d in declarations])
    return version


def submit_agreement(agreement: Agreement, *, actor) -> AgreementVersion:
    """Submit the newest version to the fractie for sign-off."""
    if agreement.status == AgreementStatus.changes_requested:
        raise AgreementError(_("Pas de afspraak eerst aan voordat u haar opnieuw aanbiedt."))
    if agreement.status != AgreementStatus.draft:
        raise AgreementError(_("Deze afspraak kan nu niet ter aftekening worden aangeboden."))
    version = agreement.current_version
    if version is None or version.submitted_at is not None or version.sign_offs:
        raise AgreementError(_("Pas de afspraak eerst aan voordat u haar opnieuw aanbiedt."))
    version.submitted_at = utcnow()
    agreement.status = AgreementStatus.submitted
    record("agreement.submitted", agreement, actor=actor, body_id=agreement.politician.body_id,
           version=version.number)
    mail.notify_agreement_submitted(agreement, version)
    return version


def withdraw_submission(agreement: Agreement, *, actor) -> AgreementVersion:
    """Take a submitted agreement back to draft (to change it first); the version can be submitted again."""
    version = agreement.current_version
    if agreement.status != AgreementStatus.submitted or version is None:
        raise AgreementError(_("Deze afspraak ligt niet ter aftekening."))
    agreement.status = AgreementStatus.draft
    if not version.sign_offs:  # no decision on it yet: the same version may be offered again
        version.submitted_at = None
    record("agreement.submission_withdrawn", agreement, actor=actor, body_id=agreement.politician.body_id,
           version=version.number)
    return version


def end_agreement(agreement: Agreement, *, reason: str, actor) -> None:
    """End an agreement (e.g. the interest it covers ended); it stays on record."""
    if agreement.status == AgreementStatus.ended:
        raise AgreementError(_("Deze afspraak is al beëindigd."))
    if not (reason or "").strip():
        raise AgreementError(_("Geef een reden voor het beëindigen."))
    agreement.status = AgreementStatus.ended
    agreement.ended_at = utcnow()
    agreement.end_reason = reason.strip()
    record("agreement.ended", agreement, actor=actor, body_id=agreement.politician.body_id, reason=reason.strip())
