"""All models, importable from one place."""
from register.models.audit import AuditEvent
from register.models.people import (
    Body, BodyKind, FormerSlug, Group, Office, Politician, RoleGrant, RoleKind, User,
)
from register.models.declarations import (
    Declaration, DeclarationChange, DeclarationKind, DeclarationStatus, DeclarationVersion, IncomeBand,
    Review, ReviewOutcome,
)
from register.models.confirmations import Confirmation
from register.models.cache import ContentVersion
from register.models.agreements import (
    Agreement, AgreementStatus, AgreementVersion, SignOff, SignOffDecision,
)
from register.models.security import LoginFailure
from register.models.onboarding import AccountToken, ImportBatch, TokenPurpose
from register.models.signals import (
    ContextNote, OutboxMessage, OutcomeBasis, RateLimitHit, Recusal, Signal, SignalOutcome, SignalResponse,
    SignalStatus,
)

__all__ = [
    "AuditEvent", "Body", "BodyKind", "FormerSlug", "Group", "Office", "Politician", "RoleGrant", "RoleKind", "User",
    "Declaration", "DeclarationChange", "DeclarationKind", "DeclarationStatus", "DeclarationVersion",
    "IncomeBand", "Review", "ReviewOutcome", "Agreement", "AgreementStatus", "AgreementVersion", "SignOff",
    "SignOffDecision", "Confirmation", "ContentVersion",
    "ContextNote", "OutboxMessage", "OutcomeBasis", "RateLimitHit", "Recusal", "Signal", "SignalOutcome",
    "SignalResponse", "SignalStatus", "LoginFailure", "AccountToken", "ImportBatch", "TokenPurpose",
]
from register.models.agreements import AgreementKind, AgreementOrganisation  # noqa: E402
from register.models.risk import AnswerValue, CheckTrigger, RiskAnswer, RiskAnswerAgreement, RiskCheck  # noqa: E402
from register.models.relations import BodyRelation, DataImport, ImportUpload, RelationKind  # noqa: E402
from register.models.agenda import AgendaItem, AgendaMatch, MatchStatus, MatchSuppression, Meeting  # noqa: E402

__all__ += [
    "AgreementKind", "AgreementOrganisation", "AnswerValue", "CheckTrigger", "RiskAnswer", "RiskAnswerAgreement",
    "RiskCheck", "BodyRelation", "DataImport", "ImportUpload", "RelationKind", "AgendaItem", "AgendaMatch",
    "MatchStatus", "MatchSuppression", "Meeting",
]
from register.models.statements import Statement, StatementKind  # noqa: E402

__all__ += ["Statement", "StatementKind"]
from register.models.alerts import Subscription  # noqa: E402

__all__ += ["Subscription"]
