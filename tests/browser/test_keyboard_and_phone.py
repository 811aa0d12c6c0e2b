"""The politician's journey with the keyboard alone, and every page on a 375 px wide phone screen."""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ALL_PAGES, LOGINS, PASSWORD, PHONE, REJECTED_FORMS, SIGNAL_PAGE_NAMES, SIGNAL_PAGES

# One round trip per key press: the newly focused element, its look, and the previous one now that it lost focus.
# The previous element is kept in the page, so a new page starts afresh.
FOCUS_STEP = """() => {
  const el = document.activeElement, prev = window.__keyboardPrevious;
  if (!el || el === document.body || (prev && prev.el === el)) return null;  // a date input has a stop per part
  const look = e => {
    const s = getComputedStyle(e);
    return {outline: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth) || 0,
            outlineLook: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow};
  };
  const name = e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${
    (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 60)}"`;
  const step = {name: name(el), focused: look(el), previous: null};
  if (prev && prev.el.isConnected) {
    step.previous = {name: name(prev.el), focused: prev.focused, unfocused: look(prev.el),
                     follows: Boolean(prev.el.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)};
  }
  window.__keyboardPrevious = {el, focused: step.focused};
  return step;
}"""


class KeyboardUser:
    """Moves only with Tab, Shift+Tab, Enter and Space (and types text), checking each stop on the way.

    Every element that receives focus must show a focus indicator (an outline of at least 2 px or a box-shadow)
    that it does not show without focus, and Tab must move forward through the document, Shift+Tab back.
    """

    def __init__(self, page):
        self.page = page
        self.stops: list[str] = []

    def press(self, key: str) -> None:
        assert key in ("Tab", "Shift+Tab", "Enter", " "), f"{key} is geen toetsenbordnavigatie"
        self.page.keyboard.press("Space" if key == " " else key)
        if key in ("Tab", "Shift+Tab"):
            self._check_stop(forward=key == "Tab")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def activate(self, key: str = "Enter") -> None:
        """Enter or Space on the focused element, which loads a new page."""
        with self.page.expect_navigation():
            self.press(key)
        self.page.wait_for_load_state()
        self.stops.clear()

    def tab_to(self, locator, back: bool = False, limit: int = 80) -> None:
        expect(locator).to_have_count(1)
        for _ in range(limit):
            if locator.evaluate("el => el === document.activeElement"):
                return
            self.press("Shift+Tab" if back else "Tab")
        raise AssertionError(f"{locator} is met de Tab-toets niet bereikbaar; bereikt: {self.stops}")

    def _check_stop(self, forward: bool) -> None:
        step = self.page.evaluate(FOCUS_STEP)
        if step is None:
            return
        self.stops.append(step["name"])
        focused = step["focused"]
        assert focused["outline"] >= 2 or focused["shadow"] != "none", \
            f"geen zichtbare focus op {step['name']}: {focused}"
        previous = step["previous"]
        if previous:
            shown, unfocused = previous["focused"], previous["unfocused"]
            assert (unfocused["outlineLook"], unfocused["shadow"]) != (shown["outlineLook"], shown["shadow"]), \
                f"{previous['name']} ziet er met en zonder focus hetzelfde uit"
            assert previous["follows"] == forward, f"onlogische volgorde: {previous['name']} -> {step['name']}"


