"""Every CSV download is safe in a spreadsheet whichever separator it is opened with (comma, semicolon, tab)."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from register.extensions import db
from register.models import Recusal
from tests.factories import make_agreement, make_body, make_declaration, make_group, make_politician, make_user
from tests.factories import sign_off as sign_off_agreement

SEPARATORS = [",", ";", "\t"]
FORMULA_START = ("=", "+", "-", "@")
TRICKS = ["Bestuurslid;=1+1;", "Bestuurslid,=1+1,", "Lid\t=1+1", "a;@SUM(A1)", "a; =1+1", 'a;"=1+1"',
          "a;-2+3;b", "regel 1\n=1+1", "regel 1\r\n+31 6", "a,+1;-1\t@x", "=1+1"]


def live_formulas(text: str) -> list[str]:
    """Every field that a spreadsheet would run, reading the file with each separator (and quote handling as
    Python's csv module, which, like spreadsheets, honours double quotes)."""
    found = []
    for separator in SEPARATORS:
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=separator):
            found += [f"{separator!r}: {field!r}" for field in row
                      if field.lstrip(" \"").startswith(FORMULA_START) or field.startswith(("\t", "\r"))]
    return found


@pytest.fixture
def tricky(app):
    body = make_body("Gemeente Formulestad", slug="formulestad")
    group = make_group(body, "Fractie Formule")
    politician = make_politician(group, name="Frits Formule")
    for number, trick in enumerate(TRICKS):
        make_declaration(politician, role=trick, organisation=f"Org {number} {trick}", description=trick,
                         started_on=date(2025, 1, 1 + number))
    reviewer = make_user(reviewer_of=[group])
    agreement = make_agreement(politician, title="Afspraak;=1+1")
    sign_off_agreement(agreement, reviewer)
    for number, trick in enumerate(TRICKS):
        db.session.add(Recusal(politician=politician, agreement=agreement, meeting_date=date(2025, 2, 1 + number),
                               agenda_item=trick))
    db.session.commit()
    return body


CSV_URLS = ["/export/formulestad.csv", "/export/all.csv", "/export/onthoudingen/formulestad.csv",
            "/export/onthoudingen/all.csv"]


@pytest.mark.parametrize("url", CSV_URLS + [u + "?sep=;" for u in CSV_URLS])
def test_no_cell_becomes_a_formula_whichever_separator_a_spreadsheet_uses(client, tricky, url):
    response = client.get(url)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "=1+1" in text  # the values are there, only neutralised
    assert live_formulas(text) == []


def parsed(text: str, separator: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=separator))


@pytest.mark.parametrize("base", ["/export/formulestad.csv", "/export/onthoudingen/all.csv"])
def test_the_semicolon_file_holds_the_same_data_for_dutch_excel(client, tricky, base):
    comma = client.get(base)
    semicolon = client.get(base + "?sep=;")
    assert semicolon.status_code == 200 and semicolon.mimetype == "text/csv"
    assert semicolon.get_data().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel then reads ë and é correctly
    assert not comma.get_data().startswith(b"\xef\xbb\xbf")  # RFC 4180 consumers get no BOM
    assert "-puntkomma.csv" in semicolon.headers["Content-Disposition"]
    assert parsed(semicolon.get_data(as_text=True), ";") == parsed(comma.get_data(as_text=True), ",")
    assert client.get(base + "?sep=%3B").get_data() == semicolon.get_data()


def test_neutralised_values_keep_their_text_after_the_quote(client, tricky):
    rows = parsed(client.get("/export/formulestad.csv").get_data(as_text=True), ",")
    roles = {row["role"] for row in rows}
    assert "Bestuurslid;'=1+1;" in roles and "'=1+1" in roles and "a; '=1+1" in roles
    assert "Org 0 Bestuurslid;'=1+1;" in {row["organisation"] for row in rows}
    data = client.get("/export/formulestad.json").get_json()["declarations"]
    assert "Bestuurslid;=1+1;" in {item["role"] for item in data}  # JSON is for software: unchanged


@pytest.mark.parametrize("separator", ["x", "|", "%09", ";;"])
def test_an_unknown_separator_is_refused_with_a_dutch_message(client, tricky, separator):
    response = client.get(f"/export/formulestad.csv?sep={separator}")
    assert response.status_code == 400
    assert "Onbekend scheidingsteken" in response.get_data(as_text=True)
    assert client.get(f"/export/onthoudingen/formulestad.csv?sep={separator}").status_code == 400


def test_the_open_data_page_offers_and_explains_the_semicolon_file(client, tricky):
    html = client.get("/open-data").get_data(as_text=True)
    assert 'href="/export/all.csv?sep=;"' in html and 'href="/export/formulestad.csv?sep=;"' in html
    assert "puntkomma" in html and "BOM" in html
