"""The agreement catalogue (management ladder after NSW ICAC, ../shared/RISK.md): labels and pre-filled texts.

A proposal fills in what the register knows (organisation, topic, body); what it cannot know stays between
[square brackets], and the agreement form refuses a text that still holds such a placeholder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from register.models.agreements import AgreementKind

KIND_LABELS = {
    AgreementKind.melden: _l("Melden"),
    AgreementKind.onthouden: _l("Onthouden"),
    AgreementKind.poortwachter: _l("Poortwachter"),
    AgreementKind.portefeuille: _l("Portefeuille overdragen"),
    AgreementKind.afstoten: _l("Afstoten"),
    AgreementKind.afkoelen: _l("Afkoelperiode"),
    AgreementKind.derde: _l("Toets door een derde"),
    AgreementKind.contact: _l("Alleen formeel contact"),
    AgreementKind.geschenken: _l("Geschenken"),
    AgreementKind.vrij: _l("Vrije afspraak"),
}

KIND_HINTS = {
    AgreementKind.melden: _l("U maakt het belang openbaar en meldt het bij elk agendapunt dat het raakt."),
    AgreementKind.onthouden: _l("U neemt niet deel aan beraadslaging en stemming; elke keer is een onthouding."),
    AgreementKind.poortwachter: _l("Stukken over de organisatie gaan via een poortwachter naar een vervanger."),
    AgreementKind.portefeuille: _l("Een deel van uw portefeuille gaat naar een collega."),
    AgreementKind.afstoten: _l("U beëindigt de functie of verkoopt het belang vóór een datum."),
    AgreementKind.afkoelen: _l("Tot een datum neemt u geen besluiten over een vroegere of toekomstige werkgever."),
    AgreementKind.derde: _l("Een onafhankelijke derde toetst het besluit."),
    AgreementKind.contact: _l("Contact alleen via formele kanalen, met een ambtenaar erbij."),
    AgreementKind.geschenken: _l("U weigert of meldt geschenken en uitnodigingen."),
    AgreementKind.vrij: _l("Een afspraak in eigen woorden."),
}

# What agenda matching checks against: agreements that say the politician stays out of a matter.
RECUSAL_KINDS = frozenset({AgreementKind.onthouden, AgreementKind.poortwachter})
PLACEHOLDER = re.compile(r"\[[^\W\d_][^\[\]\d]{0,39}\]")  # [datum], [organisatie]; not [1]


def kind_label(kind: AgreementKind) -> str:
    return str(KIND_LABELS[kind])


def choices() -> list[tuple[str, str]]:
    return [(kind.value, str(label)) for kind, label in KIND_LABELS.items()]


@dataclass
class Proposal:
    """A pre-filled agreement: what the agreement form starts with."""
    kind: AgreementKind
    title: str
    text: str
    organisations: list[tuple[str, str | None]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    gatekeeper: str | None = None
    replacement: str | None = None


def _subject(organisation: str | None, topic: str | None) -> str:
    return organisation or topic or _("[organisatie of onderwerp]")


def _texts(kind: AgreementKind, subject: str, organisation: str, topic: str, body_name: str,
           gatekeeper: str) -> tuple[str, str]:
    """(title, text) of a catalogue kind, filled in."""
    if kind == AgreementKind.melden:
        return (_("Belang bij %(s)s melden", s=subject),
                _("Ik maak mijn belang bij %(s)s openbaar en meld het aan het begin van elk agendapunt van "
                  "%(body)s dat %(s)s raakt.", s=subject, body=body_name))
    if kind == AgreementKind.onthouden:
        return (_("Geen besluitvorming over %(s)s", s=subject),
                _("Ik neem niet deel aan de beraadslaging en stemming over %(s)s en verlaat de vergadering bij "
                  "dat agendapunt. Elke keer wordt vastgelegd als onthouding.", s=subject))
    if kind == AgreementKind.poortwachter:
        return (_("Poortwachter voor stukken over %(s)s", s=subject),
                _("Stukken over %(s)s worden mij niet voorgelegd: de %(gatekeeper)s legt ze voor aan "
                  "[vervanger]. Elke onderschepping wordt vastgelegd als onthouding.", s=subject,
                  gatekeeper=gatekeeper))
    if kind == AgreementKind.portefeuille:
        return (_("Portefeuilleonderdeel %(t)s overgedragen", t=topic),
                _("Het portefeuilleonderdeel %(t)s wordt overgedragen aan [collega].", t=topic))
    if kind == AgreementKind.afstoten:
        return (_("Belang bij %(s)s afstoten", s=organisation),
                _("Ik beëindig mijn functie bij %(s)s, of verkoop mijn belang daarin of breng het onder beheer op "
                  "afstand, vóór [datum].", s=organisation))
    if kind == AgreementKind.afkoelen:
        return (_("Afkoelperiode voor %(s)s", s=organisation),
                _("Tot [datum] neem ik geen besluiten over mijn vroegere of toekomstige werkgever %(s)s.",
                  s=organisation))
    if kind == AgreementKind.derde:
        return (_("Toets door een derde bij %(s)s", s=subject),
                _("Bij besluiten over %(s)s toetst een onafhankelijke derde het besluit.", s=subject))
    if kind == AgreementKind.contact:
        return (_("Alleen formeel contact met %(s)s", s=subject),
                _("Contacten met %(s)s lopen alleen via formele kanalen, met een ambtenaar erbij. Ik bemiddel "
                  "niet bij individuele aanvragen.", s=subject))
    if kind == AgreementKind.geschenken:
        return (_("Geschenken van %(s)s", s=subject),
                _("Ik weiger of meld geschenken en uitnodigingen van %(s)s; boven EUR 50 worden ze teruggegeven.",
                  s=subject))
    return "", ""


def propose(kind: AgreementKind, *, organisation: str | None, kvk_number: str | None, topic: str | None,
            body_name: str, gatekeeper: str) -> Proposal:
    """A catalogue agreement filled in with what is known; the politician edits it before saving."""
    organisation_text = organisation or _("[organisatie]")
    topic_text = topic or _("[onderwerp]")
    title, text = _texts(kind, _subject(organisation, topic), organisation_text, topic_text, body_name,
                         gatekeeper)
    return Proposal(kind=kind, title=title[:200], text=text,
                    organisations=[(organisation, kvk_number)] if organisation else [],
                    topics=[topic] if topic else [],
                    gatekeeper=gatekeeper if kind == AgreementKind.poortwachter else None)


def placeholders(text: str) -> list[str]:
    """The [placeholders] still in a text."""
    return PLACEHOLDER.findall(text or "")


def split_topics(text: str | None) -> list[str]:
    """'Wonen, ruimtelijke ordening; haven' -> ['Wonen', 'ruimtelijke ordening', 'haven'] (no doubles)."""
    parts = re.split(r"[,;\n]+", text or "")
    seen: dict[str, str] = {}
    for part in parts:
        topic = " ".join(part.split())[:80]
        if topic and topic.casefold() not in seen:
            seen[topic.casefold()] = topic
    return list(seen.values())[:20]
