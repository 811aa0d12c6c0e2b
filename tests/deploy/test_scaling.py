"""Past one machine (docs/scaling.md): two app servers (gunicorn instances on their own ports) share one database
behind one nginx. Nothing a user does depends on which server answers: a publish on one is read on the other,
a login session made on one works (and ends) on the other, failed logins count on both.

On SQLite both servers share the file (one machine); `make test-pg` runs the same on PostgreSQL, the real setup.
"""
from __future__ import annotations

import re
import time

import pytest

from register.models.base import amsterdam_today
from register.extensions import db
from register.models import Politician
from tests.deploy.servers import VERSION_CHECK_MS, Client, render_error_pages, start_gunicorn, start_nginx, stop
from tests.factories import PASSWORD, make_declaration

# A worker reads the data version at most every CACHE_VERSION_CHECK_MS; the margin is for this busy machine.
SEEN_WITHIN_SECONDS = VERSION_CHECK_MS / 1000 + 1.5


@pytest.fixture(scope="module")
def servers(served_database, register_data, tmp_path_factory):
    url, _app = served_database
    directory = tmp_path_factory.mktemp("two-servers")
    first = start_gunicorn(url, directory)
    second = start_gunicorn(url, directory)
    proxy = None
    try:
        proxy = start_nginx(directory, [first.port, second.port], render_error_pages(url, directory))
        yield first, second, proxy
    finally:
        for process in ([proxy.process] if proxy else []) + [first.process, second.process]:
            stop(process)


def _direct(server) -> Client:
    return Client(server.port)


def test_nginx_spreads_requests_over_both_app_servers(servers):
    first, second, proxy = servers
    client = proxy.client()
    for n in range(10):
        assert client.get(f"/search?q=verdeling{n}").status == 200
    assert first.requests_for("/search") > 0 and second.requests_for("/search") > 0


def test_a_publish_on_one_server_is_read_on_the_other(servers, register_data):
    first, second, _proxy = servers
    politician = db.session.get(Politician, register_data.politician_id)
    draft = make_declaration(politician, publish=False, organisation="Stichting Tweede Server",
                             started_on=amsterdam_today())  # on time: no late-warning page before publishing
    reader = _direct(second)
    assert "Stichting Tweede Server" not in reader.get(register_data.person_path).text
    writer = _direct(first)
    assert writer.login(register_data.email, PASSWORD).status == 302
    token = writer.csrf_token(f"/mijn/opgaven/{draft.id}")
    shown = {"csrf_token": token, "based_on": str(draft.current_number)}  # the version the page showed
    assert writer.post(f"/mijn/opgaven/{draft.id}/publiceren", shown).status == 302
    published = time.monotonic()
    while "Stichting Tweede Server" not in reader.get(register_data.person_path).text:
        assert time.monotonic() - published < SEEN_WITHIN_SECONDS, "the other server did not show the publish"
        time.sleep(0.1)


def test_a_login_session_works_and_ends_on_every_server(servers, register_data):
    first, second, _proxy = servers
    on_first = _direct(first)
    assert on_first.login(register_data.email, PASSWORD).status == 302
    on_second = Client(second.port, cookies=dict(on_first.cookies))
    dashboard = on_second.get("/mijn/")
    assert dashboard.status == 200 and "Rosa Verbeek" in dashboard.text
    stolen = dict(on_first.cookies)
    token = on_second.csrf_token("/mijn/")
    assert on_second.post("/logout", {"csrf_token": token}).status == 302
    # The logout on the second server ended the session everywhere: the old cookie no longer works on the first.
    replay = Client(first.port, cookies=stolen).get("/mijn/")
    assert replay.status == 302 and "/login" in replay.header("Location")


def test_failed_logins_count_on_every_server(servers):
    first, second, _proxy = servers
    email = "nobody-in-particular@proxystad.example"
    for attempt in range(5):  # LOGIN_MAX_FAILURES_PER_ACCOUNT, spread over both servers
        client = _direct(first if attempt % 2 else second)
        assert client.login(email, "wrong password").status == 200, attempt
    refused = _direct(first).login(email, "wrong password")
    assert refused.status == 429 and re.search(r"Te veel mislukte inlogpogingen", refused.text)
