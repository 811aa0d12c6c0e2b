"""Text in is text normalised: one rule for every submitted string, and one fold for search and keys.

`normalise` is applied to every field of every form (register/input_guard.py), to search and API query values,
and (a frozen copy) by migration e5b7d2c4a9f1 to what was stored before. It makes text that looks the same be
the same, so that a declaration cannot hide from search or from its organisation's page:
- Unicode NFC (an "é" typed as e + accent is one character, as everywhere else);
- format characters (category Cf: soft hyphen, zero-width space, word joiner, byte order mark, the bidi
  embeddings, overrides and isolates such as U+202E, left-to-right marks) and the invisible Hangul fillers are
  removed; other spaces (no-break space, thin space, ...) become a plain space, line and paragraph separators
  a line feed.
Kept, because they carry meaning and cannot reorder or hide text:
- ZERO WIDTH JOINER between two pictographs: an emoji sequence such as a family or a rainbow flag is one picture;
- ZERO WIDTH NON-JOINER and JOINER between two letters of a script that spells with them (Persian and Arabic,
  the Indic scripts, Sinhala, Myanmar, Khmer): there they change the word; between Latin letters they never do;
- tag characters after a black flag: the flags of Scotland, England and Wales.
`fold` goes further for comparison only (organisation keys): every format character goes, those three included.
`clean_value` is `normalise` for a value from a URL: no control characters, whitespace collapsed, capped.
Passwords are never normalised (input_guard skips them): a password is compared byte for byte with what was set.
"""
from __future__ import annotations

import re
import unicodedata

ZWNJ, ZWJ = "\u200c", "\u200d"
BLACK_FLAG = "\U0001f3f4"
# Letters invisible by design, used to fake an empty or identical name (not category Cf, so listed).
INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
LINE_BREAKS = frozenset("\u2028\u2029")
JOINING_SCRIPTS = frozenset({"ARABIC", "SYRIAC", "NKO", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA",
                             "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "MYANMAR", "KHMER"})


def _is_tag(char: str) -> bool:
    return "\U000e0020" <= char <= "\U000e007f"


def _script_letter(char: str) -> bool:
    """A letter or mark of a script in which a joiner changes the spelling."""
    return (unicodedata.category(char)[0] in "LM"
            and unicodedata.name(char, "").split(" ", 1)[0] in JOINING_SCRIPTS)


def _pictograph_before(kept: list[str]) -> bool:
    """The last kept character, past variation selectors and skin tones, is a pictograph (an emoji)."""
    for char in reversed(kept):
        category = unicodedata.category(char)
        if category in ("Mn", "Sk"):
            continue
        return category == "So"
    return False


def _keeps(char: str, kept: list[str], following: str) -> bool:
    """Whether a format character carries meaning here (see the module docstring)."""
    before = kept[-1] if kept else ""
    if char in (ZWNJ, ZWJ) and before and following and _script_letter(before) and _script_letter(following):
        return True
    if char == ZWJ and following and unicodedata.category(following) == "So" and _pictograph_before(kept):
        return True
    return _is_tag(char) and (before == BLACK_FLAG or _is_tag(before))


def normalise(text: str) -> str:
    """The text as it is stored and compared: NFC, no invisible format characters, plain spaces."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text  # the common case: nothing invisible in plain ASCII (control characters are refused elsewhere)
    kept: list[str] = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Zs":
            kept.append(" ")
        elif char in LINE_BREAKS:
            kept.append("\n")
        elif char in INVISIBLE or (category == "Cf" and not _keeps(char, kept, text[index + 1:index + 2])):
            continue
        else:
            kept.append(char)
    return "".join(kept)


def fold(text: str) -> str:
    """normalise, and no format character at all: for comparing names (organisation keys)."""
    return "".join(char for char in normalise(text) if unicodedata.category(char) != "Cf")


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_value(value: str | None, limit: int) -> str:
    """Text from a URL normalised as stored text is (`normalise`), without control characters (PostgreSQL
    refuses NUL), whitespace collapsed, capped."""
    return " ".join(CONTROL.sub(" ", normalise(value or "")).split())[:limit]
