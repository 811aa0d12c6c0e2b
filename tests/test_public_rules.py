"""One home for what the public sees of a declaration (register/models/visibility.py), asked by every output.

OUTPUTS lists every public address of the app (a new public endpoint fails test_every_public_endpoint_is_walked
until it is added here). The matrix test walks all of them for every shielding combination, with corrections
between combinations, and finds no shielded value; the rewiring test changes the rule in its one home and sees
every output that shows an organisation follow, which a private copy of the rule would not.
"""
from __future__ import annotations

import html as html_lib
import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest

from register.access import ACCESS, PUBLIC
from register.cache import touch
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import IncomeBand
from register.models import visibility
from register.models.declarations import INCOME_LABELS
from register.opendata import feeds
from register.models.organisations import organisation_key
from tests.factories import make_body, make_declaration, make_group, make_politician

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class World:
    body_slug: str
    politician_slug: str
    organisation_keys: list[str] = field(default_factory=list)
    kvk_numbers: list[str] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)


def _paged(base: str, pages: int) -> list[str]:
    joiner = "&" if "?" in base else "?"
    return [base] + [f"{base}{joiner}page={n}" for n in range(2, pages + 1)]


# Every public endpoint: the addresses that show what it can show of the world's declarations.
OUTPUTS = {
    "public.index": lambda w: ["/"],
    "public.body": lambda w: [f"/register/{w.body_slug}/"],
    "public.stats": lambda w: [f"/register/{w.body_slug}/statistieken"],
    "public.politician": lambda w: [f"/register/{w.body_slug}/{w.politician_slug}/"],
    "public.history": lambda w: [f"/register/{w.body_slug}/{w.politician_slug}/history"],
    "public.healthz": lambda w: ["/healthz"],
    "search.search": lambda w: [*_paged(f"/search?body={w.body_slug}", 12),
                                *(url for q in w.queries for url in _paged(f"/search?q={q}", 12))],
    "search.organisation": lambda w: [f"/organisatie/{key}" for key in w.organisation_keys]
    + [f"/organisatie/kvk-{kvk}" for kvk in w.kvk_numbers],
    "opendata.index": lambda w: ["/open-data"],
    "opendata.export": lambda w: [f"/export/{w.body_slug}.csv", f"/export/{w.body_slug}.json", "/export/all.csv",
                                  "/export/all.json"],
    "opendata.export_recusals": lambda w: [f"/export/onthoudingen/{w.body_slug}.csv", "/export/onthoudingen/all.json"],
    "opendata.feed": lambda w: ["/feed.atom"],
    "opendata.body_feed": lambda w: [f"/register/{w.body_slug}/feed.atom"],
    "api.openapi": lambda w: ["/api/v1/openapi.json"],
    "api.bodies": lambda w: ["/api/v1/bodies"],
    "api.body": lambda w: [f"/api/v1/bodies/{w.body_slug}"],
    "api.body_politicians": lambda w: [f"/api/v1/bodies/{w.body_slug}/politicians"],
    "api.politician": lambda w: [f"/api/v1/politicians/{w.body_slug}/{w.politician_slug}"],
    "api.declarations": lambda w: _paged(f"/api/v1/declarations?body={w.body_slug}&per_page=100", 4),
    "api.agreements": lambda w: [f"/api/v1/agreements?body={w.body_slug}"],
    "api.unknown": lambda w: ["/api/v1/opgaven"],
    "api.index": lambda w: ["/api/v1/"],
    "signals.new_for_body": lambda w: [f"/register/{w.body_slug}/melding"],
    "signals.new_for_politician": lambda w: [f"/register/{w.body_slug}/{w.politician_slug}/melding"],
    "signals.received": lambda w: [f"/register/{w.body_slug}/melding/ontvangen"],
    "auth.login": lambda w: ["/login"],
    "auth.forgot_password": lambda w: ["/wachtwoord-vergeten"],
    "auth.accept_invitation": lambda w: ["/uitnodiging/onbekend-token"],
    "auth.reset_password": lambda w: ["/wachtwoord-herstellen/onbekend-token"],
    "opendata.export_popolo": lambda w: [f"/export/{w.body_slug}.popolo.json"],
    "agenda.public_meetings": lambda w: [f"/register/{w.body_slug}/vergaderingen"],
    "agenda.public_meeting": lambda w: [f"/register/{w.body_slug}/vergaderingen/1"],
    "ops.readyz": lambda w: ["/readyz"],
    "public.changes": lambda w: [*_paged("/wijzigingen", 3), "/wijzigingen?late=1", "/wijzigingen?kind=corrected"],
    "public.body_changes": lambda w: [*_paged(f"/register/{w.body_slug}/wijzigingen", 3),
                                      f"/register/{w.body_slug}/wijzigingen?kind=ended"],
    "opendata.politician_feed": lambda w: [f"/register/{w.body_slug}/{w.politician_slug}/feed.atom"],
    "statements.register_statement": lambda w: ["/privacy", "/colofon", "/toegankelijkheid"],
    "statements.body_statement": lambda w: [f"/register/{w.body_slug}/{slug}" for slug in ("privacy", "colofon",
                                                                                          "toegankelijkheid")],
    "site.favicon": lambda w: ["/favicon.ico"],
    "alerts.follow_body": lambda w: [f"/register/{w.body_slug}/volgen"],
    "alerts.follow_group": lambda w: [f"/register/{w.body_slug}/fractie/{slug}/volgen" for slug in _group_slugs(w)],
    "alerts.follow_politician": lambda w: [f"/register/{w.body_slug}/{w.politician_slug}/volgen"],
    "alerts.requested": lambda w: ["/volgen/aangemeld"],
    "alerts.confirm": lambda w: ["/volgen/bevestigen/onbekend-token"],
    "alerts.unsubscribe": lambda w: ["/volgen/afmelden/onbekend-token"],
    "alerts.one_click": lambda w: ["/volgen/afmelden/onbekend-token/een-klik"],
}


