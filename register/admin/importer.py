"""Reading a people file: CSV (comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252) or Popolo
JSON (persons, organizations, memberships). The result is one PersonRow per person, checked and planned by
register/admin/import_plan.py; anything that is not such a file is refused whole with a Dutch message."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _

from register.input_guard import FORBIDDEN

# Header names (lower-cased, without spaces, dashes and underscores) -> field. Dutch first, English accepted.
HEADERS = {
    "naam": "name", "name": "name",
    "ambt": "office", "functie": "office", "office": "office", "role": "office",
    "fractie": "group", "partij": "group", "group": "group", "party": "group",
    "email": "email", "emailadres": "email", "mail": "email",
    "begindatum": "start", "startdatum": "start", "begin": "start", "startdate": "start",
    "portefeuille": "portfolio", "portfolio": "portfolio",
}
REQUIRED = {"name": "naam", "office": "ambt", "email": "e-mail"}
TEMPLATE_COLUMNS = ["naam", "ambt", "fractie", "e-mail", "begindatum", "portefeuille"]


class ImportFileError(ValueError):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass
class PersonRow:
    line: int                      # the line in the CSV file, or the person's place in the Popolo list
    name: str = ""
    email: str = ""
    office: str = ""
    group: str | None = ""         # None: the file has no fractie column (keep what is stored)
    start: str = ""
    end: str = ""                  # Popolo only: the membership's end date
    portfolio: str | None = None   # None: the file says nothing about portfolios (keep what is stored)
    external_id: str = ""          # Popolo only: the person's id
    notes: list[str] = field(default_factory=list)


@dataclass
class ParsedFile:
    kind: str                      # "csv" or "popolo"
    rows: list[PersonRow]
    notes: list[str] = field(default_factory=list)


def decode(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252 as spreadsheets on Windows save it; never binary."""
    if b"\x00" in content:
        raise ImportFileError(_("Dit bestand is geen CSV- of Popolo-bestand (het lijkt een binair bestand, "
                                "zoals een Excel-bestand). Sla het op als CSV en probeer het opnieuw."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if FORBIDDEN.search(text):
        raise ImportFileError(_("Het bestand bevat onzichtbare stuurtekens en is daardoor geen gewoon CSV- of "
                                "Popolo-bestand. Sla het opnieuw op als CSV (UTF-8) en probeer het nog eens."))
    return text


def parse(content: bytes) -> ParsedFile:
    return parse_text(decode(content))


def parse_text(text: str) -> ParsedFile:
    if not text.strip():
        raise ImportFileError(_("Het bestand is leeg."))
    if text.lstrip().startswith(("{", "[")):
        return _parse_popolo(text)
    return _parse_csv(text)


def _limit(count: int) -> None:
    limit = current_app.config["IMPORT_MAX_ROWS"]
    if count > limit:
        raise ImportFileError(_("Het bestand heeft %(count)d regels met personen; per keer kunnen er ten hoogste "
                                "%(limit)d worden geïmporteerd. Er is niets geïmporteerd.", count=count, limit=limit))


# ------------------------------------------------------------------------------------------------ CSV

def _header_key(name: str) -> str:
    return "".join(c for c in (name or "").strip().lower() if c not in " -_.")


def _reader(text: str):
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(";,\t", key=first.count) if any(c in first for c in ";,\t") else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    columns, ignored = {}, []
    for index, name in enumerate(header):
        key = HEADERS.get(_header_key(name))
        if key and key not in columns:
            columns[key] = index
        elif name.strip():
            ignored.append(name.strip())
    missing = [dutch for key, dutch in REQUIRED.items() if key not in columns]
    if missing:
        raise ImportFileError(_("De kolom(men) %(missing)s ontbreken. De eerste regel moet de kolomnamen bevatten: "
                                "%(columns)s.", missing=", ".join(missing), columns=", ".join(TEMPLATE_COLUMNS)))
    return columns, ignored


def _parse_csv(text: str) -> ParsedFile:
    try:
        lines = list(_reader(text))
    except csv.Error as error:
        raise ImportFileError(_("Dit bestand is geen leesbaar CSV-bestand (%(error)s).", error=error)) from None
    columns, ignored = _columns(lines[0])
    body = [(n, line) for n, line in enumerate(lines[1:], start=2) if any(cell.strip() for cell in line)]
    _limit(len(body))
    rows = []
    for n, line in body:
        cell = {key: (line[i].strip() if i < len(line) else "") for key, i in columns.items()}
        rows.append(PersonRow(line=n, name=cell.get("name", ""), email=cell.get("email", ""),
                              office=cell.get("office", ""), group=cell.get("group"), start=cell.get("start", ""),
                              portfolio=cell.get("portfolio")))
    notes = [_("Kolom '%(name)s' wordt niet gebruikt.", name=name) for name in ignored]
    return ParsedFile("csv", rows, notes)


# ------------------------------------------------------------------------------------------------ Popolo

def _popolo_error() -> ImportFileError:
    return ImportFileError(_("Dit JSON-bestand is geen Popolo-bestand: verwacht wordt een object met de lijsten "
                             "persons, organizations en memberships."))


def _load_popolo(text: str) -> dict:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ImportFileError(_("Dit bestand is geen geldig JSON-bestand.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("persons"), list):
        raise _popolo_error()
    for key in ("organizations", "memberships"):
        if not isinstance(data.get(key, []), list):
            raise _popolo_error()
    return data


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _email(person: dict) -> str:
    if _text(person.get("email")):
        return _text(person["email"])
    for detail in person.get("contact_details") or []:
        if isinstance(detail, dict) and _text(detail.get("type")).lower() == "email":
            return _text(detail.get("value"))
    return ""


def _current_membership(memberships: list[dict]) -> dict | None:
    """The open membership with the latest start, else the one that ended last."""
    def start(m):
        return _text(m.get("start_date"))
    open_ = [m for m in memberships if not _text(m.get("end_date"))]
    if open_:
        return max(open_, key=start)
    return max(memberships, key=lambda m: _text(m.get("end_date")), default=None)


def _person_row(n: int, person: dict, memberships: list[dict], orgs: dict[str, dict]) -> PersonRow:
    row = PersonRow(line=n, name=_text(person.get("name")), email=_email(person),
                    external_id=_text(person.get("id")))
    membership = _current_membership(memberships)
    if membership is None:
        return row
    row.office, row.start, row.end = (_text(membership.get("role")), _text(membership.get("start_date")),
                                      _text(membership.get("end_date")))
    party = orgs.get(_text(membership.get("on_behalf_of_id")))
    organization = orgs.get(_text(membership.get("organization_id")))
    if party is None and organization is not None and _text(organization.get("classification")) == "party":
        party = organization
    row.group = _text(party.get("name")) if party else ""
    if "portfolio" in membership:
        row.portfolio = _text(membership.get("portfolio"))
    return row


def _parse_popolo(text: str) -> ParsedFile:
    data = _load_popolo(text)
    persons = [p for p in data["persons"] if isinstance(p, dict)]
    _limit(len(persons))
    orgs = {_text(o.get("id")): o for o in data.get("organizations", []) if isinstance(o, dict) and o.get("id")}
    by_person: dict[str, list[dict]] = {}
    for membership in data.get("memberships", []):
        if isinstance(membership, dict) and _text(membership.get("person_id")):
            by_person.setdefault(_text(membership["person_id"]), []).append(membership)
    rows = [_person_row(n, person, by_person.get(_text(person.get("id")), []), orgs)
            for n, person in enumerate(persons, start=1)]
    return ParsedFile("popolo", rows)
