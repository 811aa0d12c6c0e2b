"""Public declarations as open data: one flat record per declaration, CSV safe for spreadsheets, JSON.

Only `search.queries.Hit` rows come in (published versions of public declarations); fields the politician kept
to the fractie (models/visibility.py decides which) are emptied here and named in `withheld`.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from collections.abc import Callable, Iterable, Iterator

from flask_babel import lazy_gettext as _l

from register.models.base import local_date
from register.models.visibility import SHIELDABLE_FIELDS, hidden_in, public_values
from register.search.queries import Hit

LICENCE = "CC0-1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.nl"
BATCH = 500
# Spreadsheets run a field that starts with = + - or @ as a formula (and a leading tab or CR hides one). A field
# can start anywhere a spreadsheet might split: at the start of a cell, and, when the file is opened with another
# separator than it was written with (Dutch Excel reads a semicolon), after a comma, semicolon, tab or line break,
# past spaces and an opening quote. A quote (') goes in front of each such start: one rule for every CSV here.
LIVE_START = re.compile(r'(?:^|(?<=[,;\t\r\n]))[ "]*(?=[=+\-@])|^(?=[\t\r])')
MAYBE_LIVE = re.compile(r"[=+\-@\t\r]")  # a quick test: most cells hold none of these
SEPARATORS = {",": ",", ";": ";"}

COLUMNS: list[tuple[str, Any]] = [
    ("body", _l("Naam van het orgaan (gemeenteraad, provinciale staten, waterschap).")),
    ("body_slug", _l("Korte naam van het orgaan, zoals in de adressen van het register.")),
    ("politician", _l("Naam van de ambtsdrager.")),
    ("politician_slug", _l("Korte naam van de ambtsdrager binnen het orgaan.")),
    ("fractie", _l("Fractie van de ambtsdrager; leeg als die er niet is (bijvoorbeeld de burgemeester).")),
    ("office", _l("Functie: raadslid, wethouder, burgemeester, burgerlid, statenlid, gedeputeerde, "
                  "commissaris, ab_lid, db_lid of dijkgraaf.")),
    ("kind", _l("Soort belang: side_job (nevenfunctie), financial (financieel belang), gift (geschenk of "
                "uitnodiging) of other (overig belang).")),
    ("organisation", _l("Organisatie; leeg als de ambtsdrager die heeft afgeschermd (zie withheld).")),
    ("withheld", _l("Velden die alleen voor fractie en griffie zichtbaar zijn en hier dus leeg blijven, "
                    "gescheiden door een puntkomma (JSON: een lijst).")),
    ("kvk_number", _l("KvK-nummer van de organisatie (8 cijfers), als dat is opgegeven.")),
    ("role", _l("Functie of omschrijving van het belang.")),
    ("description", _l("Toelichting op de functie, als die openbaar is.")),
    ("paid", _l("Bezoldigd: true of false.")),
    ("income_band", _l("Inkomensklasse per maand: below_500, 500_1000, 1001_5000, 5001_10000 of above_10000; "
                       "nooit een exact bedrag.")),
    ("hours_per_month", _l("Uren per maand, als opgegeven.")),
    ("ex_officio", _l("Ambtshalve (vanwege het ambt): true of false.")),
    ("started_on", _l("Begonnen op (datum, JJJJ-MM-DD); bij een geschenk de datum van het geschenk.")),
    ("ended_on", _l("Beëindigd op (datum), leeg als het belang nog loopt.")),
    ("declared_on", _l("Gemeld op: de datum (Nederlandse tijd) waarop het systeem de opgave vastlegde.")),
    ("days_late", _l("Dagen te laat gemeld ten opzichte van de meldtermijn; 0 is op tijd. Vast vanaf de eerste "
                     "opgave: een latere correctie van de begindatum verandert dit niet, tenzij de fractie haar "
                     "aanvaardt (zie deadline_counted_from).")),
    ("deadline_days", _l("Meldtermijn in dagen, zoals die gold toen de opgave voor het eerst werd gedaan.")),
    ("status", _l("published (lopend) of ended (beëindigd).")),
    ("after_signal", _l("Opgegeven na een melding van buiten: true of false (zonder details van de melding).")),
    ("version", _l("Versienummer van de gepubliceerde versie; hoger dan 2 na een correctie of beëindiging.")),
    ("url", _l("Adres van de pagina van de ambtsdrager in het register.")),
    ("deadline_counted_from", _l("Datum vanaf waar de meldtermijn telt: de begindatum zoals die eerst werd "
                                 "opgegeven (of het begin van de zittingsperiode, als dat later is), of een "
                                 "gecorrigeerde begindatum die de fractie aanvaardde.")),
    ("gift_value_band", _l("Geschenk: geschatte waarde in een klasse: up_to_50, 51_250, 251_1000 of above_1000 "
                           "(euro); leeg bij andere soorten.")),
    ("gift_outcome", _l("Geschenk: accepted (aangenomen), returned (teruggegeven of geweigerd) of handed_over "
                        "(afgedragen aan het orgaan); leeg bij andere soorten.")),
    ("holding_band", _l("Financieel belang: omvang in een klasse: below_10000, 10000_50000, 50000_250000 of "
                        "above_250000 (euro); leeg bij andere soorten.")),
    ("late_explanation", _l("Toelichting van de ambtsdrager op een te late opgave, als die is gegeven.")),
]
FIELDNAMES = [name for name, _ in COLUMNS]
# The export's columns that the politician can shield: empty when shielded, and named in `withheld`.
SHIELDABLE = tuple(name for name in FIELDNAMES if name in SHIELDABLE_FIELDS)


def shown_fields(values: dict[str, Any], hidden: frozenset[str]) -> tuple[dict[str, Any], list[str]]:
    """The shieldable export columns as the public sees them (models/visibility.py decides), and the names of
    those withheld."""
    return public_values(values, hidden, SHIELDABLE)


def public_fields(hit: Hit) -> dict[str, Any]:
    """The declaration's content as the public may see it (shared by the API; the exports use the same rules
    on plain rows in opendata.rows)."""
    v = hit.version
    shown, withheld = shown_fields({"organisation": v.organisation, "kvk_number": v.kvk_number,
                                    "description": v.description,
                                    "income_band": v.income_band.value if v.income_band else None,
                                    "hours_per_month": v.hours_per_month}, hidden_in(v))
    lateness = hit.declaration.lateness(v)
    return {
        "kind": hit.declaration.kind.value,
        "organisation": shown["organisation"],
        "withheld": withheld,
        "kvk_number": shown["kvk_number"],
        "role": v.role,
        "description": shown["description"],
        "paid": bool(v.paid),
        "income_band": shown["income_band"],
        "hours_per_month": shown["hours_per_month"],
        "ex_officio": bool(v.ex_officio),
        "started_on": v.started_on.isoformat(),
        "ended_on": v.ended_on.isoformat() if v.ended_on else None,
        "declared_on": local_date(hit.declaration.declared_at).isoformat() if hit.declaration.declared_at else None,
        "days_late": lateness.days_late if lateness else None,
        "deadline_days": lateness.deadline_days if lateness else hit.body.declaration_deadline_days,
        "deadline_counted_from": lateness.counted_from.isoformat() if lateness else None,
        "status": hit.declaration.status.value,
        "version": v.number,
        "gift_value_band": v.gift_value_band.value if v.gift_value_band else None,
        "gift_outcome": v.gift_outcome.value if v.gift_outcome else None,
        "holding_band": v.holding_band.value if v.holding_band else None,
        "late_explanation": hit.declaration.late_explanation,
    }


def neutralise(text: str) -> str:
    """The text with a quote before every place where a spreadsheet could start a formula (see LIVE_START)."""
    if not MAYBE_LIVE.search(text):
        return text
    return LIVE_START.sub(lambda start: start.group(0) + "'", text)


# Names of bodies, fracties and people repeat on every row of the national export: neutralised once.
_neutralise_name = lru_cache(maxsize=16384)(neutralise)


def csv_cell(value: Any) -> str:
    """Text for one CSV cell, neutralised so that no spreadsheet runs it as a formula."""
    if type(value) is str:  # the common case first: this runs a million times for the national export
        text = value
    elif value is None:
        return ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = ";".join(value)
    elif isinstance(value, (date, datetime)):
        text = value.isoformat()
    else:
        text = str(value)
    return neutralise(text)


# Every column that can hold text someone typed (the others hold dates, numbers, fixed words and our own URLs):
# the names of the body, person and fractie, and the declaration's own text.
NAME_COLUMNS = [FIELDNAMES.index(name) for name in ("body", "body_slug", "politician", "politician_slug", "fractie")]
TEXT_COLUMNS = [FIELDNAMES.index(name) for name in ("organisation", "kvk_number", "role", "description",
                                                    "late_explanation")]
WITHHELD = FIELDNAMES.index("withheld")
BOOL_COLUMNS = [FIELDNAMES.index(name) for name in ("paid", "ex_officio", "after_signal")]


def _csv_values(row: list) -> list:
    """A row from opendata.rows as CSV cells: formulas neutralised in free text, lists joined, booleans and
    dates spelled out (the csv module writes None as an empty cell)."""
    for i in NAME_COLUMNS:
        if row[i]:
            row[i] = _neutralise_name(row[i])
    for i in TEXT_COLUMNS:
        text = row[i]
        if text and MAYBE_LIVE.search(text):
            row[i] = neutralise(text)
    row[WITHHELD] = ";".join(row[WITHHELD])
    for i in BOOL_COLUMNS:
        row[i] = "true" if row[i] else "false"
    return row


def _chunks(rows: Iterable[list], write_batch: Callable[[list], None], buffer: io.StringIO) -> Iterator[str]:
    """Write BATCH rows at a time and yield what was written."""
    batch: list = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            write_batch(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if batch:
        write_batch(batch)
    if buffer.getvalue():
        yield buffer.getvalue()


def csv_writer(buffer: io.StringIO, separator: str = ","):
    """RFC 4180 (CRLF line ends); with a semicolon (spreadsheets with Dutch settings) the file starts with a UTF-8
    byte order mark, without which Excel reads it in the Windows code page and garbles every ë and é."""
    if separator != ",":
        buffer.write("\ufeff")
    return csv.writer(buffer, delimiter=SEPARATORS[separator], lineterminator="\r\n")


def csv_stream(rows: Iterable[list], separator: str = ",") -> Iterator[str]:
    """CSV with a header row, yielded in chunks of BATCH rows."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, separator)
    writer.writerow(FIELDNAMES)
    yield from _chunks((_csv_values(row) for row in rows), writer.writerows, buffer)


def _json_record(row: list) -> dict[str, Any]:
    return dict(zip(FIELDNAMES, row, strict=True))


def json_stream(rows: Iterable[list], *, body_slug: str | None, generated_at: datetime,
                page_url: str) -> Iterator[str]:
    """One JSON object: metadata and a `declarations` array, yielded in chunks."""
    head = {"licence": LICENCE, "licence_url": LICENCE_URL, "documentation": page_url,
            "body": body_slug, "generated_at": generated_at.isoformat(timespec="seconds")}
    buffer = io.StringIO()
    buffer.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "declarations": [\n')
    first = [True]

    def write_batch(batch):
        text = ",\n".join(json.dumps(_json_record(row), ensure_ascii=False) for row in batch)
        buffer.write(text if first[0] else ",\n" + text)
        first[0] = False

    yield from _chunks(rows, write_batch, buffer)
    yield "\n]}\n"
