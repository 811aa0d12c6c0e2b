"""The demo's statements: the griffie of Gemeente Voorbeeldstad filled in its contact details (all fictional)."""
from __future__ import annotations

from register.models import Body, StatementKind, User
from register.statements.services import save_statement

COLOFON = """\
Dit register van {name} wordt bijgehouden door de griffie van {name}. De ambtsdragers vullen hun opgaven en \
afspraken zelf in; zij zijn verantwoordelijk voor de juistheid ervan. De fractie beoordeelt de opgaven en tekent \
de afspraken af.

# Contact
Griffie van de gemeenteraad van Voorbeeldstad
Raadhuisplein 1
1234 AB Voorbeeldstad
Telefoon: 14 0123 (op werkdagen van 9.00 tot 17.00 uur)
E-mail: griffie@voorbeeldstad.demo

# Privacy
Functionaris voor gegevensbescherming van {name}: fg@voorbeeldstad.demo

# Over het register
Het Belangenregister is open-source software. Wat openbaar is, kunt u downloaden als open data, vrij van rechten \
(CC0).
"""


def load_statement_demo(body: Body, griffie: User) -> None:
    """The griffie wrote the colofon; privacy and accessibility keep the default texts, as for a new body."""
    save_statement(StatementKind.colofon, COLOFON.format(name=body.name), actor=griffie, body=body)
