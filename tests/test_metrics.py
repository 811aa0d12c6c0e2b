"""/metrics: Prometheus text for operators only; counts that add up across gunicorn workers.

In the test process the counters are process-wide (prometheus_client's default registry), so the tests here
compare a count before and after; the gunicorn test starts its own server with a fresh multiprocess directory.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from config import TestConfig
from register import create_app, mail
from register.extensions import db
from register.signals import services as signal_services
from tests.factories import make_body, make_declaration, make_group, make_politician, make_user
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "metriek-token-van-de-beheerder-0123456789"


def value(text: str, name: str, **labels) -> float:
    """A sample's value in Prometheus text; 0 when the series is not there yet."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


def scrape(client, **headers) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}", **headers})
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


@pytest.fixture
def operator(app):
    app.config["METRICS_TOKEN"] = TOKEN
    return app.test_client()


def _refused_like_an_unknown_page(client, **kwargs):
    response = client.get("/metrics", **kwargs)
    unknown = client.get("/bestaat-ook-niet")
    assert response.status_code == 404 == unknown.status_code
    html = response.get_data(as_text=True)
    assert "register_" not in html and "Niet gevonden" in html


@pytest.mark.parametrize("authorization", [None, "Bearer fout-token-van-iemand-anders", f"Basic {TOKEN}",
                                           f"Bearer {TOKEN}x", "Bearer "])
def test_metrics_are_refused_without_the_token_or_an_allowed_address(app, authorization):
    app.config["METRICS_TOKEN"] = TOKEN
    headers = {"Authorization": authorization} if authorization else {}
    _refused_like_an_unknown_page(app.test_client(), headers=headers)


def test_without_any_setting_nobody_reads_the_metrics(app, client):
    assert not app.config["METRICS_TOKEN"] and not app.config["METRICS_NETWORKS"]
    _refused_like_an_unknown_page(client, headers={"Authorization": "Bearer "})


def _client_at(app, address: str, **headers):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client.get("/metrics", headers=headers).status_code


def test_allowed_addresses_and_networks_read_the_metrics(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     METRICS_ALLOWED_IPS="10.20.0.0/16, 192.0.2.7, ::1")
    with app.app_context():
        assert [_client_at(app, a) for a in ("10.20.3.4", "192.0.2.7", "::1", "::ffff:192.0.2.7")] == [200] * 4
        assert [_client_at(app, a) for a in ("10.21.0.1", "192.0.2.8", "127.0.0.1")] == [404] * 3
        db.engine.dispose()


