"""The pages of issue 16 for the accessibility and phone checks, as (name, role, path) for helpers.Visit:
tests/browser/helpers.py adds them to ALL_PAGES. Paths that need an id are looked up in the demo database."""
from __future__ import annotations

WETHOUDER, REVIEWER2 = "wethouder@voorbeeldstad.demo", "reviewer2@voorbeeldstad.demo"
BODY, ADMIN = "/register/voorbeeldstad", "/beheer/voorbeeldstad"


def _query(build):
    def find():
        from register.extensions import db
        return build(db)
    return find


def _check(slug: str, completed: bool):
    def build(db):
        from sqlalchemy import select
        from register.models import Politician, RiskCheck
        done = RiskCheck.completed_at.is_not(None) if completed else RiskCheck.completed_at.is_(None)
        check_id = db.session.scalar(select(RiskCheck.id).join(Politician).where(Politician.slug == slug, done))
        return f"/belangencheck/{check_id}"
    return _query(build)


def _proposal(db):
    from sqlalchemy import select
    from register.models import RiskAnswer
    answer = db.session.scalar(select(RiskAnswer).where(RiskAnswer.question == "geld"))
    return f"/mijn/belangencheck/{answer.check_id}/voorstel/{answer.id}/onthouden"


def _match(db):
    from sqlalchemy import select
    from register.models import AgendaMatch, MatchStatus, Politician
    match_id = db.session.scalar(select(AgendaMatch.id).join(Politician).where(
        Politician.slug == "jeroen-bakker", AgendaMatch.status == MatchStatus.open))
    return f"/agenda/signalen/{match_id}"


def _meeting(public: bool):
    def build(db):
        from sqlalchemy import select
        from register.models import Meeting
        meeting_id = db.session.scalar(select(Meeting.id).order_by(Meeting.date if public else Meeting.date.desc()))
        return f"{BODY}/vergaderingen/{meeting_id}" if public else f"{ADMIN}/agenda/{meeting_id}"
    return _query(build)


def _review(db):
    from sqlalchemy import select
    from register.models import Agreement, AgreementVersion
    agreement_id = db.session.scalar(
        select(Agreement.id).join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
        .where(AgreementVersion.title.like("Aandelen%")))
    return f"/beoordelen/afspraken/{agreement_id}"


ISSUE16_PAGES = [
    ("meetings", None, f"{BODY}/vergaderingen"),
    ("meeting with recusals", None, _meeting(public=True)),
    ("organisation with subsidies", None, "/organisatie/woonbelang-voorbeeldstad"),
    ("belangencheck overview", "raadslid", "/mijn/belangencheck"),
    ("belangencheck questions", "raadslid", _check("jeroen-bakker", completed=False)),
    ("agenda match", "raadslid", _query(_match)),
    ("belangencheck result", WETHOUDER, _check("thomas-hendriks", completed=True)),
    ("agreement proposal", WETHOUDER, _query(_proposal)),
    ("review agreement from the check", REVIEWER2, _query(_review)),
    ("griffie check questions", "griffie", f"{ADMIN}/belangencheck"),
    ("griffie relations", "griffie", f"{ADMIN}/relaties"),
    ("griffie agendas", "griffie", f"{ADMIN}/agenda"),
    ("griffie meeting", "griffie", _meeting(public=False)),
]
