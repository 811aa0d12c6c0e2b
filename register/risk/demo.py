"""Demo data for issue 16, on top of Gemeente Voorbeeldstad (register/demo.py calls this last).

The wethouder Thomas Hendriks (portfolio Financiën, Economie, Haven) did the belangencheck: two "ja" answers about
his shares in Bouwbedrijf De Vries B.V. led to two agreements, one signed off, one waiting for his fractie; Jeroen
Bakker started the check but has not answered it yet. The griffie imported the subsidy register
(docs/examples/subsidies.csv) and two agendas: one of three weeks ago, from which Jeroen recorded his recusal with
one click and Marieke de Boer recorded why it did not apply to her, and the coming council meeting, whose items
touch three members. Everything goes through the services.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from register.agenda import services as agenda
from register.agenda.sources import ItemData, MeetingData
from register.agreements.services import Scope
from register.extensions import db
from register.models import (
    AgendaMatch, Agreement, AgreementKind, AnswerValue, Body, CheckTrigger, Declaration, DeclarationVersion, Politician,
    RelationKind, User,
)
from register.models.base import local_date, utcnow
from register.relations import services as relations
from register.relations.tables import read_table
from register.review import services as review
from register.risk import services as risk
from register.risk.questions import questions_for

SUBSIDIES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "subsidies.csv"


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _politician(user: User) -> Politician:
    """The politician of a demo account that register/demo.py made with one."""
    if user.politician is None:
        raise LookupError(f"Het demo-account {user.email} hoort bij geen ambtsdrager.")
    return user.politician


def _declaration(politician: Politician, organisation: str) -> Declaration:
    published = (DeclarationVersion.declaration_id == Declaration.id) & (
        DeclarationVersion.number == Declaration.published_number)
    return db.session.scalars(select(Declaration).join(DeclarationVersion, published).where(
        Declaration.politician_id == politician.id, DeclarationVersion.organisation == organisation)).one()


def _check(thomas: User, reviewer: User) -> None:
    politician = _politician(thomas)
    politician.portfolio = "Financiën, Economie, Haven"
    shares = _declaration(politician, "Bouwbedrijf De Vries B.V.")
    check = risk.start_check(politician, actor=thomas, trigger=CheckTrigger.on_demand)
    given = {q.code: risk.Given(AnswerValue.no) for q in questions_for(check.office, politician.body.kind)}
    given["aandelen"] = risk.Given(AnswerValue.yes, shares.id, "Geërfde aandelen (5%), zonder zeggenschap.")
    given["geld"] = risk.Given(AnswerValue.yes, shares.id, "Het bedrijf vraagt vergunningen aan voor het "
                                                           "Havenkwartier.")
    given["netwerk"] = risk.Given(AnswerValue.unknown, None, "Telt mijn tennisclub als netwerk?")
    risk.answer_check(check, given, actor=thomas)
    answers = {a.question: a for a in check.answers}
    recuse = risk.make_agreement(
        answers["geld"], actor=thomas, title="Geen besluitvorming over Bouwbedrijf De Vries B.V.",
        text="Ik neem niet deel aan de beraadslaging en stemming over vergunningen, opdrachten en het bestemmingsplan "
             "Havenkwartier waarbij Bouwbedrijf De Vries B.V. betrokken is, en verlaat de vergadering bij dat "
             "agendapunt. Elke keer wordt vastgelegd als onthouding.", declarations=[shares], submit=True,
        scope=Scope(AgreementKind.onthouden, [("Bouwbedrijf De Vries B.V.", None)], ["bestemmingsplan Havenkwartier"]))
    review.sign_off(recuse, reviewer=reviewer, comment="Akkoord; goed dat het Havenkwartier erin staat.")
    risk.make_agreement(
        answers["aandelen"], actor=thomas, title="Aandelen Bouwbedrijf De Vries B.V. afstoten",
        text="Ik verkoop mijn aandelen in Bouwbedrijf De Vries B.V., of breng ze onder beheer op afstand, vóór "
             "1 juli 2027.", declarations=[shares], submit=True,
        scope=Scope(AgreementKind.afstoten, [("Bouwbedrijf De Vries B.V.", None)], []))


def _relations(body: Body, griffie: User) -> None:
    content = SUBSIDIES.read_bytes()
    table = read_table(SUBSIDIES.name, content)
    relations.import_relations(body, table, relations.guess_mapping(table.headers), default_kind=RelationKind.subsidie,
                               actor=griffie, filename=SUBSIDIES.name, sha256=hashlib.sha256(content).hexdigest())


def _agendas(body: Body, griffie: User) -> None:
    today = local_date(utcnow())
    past = MeetingData(f"demo-{today - timedelta(days=21)}", "Raadsvergadering", today - timedelta(days=21), "demo",
                       items=[ItemData("1", "1", "Opening en vaststelling van de agenda"),
                              ItemData("7", "7", "Subsidie jeugdafdeling Voetbalvereniging VV Voorbeeldstad",
                                       "Eenmalige bijdrage voor de jeugdtrainers.",
                                       ["Voetbalvereniging VV Voorbeeldstad"])])
    coming = MeetingData(f"demo-{today + timedelta(days=12)}", "Raadsvergadering", today + timedelta(days=12), "demo",
                         items=[ItemData("1", "1", "Opening en vaststelling van de agenda"),
                                ItemData("4", "4", "Subsidie renovatie sportpark VV Voorbeeldstad",
                                         "Bijdrage aan de kunstgrasvelden.", ["Voetbalvereniging VV Voorbeeldstad"]),
                                ItemData("6", "6", "Grondexploitatie bestemmingsplan Havenkwartier",
                                         "Vaststelling van de grondexploitatie voor de tweede fase."),
                                ItemData("8", "8", "Jaarverslag van de rekenkamercommissie")])
    agenda.import_agenda(body, [past], actor=griffie, filename="agenda-vorige-raad.csv", sha256="demo-past",
                         source="demo")
    agenda.import_agenda(body, [coming], actor=griffie, filename="agenda-raad.csv", sha256="demo-coming",
                         source="demo")
    jeroen, marieke = _user("raadslid@voorbeeldstad.demo"), _user("fractie@voorbeeldstad.demo")
    for match in db.session.scalars(select(AgendaMatch)):
        if match.item.meeting.date >= today:
            continue
        if match.politician_id == jeroen.politician_id:
            signed = [r["id"] for r in match.reasons if r["source"] == "agreement"]
            agenda.recuse(match, actor=jeroen, agreement=db.session.get(Agreement, signed[0]))
        elif match.politician_id == marieke.politician_id:
            agenda.decline(match, actor=marieke, false_positive=False,
                           reason="Ik ben gewoon lid van de vereniging; de subsidie raakt mij niet persoonlijk.")


def load_issue16_demo(body: Body) -> None:
    griffie = _user("griffie@voorbeeldstad.demo")
    _check(_user("wethouder@voorbeeldstad.demo"), _user("reviewer2@voorbeeldstad.demo"))
    jeroen = _user("raadslid@voorbeeldstad.demo")  # started the check, has not answered it yet
    risk.start_check(_politician(jeroen), actor=jeroen, trigger=CheckTrigger.on_demand)
    _relations(body, griffie)
    _agendas(body, griffie)
    db.session.flush()
