"""What waits for a politician: signals to answer, requested changes, the yearly confirmation, old drafts."""
from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import selectinload

from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Declaration, DeclarationStatus, SignOffDecision, Signal,
    SignalResponse, SignalStatus,
)
from register.models.base import amsterdam_today
from register.public.periods import confirmation_overdue
from register.todo.base import Item, Section, now, query_section


def _own_signals(user):
    if user.politician_id is None:
        return None
    return (select(Signal).where(Signal.politician_id == user.politician_id, Signal.status == SignalStatus.opened,
                                 ~exists().where(SignalResponse.signal_id == Signal.id))
            .order_by(Signal.response_due_at, Signal.id))


def _signal_to_answer(signal: Signal) -> Item:
    return Item(_("Melding %(reference)s: geef uw reactie (hoor en wederhoor)", reference=signal.reference),
                url_for("signals.mine_detail", signal_id=signal.id), due=signal.response_due_at,
                overdue=signal.response_due_at is not None and signal.response_due_at < now())


def _changes_requested(user):
    if user.politician_id is None:
        return None
    return (select(Agreement).where(Agreement.politician_id == user.politician_id,
                                    Agreement.status == AgreementStatus.changes_requested)
            .options(selectinload(Agreement.current_version).selectinload(AgreementVersion.sign_offs))
            .order_by(Agreement.updated_at, Agreement.id))


def _agreement_to_change(agreement: Agreement) -> Item | None:
    version = agreement.current_version
    if version is None:  # an agreement has a version from the start
        return None
    requests = [s for s in version.sign_offs if s.decision == SignOffDecision.changes_requested]
    return Item(_("Afspraak '%(title)s': uw fractie vraagt een wijziging", title=version.title),
                url_for("agreements.edit", agreement_id=agreement.id),
                since=requests[-1].created_at if requests else None,
                note=requests[-1].comment if requests else None)


def _old_drafts(user):
    politician = user.politician
    if politician is None:
        return None
    cutoff = now() - timedelta(days=politician.body.declaration_deadline_days)
    return (select(Declaration).where(Declaration.politician_id == politician.id,
                                      Declaration.status == DeclarationStatus.draft, Declaration.created_at < cutoff)
            .options(selectinload(Declaration.current_version)).order_by(Declaration.created_at, Declaration.id))


def _draft_to_finish(declaration: Declaration) -> Item | None:
    version = declaration.current_version
    if version is None:  # a declaration has a version from the start
        return None
    return Item(_("Concept: %(kind)s, %(role)s (%(organisation)s)", kind=declaration.kind_label.lower(),
                  role=version.role, organisation=version.organisation),
                url_for("declarations.detail", declaration_id=declaration.id), since=declaration.created_at,
                overdue=True)


def _old_agreement_drafts(user):
    politician = user.politician
    if politician is None:
        return None
    cutoff = now() - timedelta(days=politician.body.declaration_deadline_days)
    current = and_(AgreementVersion.agreement_id == Agreement.id, AgreementVersion.number == Agreement.current_number)
    return (select(Agreement).join(AgreementVersion, current)
            .where(Agreement.politician_id == politician.id, Agreement.status == AgreementStatus.draft,
                   AgreementVersion.created_at < cutoff)
            .options(selectinload(Agreement.current_version)).order_by(AgreementVersion.created_at, Agreement.id))


def _agreement_draft(agreement: Agreement) -> Item | None:
    version = agreement.current_version
    if version is None:  # the query joined it
        return None
    return Item(_("Concept-afspraak '%(title)s': nog niet ter aftekening aangeboden", title=version.title),
                url_for("agreements.detail", agreement_id=agreement.id), since=version.created_at, overdue=True)


def _confirmation_due(user) -> bool:
    politician = user.politician
    if politician is None or not politician.active:
        return False
    return politician.last_confirmed_at is None or confirmation_overdue(politician.last_confirmed_at,
                                                                         amsterdam_today())


def _confirmation_items(user) -> list[Item]:
    if not _confirmation_due(user):
        return []
    last = user.politician.last_confirmed_at
    return [Item(_("Bevestig dat uw register volledig is (jaarlijks)"),
                 url_for("declarations.dashboard", _anchor="bevestigen-titel"), since=last, overdue=last is not None,
                 note=None if last else _("U heeft uw register nog nooit bevestigd."))]


CONFIRMATION = Section("confirmation", _l("Jaarlijkse bevestiging"), lambda user: int(_confirmation_due(user)),
                       _confirmation_items)




SECTIONS = [
    query_section("signals", _l("Meldingen waarop u kunt reageren"), _own_signals, _signal_to_answer, prominent=True),
    query_section("changes_requested", _l("Afspraken waarin uw fractie een wijziging vraagt"), _changes_requested,
                  _agreement_to_change, prominent=True),
    CONFIRMATION,
    query_section("old_drafts", _l("Concepten die langer liggen dan de termijn"), _old_drafts, _draft_to_finish),
    query_section("old_agreement_drafts", _l("Concept-afspraken die langer liggen dan de termijn"),
                  _old_agreement_drafts, _agreement_draft),
]
