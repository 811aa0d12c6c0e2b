"""The daily digest (`flask send-alerts`): per confirmed subscription, the public changes since its last digest.

The changes come from register/public/changes.py, the query of the feeds and /wijzigingen, so a digest shows
exactly what the public register shows. One mail per subscription per day at most (the dedupe key holds the date):
running the command twice on a day sends nothing twice. Nothing changed: no mail.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register import mail
from register.alerts.services import purge_unconfirmed, target_name, unsubscribe_headers, unsubscribe_token
from register.extensions import db
from register.models import Subscription
from register.models.base import AMSTERDAM, utcnow
from register.public.changes import Change, Scope, page_of_changes

MAX_ITEMS = 50  # a longer digest links to the recent-changes page for the rest


@dataclass
class DigestItem:
    change: Change
    link: str


def _items(subscription: Subscription, now) -> tuple[list[DigestItem], bool]:
    scope = Scope(body_id=subscription.body_id, group_id=subscription.group_id,
                  politician_id=subscription.politician_id, since=subscription.last_digest_at)
    page = page_of_changes(scope, 1, MAX_ITEMS)
    items = [DigestItem(change, mail.external_url("public.history", body_slug=change.body.slug,
                                                  politician_slug=change.politician.slug,
                                                  _anchor=change.history_anchor))
             for change in page.changes if change.at <= now]
    return items, page.more


def _send_one(subscription: Subscription, now) -> bool:
    items, more = _items(subscription, now)
    if not items:
        return False
    day = now.astimezone(AMSTERDAM).date().isoformat()
    name = target_name(subscription.target)
    message = mail.queue(
        to=subscription.email, subject=_("Wijzigingen bij %(name)s in het Belangenregister", name=name),
        template="alert_digest", kind="alert_digest", dedupe_key=f"alert-digest:{subscription.id}:{day}",
        ref=f"alert:{subscription.id}", body_id=subscription.body_id, headers=unsubscribe_headers(subscription),
        name=name, items=items, more=more,
        all_changes=mail.external_url("public.body_changes", body_slug=subscription.body.slug),
        unsubscribe=mail.external_url("alerts.unsubscribe", token=unsubscribe_token(subscription)))
    if message is None:  # already sent today: the next run picks these changes up tomorrow
        return False
    subscription.last_digest_at = max(item.change.at for item in items)
    return True


def send_alerts() -> tuple[int, int]:
    """Queue today's digests and remove expired unconfirmed subscriptions; (digests queued, removed)."""
    now = utcnow()
    removed = purge_unconfirmed(now)
    subscriptions = db.session.scalars(
        select(Subscription).where(Subscription.confirmed_at.is_not(None)).order_by(Subscription.id)
        .options(selectinload(Subscription.body), selectinload(Subscription.group),
                 selectinload(Subscription.politician))).all()
    queued = sum(_send_one(subscription, now) for subscription in subscriptions)
    db.session.commit()
    return queued, removed
