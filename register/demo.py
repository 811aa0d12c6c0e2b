"""Demo data: the fictional Gemeente Voorbeeldstad, made through the same services the app uses.

Every declaration, agreement, sign-off, review and account goes through its service, so the audit trail
of the demo looks like that of a real register. The caller (`flask demo-data`) commits.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, UTC
from typing import NamedTuple

import click
from dateutil.relativedelta import relativedelta
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from register.agreements import services as agreements
from register.audit import record
from register.auth.services import create_user
from register.declarations import services as declarations
from register.extensions import db
from register.models import (
    Agreement, AgreementVersion, Body, BodyKind, Confirmation, Declaration, DeclarationChange, DeclarationKind,
    DeclarationVersion, Group, IncomeBand, Office, Politician, Review, ReviewOutcome, SignOff, User,
)
from register.models.base import AMSTERDAM, local_date, utcnow
from register.models.declarations import GiftOutcome, GiftValueBand, HoldingBand
from register.review import services as review

DEMO_PASSWORD = "demo-wachtwoord-2026"
TERM_START = date(2022, 3, 30)
COLLEGE_START = date(2022, 5, 19)

SIDE, FIN, GIFT, OTHER = (DeclarationKind.side_job, DeclarationKind.financial, DeclarationKind.gift,
                          DeclarationKind.other)

# Dates relative to the day the demo is loaded, so that the story stays true whenever it is loaded: Bram Hoekstra
# left the council a few months ago (former members stay public for 12 months) and Noor de Wit succeeded him;
# Sem Willems was sworn in as commissielid three weeks ago and has declared nothing yet.
LEFT, SUCCEEDED, RECENT = "<left>", "<succeeded>", "<recent>"

GROUPS = {"lokaal": "Lokaal Voorbeeldstad", "vvd": "VVD", "groenlinks-pvda": "GroenLinks-PvdA", "cda": "CDA"}

# slug, name, sort name, fractie, office, term start, term end (ended: no longer in office)
POLITICIANS = [
    ("marieke-de-boer", "Marieke de Boer", "Boer, Marieke de", "lokaal", Office.raadslid, TERM_START, None),
    ("jeroen-bakker", "Jeroen Bakker", "Bakker, Jeroen", "lokaal", Office.raadslid, TERM_START, None),
    ("fatima-el-amrani", "Fatima El Amrani", "El Amrani, Fatima", "lokaal", Office.raadslid, TERM_START, None),
    ("kees-van-dijk", "Kees van Dijk", "Dijk, Kees van", "lokaal", Office.raadslid, TERM_START, None),
    ("sanne-visser", "Sanne Visser", "Visser, Sanne", "lokaal", Office.raadslid, TERM_START, None),
    ("peter-mulder", "Peter Mulder", "Mulder, Peter", "lokaal", Office.wethouder, COLLEGE_START, None),
    ("annelies-van-der-meer", "Annelies van der Meer", "Meer, Annelies van der", "vvd", Office.raadslid,
     TERM_START, None),
    ("thomas-hendriks", "Thomas Hendriks", "Hendriks, Thomas", "vvd", Office.wethouder, COLLEGE_START, None),
    ("robert-smit", "Robert Smit", "Smit, Robert", "vvd", Office.raadslid, TERM_START, None),
    ("linda-de-graaf", "Linda de Graaf", "Graaf, Linda de", "vvd", Office.raadslid, TERM_START, None),
    ("mark-jansen", "Mark Jansen", "Jansen, Mark", "vvd", Office.raadslid, TERM_START, None),
    ("esther-koster", "Esther Koster", "Koster, Esther", "groenlinks-pvda", Office.raadslid, TERM_START, None),
    ("youssef-benali", "Youssef Benali", "Benali, Youssef", "groenlinks-pvda", Office.raadslid, TERM_START, None),
    ("ingrid-postma", "Ingrid Postma", "Postma, Ingrid", "groenlinks-pvda", Office.raadslid, TERM_START, None),
    ("daan-vos", "Daan Vos", "Vos, Daan", "groenlinks-pvda", Office.raadslid, TERM_START, None),
    ("bram-hoekstra", "Bram Hoekstra", "Hoekstra, Bram", "groenlinks-pvda", Office.raadslid, TERM_START, LEFT),
    ("noor-de-wit", "Noor de Wit", "Wit, Noor de", "groenlinks-pvda", Office.raadslid, SUCCEEDED, None),
    ("henk-brouwer", "Henk Brouwer", "Brouwer, Henk", "cda", Office.raadslid, TERM_START, None),
    ("wilma-kuipers", "Wilma Kuipers", "Kuipers, Wilma", "cda", Office.raadslid, TERM_START, None),
    ("gerrit-dekker", "Gerrit Dekker", "Dekker, Gerrit", "cda", Office.raadslid, TERM_START, None),
    ("joke-van-leeuwen", "Joke van Leeuwen", "Leeuwen, Joke van", "cda", Office.raadslid, TERM_START, None),
    # Confirmed that she has nothing to declare (retired, no side jobs).
    ("hanneke-prins", "Hanneke Prins", "Prins, Hanneke", "cda", Office.raadslid, TERM_START, None),
    ("sem-willems", "Sem Willems", "Willems, Sem", "vvd", Office.burgerlid, RECENT, None),
    ("caroline-verbeek", "Caroline Verbeek", "Verbeek, Caroline", None, Office.burgemeester, date(2023, 1, 16),
     None),
]


class Login(NamedTuple):
    role: str
    email: str
    name: str
    politician: str | None = None
    reviewer_of: str | None = None
    griffie: bool = False
    site_admin: bool = False


LOGINS = [
    Login("griffie (griffier)", "griffie@voorbeeldstad.demo", "Ellen Schouten", griffie=True),
    Login("fractiebeoordelaar Lokaal Voorbeeldstad, ook raadslid", "fractie@voorbeeldstad.demo",
          "Marieke de Boer", politician="marieke-de-boer", reviewer_of="lokaal"),
    Login("fractiebeoordelaar VVD, ook raadslid", "reviewer2@voorbeeldstad.demo",
          "Annelies van der Meer", politician="annelies-van-der-meer", reviewer_of="vvd"),
    Login("raadslid Lokaal Voorbeeldstad", "raadslid@voorbeeldstad.demo", "Jeroen Bakker",
          politician="jeroen-bakker"),
    Login("wethouder (VVD)", "wethouder@voorbeeldstad.demo", "Thomas Hendriks", politician="thomas-hendriks"),
    Login("sitebeheerder (voegt organen toe)", "beheer@register.demo", "Sam Sitebeheer", site_admin=True),
]

MAIN_JOB = "(hoofdfunctie)"
NOT_PUBLIC_INCOME = dict(income_public=False)

# ref (or None), politician, kind, organisation, role, started on, further content.
# Politicians with an account enter their own; the griffie enters the others' on their behalf.
DECLARATIONS: list[tuple[str | None, str, DeclarationKind, str, str, date, dict[str, object]]] = [
    # Lokaal Voorbeeldstad
    ("boer-werk", "marieke-de-boer", SIDE, "Huisartsenpraktijk De Linde", f"Praktijkmanager {MAIN_JOB}",
     date(2015, 9, 1), dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=120,
                            **NOT_PUBLIC_INCOME)),
    ("boer-woonbelang", "marieke-de-boer", SIDE, "Stichting Woonbelang Voorbeeldstad", "Bestuurslid",
     date(2021, 1, 1), dict(hours_per_month=6, explanation="De stichting komt op voor huurders in de gemeente.")),
    (None, "marieke-de-boer", GIFT, "Stichting Cultuurpodium De Schouwburg Voorbeeldstad",
     "Twee kaarten voor het nieuwjaarsconcert", date(2026, 1, 4),
     dict(gift_value_band=GiftValueBand.from_51, gift_outcome=GiftOutcome.accepted)),
    (None, "marieke-de-boer", OTHER, "Voetbalvereniging VV Voorbeeldstad", "Lid", date(2004, 8, 1), {}),
    ("bakker-werk", "jeroen-bakker", SIDE, "Bakker Advies", f"Zelfstandig adviseur bedrijfsvoering {MAIN_JOB}",
     date(2017, 3, 1), dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=100)),
    ("bakker-vv", "jeroen-bakker", SIDE, "Voetbalvereniging VV Voorbeeldstad", "Penningmeester",
     date(2020, 7, 1), dict(hours_per_month=6)),
    ("bakker-zorggroep", "jeroen-bakker", SIDE, "Zorggroep Noord", "Lid raad van toezicht", date(2019, 5, 1),
     dict(paid=True, income_band=IncomeBand.from_500, hours_per_month=8)),
    ("bakker-eigenaar", "jeroen-bakker", FIN, "Bakker Advies", "Eigenaar (eenmanszaak)", date(2017, 3, 1),
     dict(holding_band=HoldingBand.from_10000,
          description="Adviesbureau zonder personeel; klanten zijn mkb-bedrijven in de regio.")),
    ("bakker-familie", "jeroen-bakker", OTHER, "Bouwbedrijf De Vries B.V.", "Familierelatie met de directie",
     date(2012, 6, 15), dict(concerns_family=True, organisation_public=False, description_public=False,
                             explanation_public=False,
                             description="Mijn zwager is directeur-grootaandeelhouder van het bouwbedrijf.",
                             explanation="Het bedrijf ontwikkelt woningen in het Havenkwartier.")),
    (None, "jeroen-bakker", GIFT, "Rabobank regio Voorbeeldstad", "Uitnodiging voor het relatiediner",
     date(2026, 10, 2), dict(gift_value_band=GiftValueBand.from_51, gift_outcome=GiftOutcome.accepted)),
    (None, "fatima-el-amrani", SIDE, "Zorggroep Noord", f"Wijkverpleegkundige {MAIN_JOB}", date(2016, 2, 1),
     dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=110, **NOT_PUBLIC_INCOME)),
    ("amrani-school", "fatima-el-amrani", SIDE, "Stichting Openbaar Basisonderwijs Voorbeeldstad",
     "Lid raad van toezicht", date(2023, 9, 1),
     dict(paid=True, income_band=IncomeBand.below_500, hours_per_month=5)),
    ("dijk-werk", "kees-van-dijk", SIDE, "Installatiebedrijf Van Dijk B.V.", f"Directeur-eigenaar {MAIN_JOB}",
     date(2003, 1, 1), dict(paid=True, income_band=IncomeBand.from_5001, hours_per_month=160,
                            **NOT_PUBLIC_INCOME)),
    (None, "kees-van-dijk", FIN, "Installatiebedrijf Van Dijk B.V.", "Eigenaar van alle aandelen",
     date(2003, 1, 1), dict(holding_band=HoldingBand.above_250000,
                            description="Installatietechniek; werkt onder meer voor woningcorporaties in de regio.")),
    ("dijk-concept", "kees-van-dijk", SIDE, "Ondernemersvereniging Voorbeeldstad", "Bestuurslid",
     date(2026, 11, 20), dict(_draft=True)),
    (None, "sanne-visser", SIDE, "Regionaal Dagblad Noord", f"Eindredacteur {MAIN_JOB}", date(2018, 4, 1),
     dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=120,
          explanation="Ik schrijf en redigeer geen stukken over de gemeente Voorbeeldstad.")),
    ("visser-voedselbank", "sanne-visser", SIDE, "Voedselbank Voorbeeldstad", "Vrijwilliger", date(2019, 1, 1),
     dict(hours_per_month=8)),
    (None, "peter-mulder", SIDE, "Gemeenschappelijke regeling Afvalverwerking Noord",
     "Lid algemeen bestuur namens het college", COLLEGE_START, dict(ex_officio=True, hours_per_month=4)),
    ("mulder-schouwburg", "peter-mulder", SIDE, "Stichting Cultuurpodium De Schouwburg Voorbeeldstad",
     "Voorzitter raad van toezicht", date(2018, 1, 1), dict(hours_per_month=5)),
    (None, "peter-mulder", GIFT, "Gemeente Lindenau (Duitsland), partnerstad",
     "Reis en verblijf voor het jubileum van de stedenband", date(2025, 9, 12),
     dict(gift_value_band=GiftValueBand.from_251, gift_outcome=GiftOutcome.accepted,
          explanation="Drie dagen; reis en hotel betaald door de partnerstad.")),
    # VVD
    (None, "annelies-van-der-meer", SIDE, "Van der Meer Advocaten", f"Advocaat en partner {MAIN_JOB}",
     date(2012, 1, 1), dict(paid=True, income_band=IncomeBand.from_5001, hours_per_month=140,
                            **NOT_PUBLIC_INCOME)),
    (None, "annelies-van-der-meer", SIDE, "Stichting Vrienden van het Stadsmuseum", "Penningmeester",
     date(2020, 3, 1), dict(hours_per_month=3)),
    (None, "annelies-van-der-meer", GIFT, "Uitgeverij Noorderlicht", "Boek 'Voorbeeldstad door de eeuwen heen'",
     date(2026, 11, 25), dict(gift_value_band=GiftValueBand.up_to_50, gift_outcome=GiftOutcome.accepted)),
    (None, "thomas-hendriks", SIDE, "Regionaal Bereikbaarheidsoverleg Noord", "Voorzitter namens het college",
     date(2022, 6, 1), dict(ex_officio=True, hours_per_month=6)),
    ("hendriks-rabo", "thomas-hendriks", SIDE, "Rabobank regio Voorbeeldstad", "Lid ledenraad",
     date(2019, 4, 1), dict(paid=True, income_band=IncomeBand.below_500, hours_per_month=2)),
    ("hendriks-aandelen", "thomas-hendriks", FIN, "Bouwbedrijf De Vries B.V.", "Aandeelhouder (5%)",
     date(2015, 10, 1), dict(holding_band=HoldingBand.from_50000,
                             description="Geërfde aandelen, zonder zeggenschap in het bedrijf.")),
    ("smit-werk", "robert-smit", SIDE, "Rabobank regio Voorbeeldstad", f"Adviseur bedrijfsfinanciering {MAIN_JOB}",
     date(2014, 9, 1), dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=140)),
    ("smit-dubbel", "robert-smit", SIDE, "Rabobank regio Voorbeeldstad", "Adviseur bedrijfsfinanciering",
     date(2014, 9, 1), dict(paid=True)),
    (None, "linda-de-graaf", SIDE, "Woningcorporatie Thuis in Voorbeeldstad", f"Medewerker verhuur {MAIN_JOB}",
     date(2019, 2, 1), dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=120,
                            **NOT_PUBLIC_INCOME)),
    (None, "linda-de-graaf", OTHER, "Ondernemersvereniging Voorbeeldstad", "Lid", date(2021, 1, 1), {}),
    ("jansen-werk", "mark-jansen", SIDE, "Jansen Tuinontwerp", f"Eigenaar {MAIN_JOB}", date(2010, 3, 1),
     dict(paid=True, income_band=IncomeBand.from_500, hours_per_month=150)),
    (None, "mark-jansen", FIN, "Jansen Tuinontwerp", "Eigenaar (eenmanszaak)", date(2010, 3, 1),
     dict(holding_band=HoldingBand.below_10000)),
    ("jansen-diner", "mark-jansen", GIFT, "Bouwbedrijf De Vries B.V.",
     "Uitnodiging voor een diner bij de opening van het nieuwe kantoor", date(2026, 9, 18),
     dict(gift_value_band=GiftValueBand.from_51, gift_outcome=GiftOutcome.returned)),
    # GroenLinks-PvdA
    (None, "esther-koster", SIDE, "Stichting Openbaar Basisonderwijs Voorbeeldstad",
     f"Leerkracht groep 7 {MAIN_JOB}", date(2011, 8, 15),
     dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=110)),
    (None, "esther-koster", SIDE, "Stichting Cultuurpodium De Schouwburg Voorbeeldstad", "Bestuurslid",
     date(2023, 3, 1), dict(hours_per_month=4)),
    (None, "youssef-benali", SIDE, "Zorggroep Noord", f"Projectleider ICT {MAIN_JOB}", date(2020, 10, 1),
     dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=120, **NOT_PUBLIC_INCOME)),
    (None, "youssef-benali", OTHER, "Huurdersvereniging Voorbeeldstad", "Lid", date(2018, 1, 1), {}),
    (None, "ingrid-postma", SIDE, "Omgevingsdienst Noord", f"Beleidsmedewerker milieu {MAIN_JOB}",
     date(2016, 5, 1), dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=130)),
    ("postma-woonbelang", "ingrid-postma", SIDE, "Stichting Woonbelang Voorbeeldstad", "Bestuurslid",
     date(2017, 1, 1), dict(hours_per_month=5)),
    (None, "daan-vos", SIDE, "Hogeschool Noord", f"Student bestuurskunde {MAIN_JOB}", date(2021, 9, 1), {}),
    (None, "daan-vos", SIDE, "Regionaal Dagblad Noord", "Freelance correspondent (sport)", date(2023, 2, 1),
     dict(paid=True, income_band=IncomeBand.below_500, hours_per_month=10)),
    ("vos-concert", "daan-vos", GIFT, "Poppodium De Kelder", "Twee vrijkaarten voor een concert", date(2026, 3, 14),
     dict(gift_value_band=GiftValueBand.up_to_50, gift_outcome=GiftOutcome.accepted)),
    ("hoekstra-werk", "bram-hoekstra", SIDE, "Buurtwerk Voorbeeldstad", f"Opbouwwerker {MAIN_JOB}",
     date(2015, 4, 1), dict(paid=True)),
    (None, "noor-de-wit", SIDE, "Zorggroep Noord", f"Zorgcoördinator {MAIN_JOB}", date(2020, 1, 1),
     dict(paid=True, income_band=IncomeBand.from_1001, hours_per_month=120, **NOT_PUBLIC_INCOME)),
    (None, "noor-de-wit", SIDE, "Voedselbank Voorbeeldstad", "Vrijwilliger", date(2022, 10, 1),
     dict(hours_per_month=6)),
    # CDA
    (None, "henk-brouwer", SIDE, "Maatschap Brouwer", f"Melkveehouder, maat {MAIN_JOB}", date(1995, 6, 1),
     dict(paid=True, hours_per_month=200)),
    (None, "henk-brouwer", FIN, "Maatschap Brouwer", "Eigenaar van 45 hectare landbouwgrond", date(1995, 6, 1),
     dict(holding_band=HoldingBand.above_250000, description="Grond aan de Polderweg.",
          explanation="De grond grenst aan het zoekgebied voor zonneparken.")),
    (None, "henk-brouwer", SIDE, "LTO afdeling Voorbeeldstad", "Voorzitter", date(2014, 1, 1),
     dict(hours_per_month=6)),
    (None, "wilma-kuipers", SIDE, "Protestantse Gemeente Voorbeeldstad", "Ouderling (lid kerkenraad)",
     date(2016, 9, 1), dict(hours_per_month=10)),
    (None, "wilma-kuipers", OTHER, "Zorggroep Noord", "Familierelatie met de raad van bestuur", date(2021, 4, 1),
     dict(concerns_family=True, description="Mijn dochter is lid van de raad van bestuur.")),
    (None, "gerrit-dekker", SIDE, "Notariskantoor Dekker", f"Notaris {MAIN_JOB}", date(2005, 1, 1),
     dict(paid=True, income_band=IncomeBand.from_5001, hours_per_month=160, **NOT_PUBLIC_INCOME)),
    (None, "gerrit-dekker", SIDE, "Stichting Woonbelang Voorbeeldstad", "Voorzitter raad van toezicht",
     date(2022, 1, 1), dict(paid=True, income_band=IncomeBand.below_500, hours_per_month=5)),
    (None, "joke-van-leeuwen", SIDE, "Huisartsenpraktijk De Linde", f"Huisarts {MAIN_JOB}", date(2009, 1, 1),
     dict(paid=True, hours_per_month=150, hours_public=False, description_public=False,
          description="Praktijkhouder; de praktijk heeft een contract met Zorggroep Noord.")),
    (None, "joke-van-leeuwen", GIFT, "Rabobank regio Voorbeeldstad", "Uitnodiging voor het relatiediner",
     date(2026, 6, 12), dict(gift_value_band=GiftValueBand.from_51, gift_outcome=GiftOutcome.accepted)),
    # Burgemeester
    (None, "caroline-verbeek", SIDE, "Veiligheidsregio Noord", "Lid algemeen bestuur", date(2023, 1, 16),
     dict(ex_officio=True, hours_per_month=8)),
    (None, "caroline-verbeek", SIDE, "Comité Dodenherdenking Voorbeeldstad", "Voorzitter", date(2023, 1, 16),
     dict(ex_officio=True, hours_per_month=2)),
    (None, "caroline-verbeek", SIDE, "Stichting Openbare Bibliotheek Noord", "Voorzitter raad van toezicht",
     date(2023, 6, 1), dict(paid=True, income_band=IncomeBand.below_500, hours_per_month=3)),
    (None, "caroline-verbeek", GIFT, "Historische Vereniging Voorbeeldstad", "Boek 'Honderd jaar Havenkwartier'",
     date(2026, 5, 4), dict(gift_value_band=GiftValueBand.up_to_50, gift_outcome=GiftOutcome.handed_over)),
]


def _relative_dates(today: date) -> dict[str, date]:
    left = today.replace(day=1) - relativedelta(months=4) - timedelta(days=1)  # end of the month, 4 to 5 months ago
    return {LEFT: left, SUCCEEDED: left + timedelta(days=12), RECENT: today - timedelta(days=21)}


def _on(value, dates: dict[str, date]):
    return dates.get(value, value) if isinstance(value, str) else value


def _make_body(dates) -> tuple[Body, dict[str, Group], dict[str, Politician]]:
    body = Body(slug="voorbeeldstad", name="Gemeente Voorbeeldstad", kind=BodyKind.municipality,
                declaration_deadline_days=7, required_sign_offs=1)
    groups = {slug: Group(body=body, slug=slug, name=name) for slug, name in GROUPS.items()}
    people = {}
    for slug, name, sort_name, group, office, start, end in POLITICIANS:
        people[slug] = Politician(body=body, group=groups.get(group) if group else None, slug=slug, name=name,
                                  sort_name=sort_name, office=office, term_start=_on(start, dates),
                                  term_end=_on(end, dates), active=end is None)
    db.session.add(body)
    db.session.flush()
    record("body.created", body, body_id=body.id, slug=body.slug, source="demo-data")
    items: list[Group | Politician] = [*groups.values(), *people.values()]
    for item in items:
        record(f"{type(item).__name__.lower()}.created", item, body_id=body.id, slug=item.slug, source="demo-data")
    return body, groups, people


def _make_accounts(body, groups, people) -> dict[str, User]:
    users = {}
    for login in LOGINS:
        users[login.email] = create_user(
            email=login.email, name=login.name, password=DEMO_PASSWORD,
            politician=people.get(login.politician), reviewer_of=[groups[login.reviewer_of]] if login.reviewer_of
            else [], griffie_of=[body] if login.griffie else [], site_admin=login.site_admin)
    return users


def _make_declarations(people, griffie) -> dict:
    refs = {}
    for ref, slug, kind, organisation, role, started_on, extra in DECLARATIONS:
        politician = people[slug]
        content = dict(extra)
        draft = content.pop("_draft", False)
        content.update(organisation=organisation, role=role, started_on=started_on)
        declaration = declarations.create_declaration(politician, kind, content, actor=politician.user or griffie,
                                                      publish=not draft)
        if ref:
            refs[ref] = declaration
    return refs


def _corrections_endings_withdrawals(refs, users, griffie) -> None:
    jeroen, thomas = users["raadslid@voorbeeldstad.demo"], users["wethouder@voorbeeldstad.demo"]
    declarations.correct_declaration(
        refs["bakker-vv"], {"hours_per_month": 8}, actor=jeroen,
        reason="Urenbesteding bijgesteld: sinds dit seizoen doe ik ook de ledenadministratie.")
    declarations.correct_declaration(refs["hendriks-rabo"], {"income_band": IncomeBand.from_500}, actor=thomas,
                                     reason="Vergoeding stond in de verkeerde inkomensklasse.")
    declarations.correct_declaration(refs["jansen-werk"], {"income_band": IncomeBand.from_1001}, actor=griffie,
                                     reason="Inkomensklasse aangepast na de jaarafrekening 2025.")
    declarations.end_declaration(refs["mulder-schouwburg"], ended_on=date(2022, 5, 18), actor=griffie,
                                 reason="Neergelegd bij de installatie als wethouder.")
    declarations.end_declaration(refs["postma-woonbelang"], ended_on=date(2023, 6, 30), actor=griffie)
    declarations.end_declaration(refs["visser-voedselbank"], ended_on=date(2024, 6, 30), actor=griffie)
    bram = refs["hoekstra-werk"]
    declarations.end_declaration(bram, ended_on=bram.politician.term_end, actor=griffie,
                                 reason="Gestopt bij het vertrek uit de raad.")
    declarations.withdraw_declaration(refs["smit-dubbel"], actor=griffie,
                                      reason="Per vergissing dubbel ingevoerd; de juiste opgave blijft staan.")


def _make_agreements(refs, users) -> None:
    """One agreement in every state, with the fractie's decisions on them."""
    marieke, annelies = users["fractie@voorbeeldstad.demo"], users["reviewer2@voorbeeldstad.demo"]
    jeroen, thomas = users["raadslid@voorbeeldstad.demo"], users["wethouder@voorbeeldstad.demo"]
    jp, tp = jeroen.politician, thomas.politician

    agreements.create_agreement(
        marieke.politician, title="Geen besluitvorming over Stichting Woonbelang", actor=marieke,
        text="Ik neem niet deel aan de besluitvorming over subsidies en prestatieafspraken waarbij Stichting "
             "Woonbelang Voorbeeldstad betrokken is.", declarations=[refs["boer-woonbelang"]])

    vv = agreements.create_agreement(
        jp, title="Geen besluitvorming over subsidies aan VV Voorbeeldstad", actor=jeroen, submit=True,
        text="Ik neem niet deel aan de besluitvorming over subsidies aan VV Voorbeeldstad.",
        declarations=[refs["bakker-vv"]])
    review.sign_off(vv, reviewer=marieke, comment_public=True,
                    comment="Passende afspraak; de fractie is vooraf geïnformeerd over deze functie.")

    orders = agreements.create_agreement(
        jp, title="Geen opdrachten van de gemeente", actor=jeroen, submit=True,
        text="Ik neem geen opdrachten aan van de gemeente.",
        declarations=[refs["bakker-werk"], refs["bakker-eigenaar"]])
    review.sign_off(orders, reviewer=marieke, comment="Akkoord. Overweeg ook gesubsidieerde instellingen.")
    agreements.revise_agreement(
        orders, title="Geen opdrachten van de gemeente of door haar gesubsidieerde instellingen", actor=jeroen,
        text="Ik neem geen opdrachten aan van de gemeente Voorbeeldstad, noch van instellingen die het grootste "
             "deel van hun inkomsten als subsidie van de gemeente ontvangen.",
        declarations=[refs["bakker-werk"], refs["bakker-eigenaar"]], reason="Uitgebreid op advies van de fractie.")
    agreements.submit_agreement(orders, actor=jeroen)

    haven = agreements.create_agreement(
        jp, title="Onthouding bij het bestemmingsplan Havenkwartier", actor=jeroen, submit=True,
        text="Ik onthoud mij van stemming over het bestemmingsplan Havenkwartier.",
        declarations=[refs["bakker-familie"]])
    review.request_changes(haven, reviewer=marieke,
                           comment="Sinds 2023 kan het nodig zijn ook niet deel te nemen aan de beraadslaging. "
                                   "Wil je dat in de afspraak opnemen?")

    zorg = agreements.create_agreement(
        jp, title="Geen besluitvorming over Zorggroep Noord", actor=jeroen, submit=True,
        text="Ik neem niet deel aan de besluitvorming over subsidies en zorgcontracten met Zorggroep Noord.",
        declarations=[refs["bakker-zorggroep"]])
    review.sign_off(zorg, reviewer=marieke)
    declarations.end_declaration(refs["bakker-zorggroep"], ended_on=date(2025, 12, 31), actor=jeroen,
                                 reason="Termijn in de raad van toezicht afgelopen.")
    agreements.end_agreement(zorg, actor=jeroen,
                             reason="De functie bij Zorggroep Noord is per 31 december 2025 beëindigd.")

    agreements.create_agreement(
        tp, title="Geen besluiten over Bouwbedrijf De Vries B.V.", actor=thomas, submit=True,
        text="Ik neem niet deel aan de besluitvorming over opdrachten en vergunningen voor Bouwbedrijf De Vries "
             "B.V.; een andere wethouder neemt deze onderwerpen van mij over.",
        declarations=[refs["hendriks-aandelen"]])
    rabo = agreements.create_agreement(
        tp, title="Geen bemoeienis met financiering door Rabobank regio Voorbeeldstad", actor=thomas, submit=True,
        text="Ik neem niet deel aan de besluitvorming over de financiering van gemeentelijke projecten door "
             "Rabobank regio Voorbeeldstad.", declarations=[refs["hendriks-rabo"]])
    review.sign_off(rabo, reviewer=annelies, comment="Akkoord, besproken in het fractieoverleg.")


