"""Subscribing, confirming and unsubscribing: every state change of an alert subscription, with its audit event.

Nothing here tells the visitor whether an address was already subscribed: a repeated subscription is counted and
answered like a new one (a confirmed one gets no second mail). The audit events name what is followed, never the
address.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from register import mail
from register.audit import record
from register.auth.tokens import token_hash
from register.extensions import db
from register.models import Body, Group, OutboxMessage, Politician, RateLimitHit, Subscription
from register.models.base import utcnow
from register.models.signals import MAX_ATTEMPTS
from register.security import keyed_hash

ADDRESS_SCOPE, CLIENT_SCOPE = "alert-address", "alert-client"
ERASED = "[afgemeld]"  # what is left of the recipient of a message to an address that unsubscribed


class TooManySubscriptions(Exception):
    """The client or the address asked too often today; nothing was stored or sent."""


class UnusableLink(Exception):
    """An unknown, used or expired confirmation link (one neutral page for all three)."""


def address_key(email: str) -> str:
    return keyed_hash(ADDRESS_SCOPE, email.strip().lower())


def unsubscribe_token(subscription: Subscription) -> str:
    """The token of the unsubscribe link: derived, so every mail can carry it while the database keeps a hash."""
    return keyed_hash("alert-unsubscribe", subscription.link_nonce)


def target_name(target: Body | Group | Politician) -> str:
    if isinstance(target, Group):
        return _("fractie %(name)s", name=target.name)
    return target.name


def body_of(target: Body | Group | Politician) -> Body:
    return target if isinstance(target, Body) else target.body


# ------------------------------------------------------------------------------------------------ rate limit

def _recent(scope: str, key: str, since) -> int:
    return db.session.scalar(select(func.count()).select_from(RateLimitHit).where(
        RateLimitHit.scope == scope, RateLimitHit.client_key == key, RateLimitHit.created_at > since)) or 0


def _count_request(email_key: str, client_address: str | None) -> None:
    """Per address and per client, at most a few requests a day; counted whatever the address's state."""
    config, now = current_app.config, utcnow()
    client, since = keyed_hash(CLIENT_SCOPE, client_address or ""), now - timedelta(days=1)
    if _recent(ADDRESS_SCOPE, email_key, since) >= config.get("ALERT_MAX_PER_ADDRESS", 3) \
            or _recent(CLIENT_SCOPE, client, since) >= config.get("ALERT_MAX_PER_CLIENT", 10):
        raise TooManySubscriptions()
    db.session.execute(delete(RateLimitHit).where(RateLimitHit.scope.in_([ADDRESS_SCOPE, CLIENT_SCOPE]),
                                                  RateLimitHit.created_at < since))
    db.session.add_all([RateLimitHit(scope=ADDRESS_SCOPE, client_key=email_key, created_at=now),
                        RateLimitHit(scope=CLIENT_SCOPE, client_key=client, created_at=now)])


# ------------------------------------------------------------------------------------------------ subscribing

def _existing(email_key: str, target) -> Subscription | None:
    column = {Politician: Subscription.politician_id, Group: Subscription.group_id}.get(type(target))
    statement = select(Subscription).where(Subscription.email_key == email_key)
    if column is None:
        statement = statement.where(Subscription.body_id == target.id, Subscription.group_id.is_(None),
                                    Subscription.politician_id.is_(None))
    else:
        statement = statement.where(column == target.id)
    return db.session.scalar(statement)


def _new(email: str, email_key: str, target) -> Subscription:
    nonce = secrets.token_urlsafe(32)
    subscription = Subscription(email=email, email_key=email_key, link_nonce=nonce,
                                body_id=body_of(target).id,
                                group_id=target.id if isinstance(target, Group) else None,
                                politician_id=target.id if isinstance(target, Politician) else None)
    subscription.unsubscribe_hash = token_hash(keyed_hash("alert-unsubscribe", nonce))
    db.session.add(subscription)
    return subscription


