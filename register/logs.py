"""Logging, configured in one place (create_app): readable lines by default, JSON lines with LOG_FORMAT=json.

Every line written during a request carries its request id (the X-Request-ID header when it is well-formed,
otherwise a new one), the method and the path; the closing line of each request (logger "register.request") adds
the status, the duration and the endpoint. The id goes back in the X-Request-ID response header and on the error
pages, so that the "referentie" a user reads out finds every line of their request. Nothing here logs a client
address, a query string or a form field; as a last guard every line has its e-mail addresses replaced by a keyed
hash (the same address always gives the same hash, so the lines of one recipient can still be followed).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, UTC

from flask import Flask, g, has_request_context, request

from config import ConfigError

FORMATS = ("text", "json")
# Letters, digits and . _ : - only, at most 64: what proxies send (nginx's $request_id, UUIDs), and nothing that
# could forge a log line or carry a script onto the error page.
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Werkzeug's development server logs each request with the client's address; the closing line replaces it.
WERKZEUG_REQUEST_LINE = re.compile(r"^\S+ - - \[")
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "endpoint")

access_log = logging.getLogger("register.request")


# --- what every line carries ----------------------------------------------------------------------------------

_plain_record_factory = logging.getLogRecordFactory()


def _record_with_request(*args, **kwargs) -> logging.LogRecord:
    """Records made during a request get its id, method and path, whichever logger and handler they go to."""
    record = _plain_record_factory(*args, **kwargs)
    if has_request_context() and "request_id" in g:
        record.request_id, record.method, record.path = g.request_id, request.method, request.path
    return record


class Redactor:
    """Replaces e-mail addresses by 'e-mail:<keyed hash>' (HMAC-SHA256 with the app's SECRET_KEY, 12 hex digits)."""

    def __init__(self, secret: str):
        self.key = secret.encode()

    def __call__(self, text: str) -> str:
        return EMAIL.sub(self._hash, text) if "@" in text else text

    def _hash(self, match: re.Match) -> str:
        digest = hmac.new(self.key, match.group(0).lower().encode(), hashlib.sha256).hexdigest()[:12]
        return f"e-mail:{digest}"


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """`2026-03-03T09:00:00.000Z INFO register.request [<id> GET /pad] 200 4.2 ms` (request lines in brackets)."""

    def __init__(self, redact: Redactor):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(context)s%(message)s")
        self.redact = redact

    def formatTime(self, record, datefmt=None) -> str:  # noqa: N802 (logging's name)
        return _timestamp(record)

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        record.context = (f"[{request_id} {getattr(record, 'method', '')} {getattr(record, 'path', '')}] "
                          if request_id else "")
        return self.redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request fields when known, the exception."""

    def __init__(self, redact: Redactor):
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": _timestamp(record), "level": record.levelname, "logger": record.name,
                 "message": record.getMessage()}
        entry.update({name: getattr(record, name) for name in REQUEST_FIELDS
                      if getattr(record, name, None) is not None})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return self.redact(json.dumps(entry, ensure_ascii=False, default=str))


def _drop_werkzeug_request_lines(record: logging.LogRecord) -> bool:
    return not WERKZEUG_REQUEST_LINE.match(str(record.msg))


# --- setting it up --------------------------------------------------------------------------------------------

def check_settings(config) -> int:
    """The log level as a number; an unknown LOG_FORMAT or LOG_LEVEL stops the start."""
    if config.get("LOG_FORMAT", "text") not in FORMATS:
        raise ConfigError(f"LOG_FORMAT={config.get('LOG_FORMAT')!r} is onbekend; gebruik text of json.")
    name = str(config.get("LOG_LEVEL", "INFO")).upper()
    level = logging.getLevelNamesMapping().get(name)
    if level is None:
        raise ConfigError(f"LOG_LEVEL={config.get('LOG_LEVEL')!r} is onbekend; gebruik DEBUG, INFO, WARNING of "
                          "ERROR.")
    return level


def configure_logging(app: Flask) -> None:
    """One handler on the root logger, to stderr (replacing the one an earlier app made; others are left alone)."""
    level = check_settings(app.config)
    redact = Redactor(app.config.get("SECRET_KEY") or "")
    formatter = JsonFormatter(redact) if app.config.get("LOG_FORMAT") == "json" else TextFormatter(redact)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "register_handler", False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.register_handler = True  # type: ignore[attr-defined]  # how the next create_app finds it
    handler.setFormatter(formatter)
    root.addHandler(handler)
    root.setLevel(level)
    if logging.getLogRecordFactory() is not _record_with_request:
        logging.setLogRecordFactory(_record_with_request)
    werkzeug = logging.getLogger("werkzeug")
    if _drop_werkzeug_request_lines not in werkzeug.filters:
        werkzeug.addFilter(_drop_werkzeug_request_lines)
    from flask.logging import default_handler
    app.logger.removeHandler(default_handler)  # the root handler formats the app's lines too
    app.extensions["register.logs"] = handler  # migrations/env.py leaves logging alone when this is set


def _start_request() -> None:
    supplied = request.headers.get("X-Request-ID", "")
    g.request_id = supplied if REQUEST_ID.fullmatch(supplied) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish_request(response):
    """The closing line of the request, and its id in the response."""
    request_id = g.get("request_id")
    if request_id is None:
        return response
    response.headers["X-Request-ID"] = request_id
    duration = round((time.perf_counter() - g.request_started) * 1000, 1)
    access_log.info("%s %s ms", response.status_code, duration,
                    extra={"status": response.status_code, "duration_ms": duration, "endpoint": request.endpoint})
    return response


def init_logging(app: Flask) -> None:
    """Configure logging and give every request its id; call first, so that every other hook runs inside it."""
    configure_logging(app)
    app.before_request(_start_request)
    app.after_request(_finish_request)
