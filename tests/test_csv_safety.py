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
