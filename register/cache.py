"""HTTP caching and a per-worker response cache for the public register, driven by the data version.

The data version (register/data_version.py) moves with every change that can reach a public output; each worker
reads it at most every CACHE_VERSION_CHECK_MS (default 1000 ms), at once after its own commits. Anonymous GETs of
public pages, search, open data and the API then get:
- an ETag built from (data version, today's date, path + query, language, the release of the code) and a
  Last-Modified; a matching If-None-Match (or If-Modified-Since) is answered 304 before the view runs;
- `Cache-Control: public, max-age=0, s-maxage=N` (N = PUBLIC_SHARED_MAX_AGE, default 10 s): a browser revalidates
  every time (304s are cheap), a shared cache (nginx, a CDN) may serve its copy N seconds without asking. A change
  is therefore visible everywhere within CACHE_VERSION_CHECK_MS + N, on the worker that made it (without a shared
  cache) at once. PUBLIC_STALE_IF_ERROR=S adds `stale-if-error=S`: a shared cache may serve its copy S seconds
  longer while the app answers with errors. No stale-while-revalidate: it would let a quiet page be served stale
  once long after a change, beyond the bound (nginx's proxy_cache_lock / use_stale updating protect against a
  stampede without that). PUBLIC_SHARED_MAX_AGE=0 gives `public, no-cache` (every use revalidated);
- a bounded per-worker LRU of rendered responses under that same key: while the worker's reading of the version
  is fresh, a repeated page costs no database work at all.
Logged-in users, requests with an Authorization header or pending flash messages, responses that change the
session (they would set a cookie), streamed responses and anything but 200 are never stored; a response that sets
a cookie is never public (`private, no-cache`), and logged-in pages are `no-store` (register/security.py).
`Vary: Cookie, Accept-Language` (register/i18n.py) keeps a shared cache from mixing languages or visitors.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import UTC, datetime, time
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, current_app, g, request, request_finished, session
from flask_login import current_user

from register.data_version import current_version, init_data_version, read_version, touch  # noqa: F401
from register.models.base import AMSTERDAM

CACHED_BLUEPRINTS = {"public", "search", "opendata", "api"}
NOT_CACHED_ENDPOINTS = {"public.healthz", "public.archive"}
MAX_STORED_BYTES = 2 * 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def release() -> str:
    """A digest of the code, templates, translations and migrations (read once per process, ~10 ms).

    Part of every ETag: after a deploy (which may migrate data without moving the data version) an old ETag no
    longer matches."""
    digest = hashlib.sha256()
    for folder, pattern in (("register", "**/*.py"), ("templates", "**/*"), ("register/translations", "**/*.mo"),
                            ("migrations", "**/*.py")):
        for path in sorted((ROOT / folder).glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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


def setting(config, name: str, default: int) -> int:
    """A whole number of 0 or more from the configuration; anything else stops the start with a clear message."""
    raw = config.get(name, default)
    try:
        value = int(str(raw).strip())
    except ValueError:
        value = -1
    if value < 0:
        raise RuntimeError(f"{name} moet een geheel getal van 0 of meer zijn, niet {raw!r}.")
    return value


def shared_cache_policy(config) -> str:
    """Cache-Control for anonymous public responses (see the module docstring and README, "Caching")."""
    shared_max_age = setting(config, "PUBLIC_SHARED_MAX_AGE", 10)
    if shared_max_age == 0:
        return "public, no-cache"
    policy = f"public, max-age=0, s-maxage={shared_max_age}"
    stale_if_error = setting(config, "PUBLIC_STALE_IF_ERROR", 0)
    return policy + (f", stale-if-error={stale_if_error}" if stale_if_error > 0 else "")


def _etag() -> str:
    """The ETag of this request's key, computed once and only when needed (a plain hit does without)."""
    if g.cache_etag is None:
        g.cache_etag = hashlib.sha256(repr(g.cache_key).encode()).hexdigest()[:32]
    return g.cache_etag


def _validators(response: Response) -> Response:
    response.set_etag(_etag())
    response.last_modified = _last_modified(*g.cache_changed)
    response.headers["Cache-Control"] = current_app.extensions["cache_policy"]
    response.vary.add("Accept-Language")
    return response


def _not_modified() -> bool:
    environ = request.environ  # the headers are parsed only when a client sent them
    if "HTTP_IF_NONE_MATCH" in environ:
        return request.if_none_match.contains(_etag())
    if "HTTP_IF_MODIFIED_SINCE" in environ:
        since = request.if_modified_since
        return since is not None and _last_modified(*g.cache_changed) <= since
    return False


def before_request():
    """Answer 304 or a stored response for anonymous public GETs; remember the key for after_request."""
    g.cache_key, g.cache_hit = None, False  # g outlives a request when a test shares its app context
    if not _is_cacheable_request():
        return None
    state = current_version()  # no database work while this worker's reading is fresh
    if state is None:
        return None
    from register.i18n import select_locale  # ?lang=, the lang cookie or Accept-Language: the page's language
    from register.public import periods
    today = periods.amsterdam_today()
    version, changed_at = state
    # The host too: feeds, API and exports hold absolute links built from it, and a forged Host header must
    # not put its links into the page that everyone else then gets.
    g.cache_key = (request.host_url, request.path, request.query_string, select_locale(), today.isoformat(), version,
                   release())
    g.cache_etag, g.cache_changed = None, (changed_at, today)
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
    if getattr(g, "cache_key", None) is None or response.status_code != 200 or g.cache_hit:
        return response  # a 304 or a stored response has its validators already
    _validators(response)
    cache: ResponseCache | None = current_app.extensions.get("response_cache")
    if (cache is None or request.method != "GET" or response.is_streamed
            or session.modified or "Set-Cookie" in response.headers):
        return response
    body = response.get_data()
    if len(body) <= MAX_STORED_BYTES:
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in ("set-cookie", "content-length")]
        cache.put(g.cache_key, (response.status_code, headers, body))
    return response


def _no_shared_caching_with_cookies(_sender, response: Response, **_extra) -> None:
    """After the session is saved (request_finished): a response that sets a cookie is never for a shared cache."""
    if "Set-Cookie" in response.headers and response.cache_control.public:
        response.headers["Cache-Control"] = "private, no-cache"


def init_cache(app: Flask) -> None:
    """Register the hooks last, so they run after the access checks and before the security headers."""
    init_data_version(app, setting(app.config, "CACHE_VERSION_CHECK_MS", 1000))
    app.extensions["cache_policy"] = shared_cache_policy(app.config)
    if app.config.get("RESPONSE_CACHE", True):
        app.extensions["response_cache"] = ResponseCache(app.config.get("RESPONSE_CACHE_SIZE", 500))
    app.before_request(before_request)
    app.after_request(after_request)
    request_finished.connect(_no_shared_caching_with_cookies, app)
