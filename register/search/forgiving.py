"""Search that forgives: people and fracties found by name, and a misspelt word matched to a word of the register.

People and fracties are a few thousand rows nationally: one query each, on the publicly listed politicians only.

A misspelling ("Rabbobank", "voetbalverening", "zorgroep") is matched against the vocabulary of the public register
(the words of public organisation names, functions, fractie and people's names) by trigram similarity, as
PostgreSQL's pg_trgm computes it (padded lower-case trigrams; shared / all). One implementation serves SQLite and
PostgreSQL alike, so both give the same suggestion. The vocabulary is a few thousand words, built per data version
and kept per worker (like the search options), so a misspelt search costs no extra query once it is built.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from register.extensions import db
from register.models import Body, Declaration, DeclarationVersion, Group, Politician
from register.models.declarations import PUBLIC_STATUSES
from register.public.queries import publicly_listed_clause
from register.text import fold

MIN_SIMILARITY = 0.4  # pg_trgm's default threshold is 0.3; a bit stricter, to suggest only close words
MIN_WORD = 4  # shorter words are too ambiguous to correct
PEOPLE_LIMIT = 20
WORD = re.compile(r"[^\W_]+")
_VOCABULARIES: dict = {}  # per worker: data version -> Vocabulary


def words_of(text: str) -> list[str]:
    """Lower-case words without accents: 'Coöperatie Zorggroep' -> ['cooperatie', 'zorggroep']."""
    decomposed = unicodedata.normalize("NFKD", fold(text or "")).casefold()
    return WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))


def trigrams(word: str) -> set[str]:
    padded = f"  {word} "  # as pg_trgm pads a word: two spaces before, one after
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta or tb else 0.0


class Vocabulary:
    """The words of the public register, looked up by trigram."""

    def __init__(self, words: set[str]):
        self.words = words
        self.by_trigram: dict[str, set[str]] = defaultdict(set)
        for word in words:
            for gram in trigrams(word):
                self.by_trigram[gram].add(word)

    def closest(self, word: str) -> str | None:
        """The most similar known word (at least MIN_SIMILARITY); None for a known or too short word."""
        if len(word) < MIN_WORD or word in self.words:
            return None
        candidates = set().union(*(self.by_trigram.get(gram, ()) for gram in trigrams(word)))
        scored = [(similarity(word, other), other) for other in candidates]
        best = max(scored, key=lambda item: (item[0], -abs(len(item[1]) - len(word)), item[1]), default=None)
        return best[1] if best and best[0] >= MIN_SIMILARITY else None


def _public_texts() -> list[str]:
    """Public organisation names and functions of published versions, fractie and people's names (3 queries; the
    first one pass over the published versions: a shielded organisation comes back as NULL)."""
    organisation = case((DeclarationVersion.public_clause("organisation"), DeclarationVersion.organisation))
    shown = db.session.execute(
        select(organisation, DeclarationVersion.role)
        .join(Declaration, (Declaration.id == DeclarationVersion.declaration_id)
              & (Declaration.published_number == DeclarationVersion.number))
        .join(Politician, Politician.id == Declaration.politician_id)
        .where(Declaration.status.in_(PUBLIC_STATUSES), publicly_listed_clause()).distinct()).all()
    people_ = db.session.scalars(select(Politician.name).where(publicly_listed_clause()))
    groups_ = db.session.scalars(select(Group.name).distinct())
    return [text for row in shown for text in row if text] + [*people_, *groups_]


def vocabulary() -> Vocabulary:
    from register.cache import read_version

    state = read_version()
    key = state[0] if state else None
    if state is not None and key in _VOCABULARIES:
        return _VOCABULARIES[key]
    built = Vocabulary({word for text in _public_texts() for word in words_of(text or "")})
    if state is not None:
        _VOCABULARIES.clear()  # only the current data version is worth keeping
        _VOCABULARIES[key] = built
    return built


def corrected(text: str) -> str | None:
    """The search text with each unknown word replaced by its closest known word; None when nothing changes."""
    known = vocabulary()
    changed = False
    words = []
    for word in words_of(text):
        better = known.closest(word)
        words.append(better or word)
        changed = changed or better is not None
    return " ".join(words) if changed else None


@dataclass
class PersonHit:
    politician: Politician
    body: Body
    group: Group | None


def _contains_all(column, text: str):
    from register.search.index import like_pattern
    words = [w.lower() for w in text.replace('"', " ").split()]
    return and_(*[func.lower(column).like(like_pattern(word), escape="\\") for word in words]) if words else None


def people(text: str) -> list[PersonHit]:
    """Publicly listed politicians whose name contains every word (1 query)."""
    condition = _contains_all(Politician.name, text)
    if condition is None:
        return []
    rows = db.session.execute(
        select(Politician, Body, Group).join(Body, Politician.body_id == Body.id)
        .outerjoin(Group, Politician.group_id == Group.id).where(publicly_listed_clause(), condition)
        .order_by(Politician.sort_name, Body.name, Politician.id).limit(PEOPLE_LIMIT))
    return [PersonHit(*row) for row in rows]


def groups(text: str) -> list[tuple[Group, Body]]:
    """Fracties whose name contains every word, with their body (1 query)."""
    condition = _contains_all(Group.name, text)
    if condition is None:
        return []
    return [(group, body) for group, body in db.session.execute(
        select(Group, Body).join(Body, Group.body_id == Body.id).where(condition)
        .order_by(Group.name, Body.name).limit(PEOPLE_LIMIT))]
