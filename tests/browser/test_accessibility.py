"""axe-core inside the real page: zero WCAG 2.1 A/AA violations on every public page and every logged-in page."""
from __future__ import annotations

import pytest

from tests.browser.helpers import ALL_PAGES, REJECTED_FORMS, SIGNAL_PAGE_NAMES, SIGNAL_PAGES, axe_violations, describe


@pytest.mark.parametrize("visit", ALL_PAGES, ids=[v.name for v in ALL_PAGES])
def test_page_has_no_wcag_violations(visit, page_as, live_server, axe_source):
    page = page_as(visit.role)
    page.csp_violations.clear()
    response = page.goto(visit.resolve(live_server))
    assert response.status == visit.status, f"{visit.name}: status {response.status}"
    violations = axe_violations(page, axe_source)
    assert not violations, f"{visit.name} ({page.url}):\n{describe(violations)}"
    assert not page.csp_violations, f"{visit.name}: geweigerd door de Content-Security-Policy: {page.csp_violations}"


@pytest.mark.parametrize("form", REJECTED_FORMS, ids=[f.name for f in REJECTED_FORMS])
def test_form_with_errors_has_no_wcag_violations(form, page_as, live_server, axe_source):
    page = page_as(form.role)
    form.show(page, live_server)
    violations = axe_violations(page, axe_source)
    assert not violations, f"{form.name} met foutmeldingen ({page.url}):\n{describe(violations)}"


@pytest.mark.parametrize("role, path", SIGNAL_PAGES, ids=SIGNAL_PAGE_NAMES)
def test_signal_pages_have_no_wcag_violations(role, path, signal_id, page_as, axe_source):
    page = page_as(role)
    response = page.goto(path.format(id=signal_id))
    assert response.status == 200
    violations = axe_violations(page, axe_source)
    assert not violations, f"{path} ({page.url}):\n{describe(violations)}"