def _make_reviews(refs, users) -> None:
    marieke, annelies = users["fractie@voorbeeldstad.demo"], users["reviewer2@voorbeeldstad.demo"]
    review.review_declaration(refs["bakker-vv"], reviewer=marieke, outcome=ReviewOutcome.agreement_needed,
                              comment="Afspraak over subsidies aan de vereniging gemaakt.", comment_public=True)
    review.review_declaration(refs["bakker-zorggroep"], reviewer=marieke, outcome=ReviewOutcome.agreement_needed,
                              comment="Afspraak nodig over besluitvorming rond Zorggroep Noord.")
    review.review_declaration(refs["amrani-school"], reviewer=marieke, outcome=ReviewOutcome.no_risk)
    review.review_declaration(refs["dijk-werk"], reviewer=marieke, outcome=ReviewOutcome.no_risk,
                              comment="Let op bij aanbestedingen voor installatiewerk.")
    review.review_declaration(refs["hendriks-aandelen"], reviewer=annelies, outcome=ReviewOutcome.agreement_needed,
                              comment="Afspraak nodig: het bedrijf vraagt vergunningen aan in de gemeente.")
    review.review_declaration(refs["smit-werk"], reviewer=annelies, outcome=ReviewOutcome.no_risk)
    review.review_declaration(refs["jansen-diner"], reviewer=annelies, outcome=ReviewOutcome.no_risk,
                              comment="Binnen de regels voor geschenken.", comment_public=True)


