"""Atom feeds of published changes: of the whole register, of one body and of one politician. The changes come
from register/public/changes.py, the same query as the recent-changes pages and the e-mail alerts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import current_app, request, url_for
from flask_babel import gettext as _

from register.models import Body, Politician
from register.models.base import utcnow
from register.public import changes

FEED_SIZE = 50
TAG_DATE = "2026"
# XML 1.0 cannot carry these; a stray control character must not break the whole feed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class Entry:
    tag: str
    title: str
    updated: datetime
    link: str
    text: str


def _clean(text: str | None) -> str:
    return NOT_XML.sub("", text or "")


def _authority() -> str:
    """The tag: URI authority: configurable, so that entry ids stay the same whatever host serves the feed."""
    return current_app.config.get("FEED_TAG_AUTHORITY") or request.host.split(":")[0] or "belangenregister"


def newest_changes(scope: changes.Scope) -> list[Entry]:
    """The newest FEED_SIZE published changes of the scope as feed entries, newest first (at most 5 queries)."""
    entries = []
    for change in changes.page_of_changes(scope, 1, FEED_SIZE).changes:
        link = url_for("public.politician", body_slug=change.body.slug, politician_slug=change.politician.slug,
                       _external=True) + f"#{change.anchor}"
        entries.append(Entry(tag=f"tag:{_authority()},{TAG_DATE}:{change.tag}",
                             title=f"{change.label}: {change.politician.name} ({change.body.name}) — {change.subject}",
                             updated=change.at, link=link, text="\n".join(change.lines)))
    return entries


def _feed_for(body: Body | None, politician: Politician | None) -> tuple[FeedGenerator, changes.Scope]:
    """The feed's id, title and links, and which changes it holds."""
    feed = FeedGenerator()
    if body is None:  # a politician's feed always comes with the politician's body
        feed.id(f"tag:{_authority()},{TAG_DATE}:feed")
        feed.title(_("Belangenregister: nieuwe en gewijzigde opgaven en afspraken"))
        self_url = url_for("opendata.feed", _external=True)
        page_url = url_for("public.changes", _external=True)
        return _linked(feed, self_url, page_url), changes.Scope()
    if politician is not None:
        feed.id(f"tag:{_authority()},{TAG_DATE}:feed:{body.slug}:{politician.id}")
        feed.title(_("Belangenregister: wijzigingen bij %(name)s (%(body)s)", name=politician.name, body=body.name))
        self_url = url_for("opendata.politician_feed", body_slug=body.slug, politician_slug=politician.slug,
                           _external=True)
        page_url = url_for("public.history", body_slug=body.slug, politician_slug=politician.slug, _external=True)
        return _linked(feed, self_url, page_url), changes.Scope(politician_id=politician.id)
    feed.id(f"tag:{_authority()},{TAG_DATE}:feed:{body.slug}")
    feed.title(_("Belangenregister %(body)s: nieuwe en gewijzigde opgaven en afspraken", body=body.name))
    self_url = url_for("opendata.body_feed", body_slug=body.slug, _external=True)
    page_url = url_for("public.body_changes", body_slug=body.slug, _external=True)
    return _linked(feed, self_url, page_url), changes.Scope(body_id=body.id)


def _linked(feed: FeedGenerator, self_url: str, page_url: str) -> FeedGenerator:
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    return feed


def atom(body: Body | None, politician: Politician | None = None) -> bytes:
    """The Atom document for the whole register, one body, or one politician of that body."""
    feed, scope = _feed_for(body, politician)
    entries = newest_changes(scope)
    feed.author({"name": "Belangenregister"})
    feed.language("nl")
    feed.rights(_("Vrij te hergebruiken (CC0)"))
    feed.updated(entries[0].updated if entries else (body.created_at if body is not None else utcnow()))
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(item.tag)
        entry.title(_clean(item.title))
        entry.updated(item.updated)
        entry.published(item.updated)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.content(_clean(item.text), type="text")
    return feed.atom_str(pretty=True)
