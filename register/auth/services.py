"""Account operations: each writes its audit event."""
from __future__ import annotations

import math
import secrets
from datetime import datetime
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from register.audit import record
from register.auth import throttle
from register.auth.passwords import (
    check_password_policy, hash_password, needs_rehash, unusable_hash, verify_password,
)
from register.extensions import db
from register.metrics import LOGINS_FAILED
from register.models import Body, Group, Politician, RoleGrant, RoleKind, User
from register.models.base import utcnow


class AccountError(ValueError):
    """A refused account operation, with a message for the user."""


class WrongPassword(AccountError):
    """The current password given to change it was wrong (counted as a failed login)."""


class LoginThrottled(AccountError):
    """Too many failed attempts for this account or from this client: refused without checking the password."""

    def __init__(self, until: datetime):
        self.seconds = max(1, math.ceil((until - utcnow()).total_seconds()))
        super().__init__(ngettext(
            "Te veel mislukte inlogpogingen. Wacht %(num)d minuut en probeer het dan opnieuw.",
            "Te veel mislukte inlogpogingen. Wacht %(num)d minuten en probeer het dan opnieuw.",
            math.ceil(self.seconds / 60)))


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _refuse_when_throttled(attempt: throttle.Attempt, email: str) -> None:
    until = throttle.blocked_until(attempt)
    if until is not None:
        record("auth.login_throttled", None, actor=None, email=email.strip().lower()[:254], until=until)
        LOGINS_FAILED.labels("throttled").inc()
        raise LoginThrottled(until)


def authenticate(email: str, password: str, *, client_address: str | None = None) -> User | None:
    """The active user with this e-mail and password; the audit trail records every attempt.

    Raises LoginThrottled after too many failures; an unknown address takes the same path and time as a wrong
    password (argon2 runs against a dummy hash) and is throttled alike.
    """
    attempt = throttle.attempt_for(email, client_address)
    _refuse_when_throttled(attempt, email)
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:  # without a user ok is False already (named for mypy)
        throttle.record_failure(attempt)
        record("auth.login_failed", user, actor=None, email=email.strip().lower()[:254])
        return None
    throttle.forget_account_failures(attempt)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record("auth.login", user, actor=user)
    return user


def create_user(*, email: str, name: str, password: str | None, actor=None, politician: Politician | None = None,
                reviewer_of: Iterable[Group] = (), griffie_of: Iterable[Body] = (), site_admin: bool = False) -> User:
    """Make an account with its roles. Without a password (an invitation follows) it gets an unusable random one,
    hashed like any other so that a login attempt on it takes the same time."""
    email = email.strip().lower()
    if password is not None:
        require_password_policy(password)
    if find_user_by_email(email):
        raise AccountError(_("Er bestaat al een account met dit e-mailadres."))
    if politician is not None and politician.user is not None:
        raise AccountError(_("Deze ambtsdrager heeft al een account."))
    user = User(email=email, name=name.strip(), politician=politician, site_admin=site_admin,
                password_hash=hash_password(password) if password is not None else unusable_hash())
    db.session.add(user)
    for group in reviewer_of:
        user.grants.append(RoleGrant(role=RoleKind.reviewer, group=group, body_id=group.body_id))
    for body in griffie_of:
        user.grants.append(RoleGrant(role=RoleKind.griffie, body=body, body_id=body.id))
    db.session.flush()
    body_id = politician.body_id if politician else next((g.body_id for g in user.grants), None)
    record("account.created", user, actor=actor, body_id=body_id, email=email,
           politician_id=politician.id if politician else None,
           roles=[(g.role.value, g.group_id or g.body_id) for g in user.grants])
    if site_admin:
        record("account.site_admin_granted", user, actor=actor)
    return user


def end_sessions(user: User) -> None:
    """Invalidate every existing login session of this user."""
    user.session_token = secrets.token_urlsafe(16)


def require_password_policy(password: str) -> None:
    problems = check_password_policy(password)
    if problems:
        raise AccountError(problems[0])


def change_password(user: User, new_password: str, *, actor) -> None:
    """A new password (it must meet the policy); every existing session of the user ends."""
    require_password_policy(new_password)
    user.password_hash = hash_password(new_password)
    end_sessions(user)
    record("account.password_changed", user, actor=actor)


def change_own_password(user: User, current_password: str, new_password: str, *,
                        client_address: str | None = None) -> None:
    """The user's own change; a wrong current password counts as a failed login (so it cannot be guessed here)."""
    attempt = throttle.attempt_for(user.email, client_address)
    _refuse_when_throttled(attempt, user.email)
    if not verify_password(user.password_hash, current_password):
        throttle.record_failure(attempt)
        record("account.password_change_failed", user, actor=user)
        raise WrongPassword(_("Het huidige wachtwoord klopt niet."))
    if new_password == current_password:
        raise AccountError(_("Het nieuwe wachtwoord moet anders zijn dan het huidige."))
    change_password(user, new_password, actor=user)


def record_logout(user: User) -> None:
    end_sessions(user)
    record("auth.logout", user, actor=user)
