"""Language of a request: Dutch (default) or English for the public register.

The language comes from, in order: ``?lang=`` on the URL (an explicit switch, remembered in a ``lang`` cookie),
the ``lang`` cookie, the browser's Accept-Language, Dutch. Only an explicit switch sets a cookie: an anonymous
visitor who did not choose gets none. A cache can key on the request alone (query, Cookie, Accept-Language).
"""
from __future__ import annotations

from typing import Any

from flask import Flask, g, request, url_for
from flask_babel import refresh
from werkzeug.routing import BuildError

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _valid(value: str | None) -> str | None:
    value = (value or "").strip().lower()[:5]
    return value if value in LANGUAGES else None


def requested_language() -> str | None:
    """The language asked for explicitly with ?lang= on this request (None when absent or unknown)."""
    return _valid(request.args.get("lang"))


def select_locale() -> str:
    """Flask-Babel's locale selector; also usable outside Babel (e.g. as a cache key part)."""
    try:
        return g.lang
    except AttributeError:
        pass
    except RuntimeError:  # no app context
        return DEFAULT
    try:
        lang = (requested_language() or _valid(request.cookies.get(COOKIE))
                or request.accept_languages.best_match(LANGUAGES) or DEFAULT)
    except RuntimeError:  # outside a request (CLI, mail from cron)
        return DEFAULT
    g.lang = lang
    return lang


def current_language() -> str:
    return select_locale()


def switch_url(lang: str) -> str:
    """The current page (same route, arguments and query) in another language, built with url_for from the
    matched route, never from the raw path: /%5C%5Cevil.example would otherwise give a link that a browser reads
    as another site. An address without a route (404, 405) links to the start page."""
    if request.url_rule is None or request.endpoint is None:
        return url_for("public.index", lang=lang)
    view_args = request.view_args or {}
    # Query keys that url_for would read as its own options (_external, _anchor, ...) or as route arguments go.
    query: dict[str, Any] = {key: request.args.getlist(key) for key in request.args
             if key != "lang" and not key.startswith("_") and key not in view_args}
    try:
        return url_for(request.endpoint, **view_args, **query, lang=lang)
    except BuildError:
        return url_for("public.index", lang=lang)


def init_i18n(app: Flask) -> None:
    @app.before_request
    def choose_language():
        # An app context can outlive a request (tests, CLI): decide afresh for every request.
        g.pop("lang", None)
        refresh()
        select_locale()

    @app.context_processor
    def language_globals():
        return {"current_lang": current_language(), "lang_switch_url": switch_url, "LANGUAGES": LANGUAGES}

    @app.after_request
    def remember_and_vary(response):
        if request.endpoint == "static":
            return response
        chosen = requested_language()
        if chosen and request.cookies.get(COOKIE) != chosen:
            # Only in answer to an explicit switch: an anonymous visitor who did not choose gets no cookie.
            response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                                secure=app.config.get("SESSION_COOKIE_SECURE", False))
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
        return response
