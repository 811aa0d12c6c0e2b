"""Shared by the browser tests: logging in, running axe-core in a page, and the pages every check visits."""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple
from collections.abc import Callable

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PASSWORD = "demo-wachtwoord-2026"
LOGINS = {
    "raadslid": "raadslid@voorbeeldstad.demo",   # Jeroen Bakker, Lokaal Voorbeeldstad
    "fractie": "fractie@voorbeeldstad.demo",     # Marieke de Boer, reviewer of Lokaal Voorbeeldstad
    "griffie": "griffie@voorbeeldstad.demo",     # Ellen Schouten, griffie of Gemeente Voorbeeldstad
    "sitebeheer": "beheer@register.demo",        # Sam Sitebeheer, site administrator
}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def login(page, who: str, password: str = PASSWORD) -> None:
    """Log in through the real form; who is a key of LOGINS or an e-mail address."""
    page.goto("/login")
    page.get_by_label("E-mailadres", exact=True).fill(LOGINS.get(who, who))
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Inloggen").click()
    assert "/login" not in page.url, f"inloggen als {who} is mislukt"


def axe_violations(page, axe_source: str) -> list[dict]:
    """Run axe-core inside the page for the WCAG 2.1 A and AA rules; its violations.

    page.evaluate is not subject to the page's Content-Security-Policy, so the real CSP stays on.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source + "\n;undefined")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


# ---- The pages every check visits -----------------------------------------------------------------------------

Resolver = Callable[[], str]  # run by LiveServer.query, inside an app context


class Visit(NamedTuple):
    """A page as a role sees it: role None is an anonymous visitor; path may need the database to resolve."""
    name: str
    role: str | None
    path: str | Resolver
    status: int = 200

    def resolve(self, server) -> str:
        return self.path if isinstance(self.path, str) else server.query(self.path)


def _declaration(politician_slug: str, organisation: str) -> Resolver:
    def find():
        from sqlalchemy import select
        from register.extensions import db
        from register.models import Declaration, Politician
        declarations = db.session.scalars(
            select(Declaration).join(Politician).where(Politician.slug == politician_slug)).all()
        return next(d.id for d in declarations if d.current_version.organisation == organisation)
    return find


def _agreement(title_start: str) -> Callable[[], int]:
    def find():
        from sqlalchemy import select
        from register.extensions import db
        from register.models import Agreement
        return next(a.id for a in db.session.scalars(select(Agreement)).all()
                    if a.current_version.title.startswith(title_start))
    return find


def _user(email: str) -> Callable[[], int]:
    def find():
        from sqlalchemy import select
        from register.extensions import db
        from register.models import User
        return db.session.scalar(select(User.id).where(User.email == email))
    return find


def _group(slug: str) -> Callable[[], int]:
    def find():
        from sqlalchemy import select
        from register.extensions import db
        from register.models import Group
        return db.session.scalar(select(Group.id).where(Group.slug == slug))
    return find


def _politician(slug: str) -> Callable[[], int]:
    def find():
        from sqlalchemy import select
        from register.extensions import db
        from register.models import Politician
        return db.session.scalar(select(Politician.id).where(Politician.slug == slug))
    return find


def _path(template: str, **finders) -> Resolver:
    return lambda: template.format(**{name: find() for name, find in finders.items()})


BAKKER_VV = _declaration("jeroen-bakker", "Voetbalvereniging VV Voorbeeldstad")
ORDERS = _agreement("Geen opdrachten van de gemeente")          # Jeroen's, submitted, waiting for the fractie
VV_AGREEMENT = _agreement("Geen besluitvorming over subsidies")  # Jeroen's, signed off
BODY = "/register/voorbeeldstad"
ADMIN = "/beheer/voorbeeldstad"

PUBLIC_PAGES = [
    Visit("home", None, "/"),
    Visit("body", None, f"{BODY}/"),
    Visit("politician", None, f"{BODY}/jeroen-bakker/"),
    Visit("former politician", None, f"{BODY}/bram-hoekstra/"),
    Visit("history", None, f"{BODY}/jeroen-bakker/history"),
    Visit("statistics", None, f"{BODY}/statistieken"),
    Visit("search form", None, "/search"),
    Visit("search with results", None, "/search?q=Rabobank"),
    Visit("search without results", None, "/search?q=bestaat-niet-xyz"),
    Visit("organisation", None, "/organisatie/rabobank-regio-voorbeeldstad"),
    Visit("open data", None, "/open-data"),
    Visit("signal form", None, f"{BODY}/melding"),
    Visit("signal form for a politician", None, f"{BODY}/jeroen-bakker/melding"),
    Visit("not found", None, "/register/bestaat-niet/", 404),
    Visit("login", None, "/login"),
    Visit("forgot password", None, "/wachtwoord-vergeten"),
    Visit("invalid link", None, "/uitnodiging/bestaat-niet", 404),
    Visit("recent changes", None, "/wijzigingen"),
    Visit("recent changes of a body, late only", None, f"{BODY}/wijzigingen?late=1"),
    Visit("search for a person", None, "/search?q=Jeroen+Bakker"),
    Visit("search with a misspelt word", None, "/search?q=Rabbobank"),
    Visit("late declarations", None, "/search?body=voorbeeldstad&late=1"),
]

LOGGED_IN_PAGES = [
    Visit("dashboard", "raadslid", "/mijn/"),
    Visit("choose kind", "raadslid", "/mijn/opgaven/nieuw"),
    Visit("declaration form side job", "raadslid", "/mijn/opgaven/nieuw?soort=side_job"),
    Visit("declaration form gift", "raadslid", "/mijn/opgaven/nieuw?soort=gift"),
    Visit("declaration form other", "raadslid", "/mijn/opgaven/nieuw?soort=other"),
    Visit("declaration detail", "raadslid", _path("/mijn/opgaven/{id}", id=BAKKER_VV)),
    Visit("declaration correction", "raadslid", _path("/mijn/opgaven/{id}/bewerken", id=BAKKER_VV)),
    Visit("declaration end", "raadslid", _path("/mijn/opgaven/{id}/beeindigen", id=BAKKER_VV)),
    Visit("declaration withdraw", "raadslid", _path("/mijn/opgaven/{id}/intrekken", id=BAKKER_VV)),
    Visit("agreement form", "raadslid", "/mijn/afspraken/nieuw"),
    Visit("agreement detail", "raadslid", _path("/mijn/afspraken/{id}", id=ORDERS)),
    Visit("agreement detail signed off", "raadslid", _path("/mijn/afspraken/{id}", id=VV_AGREEMENT)),
    Visit("agreement edit", "raadslid", _path("/mijn/afspraken/{id}/bewerken", id=VV_AGREEMENT)),
    Visit("agreement end", "raadslid", _path("/mijn/afspraken/{id}/beeindigen", id=VV_AGREEMENT)),
    Visit("change password", "raadslid", "/wachtwoord-wijzigen"),
    Visit("my signals", "raadslid", "/mijn/meldingen"),
    Visit("my recusals", "raadslid", "/mijn/onthoudingen"),
    Visit("recusal form", "raadslid", "/mijn/onthoudingen/nieuw"),
    Visit("my notes", "raadslid", "/mijn/toelichtingen"),
    Visit("declaration note form", "raadslid", _path("/mijn/toelichtingen/opgave/{id}", id=BAKKER_VV)),
    Visit("agreement note form", "raadslid", _path("/mijn/toelichtingen/afspraak/{id}", id=VV_AGREEMENT)),
    Visit("review queue", "fractie", "/beoordelen/"),
    Visit("review agreement", "fractie", _path("/beoordelen/afspraken/{id}", id=ORDERS)),
    Visit("review declaration", "fractie", _path("/beoordelen/opgaven/{id}", id=BAKKER_VV)),
    Visit("admin index", "griffie", "/beheer/"),
    Visit("admin body", "griffie", f"{ADMIN}/"),
    Visit("admin settings", "griffie", f"{ADMIN}/instellingen"),
    Visit("admin groups", "griffie", f"{ADMIN}/fracties"),
    Visit("admin group form", "griffie", f"{ADMIN}/fracties/nieuw"),
    Visit("admin group edit", "griffie", _path(ADMIN + "/fracties/{id}/bewerken", id=_group("lokaal"))),
    Visit("admin politicians", "griffie", f"{ADMIN}/ambtsdragers"),
    Visit("admin politician form", "griffie", f"{ADMIN}/ambtsdragers/nieuw"),
    Visit("admin politician edit", "griffie",
          _path(ADMIN + "/ambtsdragers/{id}/bewerken", id=_politician("jeroen-bakker"))),
    Visit("admin accounts", "griffie", f"{ADMIN}/accounts"),
    Visit("admin account form", "griffie", f"{ADMIN}/accounts/nieuw"),
    Visit("admin account edit", "griffie",
          _path(ADMIN + "/accounts/{id}/bewerken", id=_user("raadslid@voorbeeldstad.demo"))),
    Visit("admin account deactivate", "griffie",
          _path(ADMIN + "/accounts/{id}/deactiveren", id=_user("raadslid@voorbeeldstad.demo"))),
    Visit("admin politician end term", "griffie",
          _path(ADMIN + "/ambtsdragers/{id}/deactiveren", id=_politician("jeroen-bakker"))),
    Visit("admin politician mistake", "griffie",
          _path(ADMIN + "/ambtsdragers/{id}/vergissing", id=_politician("jeroen-bakker"))),
    Visit("admin import", "griffie", f"{ADMIN}/import"),
    Visit("site admin", "sitebeheer", "/sitebeheer/"),
    Visit("site admin new body", "sitebeheer", "/sitebeheer/organen/nieuw"),
    Visit("admin audit log", "griffie", f"{ADMIN}/logboek"),
    Visit("admin unsent mail", "griffie", f"{ADMIN}/e-mail"),
    Visit("admin former members", "griffie", f"{ADMIN}/oud-leden"),
    Visit("admin signals", "griffie", f"{ADMIN}/meldingen"),
    Visit("admin recusals", "griffie", f"{ADMIN}/onthoudingen"),
    Visit("admin recusals of a politician", "griffie",
          _path(ADMIN + "/ambtsdragers/{id}/onthoudingen", id=_politician("jeroen-bakker"))),
    Visit("te doen politician", "raadslid", "/te-doen"),
    Visit("te doen reviewer", "fractie", "/te-doen"),
    Visit("te doen griffie", "griffie", "/te-doen"),
    Visit("declaration form financial", "raadslid", "/mijn/opgaven/nieuw?soort=financial"),
    Visit("confirmation checklist", "raadslid", "/mijn/bevestigen"),
    Visit("admin audit log filtered", "griffie", f"{ADMIN}/logboek?soort=afspraken"),
]

ALL_PAGES = PUBLIC_PAGES + LOGGED_IN_PAGES
from tests.browser.issue16_pages import ISSUE16_PAGES  # noqa: E402  (the pages of issue 16)
ALL_PAGES += [Visit(*page) for page in ISSUE16_PAGES]


class Rejected(NamedTuple):
    """A form sent with bad input (the fields in `fill`, by label), so that the page shows its error messages."""
    name: str
    role: str | None
    path: str | Resolver
    button: str
    fill: tuple = ()

    def show(self, page, server) -> None:
        page.goto(self.path if isinstance(self.path, str) else server.query(self.path))
        for label, value in self.fill:
            page.get_by_label(label, exact=True).fill(value)
        with page.expect_navigation():
            page.get_by_role("main").get_by_role("button", name=self.button, exact=True).click()
        assert page.locator("#foutmeldingen, .error-message, .flash-error").count(), f"{self.name}: geen foutmelding"


REJECTED_FORMS = [
    Rejected("login", None, "/login", "Inloggen", (("E-mailadres", "niemand@voorbeeldstad.demo"),
                                                    ("Wachtwoord", "fout-wachtwoord"))),
    Rejected("login empty", None, "/login", "Inloggen"),
    Rejected("declaration form", "raadslid", "/mijn/opgaven/nieuw?soort=side_job", "Publiceren",
             (("KvK-nummer", "123"), ("Begonnen op", "2026-05-01"), ("Beëindigd op", "2026-04-01"))),
    Rejected("declaration correction", "raadslid", _path("/mijn/opgaven/{id}/bewerken", id=BAKKER_VV),
             "Correctie publiceren", (("Functie", ""),)),
    Rejected("declaration end", "raadslid", _path("/mijn/opgaven/{id}/beeindigen", id=BAKKER_VV), "Beëindigen",
             (("Beëindigd op", "1990-01-01"),)),
    Rejected("agreement form", "raadslid", "/mijn/afspraken/nieuw", "Opslaan als concept"),
    Rejected("review request changes", "fractie", _path("/beoordelen/afspraken/{id}", id=ORDERS), "Wijziging vragen"),
    Rejected("review declaration", "fractie", _path("/beoordelen/opgaven/{id}", id=BAKKER_VV),
             "Beoordeling vastleggen"),
    Rejected("admin politician form", "griffie", f"{ADMIN}/ambtsdragers/nieuw", "Opslaan"),
    Rejected("admin account form", "griffie", f"{ADMIN}/accounts/nieuw", "Account aanmaken en uitnodiging sturen",
             (("E-mailadres", "geen-adres"),)),
    Rejected("admin settings", "griffie", f"{ADMIN}/instellingen", "Instellingen opslaan",
             (("Termijn voor een opgave (dagen)", "0"),)),
    Rejected("change password", "raadslid", "/wachtwoord-wijzigen", "Wachtwoord wijzigen"),
    Rejected("confirmation checklist", "raadslid", "/mijn/bevestigen", "Ik bevestig dat mijn register volledig is"),
    Rejected("admin audit log filters", "griffie", f"{ADMIN}/logboek", "Filteren", (("Van", "2026-03-10"),
                                                                                  ("Tot en met", "2026-03-01"))),
]


def signal_about(visitor, griffie, server, politician_slug: str) -> int:
    """Send a signal through the public form with the visitor's page, let the griffie's page take it up; its id."""
    marker = f"Browsertest-melding {os.urandom(4).hex()}"
    visitor.goto(f"{BODY}/{politician_slug}/melding")
    visitor.get_by_label("Wat wilt u melden?").fill(f"{marker}: een bestuursfunctie die niet in het register staat.")
    visitor.get_by_role("button", name="Melding versturen").click()
    visitor.wait_for_url("**/melding/ontvangen")

    def find():
        from sqlalchemy import select
        from register.extensions import db
        from register.models import Signal
        return db.session.scalar(select(Signal.id).where(Signal.text.startswith(marker)))
    signal_id = server.query(find)
    griffie.goto(f"{ADMIN}/meldingen/{signal_id}")
    with griffie.expect_navigation():
        griffie.get_by_role("button", name="In behandeling nemen", exact=True).click()
    assert griffie.locator(".flash-success").count(), "de griffie kon de melding niet in behandeling nemen"
    return signal_id


# The pages of one signal (sent through the public form, taken up by the griffie): role, path with {id}.
SIGNAL_PAGES = [
    ("griffie", f"{ADMIN}/meldingen/{{id}}"),
    ("raadslid", "/mijn/meldingen/{id}"),
    (None, f"{BODY}/melding/ontvangen"),
]
SIGNAL_PAGE_NAMES = ["griffie signal detail", "politician signal detail", "signal received"]
