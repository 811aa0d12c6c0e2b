"""Browser fixtures: the app behind a real HTTP server on 127.0.0.1, and Chromium driven by Playwright.

The server gets a fresh SQLite database of its own (whatever TEST_DATABASE_URL says): `flask db upgrade heads`,
then the demo data (Gemeente Voorbeeldstad). Server and browser live as long as this package of tests. The tests
change the data only by adding things with unique names, so their order does not matter.
Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM; `playwright install` is not used); axe-core comes from
npm (`npm ci` in tests/browser). Without them the tests are skipped with a message that says how to get them,
except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterator

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from config import TestConfig
from register import create_app
from register.extensions import db

from tests.browser.helpers import AXE_JS, CHROMIUM, CHROMIUM_ARGS, DESKTOP

MISSING_CHROMIUM = (f"Chromium ontbreekt ({CHROMIUM}): installeer het met `sudo apt-get install chromium` "
                    "(Debian/Ubuntu) of wijs met CHROMIUM=/pad/naar/chromium een andere Chromium aan. "
                    "`playwright install` is niet nodig.")
MISSING_AXE = (f"axe-core ontbreekt ({AXE_JS}): installeer het met `cd tests/browser && npm ci` "
               "(of `make test`, dat dit zelf doet).")


def _missing(message: str):
    """In CI a missing browser or axe-core fails loudly; on a developer's machine the browser tests are skipped."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class QuietHandler(WSGIRequestHandler):
    """No access log: a failing test's output should show the test, not every request for site.css."""

    def log_request(self, *args, **kwargs):
        pass


@dataclass
class LiveServer:
    app: object
    url: str

    def query(self, fn: Callable):
        """Run fn() in an app context of the served app (to look up ids); the session is closed afterwards."""
        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()


def _fresh_database(app) -> None:
    """`flask db upgrade heads` (several helpers may add migration heads in parallel), then the demo data."""
    result = app.test_cli_runner().invoke(args=["db", "upgrade", "heads"])
    assert result.exit_code == 0, result.output
    from register.demo import load_demo_data
    with app.app_context():
        load_demo_data()
        db.session.commit()
        db.session.remove()


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app served by werkzeug's threaded server on a free port of 127.0.0.1, with a fresh demo database."""
    path = tmp_path_factory.mktemp("live") / "register.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    _fresh_database(app)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for all browser tests."""
    if not Path(CHROMIUM).exists():
        _missing(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="package")
def axe_source() -> str:
    if not AXE_JS.exists():
        _missing(MISSING_AXE)
    return AXE_JS.read_text(encoding="utf-8")


def _open_page(browser, server: LiveServer, viewport: dict, **options):
    """A page in a fresh context (no cookies) with the server as base URL.

    The real Content-Security-Policy stays on; what it refuses (an inline script or style) is collected in
    page.csp_violations, so that a test can show that nothing was refused.
    """
    context = browser.new_context(base_url=server.url, viewport=viewport, locale="nl-NL",
                                  timezone_id="Europe/Amsterdam", accept_downloads=True, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda message: page.csp_violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    return page


@pytest.fixture
def new_page(browser, live_server):
    """new_page(viewport=..., **context options): a new page for one test, e.g. one per person in a journey."""
    pages = []

    def _new_page(viewport: dict = DESKTOP, **options):
        pages.append(_open_page(browser, live_server, viewport, **options))
        return pages[-1]

    yield _new_page
    for page in pages:
        page.context.close()


@pytest.fixture(scope="module")
def page_as(browser, live_server):
    """page_as(role, viewport=...): one page per role and viewport, logged in once for the whole module."""
    from tests.browser.helpers import login
    pages = {}

    def _page_as(role, viewport: dict = DESKTOP, **options):
        key = (role, tuple(sorted(viewport.items())))
        if key not in pages:
            pages[key] = _open_page(browser, live_server, viewport, **options)
            if role:
                login(pages[key], role)
        return pages[key]

    yield _page_as
    for page in pages.values():
        page.context.close()


@pytest.fixture
def page(new_page):
    return new_page()



@pytest.fixture(scope="module")
def signal_id(page_as, live_server) -> int:
    """A signal about Jeroen Bakker, sent through the public form and taken up by the griffie."""
    from tests.browser.helpers import signal_about
    return signal_about(page_as(None), page_as("griffie"), live_server, "jeroen-bakker")