def _group_slugs(w) -> list[str]:
    from sqlalchemy import select

    from register.models import Body, Group
    return list(db.session.scalars(select(Group.slug).join(Body, Group.body_id == Body.id)
                                   .where(Body.slug == w.body_slug)))


def test_every_public_endpoint_is_walked(app):
    public = {rule.endpoint for rule in app.url_map.iter_rules() if ACCESS.get(rule.endpoint) == PUBLIC}
    assert public - set(OUTPUTS) == set(), "a new public endpoint: add it to OUTPUTS"
    assert set(OUTPUTS) - public == set(), "OUTPUTS names an endpoint that is not public (any more)"


def _text(response) -> str:
    """The unescaped text of a response; binary outputs (the favicon) are read leniently and still searched."""
    return html_lib.unescape(response.get_data().decode("utf-8", errors="replace"))


def fetch_all(client, world: World) -> dict[str, str]:
    """Every public address of the world, with its text (HTML unescaped); an error page is fine, a 500 is not."""
    texts = {}
    for urls in OUTPUTS.values():
        for url in urls(world):
            response = client.get(url)
            assert response.status_code < 500, url
            # Without the address itself, which an error page repeats in its language link.
            texts[url] = _text(response).replace(url.split("?")[0], "")
    return texts


# --- the matrix: every shielding combination, corrected into another ----------------------------------------------

FLAGS = ("organisation_public", "description_public", "income_public", "hours_public", "explanation_public")
# family, the five flags, an empty organisation, a KvK number: 256 combinations.
COMBINATIONS = list(itertools.product((False, True), *[(True, False)] * 5, (False, True), (True, False)))


@dataclass
class Planted:
    """One published version's values and what the public may see of them."""
    declaration_id: int
    number: int
    values: dict
    hidden: set


def content(index: int, number: int, combination) -> dict:
    family, *flags, empty_organisation, with_kvk = combination
    return dict(
        organisation="" if empty_organisation else f"Orgkanarie {index:03d} v{number}",
        kvk_number=f"7{index:03d}{number:04d}" if with_kvk else None,
        description=f"Omskanarie {index:03d} v{number}", explanation=f"Uitlegkanarie {index:03d} v{number}",
        paid=True, income_band=IncomeBand.from_500 if number == 2 else IncomeBand.above_10000,
        hours_per_month=101 + index if number == 2 else 601 + index % 143,
        concerns_family=family, role=f"Rolkanarie {index:03d}", started_on=date(2024, 1 + index % 12, 1),
        **dict(zip(FLAGS, flags, strict=True)))


