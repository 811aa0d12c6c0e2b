"""Recent changes as HTML (/wijzigingen, /register/<body>/wijzigingen) and one politician's Atom feed: the same
changes as the Atom feeds, newest first, paged, filtered by kind and lateness, each linking to the person and the
history entry."""
from __future__ import annotations

import re
from datetime import date, timedelta

import feedparser
import pytest

from register.declarations import services as declaration_services
from register.extensions import db
from register.public import recent
from register.models.base import amsterdam_today
from register.recusals import services as recusal_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_user, sign_off,
)


@pytest.fixture
def town(app):
    body = make_body("Gemeente Wijzigstad", slug="wijzigstad", declaration_deadline_days=28)
    group = make_group(body, name="Partij Eén")
    user = make_user(politician=make_politician(group, name="Anna de Wit", term_start=date(2022, 3, 30)))
    reviewer = make_user(reviewer_of=[group], name="Rik Recensent")
    return body, group, user, reviewer


def every_kind(user, reviewer):
    """One change of every kind for the user's politician, oldest first; returns them by kind."""
    politician = user.politician
    today = amsterdam_today()
    new = make_declaration(politician, organisation="Woonbelang", role="Bestuurslid", started_on=today)
    corrected = make_declaration(politician, organisation="Zwembad", role="Voorzitter", started_on=today)
    declaration_services.correct_declaration(corrected, {"role": "Penningmeester"}, actor=user, reason="Rol")
    ended = make_declaration(politician, organisation="Hockeyclub", role="Trainer", started_on=today)
    declaration_services.end_declaration(ended, ended_on=today, actor=user, reason="Gestopt")
    withdrawn = make_declaration(politician, organisation="Dubbel", role="Lid", started_on=today)
    declaration_services.withdraw_declaration(withdrawn, reason="Per abuis dubbel", actor=user)
    db.session.commit()
    agreement = make_agreement(politician, [new], title="Geen subsidiebesluiten")
    sign_off(agreement, reviewer)
    recusal = recusal_services.record_recusal(politician, actor=user, meeting_date=today,
                                              agenda_item="Subsidie Woonbelang 2027", agreement=agreement)
    late = make_declaration(politician, organisation="Te Laat BV", role="Adviseur",
                            started_on=today - timedelta(days=100))
    db.session.commit()
    return {"new": new, "corrected": corrected, "ended": ended, "withdrawn": withdrawn, "agreement": agreement,
            "recusal": recusal, "late": late}


def headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in re.findall(r"<h2>(.*?)</h2>", html, re.S)]


def test_every_kind_of_change_is_listed_newest_first_with_links_to_person_and_history(client, town):
    body, _group, user, reviewer = town
    made = every_kind(user, reviewer)
    html = client.get("/wijzigingen").get_data(as_text=True)
    labels = [h.split(" · ", 1)[1] for h in headings(html)]
    assert labels == ["Nieuwe opgave", "Onthouding vastgelegd", "Afspraak afgetekend", "Ingetrokken",
                      "Nieuwe opgave", "Beëindigd", "Nieuwe opgave", "Correctie", "Nieuwe opgave", "Nieuwe opgave"]
    person = f"/register/{body.slug}/{user.politician.slug}/"
    assert f'href="{person}#opgave-{made["corrected"].id}">Penningmeester — Zwembad' in html
    assert f'href="{person}#onthouding-{made["recusal"].id}">Subsidie Woonbelang 2027' in html
    assert f'href="{person}#afspraak-{made["agreement"].id}">Geen subsidiebesluiten' in html
    assert "100 dagen te laat" not in html and "72 dagen te laat" in html  # 100 days minus the 28-day deadline
    # Every history link lands on an entry of the history page, every person link on an item of the person page.
    history = client.get(f"{person}history").get_data(as_text=True)
    page = client.get(person).get_data(as_text=True)
    history_anchors = re.findall(r'href="' + re.escape(person) + r'history#([\w-]+)"', html)
    assert len(history_anchors) == 10
    assert all(f'id="{anchor}"' in history for anchor in history_anchors)
    assert all(f'id="{anchor}"' in page for anchor in re.findall(r'href="' + re.escape(person) + r'#([\w-]+)"', html))


def test_the_page_and_the_atom_feed_show_the_same_changes(client, town):
    body, _group, user, reviewer = town
    every_kind(user, reviewer)
    for page_url, feed_url in (("/wijzigingen", "/feed.atom"), (f"/register/{body.slug}/wijzigingen",
                                                                 f"/register/{body.slug}/feed.atom")):
        html = client.get(page_url).get_data(as_text=True)
        feed = feedparser.parse(client.get(feed_url).get_data())
        on_page = re.findall(r'<p><a href="(/register/[^"#]+/#[\w-]+)"', html)  # the subject of each change
        in_feed = [e.link.replace("http://localhost", "") for e in feed.entries]
        assert on_page == in_feed and len(in_feed) == 10
        assert feed.feed.links[1].href.endswith(page_url)  # the feed's HTML page is the recent-changes page


@pytest.mark.parametrize("kind,expected", [
    ("new", ["Nieuwe opgave"] * 5), ("corrected", ["Correctie"]), ("ended", ["Beëindigd"]),
    ("withdrawn", ["Ingetrokken"]), ("agreement", ["Afspraak afgetekend"]), ("recusal", ["Onthouding vastgelegd"]),
])
def test_filter_by_kind_of_change(client, town, kind, expected):
    body, _group, user, reviewer = town
    every_kind(user, reviewer)
    html = client.get(f"/register/{body.slug}/wijzigingen?kind={kind}").get_data(as_text=True)
    assert [h.split(" · ", 1)[1] for h in headings(html)] == expected
    assert f'<option value="{kind}" selected>' in html


