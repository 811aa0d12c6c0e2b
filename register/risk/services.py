"""Belangencheck operations: start a run, answer it, make an agreement from a proposal, resolve "weet ik niet".

Each writes its audit event; the view commits once. Only the politician concerned starts and answers a check.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from register import mail
from register.agreements import services as agreements
from register.audit import record
from register.extensions import db
from register.models import (
    Agreement, AnswerValue, CheckTrigger, Declaration, DeclarationStatus, Politician, RiskAnswer,
    RiskAnswerAgreement, RiskCheck,
)
from register.models.base import utcnow
from register.risk.questions import questions_for

NOTE_MAX = 2000


class RiskError(ValueError):
    """A refused check operation, with a Dutch message for the user."""


@dataclass
class Given:
    """One answer as submitted: the value, optionally the declaration it concerns and a private note."""
    value: AnswerValue | None
    declaration_id: int | None = None
    note: str | None = None


def _is_politician(actor, politician: Politician) -> bool:
    return getattr(actor, "politician_id", None) == politician.id


def start_check(politician: Politician, *, actor, trigger: CheckTrigger,
                declaration: Declaration | None = None) -> RiskCheck:
    """A new run of the check for the politician's current office and portfolio."""
    if not _is_politician(actor, politician):
        raise RiskError(_("Alleen de ambtsdrager zelf kan de belangencheck doen."))
    if declaration is not None and declaration.politician_id != politician.id:
        raise RiskError(_("Deze opgave is niet van u."))
    check = RiskCheck(politician=politician, trigger=trigger, declaration=declaration, office=politician.office,
                      portfolio=politician.portfolio, created_by_id=actor.id)
    db.session.add(check)
    db.session.flush()
    record("risk_check.started", check, actor=actor, body_id=politician.body_id, politician_id=politician.id,
           trigger=trigger)
    return check


def _own_declaration(politician: Politician, declaration_id: int | None) -> int | None:
    if declaration_id is None:
        return None
    declaration = db.session.get(Declaration, declaration_id)
    if declaration is None or declaration.politician_id != politician.id \
            or declaration.status in (DeclarationStatus.draft, DeclarationStatus.withdrawn):
        raise RiskError(_("Een gekozen opgave bestaat niet of is niet van u. Kies alleen uit uw eigen opgaven."))
    return declaration.id


def _answers(check: RiskCheck, given: dict[str, Given]) -> list[RiskAnswer]:
    questions = questions_for(check.office, check.politician.body.kind)
    missing = [q for q in questions if given.get(q.code) is None or given[q.code].value is None]
    if missing:
        raise RiskError(_("Beantwoord alle vragen: er ontbreken %(count)d antwoorden.", count=len(missing)))
    answers = []
    for position, question in enumerate(questions):
        item = given[question.code]
        note = (item.note or "").strip() or None
        if note and len(note) > NOTE_MAX:
            raise RiskError(_("Een toelichting mag ten hoogste %(max)d tekens lang zijn.", max=NOTE_MAX))
        answers.append(RiskAnswer(position=position, question=question.code, answer=item.value, note=note,
                                  declaration_id=_own_declaration(check.politician, item.declaration_id)))
    return answers


def answer_check(check: RiskCheck, given: dict[str, Given], *, actor) -> RiskCheck:
    """Store the answers and close the run; "weet ik niet" and an incompatible function go to the griffie."""
    if not _is_politician(actor, check.politician):
        raise RiskError(_("Alleen de ambtsdrager zelf kan deze belangencheck beantwoorden."))
    if check.completed_at is not None:
        raise RiskError(_("Deze belangencheck is al ingevuld. Start een nieuwe als er iets veranderd is."))
    check.answers = _answers(check, given)
    check.completed_at = utcnow()
    db.session.flush()
    counts = {value.value: sum(a.answer == value for a in check.answers) for value in AnswerValue}
    record("risk_check.completed", check, actor=actor, body_id=check.politician.body_id,
           politician_id=check.politician_id, **counts)
    _tell_griffie(check)
    return check


def _tell_griffie(check: RiskCheck) -> int:
    """The griffie hears of "weet ik niet" and of a possibly incompatible function (not what was answered)."""
    politician = check.politician
    open_answers = [a for a in check.answers if a.answer == AnswerValue.unknown
                    or (a.question == "onverenigbaar" and a.answer == AnswerValue.yes)]
    if not open_answers:
        return 0
    return mail.queue_for(mail.griffie_of(politician.body_id), key=f"risk-check-question:{check.id}",
                          subject=_("Vraag uit de belangencheck van %(name)s", name=politician.name),
                          template="risk_question", kind="risk_question", ref=f"risk_check:{check.id}",
                          body_id=politician.body_id, politician=politician, count=len(open_answers),
                          link=mail.external_url("risk.griffie_list", body_slug=politician.body.slug))


def make_agreement(answer: RiskAnswer, *, actor, title: str, text: str, declarations, scope,
                   submit: bool) -> Agreement:
    """An agreement from a proposal of the check, through the ordinary agreement service; linked to the answer."""
    politician = answer.check.politician
    if not _is_politician(actor, politician):
        raise RiskError(_("Alleen de ambtsdrager zelf kan een afspraak uit de belangencheck maken."))
    if answer.answer != AnswerValue.yes:
        raise RiskError(_("Alleen bij een vraag die u met ja beantwoordde stelt het register een afspraak voor."))
    try:
        agreement = agreements.create_agreement(politician, title=title, text=text, declarations=declarations,
                                                actor=actor, submit=submit, scope=scope)
    except agreements.AgreementError as error:
        raise RiskError(str(error)) from None
    db.session.add(RiskAnswerAgreement(answer_id=answer.id, agreement_id=agreement.id))
    db.session.flush()
    record("risk_answer.agreement_made", answer, actor=actor, body_id=politician.body_id,
           politician_id=politician.id, agreement_id=agreement.id, question=answer.question)
    return agreement


def resolve(answer: RiskAnswer, *, actor, resolution: str) -> RiskAnswer:
    """The griffie records how a "weet ik niet" (or an incompatible function) was handled."""
    politician = answer.check.politician
    if not (actor and actor.is_griffie_of(politician.body_id)):
        raise RiskError(_("Alleen de griffie van dit orgaan handelt vragen uit de belangencheck af."))
    if answer.resolved_at is not None:
        raise RiskError(_("Deze vraag is al afgehandeld."))
    resolution = (resolution or "").strip()
    if not resolution:
        raise RiskError(_("Schrijf hoe de vraag is afgehandeld."))
    if len(resolution) > NOTE_MAX:
        raise RiskError(_("De toelichting mag ten hoogste %(max)d tekens lang zijn.", max=NOTE_MAX))
    answer.resolved_at, answer.resolved_by_id, answer.resolution = utcnow(), actor.id, resolution
    record("risk_answer.resolved", answer, actor=actor, body_id=politician.body_id, politician_id=politician.id,
           question=answer.question)
    return answer
