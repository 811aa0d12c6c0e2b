"""Whole journeys in a real browser: declare, agree, sign off, find it in public; the griffie adds a member."""
from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.helpers import login

NL_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december"]


def dutch_date(day: date) -> str:
    """As the |date filter writes it: 3 maart 2026."""
    return f"{day.day} {NL_MONTHS[day.month - 1]} {day.year}"


def today() -> str:
    """Today in Amsterdam, where the register shows its dates."""
    return dutch_date(datetime.now(ZoneInfo("Europe/Amsterdam")).date())


def flash(page):
    """The success message shown after a change (a refusal has class flash-error)."""
    return page.locator(".flash-success")


def fact(scope, term: str):
    """The <dd> of a <dt> with this text in a list of facts."""
    return scope.locator("dt", has_text=re.compile(f"^{re.escape(term)}$")).locator("xpath=following-sibling::dd[1]")


def politician_declares_and_agrees(page, organisation: str, title: str) -> None:
    """Jeroen Bakker declares a side job, publishes it, records an agreement on it and submits it."""
    login(page, "raadslid")
    expect(page.get_by_role("heading", level=1)).to_have_text("Te doen")  # where everyone lands
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn opgaven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn opgaven")
    page.get_by_role("link", name="Nevenfunctie opgeven").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe opgave: Nevenfunctie")
    page.get_by_label("Organisatie", exact=True).fill(organisation)
    page.get_by_label("Functie", exact=True).fill("Bestuurslid")
    page.get_by_label("Uren per maand").fill("4")
    # Started yesterday: on time, so publishing asks nothing more.
    yesterday = datetime.now(ZoneInfo("Europe/Amsterdam")).date() - timedelta(days=1)
    page.get_by_label("Begonnen op").fill(yesterday.isoformat())
    page.get_by_role("button", name="Publiceren").click()
    expect(flash(page)).to_contain_text("Opgave gepubliceerd")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nevenfunctie: Bestuurslid")
    expect(fact(page, "Status")).to_have_text("Gepubliceerd")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn opgaven").click()
    expect(page.get_by_role("link", name=organisation)).to_be_visible()
    page.get_by_role("link", name="Nieuwe afspraak").click()
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Afspraak", exact=True).fill(f"Ik neem niet deel aan besluiten over {organisation}.")
    page.get_by_label(f"Nevenfunctie: Bestuurslid bij {organisation}").check()
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Afspraak: {title}")
    expect(page.locator("main")).to_contain_text("Status: Concept")
    page.get_by_role("button", name="Ter aftekening aanbieden").click()
    expect(flash(page)).to_contain_text("Afspraak ter aftekening aangeboden aan uw fractie.")
    expect(page.locator("main")).to_contain_text("Status: Ter aftekening")


def reviewer_signs_off(page, title: str) -> None:
    """Marieke de Boer, reviewer of the fractie, signs the agreement off from her queue."""
    login(page, "fractie")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beoordelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beoordelen")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title))
    expect(row).to_contain_text("Jeroen Bakker")
    row.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Afspraak: {title}")
    decision = page.get_by_role("region", name="Aftekenen")
    decision.get_by_label("Opmerking bij het aftekenen").fill("Akkoord; besproken in de fractie.")
    decision.get_by_label("Opmerking openbaar maken").check()
    decision.get_by_role("button", name="Afspraak aftekenen").click()
    expect(flash(page)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beoordelen")
    expect(page.get_by_role("table").filter(has_text="Wachten op uw besluit")
           .get_by_role("link", name=title)).to_have_count(0)
    expect(page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title))).to_contain_text("afgetekend")


