"""Debian's nginx with the shipped site (deploy/nginx, rendered by deploy/render_nginx.py) in front of gunicorn with
deploy/gunicorn.conf.py, both on 127.0.0.1: what a visitor, a politician and an operator would notice.

TLS uses a self-signed certificate made here with openssl (production uses the gemeente's own); everything else
is the file as shipped. The request limits are per client address and every request here comes from 127.0.0.1,
so the tests that exhaust a limit come last in this file.
"""
from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from register.extensions import db
from register.models import Politician
from tests.deploy.servers import (
    ROOT, SHARED_MAX_AGE, VERSION_CHECK_MS, Client, free_port, render_error_pages, start_gunicorn, start_nginx, stop,
)
from tests.factories import make_declaration

# A publish shows through the proxy within PUBLIC_SHARED_MAX_AGE + CACHE_VERSION_CHECK_MS (docs/deploy.md),
# plus the one request that refreshes the copy; the margin is for this busy 2-core machine.
BOUND_SECONDS = SHARED_MAX_AGE + VERSION_CHECK_MS / 1000
MARGIN_SECONDS = 1.5


@pytest.fixture(scope="module")
def stack(served_database, register_data, tmp_path_factory):
    url, _app = served_database
    directory = tmp_path_factory.mktemp("stack")
    app_server = start_gunicorn(url, directory)
    try:
        proxy = start_nginx(directory, [app_server.port], render_error_pages(url, directory))
    except Exception:
        stop(app_server.process)
        raise
    yield app_server, proxy
    stop(proxy.process)
    stop(app_server.process)


@pytest.fixture
def app_server(stack):
    return stack[0]


@pytest.fixture
def proxy(stack):
    return stack[1]


def test_public_pages_come_through_the_proxy_over_https(proxy, register_data):
    client = proxy.client()
    for path in ("/", f"/register/{register_data.body_slug}/", register_data.person_path):
        reply = client.get(path)
        assert reply.status == 200, path
        assert "Belangenregister" in reply.text
    person = client.get(register_data.person_path)
    assert "Rosa Verbeek" in person.text and "Stichting Eerste Opgave" in person.text
    # One HSTS header (nginx's), although the app in production sends its own too.
    assert person.headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]


def test_metrics_are_not_reachable_through_the_public_site(proxy):
    assert proxy.client().get("/metrics").status == 404


def test_a_body_beyond_nginx_limit_gets_the_apps_413_page(proxy):
    reply = proxy.client().request("POST", "/register/proxystad/melding", form={"text": "x" * 3_000_000})
    assert reply.status == 413 and "<h1>Te groot</h1>" in reply.text


def test_plain_http_is_redirected_to_https(proxy, register_data):
    reply = Client(proxy.http_port).get(register_data.person_path + "?lang=en")
    assert reply.status == 301
    assert reply.header("Location") == f"https://127.0.0.1{register_data.person_path}?lang=en"


def test_static_files_come_from_nginx_with_a_long_life_for_fingerprinted_urls(proxy, app_server):
    client = proxy.client()
    stylesheet = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', client.get("/").text).group(1)
    reply = client.get(stylesheet)
    assert reply.status == 200
    assert reply.body == (ROOT / "static" / "css" / "site.css").read_bytes()
    assert reply.header("Cache-Control") == "public, max-age=31536000, immutable"
    assert reply.header("Content-Type") == "text/css"
    assert client.get("/static/css/site.css").header("Cache-Control") == "public, max-age=300"
    assert app_server.requests_for("/static/css/site.css") == 0  # served from disk, never by the app


def test_an_anonymous_page_is_served_from_the_proxy_cache(proxy, app_server, register_data):
    client = proxy.client()
    body_path = f"/register/{register_data.body_slug}/"
    path = body_path + "?cache-test"
    before = app_server.requests_for(body_path)
    first = client.get(path)
    hits = [client.get(path) for _ in range(5)]
    assert first.header("X-Cache-Status") == "MISS"
    assert [reply.header("X-Cache-Status") for reply in hits] == ["HIT"] * 5
    assert {reply.body for reply in hits} == {first.body}
    assert app_server.requests_for(body_path) - before == 1  # only the first reached the app
    assert f"s-maxage={SHARED_MAX_AGE}" in first.header("Cache-Control")


def test_english_and_dutch_are_kept_apart_in_the_cache(proxy, register_data):
    client = proxy.client()
    path = f"/register/{register_data.body_slug}/"
    for _ in range(2):
        dutch = client.get(path, Accept_Language="nl-NL,nl;q=0.9,en;q=0.8")
        english = client.get(path, Accept_Language="en-GB,en;q=0.9")
        assert '<html lang="nl"' in dutch.text and '<html lang="en"' in english.text
    assert english.header("X-Cache-Status") == "HIT" and dutch.header("X-Cache-Status") == "HIT"


def test_a_response_that_sets_a_cookie_is_never_stored(proxy, register_data):
    for path in (register_data.person_path + "?lang=en", "/login"):
        replies = [Client(proxy.https_port, cafile=proxy.cert).get(path) for _ in range(3)]
        assert all(reply.header("Set-Cookie") for reply in replies), path
        assert all(reply.header("X-Cache-Status") != "HIT" for reply in replies), path


