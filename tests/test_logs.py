"""Logs an operator can use: one line per request with its id, JSON on request, and no personal data.

The lines are read from the app's own handler (its stream swapped for a buffer), so what is tested is what an
operator gets on stderr; caplog is used where the log record's fields are the point.
"""
from __future__ import annotations

import io
import json
import logging
import re

import pytest
from aiosmtpd.controller import Controller

from config import TestConfig
from register import create_app, mail
from register.access import ACCESS, PUBLIC
from register.extensions import db
from tests.conftest import CSRFClient
from tests.factories import PASSWORD, make_body, make_declaration, make_group, make_politician, make_user
from tests.helpers import free_port
from tests.mailbox import Inbox

CLIENT_ADDRESS = "203.0.113.57"


def _output(app) -> io.StringIO:
    """Swap the stream of the handler create_app configured for a buffer."""
    [handler] = [h for h in logging.getLogger().handlers if getattr(h, "register_handler", False)]
    assert handler is app.extensions["register.logs"]
    buffer = io.StringIO()
    handler.setStream(buffer)
    return buffer


@pytest.fixture
def json_app(database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, LOG_FORMAT="json")
    app.test_client_class = CSRFClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_every_response_carries_a_request_id_and_a_valid_one_is_kept(client):
    generated = client.get("/").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert client.get("/", headers={"X-Request-ID": "nginx-3f2a9c"}).headers["X-Request-ID"] == "nginx-3f2a9c"
    assert client.get("/bestaat-niet").headers["X-Request-ID"]  # error pages too


@pytest.mark.parametrize("supplied", ["a" * 65, "met spatie", "regel;X-Extra=1", "<script>", "é", ""])
def test_a_malformed_request_id_is_replaced(client, supplied):
    answered = client.get("/", headers={"X-Request-ID": supplied}).headers["X-Request-ID"]
    assert answered != supplied and re.fullmatch(r"[0-9a-f]{32}", answered)


def test_json_lines_carry_the_request_fields(json_app):
    output = _output(json_app)
    response = json_app.test_client().get("/register/bestaat-niet/", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 404
    [line] = [entry for entry in _lines(output) if entry["logger"] == "register.request"]
    assert line["request_id"] == "abc-123" and line["method"] == "GET" and line["path"] == "/register/bestaat-niet/"
    assert line["status"] == 404 and line["endpoint"] == "public.body" and line["level"] == "INFO"
    assert isinstance(line["duration_ms"], float) and line["time"].endswith("Z")


def test_every_line_of_a_request_carries_its_id(json_app, monkeypatch):
    monkeypatch.setitem(ACCESS, "waarschuwing", PUBLIC)

    def warn():
        logging.getLogger("register.proef").warning("Iets om op te letten.")
        return "ok"
    json_app.add_url_rule("/proef/waarschuwing", "waarschuwing", warn)
    output = _output(json_app)
    json_app.test_client().get("/proef/waarschuwing", headers={"X-Request-ID": "req-77"})
    warning, closing = [e for e in _lines(output) if e["logger"] in ("register.proef", "register.request")]
    assert warning["message"] == "Iets om op te letten." and warning["level"] == "WARNING"
    assert warning["request_id"] == closing["request_id"] == "req-77"
    assert warning["path"] == "/proef/waarschuwing" and "status" not in warning and closing["status"] == 200


def test_the_readable_format_puts_the_request_in_brackets(app, client):
    output = _output(app)
    client.get("/healthz", headers={"X-Request-ID": "leesbaar-1"})
    [line] = [line for line in output.getvalue().splitlines() if "register.request" in line]
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO register\.request "
                    r"\[leesbaar-1 GET /healthz\] 200 \d+\.\d ms$", line)


def test_an_unhandled_error_is_logged_with_its_stack_trace_and_the_reference_on_the_page(json_app, monkeypatch):
    json_app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setitem(ACCESS, "kapot", PUBLIC)

    def crash():
        raise RuntimeError("kapot van binnen")
    json_app.add_url_rule("/proef/kapot", "kapot", crash)
    output = _output(json_app)
    response = json_app.test_client().get("/proef/kapot")
    reference = response.headers["X-Request-ID"]
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert f"Foutcode 500. Referentie: {reference}." in " ".join(html.split())
    assert "kapot van binnen" not in html
    [error] = [e for e in _lines(output) if e["level"] == "ERROR"]
    assert error["request_id"] == reference and error["path"] == "/proef/kapot"
    assert "Traceback" in error["exception"] and "RuntimeError: kapot van binnen" in error["exception"]


