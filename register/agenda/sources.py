"""Reading agendas: a plain CSV (or XLSX) with one row per agenda item, and the Open Raadsinformatie JSON shape
(an Elasticsearch answer with Meeting and AgendaItem documents), from a file or from the ORI API.

Everything is parsed before anything is saved; a problem anywhere means nothing is imported.
"""
from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import gettext as _

from register.relations.tables import (
    SHOWN_ERRORS, Table, TableError, clean_text, guess_column, parse_date, parse_kvk, read_table,
)
from register.models.organisations import organisation_key

MAX_ORI_BYTES = 10 * 1024 * 1024
COLUMNS = {
    "date": ("datum", "vergaderdatum", "date"),
    "meeting": ("vergadering", "naam vergadering", "meeting"),
    "number": ("agendapunt", "nummer", "punt", "nr", "item", "item number"),
    "title": ("titel", "onderwerp", "title"),
    "description": ("omschrijving", "beschrijving", "toelichting", "description"),
    "organisations": ("organisaties", "organisatie", "organisations"),
    "kvk_numbers": ("kvk-nummers", "kvk", "kvk-nummer", "kvk numbers", "kvk_numbers"),
}
REQUIRED = ("date", "meeting", "number", "title")


class AgendaError(ValueError):
    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ItemData:
    key: str
    number: str
    title: str
    description: str | None = None
    organisations: list[str] = field(default_factory=list)
    kvk_numbers: list[str] = field(default_factory=list)

    def content(self) -> dict:
        return {"number": self.number, "title": self.title, "description": self.description,
                "organisations": self.organisations, "kvk_numbers": self.kvk_numbers}


@dataclass
class MeetingData:
    key: str
    name: str
    date: date
    source: str
    source_url: str | None = None
    items: list[ItemData] = field(default_factory=list)


def _raise_problems(problems: list[str]) -> None:
    if problems:
        shown = problems[:SHOWN_ERRORS]
        if len(problems) > SHOWN_ERRORS:
            shown.append(_("En nog %(n)s problemen.", n=len(problems) - SHOWN_ERRORS))
        raise AgendaError(_("Er is niets ingelezen: het bestand heeft %(n)s problemen.", n=len(problems)), shown)


def _split(value, pattern: str) -> list[str]:
    return [p for p in (clean_text(x) for x in re.split(pattern, clean_text(value))) if p]


# ------------------------------------------------------------------------------------------------ CSV / XLSX

def _columns(table: Table) -> dict[str, str | None]:
    mapping = {name: guess_column(table.headers, synonyms) for name, synonyms in COLUMNS.items()}
    missing = [name for name in REQUIRED if not mapping[name]]
    if missing:
        raise AgendaError(_("Het bestand mist de kolommen %(missing)s. Verwacht: datum, vergadering, agendapunt, "
                            "titel (en eventueel omschrijving, organisaties, kvk-nummers). Gevonden: %(have)s.",
                            missing=", ".join(missing), have=", ".join(table.headers)))
    return mapping


def _item_row(row: dict, columns: dict) -> tuple[str, date, ItemData]:
    def cell(name):
        return row.get(columns[name]) if columns.get(name) else None

    meeting = clean_text(cell("meeting"))[:200]
    number = clean_text(cell("number")).rstrip(".")[:20]
    title = clean_text(cell("title"))[:500]
    if not (meeting and number and title):
        raise TableError(_("vergadering, agendapunt en titel zijn verplicht"))
    day, _year = parse_date(cell("date"))
    kvks = [parse_kvk(k) for k in _split(cell("kvk_numbers"), r"[;,|/]+")]
    return meeting, day, ItemData(number.casefold(), number, title, clean_text(cell("description")) or None,
                                  _split(cell("organisations"), r"[;|]+")[:20], [k for k in kvks if k][:20])


def parse_table(table: Table) -> list[MeetingData]:
    """Meetings from rows; the same item twice is read once, twice with different content is a problem."""
    columns = _columns(table)
    meetings: dict[str, MeetingData] = {}
    seen: dict[tuple[str, str], tuple[int, dict]] = {}
    problems = []
    for number, row in enumerate(table.rows, start=2):
        try:
            name, day, item = _item_row(row, columns)
        except TableError as error:
            problems.append(_("Regel %(n)s: %(problem)s.", n=number, problem=str(error)))
            continue
        key = f"{day.isoformat()}:{organisation_key(name)}"
        meeting = meetings.setdefault(key, MeetingData(key, name, day, "csv"))
        earlier = seen.get((key, item.key))
        if earlier is None:
            seen[(key, item.key)] = (number, item.content())
            meeting.items.append(item)
        elif earlier[1] != item.content():
            problems.append(_("Regel %(n)s: agendapunt %(item)s van %(meeting)s staat ook op regel %(first)s, met "
                              "een andere inhoud.", n=number, item=item.number, meeting=name, first=earlier[0]))
    _raise_problems(problems)
    if not meetings:
        raise AgendaError(_("Het bestand bevat geen agendapunten."))
    return list(meetings.values())


# ------------------------------------------------------------------------------------------------ ORI JSON