def expected_hidden(values: dict) -> set[str]:
    """Independent of the code under test: the rules as DESIGN.md and the issue state them."""
    hidden = {name for name, flag in (("organisation", "organisation_public"), ("description", "description_public"),
                                      ("income_band", "income_public"), ("hours_per_month", "hours_public"),
                                      ("explanation", "explanation_public")) if not values[flag]}
    if values["concerns_family"]:
        hidden |= {"organisation", "description", "explanation"}  # family data is never public
    if "organisation" in hidden or not values["organisation"]:
        hidden.add("kvk_number")  # the KvK number names the organisation
    return hidden


@pytest.fixture
def matrix(app):
    body = make_body("Gemeente Schermstad", slug="schermstad")
    politician = make_politician(make_group(body, "Fractie Scherm"), name="Sanne Scherm")
    planted: list[tuple[Planted, Planted]] = []
    for index, combination in enumerate(COMBINATIONS):
        first = content(index, 2, combination)
        declaration = make_declaration(politician, **first)
        second = content(index, 3, COMBINATIONS[(index * 37 + 11) % len(COMBINATIONS)])
        declaration_services.correct_declaration(declaration, second, actor=None, reason="Gecorrigeerd.")
        if index % 16 == 5:
            declaration_services.withdraw_declaration(declaration, reason="Vergissing.", actor=None)
        elif index % 16 == 9:
            declaration_services.end_declaration(declaration, ended_on=date(2026, 1, 1), actor=None)
        planted.append((Planted(declaration.id, 2, first, expected_hidden(first)),
                        Planted(declaration.id, 3, second, expected_hidden(second))))
    db.session.commit()
    keys = {organisation_key(v.values["organisation"]) for pair in planted for v in pair} - {""}
    kvks = {v.values["kvk_number"] for pair in planted for v in pair} - {None}
    world = World(body.slug, politician.slug, sorted(keys), sorted(kvks), ["orgkanarie", "omskanarie", "uitlegkanarie"])
    return world, planted


# Every planted text value: organisation, description and explanation canaries, and 8-digit KvK numbers.
CANARY = re.compile(r"(?:Orgkanarie|Omskanarie|Uitlegkanarie) \d{3} v\d|(?<!\d)7\d{7}(?!\d)")


def allowed(older: Planted, newest: Planted, name: str) -> bool:
    """A value may show when it is public in its own version and in the newest (a later shield counts back)."""
    return name not in older.hidden and name not in newest.hidden


def _articles_by_declaration(page: str) -> dict[int, str]:
    """The text of the <article> elements of a page or history per declaration (by their #opgave-N anchor),
    without the tags (whose addresses hold other numbers)."""
    found: dict[int, str] = {}
    for article in re.findall(r"<article.*?</article>", page, re.S):
        match = re.search(r"opgave-(\d+)", article)
        if match:
            found[int(match.group(1))] = found.get(int(match.group(1)), "") + re.sub(r"<[^>]+>", " ", article)
    return found


def _number(value: int) -> re.Pattern:
    # Not a count of days: the timeliness line says how many days after the start a declaration was made
    # ("opgegeven 732 dagen na de begindatum"), which can equal a planted number of hours.
    return re.compile(rf"(?<![\d.]){value}(?![\d.])(?!\s+dag)")


def test_no_shielded_value_appears_in_any_public_output_for_any_combination(client, matrix, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 10_000)  # every published change in the feeds, not just the newest 50
    world, planted = matrix
    texts = fetch_all(client, world)
    forbidden = {version.values[name] for older, newest in planted for version in (older, newest)
                 for name in ("organisation", "kvk_number", "description", "explanation")
                 if version.values[name] and not allowed(version, newest, name)}
    assert len(forbidden) > 500
    seen = {url: set(CANARY.findall(text)) for url, text in texts.items()}
    assert {url: found & forbidden for url, found in seen.items() if found & forbidden} == {}
    # The walk saw the values it may show (a broken page would otherwise pass).
    everything = set().union(*seen.values())
    for _older, newest in planted:
        for name in ("organisation", "kvk_number", "description", "explanation"):
            if newest.values[name] and allowed(newest, newest, name):
                assert newest.values[name] in everything, (name, newest.values[name])


