"""Browser safety: response headers, login sessions with idle and absolute time limits, keyed hashes."""
from __future__ import annotations

import hashlib
import hmac
import time

from flask import Flask, current_app, flash, g, request, session
from flask_babel import gettext as _
from flask_login import current_user, login_user

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

# Only rewrite the last-seen time when it is this old, so that not every request sets a new cookie.
SEEN_RESOLUTION_SECONDS = 60


def keyed_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of a value (keyed with SECRET_KEY): lets us count a client without storing its address."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _now() -> int:
    return int(time.time())


def begin_session(user) -> None:
    """Log in with a brand-new session: nothing from before the login (a planted cookie, a CSRF token) survives."""
    session.clear()
    login_user(user)
    session["login_at"] = session["seen_at"] = _now()


def _session_expired() -> bool:
    login_at, seen_at, now = session.get("login_at"), session.get("seen_at"), _now()
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True
    config = current_app.config
    return (now - seen_at > config["SESSION_IDLE_MINUTES"] * 60
            or now - login_at > config["SESSION_MAX_HOURS"] * 3600)


def init_session_limits(app: Flask) -> None:
    """End a login session after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS after the login."""

    @app.before_request
    def expire_sessions():
        # Only the signed session cookie changes here; the database is not touched.
        if "_user_id" not in session:
            return
        if _session_expired():
            session.clear()
            g.pop("_login_user", None)
            flash(_("Uw sessie is verlopen. Log opnieuw in."), "info")
        elif _now() - session["seen_at"] >= SEEN_RESOLUTION_SECONDS:
            session["seen_at"] = _now()


def init_security_headers(app: Flask) -> None:
    production = app.config.get("ENV_NAME") == "production"

    @app.after_request
    def set_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Pages for logged-in users hold private data: never keep them in a (shared) cache.
        if request.endpoint != "static" and current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
        return response
