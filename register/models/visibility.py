"""What the public may see of a declaration: the one home of that rule.

One table holds every content field of a declaration version with its label (Dutch msgid; English from the
catalogue), the column holding the politician's visibility choice, the family rule, and the field it goes with
(the KvK number names the organisation, so it is shown only beside a shown organisation). The statuses in which
a declaration is on the public register live here too. Every public output asks this module, through
DeclarationVersion.is_field_public / public_clause, Declaration.is_public or the functions below: the pages,
history, search, organisation pages, exports, API, feeds and statistics (tests/test_public_rules.py proves it by
rewiring the table and watching every output follow). The politician, their fractie and the griffie see every
field, with the shielded ones marked.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, true


@dataclass(frozen=True)
class FieldRule:
    name: str
    label: Any  # a lazy string: shown in the visitor's language
    flag: str | None = None  # the version's column with the politician's choice (public, or fractie and griffie)
    family: bool = False  # never public when the declaration concerns a family member
    follows: str | None = None  # shown only beside this field, when that is shown and has a value


# Every content field, in the order pages and the history list them.
FIELDS: dict[str, FieldRule] = {rule.name: rule for rule in (
    FieldRule("organisation", _l("Organisatie"), flag="organisation_public", family=True),
    FieldRule("kvk_number", _l("KvK-nummer"), follows="organisation"),
    FieldRule("role", _l("Functie of omschrijving")),
    FieldRule("description", _l("Toelichting op de functie"), flag="description_public", family=True),
    FieldRule("paid", _l("Bezoldiging")),
    FieldRule("income_band", _l("Inkomen"), flag="income_public"),
    FieldRule("hours_per_month", _l("Uren per maand"), flag="hours_public"),
    FieldRule("ex_officio", _l("Ambtshalve (vanwege het ambt)")),
    FieldRule("estimated_value", _l("Geschatte waarde")),
    FieldRule("started_on", _l("Begonnen op")),
    FieldRule("ended_on", _l("Beëindigd op")),
    FieldRule("explanation", _l("Toelichting"), flag="explanation_public", family=True),
    FieldRule("concerns_family", _l("Betreft een familielid")),
    FieldRule("organisation_public", _l("Zichtbaarheid organisatie")),
    FieldRule("description_public", _l("Zichtbaarheid toelichting op de functie")),
    FieldRule("income_public", _l("Zichtbaarheid inkomen")),
    FieldRule("hours_public", _l("Zichtbaarheid uren")),
    FieldRule("explanation_public", _l("Zichtbaarheid toelichting")),
    FieldRule("gift_value_band", _l("Geschatte waarde")),
    FieldRule("gift_outcome", _l("Wat met het geschenk is gedaan")),
    FieldRule("holding_band", _l("Omvang")),
)}
FIELD_LABELS = {name: rule.label for name, rule in FIELDS.items()}
# The fields that can be hidden from the public at all.
SHIELDABLE_FIELDS = tuple(name for name, rule in FIELDS.items() if rule.flag or rule.family or rule.follows)
# The visibility columns, and the fields another field goes with: what hidden_fields() is called with.
FLAGS = tuple(dict.fromkeys(rule.flag for rule in FIELDS.values() if rule.flag))
LEADERS = tuple(dict.fromkeys(rule.follows for rule in FIELDS.values() if rule.follows))


@lru_cache(maxsize=1024)
def hidden_fields(concerns_family: bool, flags: tuple, leaders_present: tuple) -> frozenset[str]:
    """The fields the public may not see, from the family mark, the visibility flags (in FLAGS order) and
    whether each field in LEADERS has a value. Few combinations, so cached: the national export asks 50,000 times.
    A field that follows another is listed after it in FIELDS."""
    chosen, present = dict(zip(FLAGS, flags, strict=True)), dict(zip(LEADERS, leaders_present, strict=True))
    hidden: set[str] = set()
    for rule in FIELDS.values():
        if ((rule.flag and not chosen[rule.flag]) or (rule.family and concerns_family)
                or (rule.follows and (rule.follows in hidden or not present[rule.follows]))):
            hidden.add(rule.name)
    return frozenset(hidden)


def hidden_in(version) -> frozenset[str]:
    """hidden_fields() for anything with the version's attributes (a DeclarationVersion, a row)."""
    return hidden_fields(bool(version.concerns_family), tuple(bool(getattr(version, f)) for f in FLAGS),
                         tuple(getattr(version, f) not in (None, "") for f in LEADERS))


def public_values(values: Mapping[str, Any], hidden: frozenset[str], names: Iterable[str]) -> tuple[dict, list]:
    """The values of `names` as the public sees them: a hidden field is None, and named in the list of withheld
    fields when it has a value (an empty field hides nothing)."""
    shown: dict[str, Any] = {}
    withheld: list[str] = []
    for name in names:
        value = values[name]
        if name in hidden:
            shown[name] = None
            if value not in (None, ""):
                withheld.append(name)
        else:
            shown[name] = value
    return shown, withheld


def public_clause(version_class, name: str):
    """SQL twin of `name not in hidden_in(version)`, on the DeclarationVersion columns (search, organisations)."""
    rule = FIELDS[name]
    conditions = []
    if rule.flag:
        conditions.append(getattr(version_class, rule.flag).is_(True))
    if rule.family:
        conditions.append(version_class.concerns_family.is_(False))
    if rule.follows:
        leader = getattr(version_class, rule.follows)
        conditions += [public_clause(version_class, rule.follows), leader.is_not(None), leader != ""]
    return and_(true(), *conditions)
