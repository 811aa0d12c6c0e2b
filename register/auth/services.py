"""Account operations: each writes its audit event."""
from __future__ import annotations

import secrets
from typing import Iterable, Optional

from sqlalchemy import func, select

from register.audit import record
from register.auth.passwords import hash_password, needs_rehash, verify_password
from register.extensions import db
from register.models import Body, Group, Politician, RoleGrant, RoleKind, User
from register.models.base import utcnow


class AccountError(ValueError):
    """A refused account operation, with a message for the user."""


def find_user_by_email(email: str) -> Optional[User]:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> Optional[User]:
    """The active user with this e-mail and password; the audit trail records every attempt."""
    user = find_user_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or not user.active:
        record("auth.login_failed", user, actor=None, email=email.strip().lower()[:254])
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record("auth.login", user, actor=user)
    return user


def create_user(*, email: str, name: str, password: str, actor=None, politician: Optional[Politician] = None,
                reviewer_of: Iterable[Group] = (), griffie_of: Iterable[Body] = ()) -> User:
    """Make an account with its roles."""
    email = email.strip().lower()
    if find_user_by_email(email):
        raise AccountError("Er bestaat al een account met dit e-mailadres.")
    if politician is not None and politician.user is not None:
        raise AccountError("Deze ambtsdrager heeft al een account.")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), politician=politician)
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
    return user


def end_sessions(user: User) -> None:
    """Invalidate every existing login session of this user."""
    user.session_token = secrets.token_urlsafe(16)


def change_password(user: User, new_password: str, *, actor) -> None:
    user.password_hash = hash_password(new_password)
    end_sessions(user)
    record("account.password_changed", user, actor=actor)


def record_logout(user: User) -> None:
    end_sessions(user)
    record("auth.logout", user, actor=user)