def test_logged_in_pages_are_never_cached_or_stored(proxy, register_data):
    politician = proxy.client()
    assert politician.login(register_data.email, "correct horse battery staple").status == 302
    assert any(name.startswith("__Host-") for name in politician.cookies)  # production cookies, over HTTPS
    for _ in range(2):
        dashboard = politician.get("/mijn/")
        public = politician.get(register_data.person_path)
        assert dashboard.status == 200 and "Mijn opgaven" in dashboard.text
        assert dashboard.header("X-Cache-Status") == "BYPASS" and dashboard.header("Cache-Control") == "no-store"
        assert public.header("X-Cache-Status") == "BYPASS" and "Uitloggen" in public.text
    anonymous = proxy.client().get(register_data.person_path)
    assert "Uitloggen" not in anonymous.text and "csrf_token" not in anonymous.text
    stored = b"".join(path.read_bytes() for path in (proxy.prefix / "cache").rglob("*") if path.is_file())
    assert b"Uitloggen" not in stored and b"__Host-session" not in stored


def test_logged_in_pages_are_not_compressed_public_pages_are(proxy, register_data):
    anonymous = proxy.client()
    assert anonymous.get("/", Accept_Encoding="gzip").header("Content-Encoding") == "gzip"
    assert anonymous.get("/", Accept_Encoding="br, gzip").header("Content-Encoding") == "br"
    politician = proxy.client()
    politician.login(register_data.email, "correct horse battery staple")
    # A CSRF token beside text the visitor typed: compression would leak it bit by bit (BREACH).
    assert politician.get("/mijn/", Accept_Encoding="br, gzip").header("Content-Encoding") is None


def test_a_publish_is_visible_through_the_proxy_within_the_promised_bound(proxy, register_data):
    client = proxy.client()
    path = register_data.person_path
    client.get(path)
    assert client.get(path).header("X-Cache-Status") == "HIT"
    politician = db.session.get(Politician, register_data.politician_id)
    make_declaration(politician, organisation="Stichting Net Gepubliceerd")
    published = time.monotonic()
    while "Stichting Net Gepubliceerd" not in client.get(path).text:
        assert time.monotonic() - published < BOUND_SECONDS + MARGIN_SECONDS, "publish not visible in time"
        time.sleep(0.1)


def test_the_app_being_down_is_answered_with_its_own_page(served_database, tmp_path):
    url, _app = served_database
    nothing_there = free_port()
    proxy = start_nginx(tmp_path, [nothing_there], render_error_pages(url, tmp_path))
    try:
        reply = proxy.client().get("/", Accept_Language="nl")
        assert reply.status == 502
        assert "Tijdelijk niet bereikbaar" in reply.text and 'href="/static/css/site.css?v=' in reply.text
        assert reply.header("Retry-After") == "30"
        assert "Temporarily unavailable" in proxy.client().get("/", Accept_Language="en").text
    finally:
        stop(proxy.process)


# --- limits: these use up 127.0.0.1's allowance, so they come last -----------------------------------------------

def flood(client: Client, paths: list[str]) -> list:
    """The requests at once, 8 at a time, as a script would send them."""
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(client.get, paths))


def test_a_search_flood_is_answered_with_the_apps_429_page(proxy, app_server):
    client = proxy.client()
    replies = [client.get("/search?q=vloed")] + flood(client, [f"/search?q=vloed{n}" for n in range(60)])
    refused = [reply for reply in replies if reply.status == 429]
    assert len(refused) >= 10 and replies[0].status == 200
    page = refused[-1]
    assert "<h1>Te veel verzoeken</h1>" in page.text and 'href="/static/css/site.css?v=' in page.text
    assert page.header("Retry-After") == "2"
    assert "default-src 'self'" in page.header("Content-Security-Policy")
    assert app_server.requests_for("/search") <= len(replies) - len(refused)
    # In English too. The bucket refills while the machine is slow, so ask until the limit answers (it will, at
    # this pace: the limit allows a few requests per second).
    english = next((reply for reply in (client.get(f"/search?q=x{n}", Accept_Language="en") for n in range(40))
                    if reply.status == 429), None)
    assert english is not None and "<h1>Too many requests</h1>" in english.text
    assert client.get("/").status == 200  # other pages are not limited


def test_an_api_flood_is_limited_too(proxy):
    client = proxy.client()
    replies = [client.get("/api/v1/declarations")] + flood(client, [f"/api/v1/declarations?page={n + 1}"
                                                                     for n in range(60)])
    assert replies[0].status == 200 and [reply.status for reply in replies].count(429) >= 10


def test_login_attempts_are_limited_before_they_reach_the_app(proxy, app_server):
    client = proxy.client()
    statuses = [client.post("/login", {"email": "x@example.nl", "password": "fout"}).status for _ in range(12)]
    assert statuses.count(429) >= 5
    assert client.get("/login").status == 200  # reading the form is not limited
    refused = client.post("/login", {"email": "x@example.nl", "password": "fout"})
    assert refused.status == 429 and refused.header("Retry-After") == "10"


def test_the_proxy_log_has_request_ids_but_no_addresses_or_search_terms(proxy):
    log = (proxy.prefix / "access.log").read_text()
    assert re.search(r' [0-9a-f]{32} "GET /search" 429 ', log)
    assert "127.0.0.1" not in log and "vloed" not in log

