"""Slugs for public addresses: lower-case ASCII with dashes, transliterated by python-slugify (so 'Kılıç Özdemir'
becomes 'kilic-ozdemir', not 'klc-ozdemir'), and unique within their body."""
from __future__ import annotations

from collections.abc import Collection

from slugify import slugify


def make_slug(text: str, fallback: str, max_length: int = 80) -> str:
    """'Gemeentebelang Voorbeeldstad!' -> 'gemeentebelang-voorbeeldstad'; `fallback` when nothing is left."""
    return slugify(text, max_length=max_length) or fallback


def unique_slug(base: str, taken: Collection[str], max_length: int) -> str:
    """base, or base-2, base-3 … whichever is not taken yet."""
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[:max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug
