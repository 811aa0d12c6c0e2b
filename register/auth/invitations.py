"""Invitations for new accounts and "wachtwoord vergeten": one-time links by mail, every step in the audit trail.

Nobody chooses or sees another person's password: a new account gets an unusable random password and an
invitation to choose its own. "Wachtwoord vergeten" answers alike whether or not the address has an account.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from register import mail
from register.audit import record
from register.auth import throttle, tokens
from register.auth.passwords import hash_password
from register.auth.services import create_user, end_sessions, find_user_by_email, require_password_policy
from register.extensions import db
from register.models import AccountToken, Body, Group, Politician, RateLimitHit, TokenPurpose, User
from register.models.base import utcnow
from register.security import keyed_hash

ACCOUNT_SCOPE, CLIENT_SCOPE = "reset-account", "reset-client"


class TooManyResets(Exception):
    """Too many reset requests for this address or from this client; nothing was sent."""


def home_body_id(user: User) -> int | None:
    """The body an account-level event is filed under in the logbook (its politician's, else its first role's)."""
    if user.politician is not None:
        return user.politician.body_id
    return next((g.body_id for g in user.grants if g.revoked_at is None and g.body_id), None)


# ------------------------------------------------------------------------------------------------ invitations

def invite(user: User, *, actor, body: Body | None = None) -> AccountToken:
    """Mail the account a link (valid INVITATION_VALID_DAYS) to choose its own password; older links stop."""
    token, raw = tokens.issue(user, TokenPurpose.invitation, actor=actor)
    body_id = body.id if body is not None else home_body_id(user)
    mail.queue(to=user.email, subject=_("Uitnodiging voor het Belangenregister"), template="invitation",
               kind="invitation", dedupe_key=f"invitation:{token.id}", body_id=body_id, name=user.name,
               email=user.email, inviter=getattr(actor, "name", None), body_name=body.name if body else None,
               roles=", ".join(user.role_labels()), valid_until=token.expires_at,
               link=mail.external_url("auth.accept_invitation", token=raw))
    record("account.invited", user, actor=actor, body_id=body_id, email=user.email, valid_until=token.expires_at)
    return token


def invite_new_user(*, body: Body, email: str, name: str, actor, politician: Politician | None = None,
                    reviewer_of: Iterable[Group] = (), griffie: bool = False) -> User:
    """A new account with roles in this body, without a password, and its invitation."""
    user = create_user(email=email, name=name, password=None, actor=actor, politician=politician,
                       reviewer_of=reviewer_of, griffie_of=[body] if griffie else [])
    invite(user, actor=actor, body=body)
    return user


def accept_invitation(token: AccountToken, password: str) -> User:
    """The invited person chooses their password (under the policy); the link is used up."""
    require_password_policy(password)
    user = token.user
    _set_password(user, token, password)
    record("account.invitation_accepted", user, actor=user, body_id=home_body_id(user))
    return user


def _set_password(user: User, token: AccountToken, password: str) -> None:
    user.password_hash = hash_password(password)
    end_sessions(user)
    tokens.use(token)
    # Whoever proved they read this mailbox starts afresh with the login throttle.
    throttle.forget_account_failures(throttle.attempt_for(user.email, None))


# ------------------------------------------------------------------------------------------------ resets

def _recent(scope: str, key: str, since) -> int:
    return db.session.scalar(select(func.count()).select_from(RateLimitHit).where(
        RateLimitHit.scope == scope, RateLimitHit.client_key == key, RateLimitHit.created_at > since)) or 0


def _count_request(email: str, client_address: str | None) -> None:
    """Count this request per typed address and per client; refuse beyond the limits (shared by all workers).
    The address counts whether or not it has an account, so a refusal tells nothing about that."""
    config, now = current_app.config, utcnow()
    since = now - timedelta(minutes=config["RESET_WINDOW_MINUTES"])
    account, client = keyed_hash(ACCOUNT_SCOPE, email), keyed_hash(CLIENT_SCOPE, client_address or "")
    if _recent(ACCOUNT_SCOPE, account, since) >= config["RESET_MAX_PER_ACCOUNT"] \
            or _recent(CLIENT_SCOPE, client, since) >= config["RESET_MAX_PER_CLIENT"]:
        record("auth.reset_throttled", None, email=email[:254])
        raise TooManyResets()
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.scope.in_([ACCOUNT_SCOPE, CLIENT_SCOPE]),
                                                  RateLimitHit.created_at < now - timedelta(days=1)))
    db.session.add_all([RateLimitHit(scope=ACCOUNT_SCOPE, client_key=account, created_at=now),
                        RateLimitHit(scope=CLIENT_SCOPE, client_key=client, created_at=now)])


def request_reset(email: str, *, client_address: str | None) -> str:
    """Count a "wachtwoord vergeten" request (TooManyResets beyond the limits); returns the normalised address.

    Nothing here depends on whether the address has an account: the answer, and its timing, are the same either
    way. The account is looked up, and its link made and mailed, by send_reset_link after the response has gone."""
    email = (email or "").strip().lower()[:254]
    _count_request(email, client_address)
    return email


def send_reset_link(email: str) -> None:
    """Queue a reset link (valid RESET_VALID_MINUTES) when an active account has this address; otherwise only
    record the request. Runs after the response (auth.link_routes), outside the request: the link is built on
    BASE_URL, never on the Host header of an anonymous request (which would let anyone mail a victim a link to a
    site of their own)."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        record("auth.reset_requested", None, email=email[:254], account=False)
        return
    token, raw = tokens.issue(user, TokenPurpose.reset)
    mail.queue(to=user.email, subject=_("Nieuw wachtwoord kiezen voor het Belangenregister"),
               template="password_reset", kind="password_reset", dedupe_key=f"password-reset:{token.id}",
               body_id=home_body_id(user), name=user.name,
               link=mail.external_url("auth.reset_password", token=raw))
    record("auth.reset_requested", user, body_id=home_body_id(user), email=email[:254], account=True)


def reset_password(token: AccountToken, password: str) -> User:
    """A new password through a reset link: the link is used up and every session of the account ends."""
    require_password_policy(password)
    user = token.user
    _set_password(user, token, password)
    record("auth.password_reset", user, actor=user, body_id=home_body_id(user))
    return user
