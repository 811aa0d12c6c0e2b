"""Conflict hints from the register itself (issue 16 item 3), for the politician and the fractie's reviewers.

A hint is a fact the register already holds, put next to a declaration: the same organisation in another
declaration (a family member's interest, a gift, a function there), an executive's side job in the sector of
their portfolio, an organisation that receives money or permits from the body. Never a verdict.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    BodyRelation, Declaration, DeclarationKind, DeclarationStatus, DeclarationVersion, Politician,
)
from register.models.agreement_catalogue import split_topics
from register.models.sectors import sectors_of, shared_words
from register.relations.queries import relation_summaries
from register.risk.words import is_executive

GIFT, SIDE, FINANCIAL = DeclarationKind.gift, DeclarationKind.side_job, DeclarationKind.financial


@dataclass
class Hint:
    kind: str  # same_organisation, family, gift, gift_from_function, portfolio, relation
    text: str


def _version(declaration: Declaration) -> DeclarationVersion | None:
    return declaration.published_version or declaration.current_version


def _same(a: DeclarationVersion, b: DeclarationVersion) -> str | None:
    """How two versions name the same organisation ('KvK-nummer 12345678', 'naam'), or None."""
    if a.kvk_number and a.kvk_number == b.kvk_number:
        return _("zelfde KvK-nummer %(number)s", number=a.kvk_number)
    if a.organisation_key and a.organisation_key == b.organisation_key:
        return _("zelfde naam")
    return None


def _pair_hint(target: Declaration, tv: DeclarationVersion, other: Declaration, ov: DeclarationVersion,
               basis: str) -> Hint | None:
    kinds = {target.kind, other.kind}
    organisation = ov.organisation
    if kinds == {GIFT, SIDE}:
        return Hint("gift_from_function", _("Geschenk van een organisatie waarin u een functie heeft: %(org)s "
                                            "(%(role)s; %(basis)s).", org=organisation,
                                            role=(ov if other.kind == SIDE else tv).role, basis=basis))
    if tv.concerns_family or ov.concerns_family:
        return Hint("family", _("Een familielid van u heeft een belang bij dezelfde organisatie: %(org)s (%(basis)s).",
                                org=organisation, basis=basis))
    if GIFT in kinds:
        return Hint("gift", _("U heeft ook een geschenk van deze organisatie opgegeven: %(org)s (%(basis)s).",
                              org=organisation, basis=basis))
    if kinds == {SIDE, FINANCIAL}:
        return None  # working at and owning one's own business: the usual way to declare it, not a signal
    return Hint("same_organisation", _("Dezelfde organisatie staat ook in een andere opgave van u: %(kind)s, "
                                       "%(role)s bij %(org)s (%(basis)s).", kind=other.kind_label.lower(),
                                       role=ov.role, org=organisation, basis=basis))


def _portfolio_hint(politician: Politician, declaration: Declaration, version: DeclarationVersion) -> Hint | None:
    """An executive's side job or financial interest in the sector of a portfolio topic."""
    if not (is_executive(politician.office) and politician.portfolio) or declaration.kind == GIFT:
        return None
    text = " ".join(filter(None, (version.organisation, version.role, version.description)))
    found = sectors_of(text)
    for topic in split_topics(politician.portfolio):
        common = set(found) & set(sectors_of(topic))
        matched = sorted({w for s in common for w in found[s]} | shared_words(topic, text))
        if matched:
            return Hint("portfolio", _("Uw %(kind)s bij %(org)s lijkt onder uw portefeuille „%(topic)s” te vallen "
                                       "(woorden: %(words)s).", kind=declaration.kind_label.lower(),
                                       org=version.organisation, topic=topic, words=", ".join(matched)))
    return None


def _relations(targets: list[tuple[Declaration, DeclarationVersion]]) -> dict[tuple[int, str], list[BodyRelation]]:
    """Relations of the targets' bodies with their organisations, keyed (body id, 'kvk:…' or 'key:…')."""
    keys = {v.organisation_key for _d, v in targets if v.organisation_key}
    kvks = {v.kvk_number for _d, v in targets if v.kvk_number}
    bodies = {d.politician.body_id for d, _v in targets}
    if not (keys or kvks):
        return {}
    rows = db.session.scalars(select(BodyRelation).where(
        BodyRelation.body_id.in_(bodies),
        or_(BodyRelation.organisation_key.in_(keys), BodyRelation.kvk_number.in_(kvks)))
        .options(selectinload(BodyRelation.body))).all()
    found: dict[tuple[int, str], list[BodyRelation]] = defaultdict(list)
    for r in rows:
        found[(r.body_id, f"key:{r.organisation_key}")].append(r)
        if r.kvk_number:
            found[(r.body_id, f"kvk:{r.kvk_number}")].append(r)
    return found


def _relation_hint(declaration, version, relations) -> Hint | None:
    body_id = declaration.politician.body_id
    rows = {r.id: r for k in (f"kvk:{version.kvk_number}" if version.kvk_number else None,
                              f"key:{version.organisation_key}") if k for r in relations.get((body_id, k), [])}
    if not rows:
        return None
    lines = relation_summaries(list(rows.values()))
    return Hint("relation", _("%(org)s %(facts)s.", org=version.organisation, facts="; ".join(lines)))


def _published_by_politician(politician_ids: set[int]) -> dict[int, list[tuple[Declaration, DeclarationVersion]]]:
    """The published declarations of these politicians, each with its published version."""
    others = db.session.scalars(
        select(Declaration).where(Declaration.politician_id.in_(politician_ids),
                                  Declaration.status == DeclarationStatus.published)
        .options(selectinload(Declaration.published_version))).all()
    by_politician: dict[int, list[tuple[Declaration, DeclarationVersion]]] = defaultdict(list)
    for other in others:
        if other.published_version is not None:  # always, for a published declaration
            by_politician[other.politician_id].append((other, other.published_version))
    return by_politician


def hints_for_declarations(declarations) -> dict[int, list[Hint]]:
    """Hints per declaration id, for a list (review queue) in a fixed number of queries."""
    targets = [(d, v) for d in declarations if (v := _version(d)) is not None]
    if not targets:
        return {}
    by_politician = _published_by_politician({d.politician_id for d, _v in targets})
    relations = _relations(targets)
    result = {}
    for declaration, version in targets:
        pairs = [_pair_hint(declaration, version, o, ov, basis)
                 for o, ov in by_politician[declaration.politician_id]
                 if o.id != declaration.id and (basis := _same(version, ov))]
        found = [h for h in pairs if h]
        found += [h for h in (_portfolio_hint(declaration.politician, declaration, version),
                              _relation_hint(declaration, version, relations)) if h]
        result[declaration.id] = found
    return result


def hints_for_declaration(declaration: Declaration) -> list[Hint]:
    return hints_for_declarations([declaration]).get(declaration.id, [])
