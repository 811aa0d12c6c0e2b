"""Loading for the belangencheck: when it is due, its history, the answers behind an agreement, the griffie's list."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AnswerValue, CheckTrigger, Declaration, DeclarationStatus, Politician, RiskAnswer,
    RiskAnswerAgreement, RiskCheck,
)
from register.models.agreement_catalogue import split_topics


@dataclass
class Due:
    """Why the check should be done (again): what the dashboard and the declaration page offer."""
    trigger: CheckTrigger
    text: str
    declaration: Declaration | None = None


def history(politician: Politician) -> list[RiskCheck]:
    """Every run, newest first, with its answers."""
    return list(db.session.scalars(
        select(RiskCheck).where(RiskCheck.politician_id == politician.id)
        .options(selectinload(RiskCheck.answers).selectinload(RiskAnswer.agreements))
        .order_by(RiskCheck.created_at.desc(), RiskCheck.id.desc())))


def latest_completed(politician: Politician) -> RiskCheck | None:
    return db.session.scalars(
        select(RiskCheck).where(RiskCheck.politician_id == politician.id, RiskCheck.completed_at.is_not(None))
        .order_by(RiskCheck.completed_at.desc(), RiskCheck.id.desc()).limit(1)).first()


def _same_portfolio(a: str | None, b: str | None) -> bool:
    return [t.casefold() for t in split_topics(a)] == [t.casefold() for t in split_topics(b)]


def check_due(politician: Politician) -> list[Due]:
    """Reasons to run the check now: never done, a declaration since, a new portfolio, a confirmation since."""
    latest = latest_completed(politician)
    if latest is None:
        return [Due(CheckTrigger.on_demand, _("U heeft de belangencheck nog niet gedaan."))]
    completed_at = latest.completed_at
    assert completed_at is not None  # latest_completed loads only completed checks
    due = []
    newer = db.session.scalars(
        select(Declaration).where(Declaration.politician_id == politician.id,
                                  Declaration.status == DeclarationStatus.published,
                                  Declaration.declared_at > completed_at)
        .options(selectinload(Declaration.published_version)).order_by(Declaration.declared_at)).all()
    for declaration in newer:
        version = declaration.published_version
        assert version is not None  # a published declaration has its published version
        due.append(Due(CheckTrigger.declaration, _("Nieuwe opgave sinds uw laatste belangencheck: %(what)s bij "
                                                   "%(org)s.", what=declaration.kind_label.lower(),
                                                   org=version.organisation), declaration))
    if not _same_portfolio(politician.portfolio, latest.portfolio):
        due.append(Due(CheckTrigger.portfolio, _("Uw portefeuille is gewijzigd sinds uw laatste belangencheck.")))
    if politician.last_confirmed_at and politician.last_confirmed_at > completed_at:
        due.append(Due(CheckTrigger.confirmation, _("U heeft uw register bevestigd; doe bij de jaarlijkse "
                                                    "bevestiging ook de belangencheck.")))
    return due


def answers_for_agreement(agreement: Agreement) -> list[RiskAnswer]:
    """The answers of the check from which this agreement was proposed (for the reviewer, beside it)."""
    return list(db.session.scalars(
        select(RiskAnswer).join(RiskAnswerAgreement, RiskAnswerAgreement.answer_id == RiskAnswer.id)
        .where(RiskAnswerAgreement.agreement_id == agreement.id)
        .options(selectinload(RiskAnswer.check).selectinload(RiskCheck.politician).selectinload(Politician.body),
                 selectinload(RiskAnswer.declaration).selectinload(Declaration.published_version))
        .order_by(RiskAnswer.id)))


def questions_for_griffie(body_id: int, *, resolved: bool) -> list[RiskAnswer]:
    """'Weet ik niet' answers and possibly incompatible functions of the body: open ones, or handled ones."""
    condition = RiskAnswer.resolved_at.is_not(None) if resolved else RiskAnswer.resolved_at.is_(None)
    asks_griffie = (RiskAnswer.answer == AnswerValue.unknown) | (
        (RiskAnswer.question == "onverenigbaar") & (RiskAnswer.answer == AnswerValue.yes))
    return list(db.session.scalars(
        select(RiskAnswer).join(RiskAnswer.check).join(RiskCheck.politician)
        .where(Politician.body_id == body_id, asks_griffie, condition)
        .options(selectinload(RiskAnswer.check).selectinload(RiskCheck.politician).selectinload(Politician.body),
                 selectinload(RiskAnswer.declaration).selectinload(Declaration.published_version),
                 selectinload(RiskAnswer.resolved_by))
        .order_by(RiskAnswer.id.desc()).limit(200)))


def recent_checks_of_groups(group_ids: set[int], limit: int = 10) -> list[RiskCheck]:
    """The newest completed runs of the members of these fracties (the reviewer's queue)."""
    if not group_ids:
        return []
    return list(db.session.scalars(
        select(RiskCheck).join(RiskCheck.politician)
        .where(Politician.group_id.in_(group_ids), RiskCheck.completed_at.is_not(None))
        .options(selectinload(RiskCheck.politician), selectinload(RiskCheck.answers))
        .order_by(RiskCheck.completed_at.desc()).limit(limit)))