def _from_client_address(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = CLIENT_ADDRESS
    return client


def test_no_addresses_passwords_or_client_addresses_in_the_log(app, caplog):
    """A failed login, a signal with a contact address and a mail that fails: none of it reaches the log."""
    caplog.set_level(logging.INFO)
    output = _output(app)
    body = make_body("Gemeente Stilte", slug="stilte")
    group = make_group(body)
    make_user(reviewer_of=[group], email="beoordelaar.geheim@fractie.test")
    politician_user = make_user(politician=make_politician(group), email="raadslid.geheim@stilte.test")
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=1, SMTP_STARTTLS=False)  # nothing listens: delivery fails
    client = _from_client_address(app)
    client.post("/login", data={"email": "raadslid.geheim@stilte.test", "password": "Verkeerd-Geheim-42"})
    client.post("/login", data={"email": politician_user.email, "password": PASSWORD})
    declaration = make_declaration(politician_user.politician, publish=False)
    client.post(f"/mijn/opgaven/{declaration.id}/publiceren")  # queues a mail to the reviewer, which fails
    _from_client_address(app).post("/register/stilte/melding", data={
        "text": "Een melding met een adres om op terug te komen.", "contact_email": "melder.geheim@example.org"})
    written = output.getvalue()
    assert "kon niet worden verzonden" in written  # the failed mail was logged ...
    for secret in ("beoordelaar.geheim", "raadslid.geheim", "melder.geheim", "Verkeerd-Geheim-42", PASSWORD,
                   CLIENT_ADDRESS):
        assert secret not in written, secret  # ... without the address, and nothing else personal either


def test_an_address_that_reaches_a_log_call_is_replaced_by_a_stable_hash(app):
    output = _output(app)
    log = logging.getLogger("register.proef")
    log.warning("Bericht aan %s mislukt", "Iemand@Example.org")
    log.warning("Nog een keer aan %s", "iemand@example.org")
    first, second = output.getvalue().splitlines()
    assert "example.org" not in output.getvalue()
    assert re.search(r"e-mail:[0-9a-f]{12}", first).group(0) == re.search(r"e-mail:[0-9a-f]{12}", second).group(0)


def test_the_development_servers_own_request_lines_are_left_out(app):
    """They name the client's address; the app's closing line replaces them."""
    output = _output(app)
    werkzeug = logging.getLogger("werkzeug")
    werkzeug.info(f'{CLIENT_ADDRESS} - - [03/Mar/2026 10:00:00] "GET / HTTP/1.1" 200 -')
    werkzeug.info(" * Running on http://127.0.0.1:5000")
    assert CLIENT_ADDRESS not in output.getvalue() and "Running on" in output.getvalue()


def test_migrations_leave_the_apps_logging_alone(app, runner):
    """Alembic's env.py used to run fileConfig, which switched off every logger it did not name."""
    assert runner.invoke(args=["db", "upgrade", "heads"]).exit_code == 0
    output = _output(app)
    app.test_client().get("/healthz")
    assert not logging.getLogger("register.request").disabled
    assert "register.request" in output.getvalue()


def test_the_apps_own_events_are_logged_at_info(app, runner, caplog):
    caplog.set_level(logging.INFO)
    runner.invoke(args=["send-reminders"])
    [line] = [r for r in caplog.records if r.name == "register.cli" and r.levelname == "INFO"]
    assert line.getMessage().startswith("send-reminders: 0 herinneringen klaargezet")


def test_a_sent_mail_is_logged_at_info_by_kind_without_the_address(app, caplog):
    controller = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_STARTTLS=False)
        group = make_group(make_body("Gemeente Post", slug="post"))
        make_user(reviewer_of=[group], email="lezer.geheim@post.test")
        caplog.set_level(logging.INFO)
        output = _output(app)
        make_declaration(make_politician(group))
        assert mail.deliver_unsent() == (1, 0)
    finally:
        controller.stop()
    [sent] = [r for r in caplog.records if r.name == "register.mail" and r.levelname == "INFO"]
    assert re.fullmatch(r"E-mail \d+ \(declaration_published\) verzonden\.", sent.getMessage())
    assert "lezer.geheim" not in output.getvalue()
