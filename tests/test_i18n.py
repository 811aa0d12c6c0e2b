"""English next to Dutch on the public register: ?lang=, the remembered choice, Accept-Language, the switch link,
dates in the page's language, and a catalogue in which every public string has an English translation."""
from __future__ import annotations

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


def test_every_public_string_has_an_english_translation():
    with open(PO, "rb") as handle:
        catalog = read_po(handle, locale="en")
    ids = _public_msgids()
    assert len(ids) > 300
    missing = []
    for msgid in sorted(ids):
        message = catalog.get(msgid)
        strings = message.string if message else None
        ok = all(strings) if isinstance(strings, (tuple, list)) else bool(strings)
        if not ok or (message and message.fuzzy):
            missing.append(msgid)
    assert not missing, f"untranslated public strings (run `make translations` and translate): {missing}"


def test_compiled_catalog_is_up_to_date():
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= PO.stat().st_mtime - 1