def _hits(data) -> list[dict]:
    try:
        hits = data["hits"]["hits"]
    except (TypeError, KeyError):
        raise AgendaError(_("Dit is geen antwoord van Open Raadsinformatie: het veld hits.hits ontbreekt.")) from None
    if not isinstance(hits, list):
        raise AgendaError(_("Dit is geen antwoord van Open Raadsinformatie: hits.hits is geen lijst."))
    return [h for h in hits if isinstance(h, dict) and isinstance(h.get("_source"), dict)]


def _ori_date(source: dict) -> date:
    value = source.get("start_date") or source.get("last_discussed_at") or ""
    return parse_date(str(value)[:10])[0]


def _ori_meetings(hits: list[dict], base: str | None) -> tuple[dict[str, MeetingData], list[str]]:
    meetings, problems = {}, []
    for hit in hits:
        source = hit["_source"]
        if source.get("@type") != "Meeting":
            continue
        key = str(hit.get("_id") or "")[:200]
        try:
            name = clean_text(source.get("name"))[:200] or _("Vergadering")
            meetings[key] = MeetingData(key, name, _ori_date(source), "ori",
                                        f"https://id.openraadsinformatie.nl/{key}" if key.isdigit() else base)
        except TableError as error:
            problems.append(_("Vergadering %(id)s: %(problem)s.", id=key, problem=str(error)))
    return meetings, problems


def parse_ori(data, base: str | None = None) -> list[MeetingData]:
    """Meetings and their items from an ORI Elasticsearch answer; items whose meeting is missing are a problem."""
    hits = _hits(data)
    meetings, problems = _ori_meetings(hits, base)
    positions: dict[str, int] = {}
    for hit in hits:
        source = hit["_source"]
        if source.get("@type") != "AgendaItem":
            continue
        parent = source.get("parent")
        parent = str(parent[0] if isinstance(parent, list) and parent else parent or "")
        item_id = str(hit.get("_id") or "")[:200]
        title = clean_text(source.get("name") or source.get("title"))[:500]
        if parent not in meetings or not title:
            problems.append(_("Agendapunt %(id)s: de vergadering of de titel ontbreekt.", id=item_id))
            continue
        positions[parent] = positions.get(parent, 0) + 1
        number = clean_text(source.get("position") or source.get("index") or positions[parent])[:20]
        meetings[parent].items.append(ItemData(item_id or number, number, title,
                                               clean_text(source.get("description")) or None))
    _raise_problems(problems)
    found = [m for m in meetings.values() if m.items]
    if not found:
        raise AgendaError(_("Het antwoord bevat geen vergaderingen met agendapunten."))
    return found


def parse_file(filename: str, content: bytes) -> list[MeetingData]:
    """A JSON file in the ORI shape, or a CSV/XLSX table."""
    if filename.lower().endswith(".json") or content.lstrip()[:1] in (b"{", b"["):
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise AgendaError(_("Het JSON-bestand is niet geldig: %(error)s", error=str(error)[:200])) from None
        return parse_ori(data)
    try:
        return parse_table(read_table(filename, content))
    except TableError as error:
        raise AgendaError(str(error), error.problems) from None


def ori_query(start: date, end: date) -> dict:
    """Meetings and agenda items in a date range (ORI documents carry @type; items their meeting in parent)."""
    return {"size": 1000, "query": {"bool": {"filter": [
        {"terms": {"@type.keyword": ["Meeting", "AgendaItem"]}},
        {"range": {"start_date": {"gte": start.isoformat(), "lte": end.isoformat()}}}]}}}


def fetch_ori(index: str, start: date, end: date) -> list[MeetingData]:
    """Ask the ORI Elasticsearch proxy (ORI_BASE_URL) with a timeout; a slow, failing or odd answer is an error."""
    base = current_app.config["ORI_BASE_URL"].rstrip("/")
    if not re.fullmatch(r"[a-z0-9_\-*]{1,80}", index):
        raise AgendaError(_("Ongeldige ORI-index „%(index)s”.", index=index[:80]))
    request = urllib.request.Request(f"{base}/{index}/_search", data=json.dumps(ori_query(start, end)).encode(),
                                     headers={"Content-Type": "application/json", "Accept": "application/json"})
    timeout = current_app.config["ORI_TIMEOUT_SECONDS"]
    slow = AgendaError(_("Open Raadsinformatie antwoordde niet binnen %(s)s seconden. Er is niets ingelezen; "
                         "probeer het later opnieuw.", s=f"{timeout:g}"))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured base URL)
            raw = response.read(MAX_ORI_BYTES + 1)
    except TimeoutError:
        raise slow from None
    except urllib.error.HTTPError as error:
        raise AgendaError(_("Open Raadsinformatie gaf een fout (HTTP %(code)s). Er is niets ingelezen.",
                            code=error.code)) from None
    except (urllib.error.URLError, OSError) as error:
        if isinstance(getattr(error, "reason", None), (TimeoutError, socket.timeout)):
            raise slow from None
        raise AgendaError(_("Open Raadsinformatie is niet bereikbaar (%(reason)s). Er is niets ingelezen.",
                            reason=str(getattr(error, "reason", error))[:200])) from None
    if len(raw) > MAX_ORI_BYTES:
        raise AgendaError(_("Het antwoord van Open Raadsinformatie is groter dan 10 MB. Kies een kortere periode."))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise AgendaError(_("Het antwoord van Open Raadsinformatie is geen geldige JSON. Er is niets ingelezen."))\
            from None
    return parse_ori(data, base)
