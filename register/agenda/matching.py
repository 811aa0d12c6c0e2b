"""Matching agenda items against the register: explainable, and fast enough for the national register.

The index holds, per politician, the organisations of their published declarations (by KvK number and normalised
name, register.search.organisation_key) and the organisations and topics of their signed onthouden/poortwachter
agreements. An item's text is folded the same way and looked up word sequence by word sequence, so the cost is
the length of the agenda, not the size of the register. Every reason says which words or number matched.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import String, select, type_coerce

from register.extensions import db
from register.models import (
    Agreement, AgreementOrganisation, AgreementStatus, AgreementVersion, Declaration,
    DeclarationStatus, DeclarationVersion, MatchSuppression, Politician,
)
from register.models.agreements import agreement_version_declaration
from register.models.declarations import KIND_LABELS
from register.models.agreement_catalogue import RECUSAL_KINDS
from register.models.sectors import words
from register.models.organisations import organisation_key

KVK_IN_TEXT = re.compile(r"(?<!\d)\d{8}(?!\d)")
MAX_KEY_WORDS = 8
MIN_PREFIX = 5
# One-word organisation names that are ordinary words on every agenda.
TOO_COMMON = frozenset({"gemeente", "provincie", "waterschap", "raad", "college", "stichting", "vereniging",
                        "zelfstandig", "eigen", "geen", "diverse", "particulier", "nvt", "onbekend", "bedrijf",
                        "school", "kerk", "bank"})


class Source(NamedTuple):
    """A declaration or agreement of a politician (a tuple: the national index holds 50,000 of them)."""
    politician_id: int
    kind: str  # "declaration" or "agreement"
    id: int
    label: str


@dataclass
class Index:
    by_kvk: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))
    by_key: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))
    topics: dict[str, list[tuple[tuple[str, ...], str, Source]]] = field(default_factory=lambda: defaultdict(list))
    # declaration id -> signed agreements linked to it (shown with a declaration match)
    linked: dict[int, list[Source]] = field(default_factory=lambda: defaultdict(list))
    suppressed: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    excluded_keys: set[str] = field(default_factory=set)


def _usable_key(key: str | None, index: Index) -> bool:
    if not key or key in index.excluded_keys or len(key) < 4:
        return False
    return "-" in key or key not in TOO_COMMON


def _rows(statement):
    """Plain tuples through Core: no ORM loading step for tens of thousands of rows."""
    return db.session.connection().execute(statement)


def _add_declarations(index: Index, politician_filter) -> None:
    kinds = {kind.name: str(label).lower() for kind, label in KIND_LABELS.items()}  # translated once, not per row
    kind = type_coerce(Declaration.kind, String)  # the stored name, without the Enum conversion per row
    rows = _rows(
        select(Declaration.id, Declaration.politician_id, kind, DeclarationVersion.organisation,
               DeclarationVersion.organisation_key, DeclarationVersion.kvk_number)
        .join(DeclarationVersion, (DeclarationVersion.declaration_id == Declaration.id)
              & (DeclarationVersion.number == Declaration.published_number))
        .join(Politician, Politician.id == Declaration.politician_id)
        .where(Declaration.status == DeclarationStatus.published, *politician_filter))
    for declaration_id, politician_id, kind_name, organisation, key, kvk in rows:
        source = Source(politician_id, "declaration", declaration_id, f"{kinds[kind_name]} bij {organisation}")
        if kvk:
            index.by_kvk[kvk].append(source)
        if _usable_key(key, index):
            index.by_key[key].append(source)


def _signed_versions(politician_filter):
    """(agreement id, politician id, signed version id, title, kind name, topics) of signed, running agreements."""
    return (select(Agreement.id, Agreement.politician_id, AgreementVersion.id.label("version_id"),
                   AgreementVersion.title, type_coerce(AgreementVersion.kind, String).label("kind"),
                   AgreementVersion.topics)
            .join(AgreementVersion, (AgreementVersion.agreement_id == Agreement.id)
                  & (AgreementVersion.number == Agreement.signed_number))
            .join(Politician, Politician.id == Agreement.politician_id)
            .where(Agreement.status != AgreementStatus.ended, *politician_filter))


def _add_agreements(index: Index, politician_filter) -> None:
    recusal_kinds = {kind.name for kind in RECUSAL_KINDS}
    signed = _signed_versions(politician_filter).subquery()
    versions = {}
    for agreement_id, politician_id, version_id, title, kind, topics in _rows(select(signed)):
        source = Source(politician_id, "agreement", agreement_id, f"afspraak „{title}”")
        versions[version_id] = (source, kind in recusal_kinds)
        for topic in (topics or []) if kind in recusal_kinds else []:
            folded = tuple(words(topic))
            if folded:
                index.topics[folded[0][:MIN_PREFIX]].append((folded, topic, source))
    if not versions:
        return
    for version_id, key, kvk in _rows(
            select(AgreementOrganisation.agreement_version_id, AgreementOrganisation.organisation_key,
                   AgreementOrganisation.kvk_number)
            .join(signed, signed.c.version_id == AgreementOrganisation.agreement_version_id)
            .where(signed.c.kind.in_(recusal_kinds))):
        source = versions[version_id][0]
        if kvk:
            index.by_kvk[kvk].append(source)
        if _usable_key(key, index):
            index.by_key[key].append(source)
    link = agreement_version_declaration.c
    for version_id, declaration_id in _rows(select(link.agreement_version_id, link.declaration_id)
                                            .join(signed, signed.c.version_id == link.agreement_version_id)):
        index.linked[declaration_id].append(versions[version_id][0])


def build_index(*politician_filter, exclude_names: tuple[str, ...] = ()) -> Index:
    """The index for the politicians matching `politician_filter` (e.g. Politician.body_id == 3); none: everyone."""
    filters = (Politician.active.is_(True), *politician_filter)
    index = Index(excluded_keys={organisation_key(n) for n in exclude_names})
    _add_declarations(index, filters)
    _add_agreements(index, filters)
    for politician_id, term in _rows(
            select(MatchSuppression.politician_id, MatchSuppression.term)
            .join(Politician, Politician.id == MatchSuppression.politician_id).where(*filters)):
        index.suppressed[politician_id].add(term)
    return index


def _token_match(topic_word: str, text_word: str) -> bool:
    if topic_word == text_word:
        return True
    shorter, longer = sorted((topic_word, text_word), key=len)
    return len(shorter) >= MIN_PREFIX and longer.startswith(shorter)


def as_reason(hit: tuple[Source, str, str]) -> dict:
    """A hit as stored on the match (JSON): through which declaration or agreement, by what, which words."""
    source, by, value = hit
    return {"source": source.kind, "id": source.id, "label": source.label, "by": by, "value": value}


def match_text(index: Index, title: str, description: str | None, organisations: list[str],
               kvk_numbers: list[str]) -> dict[int, list[tuple[Source, str, str]]]:
    """Politician id -> hits (source, 'kvk'|'name'|'topic'|'linked', the matched number or words); the signed
    agreements linked to a matched declaration come along as 'linked'. Plain tuples: against the whole register
    an agenda can touch tens of thousands of declarations."""
    text = " ".join([title, description or "", *organisations])
    found: dict[int, dict[tuple, tuple]] = {}
    suppressed, linked = index.suppressed, index.linked

    def add(sources, by: str, value: str) -> None:
        for source in sources:
            politician_id = source[0]
            if suppressed and value in suppressed.get(politician_id, ()):
                continue
            hits = found.get(politician_id)
            if hits is None:
                hits = found[politician_id] = {}
            key = (source[1], source[2], by, value)
            if key in hits:
                continue
            hits[key] = (source, by, value)
            for agreement in linked.get(source[2], ()) if source[1] == "declaration" else ():
                hits.setdefault(("agreement", agreement[2], "linked", ""), (agreement, "linked", source[3]))

    for kvk in dict.fromkeys([*kvk_numbers, *KVK_IN_TEXT.findall(text)]):
        add(index.by_kvk.get(kvk, ()), "kvk", kvk)
    tokens = words(text)
    by_key, topics = index.by_key, index.topics
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + MAX_KEY_WORDS, len(tokens)) + 1):
            sources = by_key.get("-".join(tokens[start:end]))
            if sources:
                add(sources, "name", " ".join(tokens[start:end]))
        for folded, topic, source in topics.get(tokens[start][:MIN_PREFIX], ()):
            window = tokens[start:start + len(folded)]
            if len(window) == len(folded) and all(map(_token_match, folded, window)):
                add((source,), "topic", topic.casefold())
    return {politician_id: list(hits.values()) for politician_id, hits in found.items()}
