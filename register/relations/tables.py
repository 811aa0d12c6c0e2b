"""Reading the griffie's files (CSV or XLSX) and the values in them, with a Dutch message for every problem.

Shared by the relations import and the agenda import. Reading never writes: an import parses every row first and
saves only when none has a problem (all or nothing).
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal, overload

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL = 4000
SHOWN_ERRORS = 20
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class TableError(ValueError):
    """A file or value that cannot be read; `problems` lists them per row, in Dutch."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Table:
    headers: list[str]
    rows: list[dict[str, object]]  # header -> cell (str, or a date/number from XLSX)


def clean_text(value) -> str:
    """NFC, no control or invisible format characters (zero-width space, BOM), whitespace collapsed."""
    text = unicodedata.normalize("NFC", str(value if value is not None else ""))
    text = "".join(" " if CONTROL.match(c) else c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())[:MAX_CELL]


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("Het bestand is geen leesbare tekst (CSV) of Excel-bestand (XLSX)."))


def _csv_rows(content: bytes) -> list[list[str]]:
    text = _decode(content)
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    except csv.Error as error:
        raise TableError(_("Het CSV-bestand is niet goed opgebouwd: %(error)s", error=str(error))) from None


def _xlsx_rows(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TableError(_("Het Excel-bestand kan niet worden gelezen. Sla het op als .xlsx of als CSV.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        if any(c not in (None, "") for c in row):
            rows.append(list(row))
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def read_table(filename: str, content: bytes) -> Table:
    """The first sheet or the CSV as header -> cell rows; empty rows skipped."""
    if not content:
        raise TableError(_("Het bestand is leeg."))
    if len(content) > MAX_BYTES:
        raise TableError(_("Het bestand is groter dan 5 MB. Splits het in delen."))
    is_xlsx = content[:4] == b"PK\x03\x04"
    raw = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    if not raw:
        raise TableError(_("Het bestand bevat geen regels."))
    headers = [clean_text(h) for h in raw[0]]
    if not any(headers):
        raise TableError(_("De eerste regel moet de kolomnamen bevatten."))
    doubles = sorted({h for h in headers if h and headers.count(h) > 1})
    if doubles:
        raise TableError(_("De kolomnaam %(names)s komt meer dan eens voor.", names=", ".join(doubles)))
    if len(raw) - 1 > MAX_ROWS:
        raise TableError(_("Het bestand heeft meer dan %(max)s regels. Splits het in delen.", max=f"{MAX_ROWS:,}"
                           .replace(",", ".")))
    rows = [{h: (row[i] if i < len(row) else None) for i, h in enumerate(headers) if h} for row in raw[1:]]
    return Table([h for h in headers if h], rows)


def guess_column(headers: list[str], synonyms: tuple[str, ...]) -> str | None:
    """The first header that names this field (case and punctuation ignored)."""
    folded = {re.sub(r"[\W_]+", "", h.casefold()): h for h in headers}
    for synonym in synonyms:
        header = folded.get(re.sub(r"[\W_]+", "", synonym.casefold()))
        if header:
            return header
    return None


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
EARLIEST_YEAR = 1990


# Without allow_year the answer is always a date (or a TableError): the first form, for the type checker.
@overload
def parse_date(value, *, allow_year: Literal[False] = False) -> tuple[date, int]: ...
@overload
def parse_date(value, *, allow_year: bool) -> tuple[date | None, int]: ...
def parse_date(value, *, allow_year: bool = False) -> tuple[date | None, int]:
    """(date or None, year). A date from Excel, ISO 2026-01-12, 12-01-2026, 12/01/2026; a bare year if allowed."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = clean_text(value)
        if allow_year and re.fullmatch(r"\d{4}", text):
            return None, _check_year(int(text), text)
        day = _parse_date_text(text)
    return day, _check_year(day.year, day.isoformat())


def _parse_date_text(text: str) -> date:
    if not text:
        raise TableError(_("de datum ontbreekt"))
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise TableError(_("„%(value)s” is geen geldige datum (gebruik bijvoorbeeld 12-01-2026 of 2026-01-12)",
                       value=text[:40]))


def _check_year(year: int, shown: str) -> int:
    if not EARLIEST_YEAR <= year <= date.today().year + 5:
        raise TableError(_("de datum %(value)s ligt te ver in het verleden of de toekomst", value=shown))
    return year


def parse_amount(value) -> Decimal | None:
    """An amount in euro: 45000, 45.000, € 45.000,50, 45000.50; empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = clean_text(value).replace("€", "").replace("EUR", "").replace(" ", "")
        if not text:
            return None
        amount = _parse_amount_text(text)
    if amount < 0 or amount >= Decimal("1e12"):
        raise TableError(_("het bedrag %(value)s kan niet kloppen", value=str(value)[:40]))
    return amount.quantize(Decimal("0.01"))


def _parse_amount_text(text: str) -> Decimal:
    for locale in ("nl_NL", "en_US"):
        try:
            return parse_decimal(text, locale=locale, strict=True)
        except (NumberFormatError, InvalidOperation):
            continue
    raise TableError(_("„%(value)s” is geen bedrag", value=text[:40]))


def parse_kvk(value) -> str | None:
    """A KvK number of 8 digits (spaces and dots allowed); a 12-digit branch number is refused with a hint."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"{int(value):08d}"
    digits = re.sub(r"[\s.]", "", clean_text(value))
    if not digits:
        return None
    if re.fullmatch(r"\d{12}", digits):
        raise TableError(_("%(value)s is een vestigingsnummer (12 cijfers); vul het KvK-nummer (8 cijfers) in",
                           value=digits))
    if not re.fullmatch(r"\d{8}", digits):
        raise TableError(_("„%(value)s” is geen KvK-nummer (8 cijfers)", value=digits[:40]))
    return digits


def parse_url(value) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    if not re.match(r"https?://[^\s/]+", text) or len(text) > 500:
        raise TableError(_("„%(value)s” is geen webadres (begin met https://)", value=text[:60]))
    return text
