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