def test_politician_journey_with_the_keyboard_alone(page):
    unique = uuid.uuid4().hex[:8]
    organisation = f"Stichting Toetsenbord {unique}"
    kb = KeyboardUser(page)
    page.goto("/")
    # No positive tabindex anywhere: the tab order is the document order.
    assert page.evaluate("[...document.querySelectorAll('[tabindex]')].filter(el => el.tabIndex > 0).length") == 0

    # The first Tab reaches the skip link, which is then visible; Enter moves focus to the main content.
    kb.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, "de skiplink is niet zichtbaar bij focus"
    kb.press("Enter")
    expect(page.locator("main")).to_be_focused()
    kb.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    # Shift+Tab from the first link in main goes back to the last item of the menu: Inloggen.
    kb.press("Shift+Tab")
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inloggen")).to_be_focused()
    kb.activate()

    kb.tab_to(page.get_by_label("E-mailadres", exact=True))
    kb.type(LOGINS["raadslid"])
    kb.press("Tab")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_focused()
    kb.type(PASSWORD)
    kb.activate()  # Enter in a field submits its form
    expect(page.get_by_role("heading", level=1)).to_have_text("Te doen")
    kb.tab_to(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn opgaven"))
    kb.activate()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn opgaven")

    kb.tab_to(page.get_by_role("link", name="Nevenfunctie opgeven"))
    kb.activate()
    kb.tab_to(page.get_by_label("Organisatie", exact=True))
    kb.type(organisation)
    kb.tab_to(page.get_by_label("Functie", exact=True))
    kb.type("Secretaris")
    kb.press("Shift+Tab")
    expect(page.get_by_label("KvK-nummer")).to_be_focused()
    kb.press("Tab")
    expect(page.get_by_label("Functie", exact=True)).to_be_focused()
    kb.tab_to(page.get_by_label("Begonnen op"))
    kb.type("01012025")  # day and month alike: right whichever order the browser's date input uses
    expect(page.get_by_label("Begonnen op")).to_have_value("2025-01-01")
    kb.tab_to(page.get_by_role("button", name="Publiceren"))
    kb.activate(" ")
    # Long past the deadline: the page says how late it will show and offers room for an explanation.
    expect(page.get_by_role("alert")).to_contain_text("dagen te laat opgegeven")
    kb.tab_to(page.get_by_label("Toelichting op de late opgave"))
    kb.type("Vergeten bij de start van het seizoen.")
    kb.tab_to(page.get_by_role("button", name="Toch publiceren"))
    kb.activate(" ")
    expect(page.locator(".flash-success")).to_contain_text("Opgave gepubliceerd")

    kb.tab_to(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn opgaven"))
    kb.activate()
    kb.tab_to(page.get_by_role("link", name="Nieuwe afspraak"))
    kb.activate()
    kb.tab_to(page.get_by_label("Titel"))
    kb.type(f"Geen besluiten over {organisation}")
    kb.press("Tab")
    expect(page.get_by_label("Afspraak", exact=True)).to_be_focused()
    kb.type("Ik neem niet deel aan de besluitvorming over deze stichting.")
    checkbox = page.get_by_label(f"Nevenfunctie: Secretaris bij {organisation}")
    kb.tab_to(checkbox)
    kb.press(" ")
    expect(checkbox).to_be_checked()
    kb.tab_to(page.get_by_role("button", name="Opslaan en ter aftekening aanbieden"))
    kb.activate()
    expect(page.locator(".flash-success")).to_contain_text("ter aftekening aangeboden")
    expect(page.locator("main")).to_contain_text("Status: Ter aftekening")


PHONE_CHECK = """() => {
  const width = window.innerWidth, problems = [];
  const controls = document.querySelectorAll(
    'button, input:not([type=hidden]), select, textarea, a.button, summary, .skip-link');
  for (const el of controls) {
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    if (el.matches('.skip-link')) continue;  // off screen until it gets focus
    if (el.closest('[aria-hidden="true"]') && el.tabIndex < 0) continue;  // a honeypot: not meant for people
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (!el.getClientRects().length) continue;  // not rendered (a hidden block)
    el.scrollIntoView({block: 'center', inline: 'nearest'});
    const r = el.getBoundingClientRect();
    const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${
      (el.innerText || el.value || '').trim().slice(0, 40)}"`;
    if (r.width < 24 || r.height < 24) {
      problems.push(`${name}: ${Math.round(r.width)}×${Math.round(r.height)} px`);
    }
    if (r.left < -0.5 || r.right > width + 0.5) {
      problems.push(`${name}: buiten beeld (${Math.round(r.left)}–${Math.round(r.right)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, problems};
}"""


def phone(page_as, role):
    return page_as(role, PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)


def assert_fits_a_phone(page, name: str) -> None:
    result = page.evaluate(PHONE_CHECK)
    # A phone browser widens the layout viewport (innerWidth) when the content does not fit: both must stay 375.
    widest = max(result["scrollWidth"], result["width"])
    assert widest <= PHONE["width"], f"{name}: de pagina schuift zijwaarts ({widest} px breed)"
    assert not result["problems"], f"{name}:\n" + "\n".join(result["problems"])


@pytest.mark.parametrize("visit", ALL_PAGES, ids=[v.name for v in ALL_PAGES])
def test_page_fits_a_phone_and_its_controls_are_usable(visit, page_as, live_server):
    page = phone(page_as, visit.role)
    response = page.goto(visit.resolve(live_server))
    assert response.status == visit.status
    assert_fits_a_phone(page, visit.name)


@pytest.mark.parametrize("form", REJECTED_FORMS, ids=[f.name for f in REJECTED_FORMS])
def test_form_with_errors_fits_a_phone(form, page_as, live_server):
    page = phone(page_as, form.role)
    form.show(page, live_server)
    assert_fits_a_phone(page, form.name)


@pytest.mark.parametrize("role, path", SIGNAL_PAGES, ids=SIGNAL_PAGE_NAMES)
def test_signal_pages_fit_a_phone(role, path, signal_id, page_as):
    page = phone(page_as, role)
    response = page.goto(path.format(id=signal_id))
    assert response.status == 200
    assert_fits_a_phone(page, path)
