"""HTTP response headers that keep browsers safe."""
from flask import Flask, request
from flask_login import current_user

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


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