def test_behind_a_proxy_the_forwarded_client_counts_and_forged_hops_do_not(database_url):
    """One trusted proxy (on 127.0.0.1): its X-Forwarded-For's last entry is the client; earlier ones are the
    client's own claims and change nothing."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, TRUSTED_PROXIES=1,
                     METRICS_ALLOWED_IPS="192.0.2.7")
    with app.app_context():
        assert _client_at(app, "127.0.0.1", **{"X-Forwarded-For": "192.0.2.7"}) == 200
        assert _client_at(app, "127.0.0.1", **{"X-Forwarded-For": "203.0.113.9"}) == 404
        assert _client_at(app, "127.0.0.1", **{"X-Forwarded-For": "192.0.2.7, 203.0.113.9"}) == 404
        assert _client_at(app, "127.0.0.1") == 404  # the proxy itself is not the allowed address
        db.engine.dispose()


def test_requests_latency_and_cache_hits_are_counted_per_endpoint(app, operator):
    body = make_body("Gemeente Teller", slug="teller")
    make_politician(make_group(body))
    before = scrape(operator)
    visitor = app.test_client()
    for _ in range(3):
        assert visitor.get("/register/teller/").status_code == 200
    assert visitor.get("/register/bestaat-niet/").status_code == 404
    after = scrape(operator)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)
    assert delta("register_http_requests_total", endpoint="public.body", method="GET", status="200") == 3
    assert delta("register_http_requests_total", endpoint="public.body", method="GET", status="404") == 1
    assert delta("register_http_request_duration_seconds_count", endpoint="public.body") == 4
    assert delta("register_response_cache_requests_total", result="hit") == 2  # the 2nd and 3rd visit
    assert delta("register_response_cache_requests_total", result="miss") == 2  # the 1st, and the 404
    assert delta("register_http_requests_total", endpoint="ops.metrics", method="GET", status="200") == 0


def test_failed_logins_mail_and_signals_are_in_the_metrics(app, operator):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port(), SMTP_STARTTLS=False)  # nothing listens there
    before = scrape(operator)
    body = make_body("Gemeente Meter", slug="meter")
    group = make_group(body)
    make_user(reviewer_of=[group])
    make_user(griffie_of=[body])
    make_declaration(make_politician(group))  # queues a mail for the reviewer
    signal_services.receive_signal(body, politician=None, text="Een melding die wacht op de griffie.",
                                   source_url=None, contact_email=None, client="k")
    db.session.commit()
    assert mail.deliver_unsent() == (0, 2)  # the reviewer's and the griffie's mail both fail
    app.test_client().post("/login", data={"email": "niemand@example.nl", "password": "fout-wachtwoord"})
    after = scrape(operator)
    assert value(after, "register_login_failures_total", reason="failed") - \
        value(before, "register_login_failures_total", reason="failed") == 1
    failures = sum(value(after, "register_mail_failures_total", kind=k) - value(before, "register_mail_failures_total",
                                                                                 kind=k)
                   for k in ("declaration_published", "signal_received"))
    assert failures == 2
    assert value(after, "register_mail_outbox_unsent", state="failing") == 2
    assert value(after, "register_mail_outbox_unsent", state="waiting") == 0
    assert value(after, "register_signals_awaiting_action", status="received") == 1
    assert value(after, "register_database_up") == 1


def test_the_counts_are_served_while_the_database_is_down():
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://x:y@127.0.0.1:{free_port()}/z",
                     METRICS_TOKEN=TOKEN)
    with app.app_context():
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        text = scrape(client)
        db.engine.dispose()
    assert value(text, "register_database_up") == 0
    assert value(text, "register_http_requests_total", endpoint="public.healthz", method="GET", status="200") >= 1


# --- under gunicorn, with two workers ---------------------------------------------------------------------------

def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _get(url, TOKEN)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer {url}")


@pytest.fixture
def gunicorn(tmp_path, database_url):
    """gunicorn -w 2 on 127.0.0.1 with a fresh PROMETHEUS_MULTIPROC_DIR, on the test's database."""
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    (multiproc / "counter_999999.db").write_bytes(b"")  # left over from an earlier run: on_starting removes it
    hooks = tmp_path / "gunicorn_hooks.py"
    hooks.write_text("from register.metrics import child_exit, on_starting  # noqa: F401\n")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env.update(DATABASE_URL=database_url, REGISTER_ENV="test", SECRET_KEY="g" * 40, METRICS_TOKEN=TOKEN,
               PROMETHEUS_MULTIPROC_DIR=str(multiproc))
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(hooks), "-w", "2",
                               "-b", f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/metrics")
        yield base, multiproc
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_counts_add_up_across_two_gunicorn_workers(app, gunicorn):
    base, multiproc = gunicorn
    make_body("Gemeente Werkers", slug="werkers")  # public data, so there is a data version to cache by
    paths = ["/healthz"] * 60 + ["/"] * 30 + ["/bestaat-niet"] * 10
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda path: _get(base + path)[0], paths))
    assert statuses.count(200) == 90 and statuses.count(404) == 10

    workers = {f.stem.rsplit("_", 1)[1] for f in multiproc.glob("counter_*.db")}
    assert len(workers) == 2, "both workers answered requests"
    for _scrape in range(4):  # whichever worker answers the scrape, the sums are the same
        status, text = _get(f"{base}/metrics", TOKEN)
        assert status == 200
        assert value(text, "register_http_requests_total", endpoint="public.healthz", method="GET",
                     status="200") == 60
        assert value(text, "register_http_requests_total", endpoint="public.index", method="GET", status="200") == 30
        assert value(text, "register_http_requests_total", endpoint="unmatched", method="GET", status="404") == 10
        assert value(text, "register_http_request_duration_seconds_count", endpoint="public.healthz") == 60
        hits = value(text, "register_response_cache_requests_total", result="hit")
        misses = value(text, "register_response_cache_requests_total", result="miss")
        assert hits + misses == 30 and misses >= 1  # each worker renders the page once, then keeps it
    assert _get(f"{base}/metrics")[0] == 404