def load_demo_data() -> Body:
    """Create Gemeente Voorbeeldstad with fracties, politicians, accounts and a realistic register."""
    now = utcnow()
    dates = _relative_dates(local_date(now))
    body, groups, people = _make_body(dates)
    users = _make_accounts(body, groups, people)
    griffie = users["griffie@voorbeeldstad.demo"]
    refs = _make_declarations(people, griffie)
    _corrections_endings_withdrawals(refs, users, griffie)
    _make_reviews(refs, users)
    _make_agreements(refs, users)
    _make_confirmations(people, griffie)
    _make_signals(body, people, griffie)
    db.session.flush()
    _backdate_history(body, refs, now)
    db.session.flush()
    from register.risk.demo import load_issue16_demo
    load_issue16_demo(body)  # belangencheck, subsidies, agendas (issue 16): after the backdating, as of today
    from register.statements.demo import load_statement_demo
    load_statement_demo(body, griffie)  # the colofon with the griffie's (fictional) contact details (issue 11)
    return body


def _make_signals(body, people, griffie) -> None:
    """Two signals for the daily work: a new one for the griffie, one that waits for the raadslid's response."""
    from register.signals import services as signals

    signals.receive_signal(body, politician=None, client="demo-1", source_url=None, contact_email=None,
                           text="In de krant stond dat een raadslid adviseur is van een projectontwikkelaar in het "
                                "Havenkwartier. Staat dat in het register?")
    opened = signals.receive_signal(body, politician=people["jeroen-bakker"], client="demo-2", source_url=None,
                                    contact_email="melder@voorbeeld.demo",
                                    text="Jeroen Bakker zou commissaris zijn bij een woningcorporatie; ik zie dat "
                                         "niet in het register.")
    signals.open_signal(opened, actor=griffie)


