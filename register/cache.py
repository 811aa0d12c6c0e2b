"""HTTP caching and a per-worker response cache for the public register, driven by a data version in the database.

Every flush that adds, changes or deletes public data (bodies, fracties, politicians, declarations and their
versions, reviews, agreements, sign-offs, recusals, context notes, confirmations) bumps `content_version` in the
same transaction (`touch`). Anonymous GETs of public pages, search, open data and the API then get:
- an ETag built from (data version, today's date, path + query, language) and a Last-Modified, with
  `Cache-Control: public, no-cache` (caches may keep the page but must revalidate: a publish is visible at once);
  a matching If-None-Match (or If-Modified-Since) is answered 304 before the view runs;
- a bounded per-worker LRU of rendered responses under that same key, so a repeated page costs one tiny query.
Because the version lives in the database, a publish on any worker or app server changes the key everywhere.
Logged-in users, requests with an Authorization header or pending flash messages, responses that change the
session (they would set a cookie), streamed responses and anything but 200 are never stored.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import datetime, time, UTC

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from register.extensions import db
from register.models import (
    Agreement, AgreementVersion, Body, Confirmation, ContentVersion, ContextNote, Declaration, DeclarationChange,
    DeclarationVersion, Group, Politician, Recusal, Review, SignOff,
)
from register.models.base import AMSTERDAM

PUBLIC_MODELS = (Body, Group, Politician, Declaration, DeclarationVersion, DeclarationChange, Review, Confirmation,
                 Agreement, AgreementVersion, SignOff, Recusal, ContextNote)
CACHED_BLUEPRINTS = {"public", "search", "opendata", "api"}
NOT_CACHED_ENDPOINTS = {"public.healthz", "public.archive"}
MAX_STORED_BYTES = 2 * 1024 * 1024


# --- the data version -----------------------------------------------------------------------------------------

def touch(session: Session) -> None:
    """Bump the data version in the session's current transaction (insert the row if it is missing)."""
    connection = session.connection()
    now = datetime.now(UTC)
    table = ContentVersion.__table__
    result = connection.execute(update(table).where(table.c.id == 1)
                                .values(version=table.c.version + 1, changed_at=now))
    if result.rowcount == 0:  # the row was removed (tests empty every table): start above any earlier number
        connection.execute(insert(table).values(id=1, version=int(now.timestamp()), changed_at=now))


def _changes_public_data(session: Session) -> bool:
    return any(isinstance(obj, PUBLIC_MODELS) for objects in (session.new, session.dirty, session.deleted)
               for obj in objects)


@event.listens_for(Session, "after_flush")
def _bump_after_flush(session: Session, _context) -> None:
    if _changes_public_data(session):
        touch(session)


_TABLE = ContentVersion.__table__
_VERSION_QUERY = select(_TABLE.c.version, _TABLE.c.changed_at).where(_TABLE.c.id == 1)


def read_version() -> tuple[int, datetime] | None:
    """The current data version and when it changed, or None when the row is missing (nothing is cached then)."""
    # Core on the session's connection (not an ORM select): this runs on every public request.
    row = db.session.connection().execute(_VERSION_QUERY).first()
    return (row.version, row.changed_at) if row else None


# --- the per-worker response cache ----------------------------------------------------------------------------

class ResponseCache:
    """A bounded, thread-safe LRU of (status, headers, body) keyed by the request key and data version."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key, item) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def _is_cacheable_request() -> bool:
    if request.method not in ("GET", "HEAD") or not current_app.config.get("HTTP_CACHING", True):
        return False
    endpoint = request.endpoint or ""
    if request.blueprint not in CACHED_BLUEPRINTS or endpoint in NOT_CACHED_ENDPOINTS:
        return False
    if "Authorization" in request.headers or current_user.is_authenticated:
        return False
    return "_flashes" not in session


def _last_modified(changed_at: datetime, today) -> datetime:
    """Pages also change with the date (retention periods), so the start of today counts as a change too."""
    midnight = datetime.combine(today, time(0), tzinfo=AMSTERDAM).astimezone(UTC)
    changed = changed_at if changed_at.tzinfo else changed_at.replace(tzinfo=UTC)
    return max(changed, midnight).replace(microsecond=0)


def _validators(response: Response) -> Response:
    response.set_etag(g.cache_etag)
    response.last_modified = g.cache_last_modified
    response.headers["Cache-Control"] = "public, no-cache"
    response.vary.add("Accept-Language")
    return response


def _not_modified() -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(g.cache_etag)
    since = request.if_modified_since
    return since is not None and g.cache_last_modified <= since


def before_request():
    """Answer 304 or a stored response for anonymous public GETs; remember the key for after_request."""
    g.cache_key, g.cache_hit = None, False  # g outlives a request when a test shares its app context
    if not _is_cacheable_request():
        return None
    state = read_version()
    if state is None:
        return None
    from register.public import periods
    today = periods.amsterdam_today()
    version, changed_at = state
    from register.i18n import select_locale  # ?lang=, the lang cookie or Accept-Language: the page's language
    # The host too: feeds, API and exports hold absolute links built from it, and a forged Host header must
    # not put its links into the page that everyone else then gets.
    g.cache_key = (request.host_url, request.full_path, select_locale(), today.isoformat(), version)
    g.cache_etag = hashlib.sha256(repr(g.cache_key).encode()).hexdigest()[:32]
    g.cache_last_modified = _last_modified(changed_at, today)
    if _not_modified():
        g.cache_hit = True
        return _validators(Response(status=304))
    cache: ResponseCache | None = current_app.extensions.get("response_cache")
    stored = cache.get(g.cache_key) if cache is not None else None
    if stored is None:
        return None
    g.cache_hit = True
    status, headers, body = stored
    return Response(body, status=status, headers=headers)


def after_request(response: Response) -> Response:
    """Add validators to anonymous public 200s and store small, cookie-free ones in the worker's cache."""
    if getattr(g, "cache_key", None) is None or response.status_code not in (200, 304):
        return response
    if response.status_code == 304:
        return response
    _validators(response)
    cache: ResponseCache | None = current_app.extensions.get("response_cache")
    if (cache is None or getattr(g, "cache_hit", False) or request.method != "GET" or response.is_streamed
            or session.modified or "Set-Cookie" in response.headers):
        return response
    body = response.get_data()
    if len(body) <= MAX_STORED_BYTES:
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("set-cookie", "content-length")]
        cache.put(g.cache_key, (response.status_code, headers, body))
    return response


def init_cache(app: Flask) -> None:
    """Register the hooks last, so they run after the access checks and before the security headers."""
    if app.config.get("RESPONSE_CACHE", True):
        app.extensions["response_cache"] = ResponseCache(app.config.get("RESPONSE_CACHE_SIZE", 500))
    app.before_request(before_request)
    app.after_request(after_request)