def subscribe(email: str, target: Body | Group | Politician, *, client_address: str | None) -> None:
    """Count the request, store an unconfirmed subscription and queue its confirmation mail; a confirmed one
    stays as it is and gets no mail. The caller answers the same page in every case."""
    email = email.strip().lower()
    key = address_key(email)
    _count_request(key, client_address)
    subscription = _existing(key, target)
    if subscription is not None and subscription.confirmed_at is not None:
        return
    subscription = subscription or _new(email, key, target)
    raw, now = secrets.token_urlsafe(32), utcnow()
    subscription.confirm_hash = token_hash(raw)
    subscription.confirm_expires_at = now + timedelta(hours=current_app.config.get("ALERT_CONFIRM_HOURS", 48))
    db.session.flush()
    record("alert.requested", target, body_id=subscription.body_id)
    _queue_confirmation(subscription, raw)


def _queue_confirmation(subscription: Subscription, raw: str) -> None:
    name = target_name(subscription.target)
    mail.queue(to=subscription.email, subject=_("Bevestig dat u %(name)s wilt volgen", name=name),
               template="alert_confirm", kind="alert_confirm", ref=f"alert:{subscription.id}",
               dedupe_key=f"alert-confirm:{subscription.id}:{subscription.confirm_hash}",
               body_id=subscription.body_id, headers=unsubscribe_headers(subscription), name=name,
               link=mail.external_url("alerts.confirm", token=raw),
               unsubscribe=mail.external_url("alerts.unsubscribe", token=unsubscribe_token(subscription)),
               hours=current_app.config.get("ALERT_CONFIRM_HOURS", 48))


def unsubscribe_headers(subscription: Subscription) -> dict[str, str]:
    """RFC 2369 and RFC 8058: a mail client may offer one-click unsubscribe by POSTing to this address."""
    link = mail.external_url("alerts.one_click", token=unsubscribe_token(subscription))
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# ------------------------------------------------------------------------------------------------ confirming

def confirm(raw: str) -> Subscription:
    """Confirm the subscription behind a link; UnusableLink when unknown, used or expired (all look the same)."""
    subscription = db.session.scalar(select(Subscription).where(Subscription.confirm_hash == token_hash(raw or "")))
    now = utcnow()
    if subscription is None or subscription.confirm_expires_at is None or subscription.confirm_expires_at <= now:
        raise UnusableLink()
    subscription.confirmed_at = subscription.last_digest_at = now
    subscription.confirm_hash = subscription.confirm_expires_at = None  # the link works once
    record("alert.confirmed", subscription.target, body_id=subscription.body_id)
    return subscription


# ------------------------------------------------------------------------------------------------ unsubscribing

def find_by_unsubscribe_token(raw: str) -> Subscription | None:
    return db.session.scalar(select(Subscription).where(Subscription.unsubscribe_hash == token_hash(raw or "")))


def unsubscribe(raw: str) -> bool:
    """Delete the subscription behind the link and erase its address from its mails; False when it is gone."""
    subscription = find_by_unsubscribe_token(raw)
    if subscription is None:
        return False
    record("alert.unsubscribed", subscription.target, body_id=subscription.body_id)
    _erase(subscription)
    return True


def _erase(subscription: Subscription) -> None:
    """The address goes (AVG): the row is deleted and its mails keep no recipient; an unsent one is never sent."""
    ref = f"alert:{subscription.id}"
    db.session.execute(update(OutboxMessage).where(OutboxMessage.ref == ref, OutboxMessage.sent_at.is_(None))
                       .values(attempts=MAX_ATTEMPTS, last_error=_("Afgemeld: niet verzonden."))
                       .execution_options(synchronize_session=False))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.ref == ref).values(recipient=ERASED)
                       .execution_options(synchronize_session=False))
    db.session.delete(subscription)


def purge_unconfirmed(now=None) -> int:
    """Remove the subscriptions whose confirmation link expired unused: they never get mail."""
    now = now or utcnow()
    expired = db.session.scalars(select(Subscription).where(Subscription.confirmed_at.is_(None),
                                                            Subscription.confirm_expires_at <= now)).all()
    for subscription in expired:
        _erase(subscription)
    if expired:
        record("alert.expired_removed", None, rows=len(expired))
    return len(expired)
