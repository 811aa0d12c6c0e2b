import pytest, collections
from tests.browser.helpers import ALL_PAGES, REJECTED_FORMS

@pytest.mark.parametrize("visit", ALL_PAGES, ids=[v.name for v in ALL_PAGES])
def test_bp(visit, page_as, live_server, axe_source):
    page = page_as(visit.role)
    page.goto(visit.resolve(live_server))
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source + "\n;undefined")
    r = page.evaluate("async () => await axe.run(document, {runOnly: {type: 'tag', values: ['best-practice','wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}})")
    with open("/tmp/bp.txt", "a") as f:
        for v in r["violations"]:
            f.write(f"V {visit.name}: {v['id']} {[n['target'] for n in v['nodes']][:4]}\n")
        for v in r["incomplete"]:
            f.write(f"I {visit.name}: {v['id']} {len(v['nodes'])} {[n['target'] for n in v['nodes']][:3]}\n")
