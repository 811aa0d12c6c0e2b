"""Public declarations as open data: one flat record per declaration, CSV safe for spreadsheets, JSON.

Only `search.queries.Hit` rows come in (published versions of published or ended declarations); fields the
politician kept to the fractie are emptied here and named in `withheld`.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator, Optional

from flask import url_for
from flask_babel import lazy_gettext as _l

from register.models.base import local_date
from register.search.queries import Hit

LICENCE = "CC0-1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/deed.nl"
BATCH = 500
# A cell starting with one of these is read as a formula by spreadsheets: prefix it with a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Shieldable fields in the export; a shielded one is empty and named in `withheld`.
SHIELDABLE = ("organisation", "kvk_number", "description", "income_band", "hours_per_month")

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
    ("days_late", _l("Dagen te laat gemeld ten opzichte van de meldtermijn; 0 is op tijd.")),
    ("deadline_days", _l("Meldtermijn van het orgaan in dagen.")),
    ("status", _l("published (lopend) of ended (beëindigd).")),
    ("after_signal", _l("Opgegeven na een melding van buiten: true of false (zonder details van de melding).")),
    ("version", _l("Versienummer van de gepubliceerde versie; hoger dan 2 na een correctie of beëindiging.")),
    ("url", _l("Adres van de pagina van de ambtsdrager in het register.")),
]
FIELDNAMES = [name for name, _ in COLUMNS]


def _withheld(hit: Hit) -> list[str]:
    """Shielded fields that have a value (an empty field hides nothing), as the public page marks them."""
    v = hit.version
    values = {"organisation": v.organisation, "kvk_number": v.kvk_number, "description": v.description,
              "income_band": v.income_band, "hours_per_month": v.hours_per_month}
    shown = {"organisation": hit.organisation, "kvk_number": hit.kvk_number, "description": hit.description,
             "income_band": v.income_band if v.is_field_public("income_band") else None,
             "hours_per_month": v.hours_per_month if v.is_field_public("hours_per_month") else None}
    return [f for f in SHIELDABLE if values[f] not in (None, "") and shown[f] is None]


def public_fields(hit: Hit) -> dict[str, Any]:
    """The declaration's content as the public may see it (shared by the exports and the API)."""
    v = hit.version
    withheld = _withheld(hit)
    return {
        "kind": hit.declaration.kind.value,
        "organisation": None if "organisation" in withheld else v.organisation,
        "withheld": withheld,
        "kvk_number": None if "kvk_number" in withheld else v.kvk_number,
        "role": v.role,
        "description": None if "description" in withheld else v.description,
        "paid": bool(v.paid),
        "income_band": None if "income_band" in withheld or not v.income_band else v.income_band.value,
        "hours_per_month": None if "hours_per_month" in withheld else v.hours_per_month,
        "ex_officio": bool(v.ex_officio),
        "started_on": v.started_on.isoformat(),
        "ended_on": v.ended_on.isoformat() if v.ended_on else None,
        "declared_on": local_date(hit.declaration.declared_at).isoformat() if hit.declaration.declared_at else None,
        "days_late": hit.declaration.days_late(v),
        "deadline_days": hit.body.declaration_deadline_days,
        "status": hit.declaration.status.value,
        "version": v.number,
    }


def politician_url(hit: Hit) -> str:
    return url_for("public.politician", body_slug=hit.body.slug, politician_slug=hit.politician.slug,
                   _external=True)


def export_record(hit: Hit, url: str) -> dict[str, Any]:
    """One row of the export, in COLUMNS order."""
    fields = public_fields(hit)
    record = {"body": hit.body.name, "body_slug": hit.body.slug, "politician": hit.politician.name,
              "politician_slug": hit.politician.slug, "fractie": hit.group.name if hit.group else None,
              "office": hit.politician.office.value, **fields,
              "after_signal": bool(getattr(hit.declaration, "after_signal", False)), "url": url}
    return {name: record[name] for name in FIELDNAMES}


def records(hits: Iterable[Hit]) -> Iterator[dict[str, Any]]:
    """Export records; the politician's address is built once per politician."""
    urls: dict[int, str] = {}
    for hit in hits:
        url = urls.get(hit.politician.id)
        if url is None:
            url = urls[hit.politician.id] = politician_url(hit)
        yield export_record(hit, url)


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
    return "'" + text if text.startswith(FORMULA_START) else text


def _batched(lines: Iterable[str], write: Callable[[Any], None], buffer: io.StringIO) -> Iterator[str]:
    count = 0
    for line in lines:
        write(line)
        count += 1
        if count % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def csv_stream(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """RFC 4180 CSV (header row, CRLF line ends), yielded in chunks of BATCH rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDNAMES)
    cells = ([csv_cell(row[name]) for name in FIELDNAMES] for row in rows)
    yield from _batched(cells, writer.writerow, buffer)


def json_stream(rows: Iterable[dict[str, Any]], *, body_slug: Optional[str], generated_at: datetime,
                page_url: str) -> Iterator[str]:
    """One JSON object: metadata and a `declarations` array, yielded in chunks."""
    head = {"licence": LICENCE, "licence_url": LICENCE_URL, "documentation": page_url,
            "body": body_slug, "generated_at": generated_at.isoformat(timespec="seconds")}
    buffer = io.StringIO()
    buffer.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "declarations": [\n')
    first = [True]

    def write(row):
        buffer.write(("" if first[0] else ",\n") + json.dumps(row, ensure_ascii=False))
        first[0] = False

    yield from _batched(rows, write, buffer)
    yield "\n]}\n"