def test_shielded_income_and_hours_stay_off_the_pages_the_history_and_the_data(client, matrix):
    world, planted = matrix
    pages = [_articles_by_declaration(html_lib.unescape(client.get(url).get_data(as_text=True)))
             for url in OUTPUTS["public.politician"](world) + OUTPUTS["public.history"](world)]
    data = {item["role"]: item for item in client.get(f"/export/{world.body_slug}.json").get_json()["declarations"]}
    shown_somewhere = 0
    for older, newest in planted:
        for version in (older, newest):
            for name, shown in (("income_band", str(INCOME_LABELS[version.values["income_band"]])),
                                ("hours_per_month", _number(version.values["hours_per_month"]))):
                for articles in pages:
                    article = articles.get(version.declaration_id, "")
                    found = shown in article if isinstance(shown, str) else bool(shown.search(article))
                    assert found is False or allowed(version, newest, name), (name, version.declaration_id)
                    shown_somewhere += found
        row = data.get(newest.values["role"])
        if row is not None:  # withdrawn entries are not in the export
            for name in ("income_band", "hours_per_month"):
                assert (row[name] is None) == (name in newest.hidden), (name, row)
                assert (name in row["withheld"]) == (name in newest.hidden), (name, row)
    assert shown_somewhere > 100


# --- the rule lives in one place: rewire it, and every output follows ------------------------------------------

ORGANISATION_OUTPUTS = {"public.politician", "public.history", "search.search", "search.organisation",
                        "opendata.export", "opendata.feed", "opendata.body_feed", "api.politician",
                        "api.declarations", "public.changes", "public.body_changes", "opendata.politician_feed"}
KVK_OUTPUTS = {"search.search", "search.organisation", "opendata.export", "api.politician", "api.declarations"}


@pytest.fixture
def two_choices(app):
    body = make_body("Gemeente Regelstad", slug="regelstad")
    politician = make_politician(make_group(body, "Fractie Regel"), name="Rob Regel")
    make_declaration(politician, organisation="Openorg Alfa", kvk_number="11110000", role="Bestuurslid",
                     organisation_public=True, paid=True, income_band=IncomeBand.from_1001, income_public=False)
    make_declaration(politician, organisation="Dichtorg Beta", kvk_number="22220000", role="Adviseur",
                     organisation_public=False, paid=True, income_band=IncomeBand.from_1001, income_public=True)
    return World(body.slug, politician.slug, ["openorg-alfa", "dichtorg-beta"], ["11110000", "22220000"],
                 ["openorg", "dichtorg"])


def _endpoints_showing(texts_by_endpoint: dict[str, str], value: str) -> set[str]:
    return {endpoint for endpoint, text in texts_by_endpoint.items() if value in text}


def _walk(client, world: World) -> dict[str, str]:
    """Per endpoint, the text of all its addresses (without the address itself, which an error page repeats)."""
    texts = {}
    for endpoint, urls in OUTPUTS.items():
        texts[endpoint] = "\n".join(_text(client.get(url)).replace(url, "")
                                    for url in urls(world))
    return texts


def test_every_output_follows_the_rule_in_its_one_home(client, two_choices, monkeypatch):
    before = _walk(client, two_choices)
    assert _endpoints_showing(before, "Openorg Alfa") == ORGANISATION_OUTPUTS
    assert _endpoints_showing(before, "11110000") == KVK_OUTPUTS
    assert _endpoints_showing(before, "Dichtorg Beta") == set()
    assert _endpoints_showing(before, "22220000") == set()
    # Rewire the one home: the organisation now follows the income's visibility choice.
    rule = visibility.FIELDS["organisation"]
    monkeypatch.setitem(visibility.FIELDS, "organisation", replace(rule, flag="income_public"))
    visibility.hidden_fields.cache_clear()
    touch(db.session)  # as a deploy would: pages rendered under the old rule are not served again
    db.session.commit()
    try:
        after = _walk(client, two_choices)
    finally:
        visibility.hidden_fields.cache_clear()
    assert _endpoints_showing(after, "Openorg Alfa") == set()
    assert _endpoints_showing(after, "11110000") == set()
    assert _endpoints_showing(after, "Dichtorg Beta") == ORGANISATION_OUTPUTS
    assert _endpoints_showing(after, "22220000") == KVK_OUTPUTS


