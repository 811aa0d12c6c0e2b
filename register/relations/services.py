"""Importing the body's subsidies, contracts, permits, guarantees and loans: all rows or none, never twice."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from register.audit import record
from register.extensions import db
from register.models import Body, BodyRelation, DataImport, RelationKind
from register.relations.tables import (
    SHOWN_ERRORS, Table, TableError, clean_text, guess_column, parse_amount, parse_date, parse_kvk, parse_url,
)
from register.models.organisations import organisation_key

# field -> (label, column names that usually hold it)
FIELDS = {
    "organisation": (_l("Organisatie"), ("organisatie", "ontvanger", "naam ontvanger", "naam", "aanvrager",
                                         "leverancier", "vergunninghouder", "organisation", "name")),
    "kvk_number": (_l("KvK-nummer"), ("kvk", "kvk-nummer", "kvknummer", "kvk nummer", "kvk_number")),
    "kind": (_l("Soort"), ("soort", "type", "kind", "categorie", "regeling")),
    "amount": (_l("Bedrag"), ("bedrag", "verleend bedrag", "subsidiebedrag", "waarde", "amount")),
    "date": (_l("Datum of jaar"), ("datum", "besluitdatum", "verleend op", "jaar", "date", "year")),
    "source_url": (_l("Bron (link)"), ("bron", "link", "url", "source", "source_url")),
}
REQUIRED = ("organisation", "date")
KINDS = {kind.value: kind for kind in RelationKind} | {
    "subsidies": RelationKind.subsidie, "opdrachten": RelationKind.opdracht, "vergunningen": RelationKind.vergunning,
    "inkoop": RelationKind.opdracht, "contract": RelationKind.opdracht}


class RelationImportError(ValueError):
    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Parsed:
    organisation: str
    kvk_number: str | None
    kind: RelationKind
    amount: Decimal | None
    on_date: date | None
    year: int
    source_url: str | None

    def fingerprint(self, body_id: int) -> str:
        content = [body_id, organisation_key(self.organisation), self.kvk_number, self.kind.value,
                   str(self.amount) if self.amount is not None else None, self.year,
                   self.on_date.isoformat() if self.on_date else None, self.source_url]
        return hashlib.sha256(json.dumps(content).encode()).hexdigest()


@dataclass
class Result:
    rows: int
    added: int = 0
    already: int = 0
    doubles: int = 0
    parsed: list[Parsed] = field(default_factory=list)
    batch_id: int | None = None


def guess_mapping(headers: list[str]) -> dict[str, str | None]:
    return {name: guess_column(headers, synonyms) for name, (_label, synonyms) in FIELDS.items()}


def _check_mapping(table: Table, mapping: dict[str, str | None], default_kind: RelationKind | None) -> None:
    unknown = [c for c in mapping.values() if c and c not in table.headers]
    if unknown:
        raise RelationImportError(_("Onbekende kolom: %(cols)s. Het bestand heeft de kolommen: %(have)s.",
                                    cols=", ".join(unknown), have=", ".join(table.headers)))
    missing = [str(FIELDS[f][0]) for f in REQUIRED if not mapping.get(f)]
    if not mapping.get("kind") and default_kind is None:
        missing.append(str(FIELDS["kind"][0]))
    if missing:
        raise RelationImportError(_("Kies een kolom voor: %(fields)s. Het bestand heeft de kolommen: %(have)s.",
                                    fields=", ".join(missing), have=", ".join(table.headers)))


def _kind(value, default_kind: RelationKind | None) -> RelationKind:
    text = clean_text(value).casefold()
    if not text and default_kind is not None:
        return default_kind
    if text not in KINDS:
        raise TableError(_("onbekende soort „%(value)s” (kies uit subsidie, opdracht, vergunning, garantie, lening)",
                           value=text[:40]))
    return KINDS[text]


def _parse_row(row: dict, mapping: dict[str, str | None], default_kind: RelationKind | None) -> Parsed:
    def cell(name):
        return row.get(mapping[name]) if mapping.get(name) else None

    organisation = clean_text(cell("organisation"))[:200]
    if not organisation:
        raise TableError(_("de organisatie ontbreekt"))
    on_date, year = parse_date(cell("date"), allow_year=True)
    return Parsed(organisation, parse_kvk(cell("kvk_number")), _kind(cell("kind"), default_kind),
                  parse_amount(cell("amount")), on_date, year, parse_url(cell("source_url")))


def parse(table: Table, mapping: dict[str, str | None], default_kind: RelationKind | None) -> list[Parsed]:
    """Every row parsed, or RelationImportError listing the rows with a problem (row 2 is the first data row)."""
    _check_mapping(table, mapping, default_kind)
    parsed, problems = [], []
    for number, row in enumerate(table.rows, start=2):
        try:
            parsed.append(_parse_row(row, mapping, default_kind))
        except TableError as error:
            problems.append(_("Regel %(n)s: %(problem)s.", n=number, problem=str(error)))
    if problems:
        shown = problems[:SHOWN_ERRORS]
        if len(problems) > SHOWN_ERRORS:
            shown.append(_("En nog %(n)s regels met een probleem.", n=len(problems) - SHOWN_ERRORS))
        raise RelationImportError(_("Er is niets ingelezen: %(n)s regels hebben een probleem.", n=len(problems)),
                                  shown)
    return parsed


def import_relations(body: Body, table: Table, mapping: dict[str, str | None], *, default_kind=None, actor,
                     filename: str, sha256: str, dry_run: bool = False) -> Result:
    """Add the rows that are not in the register yet; a row seen before (or twice in the file) is added once."""
    parsed = parse(table, mapping, default_kind)
    result = Result(rows=len(parsed), parsed=parsed)
    existing = set(db.session.scalars(select(BodyRelation.fingerprint).where(BodyRelation.body_id == body.id)))
    new: dict[str, Parsed] = {}
    for item in parsed:
        key = item.fingerprint(body.id)
        if key in existing:
            result.already += 1
        elif key in new:
            result.doubles += 1
        else:
            new[key] = item
    result.added = len(new)
    if dry_run or not new:
        return result
    batch = DataImport(body=body, purpose="relations", filename=filename[:200], sha256=sha256, rows=len(parsed),
                       added=len(new), created_by_id=getattr(actor, "id", None))
    db.session.add(batch)
    db.session.flush()
    db.session.add_all(BodyRelation(body_id=body.id, organisation=p.organisation,
                                    organisation_key=organisation_key(p.organisation), kvk_number=p.kvk_number,
                                    kind=p.kind, amount=p.amount, year=p.year, on_date=p.on_date,
                                    source_url=p.source_url, fingerprint=key, import_id=batch.id)
                       for key, p in new.items())
    db.session.flush()
    result.batch_id = batch.id
    record("relations.imported", batch, actor=actor, body_id=body.id, file=batch.filename, rows=len(parsed),
           added=len(new), already=result.already)
    return result
