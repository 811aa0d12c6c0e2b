"""gunicorn settings for the register: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Every value comes from the environment (the systemd unit reads /etc/belangenregister/env), so one file serves
every server. A wrong value stops gunicorn before it starts, with a message naming the setting.

| variable | meaning | default |
| --- | --- | --- |
| GUNICORN_BIND | address:port (or unix:/path) to listen on; nginx proxies to it | 127.0.0.1:8000 |
| GUNICORN_WORKERS | worker processes (sync: one request each at a time) | 2 x CPUs + 1, at most 12 |
| GUNICORN_TIMEOUT | seconds a request may take before its worker is replaced | 60 |
| GUNICORN_ACCESS_LOG | - (stdout: the journal), off, or a file | - |
| FORWARDED_ALLOW_IPS | the proxy, whose X-Forwarded-Proto is believed (nobody's if TRUSTED_PROXIES=0) | 127.0.0.1,::1 |
| PROMETHEUS_MULTIPROC_DIR | where workers share metrics (/metrics); emptied at start | $RUNTIME_DIRECTORY/prometheus |

The app itself trusts TRUSTED_PROXIES hops of X-Forwarded-For/-Proto (config.py); behind the nginx of deploy/ on
the same machine that is 1. The access log has no client address (privacy) but the request id nginx sends.
"""
from __future__ import annotations

import ipaddress
import os
import tempfile


class SettingError(SystemExit):
    def __init__(self, name: str, value: str, expected: str):
        super().__init__(f"deploy/gunicorn.conf.py: {name}={value!r} is ongeldig: verwacht {expected}.")


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise SettingError(name, raw, f"een geheel getal van {low} tot en met {high}")
    return int(raw)


def _bind() -> list[str]:
    raw = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").strip()
    for spec in raw.split(","):
        host, _, port = spec.rpartition(":")
        if not spec.startswith("unix:/") and not (host and port.isdigit() and 0 < int(port) < 65536):
            raise SettingError("GUNICORN_BIND", raw, "adres:poort of unix:/pad, meerdere gescheiden door komma's")
    return raw.split(",")


def _allowed_proxies() -> str:
    """Whose X-Forwarded-Proto gunicorn believes: nobody's without a proxy (TRUSTED_PROXIES=0), else the proxy's."""
    hops = os.environ.get("TRUSTED_PROXIES", "0").strip()
    if not hops.isdigit():
        raise SettingError("TRUSTED_PROXIES", hops, "het aantal proxy's vóór de app (0, 1, ...)")
    if int(hops) == 0:
        return ""
    raw = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1").strip()
    try:
        for item in raw.split(","):
            ipaddress.ip_network(item.strip())
    except ValueError:
        raise SettingError("FORWARDED_ALLOW_IPS", raw, "IP-adressen of netwerken, gescheiden door komma's "
                           "(geen *: dan gelooft gunicorn iedere client)") from None
    return raw


def _metrics_dir() -> str:
    """Shared by this master's workers; set before any worker imports prometheus_client."""
    chosen = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "").strip()
    if not chosen:
        runtime = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]  # systemd's RuntimeDirectory=
        chosen = os.path.join(runtime, "prometheus") if runtime else tempfile.mkdtemp(prefix="register-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = chosen
    return chosen


def _require_database() -> None:
    """In production the database is named explicitly; the development default (a SQLite file in the code's
    instance/ folder) would fail later with a confusing error on a read-only code directory."""
    if os.environ.get("REGISTER_ENV") == "production" and not os.environ.get("DATABASE_URL", "").strip():
        raise SettingError("DATABASE_URL", "", "de database, bijvoorbeeld postgresql://belangenregister@/"
                           "belangenregister?host=/var/run/postgresql (zie /etc/belangenregister/env)")


_require_database()
wsgi_app = "wsgi:app"
bind = _bind()
workers = _int("GUNICORN_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 12), 1, 64)
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 60, 5, 3600)  # the full CSV export takes 1-2 s; nginx waits 90 s
graceful_timeout = 30
max_requests = 2000  # a worker is replaced now and then (spread by the jitter), so memory cannot creep up
max_requests_jitter = 200
forwarded_allow_ips = _allowed_proxies()
control_socket_disable = True  # gunicornc is not used; several instances on one machine would share its socket
# "-" (the journal) by default; "off" when the app's own request log (one line per request, same id) is enough.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip() or "-"
if accesslog == "off":
    accesslog = None
elif accesslog != "-" and not os.path.isabs(accesslog):
    raise SettingError("GUNICORN_ACCESS_LOG", accesslog, "-, off of een absoluut pad")
access_log_format = '%({x-request-id}i)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if loglevel not in ("debug", "info", "warning", "error", "critical"):
    raise SettingError("GUNICORN_LOG_LEVEL", loglevel, "debug, info, warning, error of critical")
proc_name = "belangenregister"
metrics_dir = _metrics_dir()


def on_starting(server):
    """The metrics directory exists, and counts start afresh (register.metrics empties it: one home for that)."""
    os.makedirs(metrics_dir, mode=0o700, exist_ok=True)
    # Imported here, after PROMETHEUS_MULTIPROC_DIR is set above: prometheus_client reads it when first imported.
    from register.metrics import on_starting as start_counting
    start_counting(server)


def child_exit(server, worker):
    """A worker's live gauges stop counting when it exits (register.metrics, prometheus multiprocess mode)."""
    from register.metrics import child_exit as worker_gone
    worker_gone(server, worker)