def _make_confirmations(people, griffie) -> None:
    """Everyone in office confirms, except Sem Willems (new, nothing declared yet) and Daan Vos."""
    for slug, politician in people.items():
        if politician.active and slug not in ("sem-willems", "daan-vos"):
            declarations.confirm_register(politician, actor=politician.user or griffie)



# --- demo-only history ------------------------------------------------------------------------------------------
# The services stamp every change with "now". A register that was filled in one afternoon shows nothing about
# timeliness, so the demo (and only the demo) rewrites those timestamps afterwards with direct UPDATEs: declared a
# few days after the start (or after the start of the term), a few declarations late, corrections months later,
# agreements signed off after the declarations they concern, confirmations spread over the last year and one
# overdue. The audit trail keeps the real moment the demo was loaded. Never do this outside demo data.

LATE_BY_DAYS = {"amrani-school": 23, "jansen-diner": 12, "vos-concert": 19, "bakker-familie": 40}
CORRECTED_ON = {"bakker-vv": date(2025, 9, 15), "hendriks-rabo": date(2023, 2, 10), "jansen-werk": date(2026, 3, 20)}
OVERDUE = "gerrit-dekker"


def _moment(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM).astimezone(UTC)


def _set(model, row_id: int, **values) -> None:
    db.session.execute(update(model).where(model.id == row_id).values(**values))


