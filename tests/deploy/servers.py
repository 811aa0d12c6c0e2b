"""Real servers for the deployment tests: gunicorn with deploy/gunicorn.conf.py and Debian's nginx with the site
that deploy/render_nginx.py makes, on 127.0.0.1 only; and a small HTTP client that keeps cookies.

Every server is started by the test and stopped by its process id afterwards.
"""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
SECRET = "deploy-test-" + "k" * 40
# The freshness settings the test servers run with (README, "Caching"): a shared cache keeps a page this long,
# a worker re-reads the data version this often. A publish is visible through nginx within their sum.
SHARED_MAX_AGE = 2
VERSION_CHECK_MS = 500
MISSING = ("{what} ontbreekt: de deploytests starten Debians nginx. Installeer het met "
           "`sudo apt-get install nginx libnginx-mod-http-brotli-filter openssl` (`make test` doet dat als root zelf).")


def require_tools() -> None:
    """No skipping: without nginx (with the brotli module) or openssl these tests fail with the command to run."""
    for what, present in (("nginx", Path(NGINX).exists()), ("De brotli-module van nginx", BROTLI_MODULE.exists()),
                          ("openssl", shutil.which("openssl") is not None)):
        if not present:
            pytest.fail(MISSING.format(what=what), pytrace=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start (exit {process.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on port {port} within {seconds} s")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- gunicorn ---------------------------------------------------------------------------------------------------

def app_env(database_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "PROMETHEUS_"))}
    env.update(DATABASE_URL=database_url, SECRET_KEY=SECRET, REGISTER_ENV="production", TRUSTED_PROXIES="1",
               FLASK_APP="wsgi.py", PUBLIC_SHARED_MAX_AGE=str(SHARED_MAX_AGE),
               CACHE_VERSION_CHECK_MS=str(VERSION_CHECK_MS))
    env.update(extra)
    return env


@dataclass
class Gunicorn:
    process: subprocess.Popen
    port: int
    log: Path

    def requests_for(self, path: str) -> int:
        """How many requests for this path (query ignored) reached the app, from gunicorn's access log."""
        return len(re.findall(rf'"GET {re.escape(path)}" ', self.log.read_text()))


def start_gunicorn(database_url: str, directory: Path, workers: int = 2, **extra: str) -> Gunicorn:
    port = free_port()
    log = directory / f"gunicorn-{port}.log"
    env = app_env(database_url, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers),
                  PROMETHEUS_MULTIPROC_DIR=str(directory / f"metrics-{port}"), **extra)
    with log.open("w") as out:
        process = subprocess.Popen([str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    server = Gunicorn(process, port, log)
    try:
        wait_for_port(port, process, "gunicorn")
        client = Client(port)
        deadline = time.monotonic() + 60
        while client.get("/healthz").status != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
    except Exception:
        stop(process)
        raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}") from None
    return server


# --- nginx ------------------------------------------------------------------------------------------------------

def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the production site expects the gemeente's own)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    return cert, key


def render_error_pages(database_url: str, directory: Path) -> Path:
    pages = directory / "error-pages"
    subprocess.run([str(BIN / "flask"), "error-pages", str(pages)], cwd=ROOT, env=app_env(database_url),
                   check=True, capture_output=True)
    return pages


MAIN_CONF = """\
{load_brotli}
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/belangenregister.conf;
{extra}
}}
"""


@dataclass
class Nginx:
    process: subprocess.Popen
    prefix: Path
    http_port: int
    https_port: int
    cert: Path

    def client(self) -> Client:
        return Client(self.https_port, cafile=self.cert)


def start_nginx(directory: Path, upstreams: list[int], error_pages: Path, extra_http: str = "",
                **settings: str) -> Nginx:
    """Debian's nginx as root in its own prefix, with the shipped site; TLS with a test certificate."""
    from deploy.render_nginx import main as render

    prefix = directory / f"nginx-{free_port()}"
    (prefix / "tmp").mkdir(parents=True)
    cert, key = make_certificate(prefix)
    http_port, https_port = free_port(), free_port()
    values = dict(SERVER_NAME="localhost", APP_SERVERS=" ".join(f"127.0.0.1:{p}" for p in upstreams),
                  APP_DIR=str(ROOT), ERROR_PAGES_DIR=str(error_pages), CACHE_DIR=str(prefix / "cache"),
                  TLS_CERTIFICATE=str(cert), TLS_CERTIFICATE_KEY=str(key), LISTEN_HTTP=f"127.0.0.1:{http_port}",
                  LISTEN_HTTPS=f"127.0.0.1:{https_port}", ACCESS_LOG=str(prefix / "access.log"),
                  ACME_ROOT=str(prefix), BROTLI="on")
    values.update(settings)
    assert render([f"{k}={v}" for k, v in values.items()] + ["-o", str(prefix / "belangenregister.conf")]) == 0
    load = f"load_module {BROTLI_MODULE};"
    (prefix / "nginx.conf").write_text(MAIN_CONF.format(prefix=prefix, load_brotli=load, extra=extra_http))
    # As root the workers would become `nobody`, who may not enter the test's private temporary directory.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(user + (prefix / "nginx.conf").read_text())
    check = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")], capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stderr
    with (prefix / "stderr.log").open("w") as err:
        process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                                   stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for_port(https_port, process, "nginx")
    except RuntimeError:
        stop(process)
        raise RuntimeError(f"nginx did not start:\n{(prefix / 'stderr.log').read_text()[-3000:]}") from None
    return Nginx(process, prefix, http_port, https_port, cert)


# --- a client ---------------------------------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass
class Client:
    """HTTP(S) to 127.0.0.1:port, keeping cookies like a browser (no redirects followed)."""
    port: int
    cafile: Path | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def _connection(self) -> http.client.HTTPConnection:
        if self.cafile is None:
            return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        context = ssl.create_default_context(cafile=str(self.cafile))
        return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=context)

    def request(self, method: str, path: str, headers: dict | None = None, form: dict | None = None) -> Reply:
        headers = dict(headers or {})
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies and "Cookie" not in headers:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = self._connection()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        for raw in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        return reply

    def get(self, path: str, **headers: str) -> Reply:
        return self.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})

    def post(self, path: str, form: dict) -> Reply:
        # Browsers send the page's origin as Referer; Flask-WTF requires it on HTTPS (WTF_CSRF_SSL_STRICT).
        scheme = "http" if self.cafile is None else "https"
        return self.request("POST", path, form=form,
                            headers={"Referer": f"{scheme}://127.0.0.1:{self.port}{path}"})

    def csrf_token(self, path: str) -> str:
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, email: str, password: str) -> Reply:
        token = self.csrf_token("/login")
        return self.post("/login", {"csrf_token": token, "email": email, "password": password})