def test_the_labels_of_declaration_fields_come_from_the_one_table(client, two_choices):
    url = OUTPUTS["public.politician"](two_choices)[0]
    page = client.get(url).get_data(as_text=True)
    for name in ("organisation", "role", "paid", "income_band"):
        assert f"<dt>{visibility.FIELD_LABELS[name]}</dt>" in page, name
    english = client.get(url + "?lang=en").get_data(as_text=True)
    assert "<dt>Organisation</dt>" in english and "<dt>Organisatie</dt>" not in english


def test_public_statuses_are_spelled_once():
    pair = re.compile(r"DeclarationStatus\.(published|ended)\s*,\s*DeclarationStatus\.(published|ended)")
    spelled = [str(path.relative_to(ROOT)) for path in (ROOT / "register").rglob("*.py")
               if pair.search(path.read_text())]
    assert spelled == ["register/models/declarations.py"]


def test_visibility_flags_are_read_only_in_the_model_layer():
    """Outside register/models the flags are written (forms, demo data), never read to decide what to show; the
    public templates ask version.is_field_public."""
    reading = re.compile(r"\.(organisation_public|description_public|income_public|hours_public|explanation_public"
                         r"|concerns_family)\b(?!\s*=[^=])")
    writers = ("register/models/", "register/declarations/forms.py", "register/demo.py", "register/demo_national.py",
               # A family member's interest is a fact the private conflict hints name, not a visibility decision.
               "register/risk/hints.py")
    files = [*(ROOT / "register").rglob("*.py"), *(ROOT / "templates" / "public").rglob("*.html"),
             *(ROOT / "templates" / "search").rglob("*.html"), *(ROOT / "templates" / "opendata").rglob("*.html")]
    readers = sorted(name for name in (str(path.relative_to(ROOT)) for path in files)
                     if not name.startswith(writers) and reading.search((ROOT / name).read_text()))
    assert readers == []


@pytest.mark.parametrize("shielding", [dict(organisation_public=False), dict(concerns_family=True)])
def test_history_never_shows_the_kvk_number_of_a_shielded_organisation(client, app, shielding):
    politician = make_politician(make_group(make_body("Gemeente Kvkstad", slug="kvkstad")), name="Kees Kvk")
    declaration = make_declaration(politician, organisation="Verborgen Holding", kvk_number="11112222",
                                   role="Aandeelhouder", **shielding)
    declaration_services.correct_declaration(declaration, {"kvk_number": "33334444"}, actor=None,
                                             reason="KvK-nummer verbeterd.")
    db.session.commit()
    page = client.get(f"/register/kvkstad/{politician.slug}/history").get_data(as_text=True)
    assert "Correctie" in page and "KvK-nummer" in page  # the change itself is on the record
    assert "11112222" not in page and "33334444" not in page
    assert "Verborgen Holding" not in page


def test_the_politician_sees_that_the_kvk_number_is_shielded_with_the_organisation(client, app, login):
    from tests.factories import make_user

    owner = make_user(politician=make_politician(make_group(make_body("Gemeente Eigenstad", slug="eigenstad"))))
    declaration = make_declaration(owner.politician, organisation="Eigen Holding", kvk_number="55556666",
                                   organisation_public=False)
    page = login(owner).get(f"/mijn/opgaven/{declaration.id}").get_data(as_text=True)
    kvk = re.search(r"<dt>KvK-nummer</dt><dd>(.*?)</dd>", page, re.S).group(1)
    assert "55556666" in kvk and "alleen fractie en griffie" in kvk
