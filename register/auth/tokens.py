"""One-time links for invitations and password resets.

The link carries 256 random bits; the database keeps only their SHA-256 hash, so neither a copy of the database
nor the audit trail holds a usable link. A link works once, until it expires; issuing a new link of the same
purpose ends the older ones, so only the newest mail counts.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from register.extensions import db
from register.models import AccountToken, TokenPurpose, User
from register.models.base import utcnow


class LinkProblem(Exception):
    """An unusable link: unknown (forged or mistyped), used before, or expired; with a Dutch explanation."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def lifetime(purpose: TokenPurpose) -> timedelta:
    config = current_app.config
    if purpose == TokenPurpose.invitation:
        return timedelta(days=config["INVITATION_VALID_DAYS"])
    return timedelta(minutes=config["RESET_VALID_MINUTES"])


def issue(user: User, purpose: TokenPurpose, *, actor=None) -> tuple[AccountToken, str]:
    """A new link for this user; the older unused links of the same purpose stop working. Returns (row, raw)."""
    now = utcnow()
    db.session.execute(update(AccountToken).where(
        AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None),
        AccountToken.expires_at > now).values(expires_at=now).execution_options(synchronize_session=False))
    raw = secrets.token_urlsafe(32)
    token = AccountToken(user_id=user.id, purpose=purpose, token_hash=token_hash(raw), created_at=now,
                         expires_at=now + lifetime(purpose), created_by_id=getattr(actor, "id", None))
    db.session.add(token)
    db.session.flush()
    return token, raw


def find(raw: str, purpose: TokenPurpose) -> AccountToken:
    """The usable token behind a link, or LinkProblem saying why not."""
    token = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == token_hash(raw or ""),
                                                         AccountToken.purpose == purpose))
    if token is None or not token.user.active:
        raise LinkProblem("unknown", _("Deze link is niet geldig. Controleer of u de hele link uit de e-mail heeft "
                                       "gebruikt."))
    if token.used_at is not None:
        raise LinkProblem("used", _("Deze link is al gebruikt. Een link werkt maar één keer."))
    if token.expires_at <= utcnow():
        raise LinkProblem("expired", _("Deze link is verlopen."))
    return token


def use(token: AccountToken) -> None:
    token.used_at = utcnow()


def pending_invitations(user_ids) -> set[int]:
    """Of these accounts, those with an invitation that has not been used (one query, for lists)."""
    ids = list(user_ids)
    if not ids:
        return set()
    used = select(AccountToken.user_id).where(AccountToken.purpose == TokenPurpose.invitation,
                                              AccountToken.used_at.is_not(None))
    return set(db.session.scalars(select(AccountToken.user_id).where(
        AccountToken.user_id.in_(ids), AccountToken.purpose == TokenPurpose.invitation,
        AccountToken.user_id.not_in(used)).distinct()))