def visitor_finds_it(page, organisation: str, title: str) -> None:
    """Anyone searches the organisation, opens the politician, sees the signed-off agreement, downloads the CSV."""
    page.goto("/")
    search_label = "Zoek op naam van een persoon of fractie, organisatie of functie"
    page.get_by_role("search").get_by_label(search_label).fill(organisation)
    page.get_by_role("search").get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"/search\?q="))
    expect(page.get_by_role("heading", name="1 opgave gevonden")).to_be_visible()
    results = page.get_by_role("table")
    expect(results).to_contain_text(organisation)
    results.get_by_role("link", name="Jeroen Bakker").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Jeroen Bakker")
    expect(page.locator("main")).to_contain_text(organisation)
    agreement = page.locator("article").filter(has=page.get_by_role("heading", name=title))
    expect(fact(agreement, "Afgetekend op")).to_have_text(today())
    expect(fact(agreement, "Afgetekend door")).to_contain_text(f"Marieke de Boer, op {today()}")
    expect(fact(agreement, "Afgetekend door")).to_contain_text("Akkoord; besproken in de fractie.")
    expect(agreement.get_by_role("link", name=re.compile(organisation))).to_be_visible()

    page.goto("/open-data")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    with page.expect_download() as info:
        page.get_by_role("link", name="voorbeeldstad.csv").click()
    download = info.value
    assert download.url.endswith("/export/voorbeeldstad.csv")
    assert re.fullmatch(r".*voorbeeldstad.*\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    ours = [row for row in rows if organisation in row.values()]
    assert len(ours) == 1, f"{organisation} staat niet (precies één keer) in de CSV"
    assert "Jeroen Bakker" in ours[0].values()


def test_declaration_agreement_sign_off_and_public_register(new_page):
    """The register's promise end to end: what a politician declares and agrees is public, dated and signed off."""
    unique = uuid.uuid4().hex[:8]
    organisation = f"Stichting Browsertest {unique}"
    title = f"Geen besluiten over Browsertest {unique}"
    politician_declares_and_agrees(new_page(), organisation, title)
    reviewer_signs_off(new_page(), title)
    visitor_finds_it(new_page(), organisation, title)


def test_rejected_declaration_explains_the_error_at_the_field(page):
    """An end date before the start: the summary gets focus and is announced; the field says why; input is kept."""
    organisation = f"Stichting Foutieve Datum {uuid.uuid4().hex[:8]}"
    login(page, "raadslid")
    page.goto("/mijn/opgaven/nieuw?soort=side_job")
    page.get_by_label("Organisatie", exact=True).fill(organisation)
    page.get_by_label("Functie", exact=True).fill("Penningmeester")
    page.get_by_label("Begonnen op").fill("2026-05-01")
    page.get_by_label("Beëindigd op").fill("2026-04-01")
    page.get_by_role("button", name="Publiceren").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("De einddatum ligt vóór de begindatum.")
    ended = page.get_by_label("Beëindigd op")
    message = page.locator("#ended_on-error")
    expect(message).to_have_text("De einddatum ligt vóór de begindatum.")
    expect(ended).to_have_attribute("aria-invalid", "true")
    assert "ended_on-error" in ended.get_attribute("aria-describedby").split()
    expect(ended).to_have_accessible_description(re.compile("De einddatum ligt vóór de begindatum."))
    # The message sits next to its field, in the same field block.
    expect(page.locator(".field-error").filter(has=ended)).to_contain_text("De einddatum ligt vóór de begindatum.")
    # What was typed is kept.
    expect(page.get_by_label("Organisatie", exact=True)).to_have_value(organisation)
    expect(page.get_by_label("Functie", exact=True)).to_have_value("Penningmeester")
    expect(page.get_by_label("Begonnen op")).to_have_value("2026-05-01")
    expect(ended).to_have_value("2026-04-01")
    # The link in the summary takes the keyboard to the field.
    summary.get_by_role("link", name=re.compile("Beëindigd op")).click()
    expect(ended).to_be_focused()
    # Nothing was saved.
    page.goto("/mijn/")
    expect(page.locator("main")).not_to_contain_text(organisation)


def test_griffie_adds_a_politician_who_is_invited_by_mail_and_chooses_a_password(new_page, live_server):
    from tests.helpers import free_port
    from tests.mailbox import Inbox
    from aiosmtpd.controller import Controller

    unique = uuid.uuid4().hex[:6]
    name = f"Anna Testpersoon {unique}"
    email = f"anna.{unique}@voorbeeldstad.demo"
    password = "een-lang-wachtwoord-voor-anna"
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    live_server.app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_STARTTLS=False)
    try:
        page = new_page()
        login(page, "griffie")
        expect(page.get_by_role("heading", level=1)).to_have_text("Te doen")
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Beheer")
        page.get_by_role("link", name="Gemeente Voorbeeldstad").click()
        subnav = page.get_by_role("navigation", name="Beheer van Gemeente Voorbeeldstad")
        subnav.get_by_role("link", name="Ambtsdragers").click()
        page.get_by_role("link", name="Ambtsdrager toevoegen").click()
        page.get_by_label("Naam", exact=True).fill(name)
        page.get_by_label("Ambt").select_option(label="Raadslid")
        page.get_by_label("Fractie").select_option(label="CDA")
        page.get_by_label("Begin zittingsperiode").fill("2026-11-01")
        page.get_by_role("button", name="Opslaan").click()
        expect(flash(page)).to_be_visible()
        expect(page.get_by_role("row").filter(has_text=name)).to_contain_text("CDA")

        subnav.get_by_role("link", name="Accounts").click()
        page.get_by_role("link", name="Account aanmaken").click()
        page.get_by_label("Naam", exact=True).fill(name)
        page.get_by_label("E-mailadres").fill(email)
        expect(page.get_by_label("Wachtwoord", exact=True)).to_have_count(0)  # the griffie never types one
        page.get_by_label("Ambtsdrager", exact=True).select_option(label=name)
        page.get_by_role("button", name="Account aanmaken en uitnodiging sturen").click()
        expect(flash(page)).to_be_visible()
        expect(page.get_by_role("row").filter(has_text=email)).to_contain_text("uitgenodigd")

        [invitation] = inbox.to(email)
        link = re.search(r"http://\S+/uitnodiging/\S+", invitation["body"]).group(0)
        newcomer = new_page()
        newcomer.goto(link)
        newcomer.get_by_label("Nieuw wachtwoord").fill(password)
        newcomer.get_by_label("Herhaal het wachtwoord").fill(password)
        newcomer.get_by_role("button", name="Wachtwoord instellen en inloggen").click()
        expect(newcomer.get_by_role("heading", level=1)).to_have_text("Te doen")
        expect(newcomer.locator("main")).to_contain_text("Bevestig dat uw register volledig is")
        newcomer.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn opgaven").click()
        expect(newcomer.get_by_role("heading", level=1)).to_have_text("Mijn opgaven")
        expect(newcomer.locator("main")).to_contain_text(name)
        newcomer.goto(link)  # the link works once
        expect(newcomer.locator("main")).to_contain_text("Deze link is al gebruikt")
    finally:
        live_server.app.config.update(SMTP_HOST="")
        smtp.stop()


def test_income_band_is_asked_only_for_a_paid_position(page):
    """forms.js: the income band appears when "Betaald" is chosen and is cleared and hidden again for "Onbetaald"."""
    login(page, "raadslid")
    page.goto("/mijn/opgaven/nieuw?soort=side_job")
    band = page.get_by_label("Inkomen", exact=True)
    expect(band).to_be_hidden()
    page.get_by_label("Betaald", exact=True).check()
    expect(band).to_be_visible()
    band.select_option("500_1000")
    page.get_by_label("Onbetaald", exact=True).check()
    expect(band).to_be_hidden()
    expect(band).to_have_value("")