def _declared_at(declaration: Declaration, late: dict[int, int]) -> datetime:
    first = next(v for v in declaration.versions if v.published_at is not None)
    term_start = declaration.politician.term_start
    reference = max(first.started_on, term_start) if term_start else first.started_on
    delay = late.get(declaration.id) or 1 + (declaration.id * 5) % 6  # 1 to 6 days: within the deadline
    delay += declaration.politician.body.declaration_deadline_days if declaration.id in late else 0
    return _moment(reference + timedelta(days=delay), 9 + declaration.id % 9, (declaration.id * 7) % 60)


def _later_version_at(version: DeclarationVersion, previous: datetime, corrected_on: date | None) -> datetime:
    if version.change == DeclarationChange.corrected and corrected_on:
        at = _moment(corrected_on, 14)
    elif version.change == DeclarationChange.ended and version.ended_on:
        at = _moment(version.ended_on + timedelta(days=4), 11)
    else:
        at = previous + timedelta(days=9)
    return max(at, previous + timedelta(hours=1))


def _backdate_declaration(declaration: Declaration, late: dict[int, int], corrected: dict[int, date],
                          now: datetime) -> None:
    declared = min(_declared_at(declaration, late), now - timedelta(hours=2))
    _set(Declaration, declaration.id, declared_at=declared, created_at=declared - timedelta(minutes=20))
    at, published = declared, {}
    for version in declaration.versions:
        if version.published_at is None:
            _set(DeclarationVersion, version.id, created_at=min(at, declared - timedelta(minutes=20)))
            continue
        if version.change != DeclarationChange.published:
            at = min(_later_version_at(version, at, corrected.get(declaration.id)), now - timedelta(hours=1))
        published[version.number] = at
        _set(DeclarationVersion, version.id, created_at=at, published_at=at)
        if version.change == DeclarationChange.withdrawn:
            _set(Declaration, declaration.id, withdrawn_at=at)
    for assessment in declaration.reviews:  # the fractie reviews the version it saw, some days later
        reviewed = published.get(assessment.version_number, at) + timedelta(days=10)
        _set(Review, assessment.id, created_at=min(reviewed, now - timedelta(minutes=30)))


