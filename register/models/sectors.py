"""Words and sectors: the one folding rule of register.search, applied to free text and topics."""
from __future__ import annotations

from register.models.organisations import _tokens

# Sectors with the word beginnings that name them (Dutch compounds: "woonbelang", "zorggroep", "voetbalclub").
SECTORS: dict[str, tuple[str, ...]] = {
    "wonen": ("wonen", "woon", "woning", "huur", "huisvest", "corporatie", "volkshuisvest"),
    "ruimte": ("ruimtelijk", "bestemmingsplan", "omgevingsplan", "grond", "vastgoed", "projectontwikkel",
               "bouw", "gebiedsontwikkel"),
    "zorg": ("zorg", "welzijn", "wmo", "jeugdzorg", "gezondheid", "huisarts", "ziekenhuis", "verpleeg",
             "thuiszorg"),
    "onderwijs": ("onderwijs", "school", "basisonderwijs", "hogeschool", "kinderopvang", "leerling"),
    "sport": ("sport", "voetbal", "zwem", "hockey", "tennis", "atletiek"),
    "cultuur": ("cultuur", "cultureel", "museum", "schouwburg", "theater", "bibliotheek", "poppodium", "muziek",
                "erfgoed"),
    "financien": ("financ", "bank", "rabobank", "belasting", "verzeker", "krediet"),
    "economie": ("economi", "ondernem", "winkel", "horeca", "bedrijventerrein", "haven", "toerisme", "recreatie"),
    "verkeer": ("verkeer", "vervoer", "bereikbaar", "mobiliteit", "parkeer", "infrastructuur"),
    "milieu": ("milieu", "afval", "duurzaam", "energie", "klimaat", "zonne", "windmolen", "windpark",
               "omgevingsdienst"),
    "landbouw": ("landbouw", "agrar", "lto", "melkvee", "veehouder", "akkerbouw"),
    "veiligheid": ("veiligheid", "politie", "brandweer", "handhav", "veiligheidsregio"),
    "sociaal": ("armoede", "voedselbank", "schuldhulp", "bijstand", "participatie", "minima"),
    "water": ("water", "dijk", "gemaal", "riool", "zuivering"),
}
MIN_PREFIX = 4


def words(text: str | None) -> list[str]:
    """Folded words (case, accents and punctuation as register.search folds organisation names)."""
    return _tokens(text or "")


def sectors_of(text: str | None) -> dict[str, set[str]]:
    """The sectors a text touches, each with the words that showed it."""
    found: dict[str, set[str]] = {}
    for word in words(text):
        for sector, stems in SECTORS.items():
            if any(word.startswith(stem) for stem in stems):
                found.setdefault(sector, set()).add(word)
    return found


def shared_words(a: str | None, b: str | None) -> set[str]:
    """Words of at least MIN_PREFIX letters that one text has at the start of a word of the other."""
    left = [w for w in words(a) if len(w) >= MIN_PREFIX]
    right = [w for w in words(b) if len(w) >= MIN_PREFIX]
    return {x for x in left for y in right if y.startswith(x) or x.startswith(y)}
