"""Links and redirects are built from routes, never from the raw address a visitor sent."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.factories import PASSWORD, make_body, make_politician_user

HOST = "http://localhost"


def language_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)" lang="(?:nl|en)" hreflang', html)


def resolved(base: str, href: str) -> str:
    """Where a browser goes (WHATWG URL standard): a backslash counts as a slash, and two or more slashes at
    the start begin a host name, however many there are."""
    href = href.replace("&amp;", "&").replace("\\", "/")
    if re.match(r"\s*//", href):
        return "http://" + href.lstrip().lstrip("/")
    return urljoin(base, href)


@pytest.mark.parametrize("path", ["/%5C%5Cevil.example", "/%5C%5Cevil.example/x?lang=en", "//evil.example/",
                                  "/%2F%2Fevil.example", "/register/%5C%5Cevil.example/", "/nergens?q=%5C%5Cevil"])
def test_language_links_stay_on_this_site(client, path):
    response = client.get(path)
    links = language_links(response.get_data(as_text=True))
    assert len(links) == 1, path  # the other language
    for href in links:
        target = urlsplit(resolved(HOST + "/x/y", href))
        assert target.netloc == "localhost", (path, href)
        assert target.path.startswith("/") and "evil.example" not in target.netloc


def test_language_link_keeps_the_page_and_its_query(client, app):
    make_body("Gemeente Taalstad", slug="taalstad")
    html = client.get("/register/taalstad/").get_data(as_text=True)
    assert "/register/taalstad/?lang=en" in language_links(html)
    html = client.get("/search?q=woon&kind=gift&lang=en").get_data(as_text=True)
    [dutch] = language_links(html)
    dutch = dutch.replace("&amp;", "&")
    assert dutch.startswith("/search?") and "q=woon" in dutch and "kind=gift" in dutch and "lang=nl" in dutch


@pytest.mark.parametrize("target", ["/mijn/%0D%0ASet-Cookie:%20x=1", "/mijn/%0Aevil", "/mijn/%0D", "/mijn/%09",
                                    "/%5C%5Cevil.example", "/\\evil.example", "//evil.example", "http://evil.example/",
                                    "https:evil.example", "/%2F%2Fevil.example", " /mijn/", "javascript:alert(1)",
                                    "/logout", "/bestaat-niet"])
def test_login_ignores_an_unsafe_next_and_goes_home(client, app, target):
    user = make_politician_user()
    response = client.post("/login?next=" + target, data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/mijn/"


@pytest.mark.parametrize("target, expected", [("/mijn/", "/mijn/"), ("/mijn/opgaven/nieuw?soort=gift",
                                                                    "/mijn/opgaven/nieuw?soort=gift"),
                                              ("/register/taalstad/?lang=en", "/register/taalstad/?lang=en")])
def test_login_follows_a_safe_local_next(client, app, target, expected):
    make_body("Gemeente Taalstad", slug="taalstad")
    user = make_politician_user()
    response = client.post("/login?next=" + target, data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == expected


def test_after_logging_in_the_visitor_lands_on_the_page_that_asked_for_it(client, app):
    user = make_politician_user()
    asked = client.get("/mijn/opgaven/nieuw?soort=gift")
    assert asked.status_code == 302 and "/login?next=" in asked.headers["Location"]
    response = client.post(asked.headers["Location"], data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/mijn/opgaven/nieuw?soort=gift"


def test_a_next_without_its_trailing_slash_follows_the_route(client, app):
    make_body("Gemeente Taalstad", slug="taalstad")
    user = make_politician_user()
    response = client.post("/login?next=/register/taalstad", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/register/taalstad/"


@pytest.mark.parametrize("url", ["/feed.atom", "/api/v1/openapi.json", "/api/v1/bodies", "/export/all.json"])
def test_a_forged_host_header_does_not_put_its_links_into_what_others_get(client, app, url):
    make_body("Gemeente Taalstad", slug="taalstad")
    forged = client.get(url, headers={"Host": "evil.example"})
    assert forged.status_code == 200
    assert "evil.example" not in client.get(url).get_data(as_text=True)
    assert "evil.example" not in client.get(url, headers={"If-None-Match": forged.headers.get("ETag", "")}) \
        .get_data(as_text=True)