def _backdate_agreement(agreement: Agreement, now: datetime) -> None:
    linked = [d for v in agreement.versions for d in v.declarations]
    at = max(d.declared_at for d in linked if d.declared_at) + timedelta(days=14)
    for version in agreement.versions:
        at = min(at, now - timedelta(hours=3))
        _set(AgreementVersion, version.id, created_at=at,
             submitted_at=version.submitted_at and at + timedelta(days=1))
        for n, sign_off in enumerate(version.sign_offs):
            _set(SignOff, sign_off.id, created_at=at + timedelta(days=6, hours=n))
        if version.signed_off_at:
            _set(AgreementVersion, version.id, signed_off_at=at + timedelta(days=6, hours=len(version.sign_offs) - 1))
        at += timedelta(days=45)
    _set(Agreement, agreement.id, created_at=agreement.versions[0].created_at)
    if agreement.ended_at:
        ended = max(v.published_at for d in linked for v in d.versions if v.published_at) + timedelta(days=1)
        _set(Agreement, agreement.id, ended_at=min(max(ended, at), now - timedelta(hours=1)))


def _backdate_confirmations(body: Body, now: datetime) -> None:
    today = local_date(now)
    confirmations = db.session.scalars(select(Confirmation).join(Confirmation.politician)
                                       .where(Politician.body_id == body.id).order_by(Confirmation.id)).all()
    for n, confirmation in enumerate(confirmations):
        politician = confirmation.politician
        if politician.slug == OVERDUE:
            at = _moment(today - relativedelta(months=14), 16)  # more than 12 months ago: bevestiging verlopen
        else:
            at = _moment(today - timedelta(days=12 + (n * 37) % 320), 20)
            if politician.term_start is not None:
                at = max(at, _moment(politician.term_start + timedelta(days=20), 20))
            at = min(at, now - timedelta(hours=1))
        _set(Confirmation, confirmation.id, confirmed_at=at)
        _set(Politician, politician.id, last_confirmed_at=at)


