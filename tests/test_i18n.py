"""English next to Dutch on the public register: ?lang=, the remembered choice, Accept-Language, the switch link,
dates in the page's language, and a catalogue in which every public string has an English translation."""
from __future__ import annotations

import html as html_module
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from register.models import DeclarationKind
from tests.factories import make_body, make_declaration, make_group, make_politician_user

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "register" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# Templates a visitor without an account sees (and their macros).
PUBLIC_TEMPLATES = (
    [p for folder in ("public", "search", "opendata", "errors") for p in (ROOT / "templates" / folder).glob("*.html")
     if p.name != "archive.html"]  # the archive is for the griffie only
    + [ROOT / "templates" / name for name in (
        "base.html", "_forms.html", "auth/login.html", "signals/new.html", "signals/too_many.html",
        "recusals/_public_list.html")]
)


@pytest.fixture()
def anna(app):
    body = make_body("Gemeenteraad Zichtstad", slug="zichtstad")
    group = make_group(body, "Groen Links")
    user = make_politician_user(group, name="Anna de Vries")
    make_declaration(user.politician, kind=DeclarationKind.side_job, paid=True, organisation="Stichting Woonbelang",
                     role="Penningmeester")
    return user.politician


def html_of(client, url, status=200, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def organisation_url(client) -> str:
    found = re.search(r'href="(/organisatie/[^"?]+)"', html_of(client, "/search?q=Woonbelang"))
    assert found
    return found.group(1)


PAGES = {
    "index": ("/", "Three golden rules", "Drie gouden regels"),
    "body": ("/register/zichtstad/", "Office holders of", "Ambtsdragers van"),
    "politician": ("/register/zichtstad/anna-de-vries/", "Current declarations", "Lopende opgaven"),
    "history": ("/register/zichtstad/anna-de-vries/history", "History of Anna de Vries", "Geschiedenis van"),
    "stats": ("/register/zichtstad/statistieken", "Statistics of", "Statistieken van"),
    "search": ("/search?q=Woonbelang", "Search the register", "Zoeken in het register"),
    "search help": ("/search", "How to search", "Zo zoekt u"),
    "open-data": ("/open-data", "Downloads per body", "Downloads per orgaan"),
    "signal form": ("/register/zichtstad/melding", "Send report", "Melding versturen"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_in_english_with_lang_en_and_dutch_by_default(client, anna, name):
    url, english, dutch = PAGES[name]
    if "anna-de-vries" in url:
        url = url.replace("anna-de-vries", anna.slug)
    separator = "&" if "?" in url else "?"
    english_page = html_of(client.application.test_client(), url + separator + "lang=en")
    assert '<html lang="en">' in english_page
    assert english in english_page
    assert dutch not in english_page
    assert "Skip to content" in english_page
    dutch_page = html_of(client, url)
    assert '<html lang="nl">' in dutch_page
    assert dutch in dutch_page
    assert english not in dutch_page


def test_model_labels_and_dates_follow_the_language(client, anna):
    url = f"/register/zichtstad/{anna.slug}/"
    english = html_of(client.application.test_client(), url + "?lang=en")
    assert "Side job" in english and "January 2025" in english
    dutch = html_of(client, url)
    assert "Nevenfunctie" in dutch and "januari 2025" in dutch


def test_organisation_page_in_english(client, anna):
    url = organisation_url(client)
    english = html_of(client.application.test_client(), url + "?lang=en")
    assert '<html lang="en">' in english and "Public declarations at this organisation" in english
    assert "Openbare opgaven bij deze organisatie" in html_of(client, url)


def test_not_found_page_in_english_and_dutch(client):
    english = html_of(client, "/bestaat-niet?lang=en", status=404)
    assert '<html lang="en">' in english and "Not found" in english and "Error code 404." in english
    dutch = html_of(client.application.test_client(), "/bestaat-niet", status=404)
    assert '<html lang="nl">' in dutch and "Niet gevonden" in dutch and "Foutcode 404." in dutch


def switch_link(html: str) -> tuple[str, str]:
    found = re.search(r'<nav class="language-switch"[^>]*>\s*<a href="([^"]+)" lang="(\w+)" hreflang="\2">', html)
    assert found, "no language switch"
    return found.group(1).replace("&amp;", "&"), found.group(2)


def test_switch_link_keeps_the_page_and_its_query(client, anna):
    href, lang = switch_link(html_of(client, "/search?q=Woonbelang&status=current"))
    assert lang == "en"
    parts = urlsplit(href)
    assert parts.path == "/search"
    assert parse_qsl(parts.query) == [("q", "Woonbelang"), ("status", "current"), ("lang", "en")]
    english = html_of(client, href)
    assert "Search the register" in english and "1 declaration found" in english
    back, lang = switch_link(english)
    assert lang == "nl"
    assert dict(parse_qsl(urlsplit(back).query)) == {"q": "Woonbelang", "status": "current", "lang": "nl"}
    assert "English" not in back and "Nederlands" in english and 'hreflang="nl"' in english


def test_explicit_switch_is_remembered_in_a_cookie(client, anna):
    response = client.get("/?lang=en")
    assert "lang=en" in response.headers.get("Set-Cookie", "")
    remembered = client.get("/open-data")
    assert "Downloads per body" in remembered.get_data(as_text=True)
    assert "Set-Cookie" not in remembered.headers  # nothing new to remember
    back = client.get("/open-data?lang=nl")
    assert "lang=nl" in back.headers.get("Set-Cookie", "")
    assert "Drie gouden regels" in html_of(client, "/")


def test_an_unknown_language_is_ignored_and_sets_no_cookie(client, anna):
    response = client.get("/?lang=fr")
    assert '<html lang="nl">' in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_accept_language_english(client, anna):
    page = html_of(client, "/", headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})
    assert '<html lang="en">' in page and "Three golden rules" in page
    page = html_of(client, "/", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    assert '<html lang="nl">' in page
    page = html_of(client, "/", headers={"Accept-Language": "de-DE"})
    assert '<html lang="nl">' in page


def test_anonymous_visit_without_lang_sets_no_cookie_and_varies(client, anna):
    for url in ("/", "/register/zichtstad/", "/search?q=Woonbelang", "/open-data"):
        for headers in ({}, {"Accept-Language": "en"}):
            response = client.get(url, headers=headers)
            assert response.status_code == 200
            assert "Set-Cookie" not in response.headers, url
            assert {"Cookie", "Accept-Language"} <= set(response.vary), url


def test_cached_page_follows_the_remembered_language(client, anna):
    assert "Drie gouden regels" in html_of(client, "/")
    client.get("/open-data?lang=en")  # switch once; the cookie now says English
    assert "Three golden rules" in html_of(client, "/")


def _add(ids: set, message) -> None:
    msgid = message if isinstance(message, str) else (message[0] if message else None)
    if msgid:  # _(variable) has no literal msgid
        ids.add(msgid)


def _public_msgids() -> set[str]:
    ids = set()
    for path in PUBLIC_TEMPLATES:
        for _line, message, _comments, _context in extract_from_file(
                "jinja2", path, options={"extensions": "jinja2.ext.i18n"}):
            _add(ids, message)
    # Python strings that public pages show: error pages, model labels, the signal form, login.
    sources = [ROOT / name for name in (
        "register/errors.py", "register/models/declarations.py", "register/models/people.py",
        "register/models/agreements.py", "register/signals/forms.py", "register/auth/forms.py",
        "register/templating.py")]
    sources += [path for folder in ("public", "search", "opendata")
                for path in (ROOT / "register" / folder).glob("*.py")]
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
    for path in sources:
        for _line, message, _comments, _context in extract_from_file("python", path, keywords=keywords):
            _add(ids, message)
    ids.discard("")
    return ids


def _all_msgids() -> set[str]:
    """Every translatable string of the app: all templates (also behind the login and in e-mails) and all Python
    code (flash messages, form labels, model labels, the logbook's sentences)."""
    ids = set()
    templates = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "templates").rglob("*.txt")]
    for path in templates:
        for _line, message, _comments, _context in extract_from_file(
                "jinja2", path, options={"extensions": "jinja2.ext.i18n"}):
            _add(ids, message)
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
    for path in (ROOT / "register").rglob("*.py"):
        for _line, message, _comments, _context in extract_from_file("python", path, keywords=keywords):
            _add(ids, message)
    ids.discard("")
    return ids


@pytest.mark.parametrize("which", ["public", "all"])
def test_every_string_has_an_english_translation(which):
    with open(PO, "rb") as handle:
        catalog = read_po(handle, locale="en")
    ids = _public_msgids() if which == "public" else _all_msgids()
    assert len(ids) > (300 if which == "public" else 1200)
    missing = []
    for msgid in sorted(ids):
        message = catalog.get(msgid)
        strings = message.string if message else None
        ok = all(strings) if isinstance(strings, (tuple, list)) else bool(strings)
        if not ok or (message and message.fuzzy):
            missing.append(msgid)
    assert not missing, f"untranslated strings (run `make translations` and translate): {missing}"


def test_compiled_catalog_is_up_to_date():
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= PO.stat().st_mtime - 1


# --- behind the login: one language at a time ------------------------------------------------------------------

# Dutch words that no English page should show once names and data are English (the language switch, which offers
# "Nederlands", is left out of the check).
DUTCH = re.compile(r"\b(de|het|een|van|niet|uw|wordt|zijn|opgave|opgaven|afspraak|afspraken|melding|meldingen|"
                   r"ambtsdrager|fractie|griffie|bevestigen|opslaan|wijzigen|annuleren|beoordelen|toelichting|"
                   r"geen|nog|naar|terug|publiceren|concept|versie|termijn|januari|maart|mei|juni|juli|augustus|"
                   r"oktober|dagen|jaar)\b", re.IGNORECASE)


@pytest.fixture()
def english_world(app):
    from datetime import date, timedelta

    from register.declarations import services as declaration_services
    from register.public.periods import amsterdam_today
    from register.recusals import services as recusal_services
    from register.review import services as review_services
    from register.signals import services as signal_services
    from tests.factories import make_agreement, make_politician, make_user, sign_off

    body = make_body("Testville Council", slug="testville")
    group = make_group(body, "Green Party")
    owner = make_user(politician=make_politician(group, name="Anna Smith"), name="Anna Smith")
    reviewer = make_user(reviewer_of=[group], name="Robert Jones")
    griffie = make_user(griffie_of=[body], name="Claire Clark")
    politician = owner.politician
    job = make_declaration(politician, organisation="Acme Foundation", role="Treasurer")
    gift = make_declaration(politician, kind=DeclarationKind.gift, organisation="Opera House", role="Two tickets",
                            started_on=amsterdam_today() - timedelta(days=3))
    draft = make_declaration(politician, publish=False, organisation="Harbour Trust", role="Adviser")
    declaration_services.correct_declaration(job, {"role": "Chair"}, actor=owner, reason="Became chair")
    signed = make_agreement(politician, [job], title="No votes on Acme", text="I abstain on Acme matters.")
    sign_off(signed, reviewer)
    asked = make_agreement(politician, [gift], title="No favours", text="I accept no further tickets.")
    review_services.request_changes(asked, reviewer=reviewer, comment="Please name the opera house.")
    waiting = make_agreement(make_politician(group, name="Ben Brown"), title="No grants", text="No grants to Acme.")
    recusal_services.record_recusal(politician, actor=owner, meeting_date=date(2025, 3, 12),
                                    agenda_item="Acme grant", agreement=signed)
    signal = signal_services.receive_signal(body, politician=politician, text="Anna Smith owns Acme shares.",
                                            source_url=None, contact_email="r@example.org", client="c")
    signal_services.open_signal(signal, actor=griffie)
    from register.extensions import db
    db.session.commit()
    return dict(body=body, group=group, owner=owner, reviewer=reviewer, griffie=griffie, job=job, draft=draft,
                signed=signed, asked=asked, waiting=waiting, signal=signal, politician=politician)


def _english_pages(w) -> dict[str, list[str]]:
    b, d, a, p = w["body"].slug, w["job"].id, w["asked"].id, w["politician"].id
    return {
        "owner": ["/te-doen", "/mijn/", "/mijn/opgaven/nieuw", "/mijn/opgaven/nieuw?soort=side_job",
                  "/mijn/opgaven/nieuw?soort=financial", "/mijn/opgaven/nieuw?soort=gift",
                  "/mijn/opgaven/nieuw?soort=other", f"/mijn/opgaven/{d}", f"/mijn/opgaven/{d}/bewerken",
                  f"/mijn/opgaven/{d}/beeindigen", f"/mijn/opgaven/{d}/intrekken",
                  f"/mijn/opgaven/{w['draft'].id}", f"/mijn/opgaven/{w['draft'].id}/publiceren",
                  "/mijn/afspraken/nieuw", f"/mijn/afspraken/{a}", f"/mijn/afspraken/{a}/bewerken",
                  f"/mijn/afspraken/{w['signed'].id}", f"/mijn/afspraken/{w['signed'].id}/beeindigen",
                  "/mijn/meldingen", f"/mijn/meldingen/{w['signal'].id}", "/mijn/onthoudingen",
                  "/mijn/onthoudingen/nieuw", "/mijn/toelichtingen", f"/mijn/toelichtingen/opgave/{d}",
                  "/mijn/bevestigen", "/wachtwoord-wijzigen"],
        "reviewer": ["/te-doen", "/beoordelen/", f"/beoordelen/afspraken/{w['waiting'].id}",
                     f"/beoordelen/opgaven/{d}"],
        "griffie": ["/te-doen", "/beheer/", f"/beheer/{b}/", f"/beheer/{b}/instellingen", f"/beheer/{b}/fracties",
                    f"/beheer/{b}/fracties/nieuw", f"/beheer/{b}/ambtsdragers", f"/beheer/{b}/ambtsdragers/nieuw",
                    f"/beheer/{b}/ambtsdragers/{p}/bewerken", f"/beheer/{b}/accounts", f"/beheer/{b}/accounts/nieuw",
                    f"/beheer/{b}/logboek", f"/beheer/{b}/meldingen", f"/beheer/{b}/meldingen/{w['signal'].id}",
                    f"/beheer/{b}/onthoudingen", f"/beheer/{b}/ambtsdragers/{p}/onthoudingen",
                    f"/beheer/{b}/oud-leden"],
    }


def _visible(html: str) -> str:
    html = re.sub(r'<nav class="language-switch".*?</nav>', " ", html, flags=re.S)
    html = re.sub(r"<(script|style|title)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_page_behind_the_login_is_english_when_english_is_chosen(app, english_world):
    from tests.factories import PASSWORD
    failures = {}
    for role, urls in _english_pages(english_world).items():
        client = app.test_client()
        user = english_world[role]
        assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        client.get("/?lang=en")
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            assert '<html lang="en">' in html, url
            dutch = sorted(set(DUTCH.findall(_visible(html))))
            if dutch:
                failures[url] = dutch
    assert not failures, f"Dutch words on English pages: {failures}"
