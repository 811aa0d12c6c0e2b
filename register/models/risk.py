"""The belangencheck (risk check): runs of questions per politician, their answers, and the agreements they led to.

Answers are private: the politician, the fractie's reviewers and the griffie see them, never the public.
"""
from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from register.extensions import Model
from register.models.agreements import Agreement
from register.models.base import utcnow
from register.models.declarations import Declaration
from register.models.people import Office, Politician


class CheckTrigger(enum.Enum):
    declaration = "declaration"    # offered after publishing a declaration
    on_demand = "on_demand"        # started from the dashboard
    portfolio = "portfolio"        # the griffie changed the portfolio
    confirmation = "confirmation"  # the yearly confirmation


TRIGGER_LABELS = {
    CheckTrigger.declaration: _l("na een nieuwe opgave"),
    CheckTrigger.on_demand: _l("op eigen verzoek"),
    CheckTrigger.portfolio: _l("na een wijziging van de portefeuille"),
    CheckTrigger.confirmation: _l("bij de jaarlijkse bevestiging"),
}


class AnswerValue(enum.Enum):
    yes = "yes"
    no = "no"
    unknown = "unknown"


ANSWER_LABELS = {AnswerValue.yes: _l("Ja"), AnswerValue.no: _l("Nee"), AnswerValue.unknown: _l("Weet ik niet")}


class RiskCheck(Model):
    """One run of the check; every run is kept (history). Completed runs are not changed."""
    __tablename__ = "risk_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    politician_id: Mapped[int] = mapped_column(ForeignKey("politician.id"), index=True)
    trigger: Mapped[CheckTrigger]
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("declaration.id"))
    # What the questions were adapted to at the time of the run.
    office: Mapped[Office]
    portfolio: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    completed_at: Mapped[datetime | None] = mapped_column(index=True)

    politician: Mapped[Politician] = relationship()
    declaration: Mapped[Declaration | None] = relationship()
    answers: Mapped[list[RiskAnswer]] = relationship(back_populates="check", order_by="RiskAnswer.position")

    @property
    def trigger_label(self) -> str:
        return str(TRIGGER_LABELS[self.trigger])

    def is_owner(self, user) -> bool:
        return bool(user and user.is_authenticated and user.politician_id == self.politician_id)

    def can_view(self, user) -> bool:
        """The politician, the griffie of the body and the reviewers of the politician's fractie."""
        if not (user and user.is_authenticated):
            return False
        politician = self.politician
        return (self.is_owner(user) or user.is_griffie_of(politician.body_id)
                or user.is_reviewer_of(politician.group_id))

    def can_answer(self, user) -> bool:
        """Only the politician concerned answers, and only once."""
        return self.is_owner(user) and self.completed_at is None


class RiskAnswer(Model):
    """The answer to one question of a run; "weet ik niet" waits for the griffie until it is resolved."""
    __tablename__ = "risk_answer"
    __table_args__ = (UniqueConstraint("check_id", "question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("risk_check.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    question: Mapped[str] = mapped_column(String(40))
    answer: Mapped[AnswerValue]
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("declaration.id"))
    note: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolution: Mapped[str | None] = mapped_column(Text)

    check: Mapped[RiskCheck] = relationship(back_populates="answers")
    declaration: Mapped[Declaration | None] = relationship()
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])
    agreements: Mapped[list[Agreement]] = relationship(secondary="risk_answer_agreement", order_by="Agreement.id")

    @property
    def answer_label(self) -> str:
        return str(ANSWER_LABELS[self.answer])


class RiskAnswerAgreement(Model):
    """An agreement the politician made from a proposal of the check: the reviewer sees the answer beside it."""
    __tablename__ = "risk_answer_agreement"

    answer_id: Mapped[int] = mapped_column(ForeignKey("risk_answer.id"), primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreement.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
