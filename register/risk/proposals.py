"""From a "ja" in the check to a pre-filled agreement: organisation, topic and body filled in where known."""
from __future__ import annotations

from dataclasses import dataclass

from register.agreements.services import Scope
from register.models import AgreementKind, Declaration, RiskAnswer
from register.models.agreement_catalogue import Proposal, propose, split_topics
from register.risk.questions import by_code
from register.risk.words import gatekeeper_for


@dataclass
class Prefill:
    proposal: Proposal
    declaration: Declaration | None

    def fill(self, form, declarations) -> None:
        """Put the proposal into an agreement form (only on GET: the politician edits it)."""
        p = self.proposal
        form.title.data, form.text.data = p.title, p.text
        form.fill_scope(Scope(p.kind, p.organisations, p.topics, p.gatekeeper, p.replacement))
        ids = {d.id for d in declarations}
        form.declarations.data = [self.declaration.id] if self.declaration and self.declaration.id in ids else []


def _organisation(declaration: Declaration | None) -> tuple[str | None, str | None]:
    """The declaration's organisation, only when it is public: a signed agreement is public, a family member's
    organisation (or one the politician shielded) must not become public through a proposal."""
    if declaration is None:
        return None, None
    version = declaration.published_version or declaration.current_version
    if version is None or not version.is_field_public("organisation"):
        return None, None
    return version.organisation, version.kvk_number


def proposal_for(answer: RiskAnswer, kind: AgreementKind) -> Prefill:
    check = answer.check
    politician = check.politician
    question = by_code(check.office, politician.body.kind).get(answer.question)
    topics = split_topics(check.portfolio) if question and question.portfolio_topic else []
    organisation, kvk = _organisation(answer.declaration)
    proposal = propose(kind, organisation=organisation, kvk_number=kvk, topic=topics[0] if topics else None,
                       body_name=politician.body.name, gatekeeper=gatekeeper_for(politician.body.kind, check.office))
    return Prefill(proposal, answer.declaration)