def _backdate_history(body: Body, refs: dict, now: datetime) -> None:
    """Give the demo register a realistic past (see the note above); demo data only."""
    late = {refs[ref].id: days for ref, days in LATE_BY_DAYS.items()}
    corrected = {refs[ref].id: day for ref, day in CORRECTED_ON.items()}
    db.session.expire_all()
    for declaration in db.session.scalars(
            select(Declaration).join(Declaration.politician).where(Politician.body_id == body.id,
                                                                    Declaration.declared_at.is_not(None))
            .options(selectinload(Declaration.versions), selectinload(Declaration.reviews))).all():
        _backdate_declaration(declaration, late, corrected, now)
    db.session.expire_all()
    for agreement in db.session.scalars(
            select(Agreement).join(Agreement.politician).where(Politician.body_id == body.id)
            .options(selectinload(Agreement.versions).selectinload(AgreementVersion.declarations)
                     .selectinload(Declaration.versions),
                     selectinload(Agreement.versions).selectinload(AgreementVersion.sign_offs))).all():
        _backdate_agreement(agreement, now)
    _backdate_confirmations(body, now)
    db.session.expire_all()


def print_logins() -> None:
    """Print the demo accounts as a table: role, name, e-mail address, password."""
    rows = [("Rol", "Naam", "E-mailadres", "Wachtwoord")]
    rows += [(login.role, login.name, login.email, DEMO_PASSWORD) for login in LOGINS]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rule = "  ".join("-" * w for w in widths)
    click.echo("Demo-accounts voor Gemeente Voorbeeldstad (inloggen op /login):")
    for n, row in enumerate(rows):
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            click.echo(rule)
