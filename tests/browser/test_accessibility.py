"""axe-core inside the real page: zero WCAG 2.1 A/AA violations on every public page and every logged-in page."""
from __future__ import annotations

import pytest

from tests.browser.helpers import ALL_PAGES, REJECTED_FORMS, axe_violations, describe, login


@pytest.fixture(scope="module")
def pages_by_role(browser, live_server):
    """One logged-in page per role for the whole module (logging in 30 times proves nothing more)."""
    contexts, pages = [], {}

    def get(role):
        if role not in pages:
            context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
            contexts.append(context)
            pages[role] = context.new_page()
            if role:
                login(pages[role], role)
        return pages[role]

    yield get
    for context in contexts:
        context.close()


@pytest.mark.parametrize("visit", ALL_PAGES, ids=[v.name for v in ALL_PAGES])
def test_page_has_no_wcag_violations(visit, pages_by_role, live_server, axe_source):
    page = pages_by_role(visit.role)
    response = page.goto(visit.resolve(live_server))
    assert response.status == visit.status, f"{visit.name}: status {response.status}"
    violations = axe_violations(page, axe_source)
    assert not violations, f"{visit.name} ({page.url}):\n{describe(violations)}"


@pytest.mark.parametrize("form", REJECTED_FORMS, ids=[f.name for f in REJECTED_FORMS])
def test_form_with_errors_has_no_wcag_violations(form, pages_by_role, live_server, axe_source):
    page = pages_by_role(form.role)
    form.show(page, live_server)
    violations = axe_violations(page, axe_source)
    assert not violations, f"{form.name} met foutmeldingen ({page.url}):\n{describe(violations)}"
