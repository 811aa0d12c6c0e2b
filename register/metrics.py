"""Prometheus metrics for operators at /metrics (register/ops.py), in the text format of prometheus_client.

Counted in each process: requests and their latency per endpoint, response-cache hits and misses (register/cache.py
sets g.cache_key and g.cache_hit), mails sent and failed, failed and throttled logins, writes refused by a
read-only database. Under gunicorn, set PROMETHEUS_MULTIPROC_DIR to an empty directory that the workers share
(wiped before each start): every worker then writes its counts there and a scrape, whichever worker answers it,
adds them up; gunicorn.conf.py calls on_starting() and child_exit() below (the gunicorn hooks of those names).
Read from the database at each scrape (the same for every worker and server): the mail outbox backlog and the
signals awaiting the griffie.

Only requests from METRICS_ALLOWED_IPS (the client address after TRUSTED_PROXIES, so a forged X-Forwarded-For
changes nothing) or with "Authorization: Bearer <METRICS_TOKEN>" may read it; anyone else gets the plain 404.
"""
from __future__ import annotations

import hmac
import ipaddress
import os
import time
from pathlib import Path

from flask import Flask, current_app, g, request
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from config import ConfigError

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
NOT_COUNTED = {"ops.metrics"}  # the scrapes themselves would make every count depend on how often one scrapes
MIN_TOKEN_LENGTH = 16

REQUESTS = Counter("register_http_requests", "HTTP requests answered, per endpoint, method and status.",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("register_http_request_duration_seconds", "Time to answer a request, per endpoint.",
                    ["endpoint"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
CACHE = Counter("register_response_cache_requests", "Anonymous public requests served from the cache (hit: a 304 "
                "or a stored page) or rendered (miss).", ["result"])
MAIL_SENT = Counter("register_mail_sent", "E-mails handed to the SMTP server, per kind.", ["kind"])
MAIL_FAILED = Counter("register_mail_failures", "E-mail delivery attempts that failed, per kind.", ["kind"])
LOGINS_FAILED = Counter("register_login_failures", "Refused logins and password changes: a wrong password or "
                        "unknown address (failed) or too many attempts (throttled).", ["reason"])
WRITES_REFUSED = Counter("register_database_writes_refused", "Changes refused with 503 because the database "
                         "could not write (read-only or disk full).")


# --- counting requests ----------------------------------------------------------------------------------------

def _start_request() -> None:
    # In tests one app context (and so one g) serves many requests: forget the previous request's cache outcome.
    g.pop("cache_hit", None)
    g.pop("cache_key", None)


def _count_request(response):
    endpoint = request.endpoint or "unmatched"  # a bounded set of labels: never the raw path
    if endpoint in NOT_COUNTED:
        return response
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    started = g.get("request_started")  # set by register/logs.py
    if started is not None:
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    if g.get("cache_hit"):
        CACHE.labels("hit").inc()
    elif g.get("cache_key") is not None:
        CACHE.labels("miss").inc()
    return response


# --- what the database says -----------------------------------------------------------------------------------

class DatabaseCollector:
    """Gauges read at scrape time from the shared database: the same whichever worker answers. When the database
    does not answer, register_database_up says 0 and the counts above are still served."""

    def collect(self):
        from sqlalchemy.exc import SQLAlchemyError

        from register.extensions import db
        up = GaugeMetricFamily("register_database_up", "1 when the database answered this scrape's queries.")
        try:
            families = [self._outbox(), self._signals()]
        except SQLAlchemyError:
            db.session.rollback()
            up.add_metric([], 0)
            yield up
            return
        yield from families
        up.add_metric([], 1)
        yield up

    @staticmethod
    def _outbox() -> GaugeMetricFamily:
        from sqlalchemy import case, func, select

        from register.extensions import db
        from register.models.signals import MAX_ATTEMPTS, OutboxMessage

        state = case((OutboxMessage.attempts >= MAX_ATTEMPTS, "given_up"),
                     (OutboxMessage.last_error.is_not(None), "failing"), else_="waiting")
        query = select(state, func.count()).where(OutboxMessage.sent_at.is_(None)).group_by(state)
        counts: dict[str, int] = dict(db.session.execute(query).tuples().all())
        unsent = GaugeMetricFamily("register_mail_outbox_unsent", "E-mails not sent yet: waiting (never tried, or "
                                   "no SMTP server set), failing (the last attempt failed), given_up (too many "
                                   "failed attempts).", labels=["state"])
        for name in ("waiting", "failing", "given_up"):
            unsent.add_metric([name], counts.get(name, 0))
        return unsent

    @staticmethod
    def _signals() -> GaugeMetricFamily:
        from sqlalchemy import func, select

        from register.extensions import db
        from register.models import Signal, SignalStatus

        waiting = (SignalStatus.received, SignalStatus.opened)
        query = select(Signal.status, func.count()).where(Signal.status.in_(waiting)).group_by(Signal.status)
        counts: dict[SignalStatus, int] = dict(db.session.execute(query).tuples().all())
        awaiting = GaugeMetricFamily("register_signals_awaiting_action", "Signals waiting for the griffie: received "
                                     "(to triage) or opened (politician heard or to be heard, outcome to record).",
                                     labels=["status"])
        for status in waiting:
            awaiting.add_metric([status.value], counts.get(status, 0))
        return awaiting


class _ThisProcess:
    """The default registry's metrics (this process's counts, and process_* figures) in a scrape registry."""

    def collect(self):
        return REGISTRY.collect()


def render() -> bytes:
    """The metrics in Prometheus text format: every worker's counts added up under PROMETHEUS_MULTIPROC_DIR."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(DatabaseCollector())
    return generate_latest(registry)


def on_starting(_server) -> None:
    """gunicorn's on_starting hook: counts start afresh with the server (prometheus_client wants the directory
    emptied between runs; files of an earlier run would otherwise be added to this one's)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        for path in Path(directory).glob("*.db"):
            path.unlink()


def child_exit(_server, worker) -> None:
    """gunicorn's child_exit hook: a worker's counts stay; its live gauges go (prometheus_client's advice)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)


# --- who may read them ----------------------------------------------------------------------------------------

def parse_networks(text: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """METRICS_ALLOWED_IPS: addresses or networks, comma-separated; a wrong entry stops the start."""
    networks = []
    for entry in filter(None, (part.strip() for part in (text or "").split(","))):
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ConfigError(f"METRICS_ALLOWED_IPS: {entry!r} is geen IP-adres of netwerk (bijvoorbeeld "
                              "127.0.0.1 of 10.0.0.0/8).") from None
    return networks


def _client_allowed(networks) -> bool:
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _token_allowed(token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def operator_allowed() -> bool:
    """May this request read /metrics? (register/access.py asks this for the OPERATOR rule.)"""
    config = current_app.config
    return _token_allowed(config.get("METRICS_TOKEN") or "") or _client_allowed(config["METRICS_NETWORKS"])


def init_metrics(app: Flask) -> None:
    """Check the settings and count every request (call right after init_logging, whose start time it reads)."""
    app.config["METRICS_NETWORKS"] = parse_networks(app.config.get("METRICS_ALLOWED_IPS", ""))
    token = app.config.get("METRICS_TOKEN") or ""
    if token and len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(f"METRICS_TOKEN is te kort: gebruik minstens {MIN_TOKEN_LENGTH} willekeurige tekens.")
    app.before_request(_start_request)
    app.after_request(_count_request)
