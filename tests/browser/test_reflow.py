"""Reflow (WCAG 2.1 SC 1.4.10): at 320, 375 and 1280 px every word stays whole, in its box and on the screen.

For every page of the browser suite (helpers.ALL_PAGES), and every page a demo role reaches by following links
from where it lands (a crawl like /work/shared/tools/screens.py, at most two pages per endpoint), tests/browser/
reflow.js measures each rendered word with Range.getClientRects(). A word of up to 25 characters must not be
split over lines, must stay inside its container and (outside a region that scrolls on its own) on the screen; the
page must not scroll sideways. One browser; each page is loaded once and measured at the three widths.
"""
from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.browser.helpers import ALL_PAGES, HERE, LOGINS, REJECTED_FORMS, SIGNAL_PAGE_NAMES, SIGNAL_PAGES
from tests.browser.issue16_pages import REVIEWER2, WETHOUDER

REFLOW_JS = (HERE / "reflow.js").read_text(encoding="utf-8")
WIDTHS = (320, 375, 1280)
MAX_WORD = 25
PER_ENDPOINT = 2      # pages per endpoint and role that the crawl visits beyond ALL_PAGES
CRAWL_LIMIT = 60      # pages per role that the crawl visits at most
ROLES = [None, "raadslid", "fractie", "griffie", "sitebeheer", WETHOUDER, REVIEWER2]
# Links the crawl does not follow: leaving, switching language, files and machine formats.
SKIP = ("/logout", "/uitloggen", "/export/", "/api/", "/static/", "lang=", ".csv", ".json", ".atom", ".xml",
        ".xlsx", "/metrics", "/healthz", "/readyz")
TIMES: dict[str, float] = {}


def measure(page, name: str) -> list[str]:
    """The reflow problems of the loaded page at each width, each prefixed with the page and the width."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems += [f"{name} @ {width} px: {problem}" for problem in page.evaluate(REFLOW_JS, MAX_WORD)]
    return problems


def _endpoint(app, path: str) -> str | None:
    """The endpoint that answers GET path (None for no route), so that the crawl can count pages per endpoint."""
    adapter = app.url_map.bind("localhost")
    try:
        return adapter.match(path, method="GET")[0]
    except RequestRedirect as redirect:
        return _endpoint(app, urlsplit(redirect.new_url).path)
    except HTTPException:
        return None


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    keep = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or any(s in href for s in SKIP):
            continue
        keep.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return keep


def _is_html(response) -> bool:
    return response is not None and response.headers.get("content-type", "").startswith("text/html")


def crawl(page, server, role, start: list[str]) -> list[str]:
    """Visit start, then follow links breadth first (at most PER_ENDPOINT pages per endpoint); the problems."""
    problems, queue, seen, per_endpoint, visited = [], list(start), set(start), defaultdict(int), 0
    first = set(start)
    while queue and visited < CRAWL_LIMIT + len(first):
        path = queue.pop(0)
        endpoint = _endpoint(server.app, urlsplit(path).path)
        if path not in first and (endpoint is None or per_endpoint[endpoint] >= PER_ENDPOINT):
            continue
        per_endpoint[endpoint] += 1
        response = page.goto(path)
        visited += 1
        if not _is_html(response):
            continue
        problems += measure(page, f"{role or 'bezoeker'} {path}")
        for link in _links(page, server.url):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    TIMES[f"pages {role}"] = visited
    return problems


@pytest.mark.parametrize("role", ROLES, ids=[r or "bezoeker" for r in ROLES])
def test_words_stay_whole_and_on_screen_at_every_width(role, page_as, live_server):
    """The pages of the suite for this role, and what the role reaches by following links from them."""
    started = time.monotonic()
    page = page_as(role)
    start = [v.resolve(live_server) for v in ALL_PAGES if v.role == role]
    if role is not None and role not in LOGINS.values():
        start.append("/")
    problems = crawl(page, live_server, role, start or ["/"])
    print(f"{role or 'bezoeker'}: {TIMES[f'pages {role}']} pagina's in {time.monotonic() - started:.1f} s")
    print("\n".join(problems))  # all of them, shown by pytest when the test fails
    assert not problems, f"{len(problems)} reflow-problemen:\n" + "\n".join(problems[:60])


@pytest.mark.parametrize("form", REJECTED_FORMS, ids=[f.name for f in REJECTED_FORMS])
def test_forms_with_errors_reflow(form, page_as, live_server):
    page = page_as(form.role)
    page.set_viewport_size({"width": 1280, "height": 900})
    form.show(page, live_server)
    problems = measure(page, f"{form.name} met foutmeldingen")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role, path", SIGNAL_PAGES, ids=SIGNAL_PAGE_NAMES)
def test_signal_pages_reflow(role, path, signal_id, page_as):
    page = page_as(role)
    assert page.goto(path.format(id=signal_id)).status == 200
    problems = measure(page, path)
    assert not problems, "\n".join(problems)


def test_measure_finds_a_word_broken_inside_itself(page):
    """The check itself: a word squeezed into a too narrow cell with overflow-wrap:anywhere is reported, and so
    are a word that sticks out of its box and a page that scrolls sideways; a long URL may break."""
    page.set_viewport_size({"width": 320, "height": 600})
    page.set_content(Path(HERE / "reflow_fixture.html").read_text(encoding="utf-8"))
    problems = page.evaluate(REFLOW_JS, MAX_WORD)
    text = "\n".join(problems)
    assert '"Gemeenteraad"' in text and "gebroken" in text
    assert '"Onbreekbaar"' in text and "buiten zijn vak" in text
    assert "schuift zijwaarts" in text
    assert "https://" not in text, "een URL langer dan 25 tekens mag breken"
    assert '"Verborgen"' not in text, "visueel verborgen tekst telt niet mee"
