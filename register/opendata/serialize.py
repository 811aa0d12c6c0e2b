"""Public declarations as open data: one flat record per declaration, CSV safe for spreadsheets, JSON.

Only `search.queries.Hit` rows come in (published versions of published or ended declarations); fields the
politician kept to the fractie are emptied here and named in `withheld`.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any
from collections.abc import Callable, Iterable, Iterator

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
    ("gift_value_band", _l("Geschenk: geschatte waarde in een klasse: up_to_50, 51_250, 251_1000 of above_1000 "
                           "(euro); leeg bij andere soorten.")),
    ("gift_outcome", _l("Geschenk: accepted (aangenomen), returned (teruggegeven of geweigerd) of handed_over "
                        "(afgedragen aan het orgaan); leeg bij andere soorten.")),
    ("holding_band", _l("Financieel belang: omvang in een klasse: below_10000, 10000_50000, 50000_250000 of "
                        "above_250000 (euro); leeg bij andere soorten.")),
    ("late_explanation", _l("Toelichting van de ambtsdrager op een te late opgave, als die is gegeven.")),
]
FIELDNAMES = [name for name, _ in COLUMNS]


def shown_fields(organisation, kvk_number, description, income_band, hours_per_month, *, family: bool,
                 organisation_public: bool, description_public: bool, income_public: bool,
                 hours_public: bool) -> tuple:
    """What the public sees of the shieldable fields: (organisation, kvk_number, description, income_band,
    hours_per_month, withheld). A shielded field is None and named in `withheld` when it has a value (an empty
    field hides nothing). Family data never shows its organisation or description (as
    DeclarationVersion.is_field_public); the KvK number names the organisation, so it goes with it."""
    if organisation and organisation_public and description_public and income_public and hours_public \
            and not family:  # the common case, and nothing is shielded
        return organisation, kvk_number, description, income_band or None, hours_per_month, []
    organisation_shown = bool(organisation_public) and not family
    description_shown = bool(description_public) and not family
    shown = {"organisation": organisation_shown and organisation is not None,
             "kvk_number": organisation_shown and bool(organisation),
             "description": description_shown and description is not None,
             "income_band": bool(income_public), "hours_per_month": bool(hours_public)}
    values = {"organisation": organisation, "kvk_number": kvk_number, "description": description,
              "income_band": income_band, "hours_per_month": hours_per_month}
    withheld = [f for f in SHIELDABLE if values[f] not in (None, "") and not shown[f]]
    return (None if "organisation" in withheld else organisation,
            None if "kvk_number" in withheld else kvk_number,
            None if "description" in withheld else description,
            None if "income_band" in withheld or not income_band else income_band,
            None if "hours_per_month" in withheld else hours_per_month,
            withheld)


def public_fields(hit: Hit) -> dict[str, Any]:
    """The declaration's content as the public may see it (shared by the API; the exports use the same rules
    on plain rows in opendata.rows)."""
    v = hit.version
    organisation, kvk_number, description, income_band, hours, withheld = shown_fields(
        v.organisation, v.kvk_number, v.description, v.income_band.value if v.income_band else None,
        v.hours_per_month, family=v.concerns_family, organisation_public=v.organisation_public,
        description_public=v.description_public, income_public=v.income_public, hours_public=v.hours_public)
    return {
        "kind": hit.declaration.kind.value,
        "organisation": organisation,
        "withheld": withheld,
        "kvk_number": kvk_number,
        "role": v.role,
        "description": description,
        "paid": bool(v.paid),
        "income_band": income_band,
        "hours_per_month": hours,
        "ex_officio": bool(v.ex_officio),
        "started_on": v.started_on.isoformat(),
        "ended_on": v.ended_on.isoformat() if v.ended_on else None,
        "declared_on": local_date(hit.declaration.declared_at).isoformat() if hit.declaration.declared_at else None,
        "days_late": hit.declaration.days_late(v),
        "deadline_days": hit.body.declaration_deadline_days,
        "status": hit.declaration.status.value,
        "version": v.number,
        "gift_value_band": v.gift_value_band.value if v.gift_value_band else None,
        "gift_outcome": v.gift_outcome.value if v.gift_outcome else None,
        "holding_band": v.holding_band.value if v.holding_band else None,
        "late_explanation": hit.declaration.late_explanation,
    }


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


TEXT_COLUMNS = [i for i, name in enumerate(FIELDNAMES)
                if name in ("body", "politician", "fractie", "organisation", "kvk_number", "role", "description",
                            "late_explanation")]
WITHHELD = FIELDNAMES.index("withheld")
BOOL_COLUMNS = [FIELDNAMES.index(name) for name in ("paid", "ex_officio", "after_signal")]


def _csv_values(row: list) -> list:
    """A row from opendata.rows as CSV cells: formulas neutralised in free text, lists joined, booleans and
    dates spelled out (the csv module writes None as an empty cell)."""
    for i in TEXT_COLUMNS:
        text = row[i]
        if text and text.startswith(FORMULA_START):
            row[i] = "'" + text
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


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    """RFC 4180 CSV (header row, CRLF line ends), yielded in chunks of BATCH rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
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