def test_late_filter_lists_only_declarations_made_after_the_deadline(client, town):
    body, _group, user, reviewer = town
    made = every_kind(user, reviewer)
    for url in ("/wijzigingen?late=1", f"/register/{body.slug}/wijzigingen?late=1&kind=new"):
        html = client.get(url).get_data(as_text=True)
        assert headings(html) and len(headings(html)) == 1
        assert f'#opgave-{made["late"].id}">Adviseur — Te Laat BV' in html and "72 dagen te laat" in html
        assert 'name="late" value="1" checked' in html
    html = client.get("/wijzigingen?late=1&kind=agreement").get_data(as_text=True)
    assert "alleen over nieuwe opgaven" in html and len(headings(html)) == 1


def test_body_page_lists_only_its_own_body_and_links_to_its_changes(client, town):
    body, _group, user, reviewer = town
    every_kind(user, reviewer)
    elsewhere = make_politician(make_group(make_body("Gemeente Elders", slug="elders")), name="Bert Buiten")
    make_declaration(elsewhere, organisation="Ander Belang", role="Lid")
    own = client.get(f"/register/{body.slug}/wijzigingen").get_data(as_text=True)
    everywhere = client.get("/wijzigingen").get_data(as_text=True)
    assert "Bert Buiten" not in own and "Anna de Wit" in own
    assert "Bert Buiten" in everywhere and "Gemeente Elders" in everywhere
    assert f'href="/register/{body.slug}/wijzigingen"' in client.get(f"/register/{body.slug}/").get_data(as_text=True)
    assert client.get("/register/bestaat-niet/wijzigingen").status_code == 404


def test_unpublished_and_unlisted_changes_never_appear(client, town):
    body, group, user, reviewer = town
    make_declaration(user.politician, publish=False, organisation="Geheim Concept", role="Concept")
    make_agreement(user.politician, title="Nog niet afgetekend")  # submitted, not signed off
    shielded = make_declaration(user.politician, organisation="Familiebedrijf", role="Lid",
                                organisation_public=False)
    gone = make_politician(group, name="Oud Lid", active=False, term_end=date(2020, 1, 1))
    make_declaration(gone, organisation="Vergeten Stichting", role="Lid")
    html = client.get("/wijzigingen").get_data(as_text=True) + client.get("/feed.atom").get_data(as_text=True)
    for secret in ("Geheim Concept", "Nog niet afgetekend", "Familiebedrijf", "Oud Lid", "Vergeten Stichting"):
        assert secret not in html
    assert f"#opgave-{shielded.id}" in html  # the declaration itself is public, its organisation is not


def test_paging_newest_first_with_links_both_ways(client, town, monkeypatch):
    monkeypatch.setattr(recent, "PER_PAGE", 3)
    body, _group, user, reviewer = town
    every_kind(user, reviewer)
    first = client.get("/wijzigingen?kind=new").get_data(as_text=True)
    second = client.get("/wijzigingen?kind=new&page=2").get_data(as_text=True)
    assert len(headings(first)) == 3 and len(headings(second)) == 2
    assert 'rel="next" href="/wijzigingen?page=2&amp;kind=new"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="/wijzigingen?page=1&amp;kind=new"' in second and 'rel="next"' not in second
    assert "Deze pagina bestaat niet" in client.get("/wijzigingen?page=9").get_data(as_text=True)


@pytest.mark.parametrize("query", ["page=abc", "page=-4", "page=99999999999999999999", "kind=%3Cscript%3E",
                                   "kind=%F0%9F%98%80", "late=ja", "kind=" + "x" * 5000, "page=1&page=2"])
def test_odd_input_gets_a_page_never_an_error(client, town, query):
    response = client.get(f"/wijzigingen?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)
    if query.startswith("kind=%3C"):
        assert "Onbekende soort wijziging" in response.get_data(as_text=True)


def test_footer_links_to_the_readable_page_and_autodiscovery_stays(client, town):
    html = client.get("/").get_data(as_text=True)
    footer = html[html.index('<footer'):]
    assert 'href="/wijzigingen"' in footer and "feed.atom" not in footer
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="/feed.atom"' in html
    body = town[0]
    changes = client.get(f"/register/{body.slug}/wijzigingen").get_data(as_text=True)
    assert f'href="/register/{body.slug}/feed.atom"' in changes


def test_politician_feed_holds_only_that_persons_changes(client, town):
    body, group, user, reviewer = town
    every_kind(user, reviewer)
    colleague = make_politician(group, name="Cor Collega")
    make_declaration(colleague, organisation="Collega Stichting", role="Lid")
    url = f"/register/{body.slug}/{user.politician.slug}/feed.atom"
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo and len(feed.entries) == 10
    assert all("Anna de Wit" in e.title for e in feed.entries)
    assert "Anna de Wit" in feed.feed.title
    page = client.get(f"/register/{body.slug}/{user.politician.slug}/").get_data(as_text=True)
    assert f'type="application/atom+xml" title="Wijzigingen bij Anna de Wit" href="{url}"' in page


def test_politician_feed_unknown_moved_and_gone(client, town):
    body, group, user, _reviewer = town
    assert client.get(f"/register/{body.slug}/niemand/feed.atom").status_code == 404
    gone = make_politician(group, name="Oud Lid", active=False, term_end=date(2015, 1, 1))
    assert client.get(f"/register/{body.slug}/{gone.slug}/feed.atom").status_code == 410
    from register.models import FormerSlug
    db.session.add(FormerSlug(body_id=body.id, politician_id=user.politician.id, slug="anna-oud"))
    db.session.commit()
    moved = client.get(f"/register/{body.slug}/anna-oud/feed.atom")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(f"/register/{body.slug}/{user.politician.slug}/feed.atom")
