"""Search across all bodies, and organisation pages that bring together everyone tied to one organisation.

`organisation_key` is the normalised name by which declarations at the same organisation are joined: the
service stores it on every declaration version (DeclarationVersion.organisation_key, indexed).
"""
from __future__ import annotations

import re
import unicodedata

from register.text import fold

# Legal forms that say nothing about which organisation it is: "Stichting X" is X, "X B.V." is X.
LEGAL_PREFIXES = frozenset({"stichting", "vereniging", "cooperatie", "cooperatieve", "bv", "nv", "vof", "cv",
                            "maatschap", "kerkgenootschap"})
LEGAL_SUFFIXES = frozenset({"bv", "nv", "vof", "cv", "ua", "wa", "ba", "io", "stichting"})
KEY_LENGTH = 200
KVK_KEY = re.compile(r"^kvk-(\d{8})$")


def _tokens(name: str) -> list[str]:
    # Invisible characters first (register/text.py), or a soft hyphen would split a word in two.
    text = unicodedata.normalize("NFKD", fold(name or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " en ")
    text = re.sub(r"[.'’`´]", "", text)  # B.V. -> bv, V.O.F. -> vof: abbreviations close up
    return re.sub(r"[\W_]+", " ", text).split()


def organisation_key(name: str | None) -> str:
    """'Bouwbedrijf De Vries B.V.', 'bouwbedrijf de vries bv' and 'Bouwbedrijf  De Vries' give one key.

    Case, accents, invisible characters, spacing, punctuation and legal forms at either end are dropped; at least
    one word stays (an organisation called just "Stichting" keeps that name). Applying it to a key gives the same
    key.
    """
    tokens = _tokens(name or "")
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        if tokens[0] in LEGAL_PREFIXES and len(tokens) > 1:
            tokens.pop(0)
            changed = True
        if tokens[-1] in LEGAL_SUFFIXES and len(tokens) > 1:
            tokens.pop()
            changed = True
    return "-".join(tokens)[:KEY_LENGTH].strip("-")


def kvk_from_key(key: str) -> str | None:
    """The KvK number in a key of the form 'kvk-12345678', else None."""
    match = KVK_KEY.match(key or "")
    return match.group(1) if match else None
