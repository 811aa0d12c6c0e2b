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

from sqlalchemy import select

from register.extensions import db
from register.models import (
    Agreement, AgreementOrganisation, AgreementStatus, AgreementVersion, Declaration, DeclarationKind,
    DeclarationStatus, DeclarationVersion, MatchSuppression, Politician,
)
from register.models.agreements import agreement_version_declaration
from register.models.declarations import KIND_LABELS
from register.risk.catalogue import RECUSAL_KINDS
from register.risk.text import words
from register.search import organisation_key

KVK_IN_TEXT = re.compile(r"(?<!\d)\d{8}(?!\d)")
MAX_KEY_WORDS = 8
MIN_PREFIX = 5
# One-word organisation names that are ordinary words on every agenda.
TOO_COMMON = frozenset({"gemeente", "provincie", "waterschap", "raad", "college", "stichting", "vereniging",
                        "zelfstandig", "eigen", "geen", "diverse", "particulier", "nvt", "onbekend", "bedrijf",
                        "school", "kerk", "bank"})


@dataclass(frozen=True)
class Source:
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


def _declaration_label(kind: DeclarationKind, organisation: str) -> str:
    return f"{str(KIND_LABELS[kind]).lower()} bij {organisation}"


def _add_declarations(index: Index, politician_filter) -> None:
    rows = db.session.execute(
        select(Declaration.id, Declaration.politician_id, Declaration.kind, DeclarationVersion.organisation,
               DeclarationVersion.organisation_key, DeclarationVersion.kvk_number)
        .join(DeclarationVersion, (DeclarationVersion.declaration_id == Declaration.id)
              & (DeclarationVersion.number == Declaration.published_number))
        .join(Politician, Politician.id == Declaration.politician_id)
        .where(Declaration.status == DeclarationStatus.published, *politician_filter))
    for declaration_id, politician_id, kind, organisation, key, kvk in rows:
        source = Source(politician_id, "declaration", declaration_id, _declaration_label(kind, organisation))
        if kvk:
            index.by_kvk[kvk].append(source)
        if _usable_key(key, index):
            index.by_key[key].append(source)


def _signed_agreements(politician_filter):
    return (select(Agreement.id, Agreement.politician_id, AgreementVersion.id, AgreementVersion.title,
                   AgreementVersion.kind, AgreementVersion.topics)
            .join(AgreementVersion, (AgreementVersion.agreement_id == Agreement.id)
                  & (AgreementVersion.number == Agreement.signed_number))
            .join(Politician, Politician.id == Agreement.politician_id)
            .where(Agreement.status != AgreementStatus.ended, *politician_filter))


def _add_agreements(index: Index, politician_filter) -> None:
    versions = {}
    for agreement_id, politician_id, version_id, title, kind, topics in db.session.execute(
            _signed_agreements(politician_filter)):
        source = Source(politician_id, "agreement", agreement_id, f"afspraak „{title}”")
        versions[version_id] = (source, kind)
        for topic in (topics or []) if kind in RECUSAL_KINDS else []:
            folded = tuple(words(topic))
            if folded:
                index.topics[folded[0][:MIN_PREFIX]].append((folded, topic, source))
    if not versions:
        return
    ids = list(versions)
    for version_id, name, key, kvk in db.session.execute(
            select(AgreementOrganisation.agreement_version_id, AgreementOrganisation.name,
                   AgreementOrganisation.organisation_key, AgreementOrganisation.kvk_number)
            .where(AgreementOrganisation.agreement_version_id.in_(ids))):
        source, kind = versions[version_id]
        if kind in RECUSAL_KINDS:
            if kvk:
                index.by_kvk[kvk].append(source)
            if _usable_key(key, index):
                index.by_key[key].append(source)
    for version_id, declaration_id in db.session.execute(
            select(agreement_version_declaration.c.agreement_version_id, agreement_version_declaration.c.declaration_id)
            .where(agreement_version_declaration.c.agreement_version_id.in_(ids))):
        index.linked[declaration_id].append(versions[version_id][0])


def build_index(*politician_filter, exclude_names: tuple[str, ...] = ()) -> Index:
    """The index for the politicians matching `politician_filter` (e.g. Politician.body_id == 3); none: everyone."""
    filters = (Politician.active.is_(True), *politician_filter)
    index = Index(excluded_keys={organisation_key(n) for n in exclude_names})
    _add_declarations(index, filters)
    _add_agreements(index, filters)
    for politician_id, term in db.session.execute(
            select(MatchSuppression.politician_id, MatchSuppression.term)
            .join(Politician, Politician.id == MatchSuppression.politician_id).where(*filters)):
        index.suppressed[politician_id].add(term)
    return index


def _token_match(topic_word: str, text_word: str) -> bool:
    if topic_word == text_word:
        return True
    shorter, longer = sorted((topic_word, text_word), key=len)
    return len(shorter) >= MIN_PREFIX and longer.startswith(shorter)


def _reason(source: Source, by: str, value: str) -> dict:
    return {"source": source.kind, "id": source.id, "label": source.label, "by": by, "value": value}


def match_text(index: Index, title: str, description: str | None, organisations: list[str],
               kvk_numbers: list[str]) -> dict[int, list[dict]]:
    """Politician id -> the reasons this item touches them (each: what matched, through which declaration or
    agreement); linked signed agreements of a matched declaration come along."""
    text = " ".join([title, description or "", *organisations])
    found: dict[int, dict[tuple, dict]] = defaultdict(dict)

    def add(source: Source, by: str, value: str) -> None:
        if value in index.suppressed.get(source.politician_id, ()):
            return
        found[source.politician_id].setdefault((source.kind, source.id, by, value), _reason(source, by, value))
        if source.kind == "declaration":
            for agreement in index.linked.get(source.id, ()):
                found[source.politician_id].setdefault(("agreement", agreement.id, "linked", ""),
                                                       _reason(agreement, "linked", source.label))

    for kvk in dict.fromkeys([*kvk_numbers, *KVK_IN_TEXT.findall(text)]):
        for source in index.by_kvk.get(kvk, ()):
            add(source, "kvk", kvk)
    tokens = words(text)
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + MAX_KEY_WORDS, len(tokens)) + 1):
            key = "-".join(tokens[start:end])
            for source in index.by_key.get(key, ()):
                add(source, "name", key.replace("-", " "))
        for folded, topic, source in index.topics.get(tokens[start][:MIN_PREFIX], ()):
            window = tokens[start:start + len(folded)]
            if len(window) == len(folded) and all(map(_token_match, folded, window)):
                add(source, "topic", topic.casefold())
    return {politician_id: list(reasons.values()) for politician_id, reasons in found.items()}
