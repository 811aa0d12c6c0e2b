"""The demo shows issue 16: a wethouder's check with two agreements, a subsidy list, an agenda with three matches
and a recusal that followed from a match."""
from __future__ import annotations

from sqlalchemy import func, select

from register.extensions import db
from register.models import AgendaMatch, BodyRelation, MatchStatus, Meeting, Politician, RiskCheck
from register.models.base import local_date, utcnow
from tests.test_demo import demo, loaded  # noqa: F401  (the loaded demo database, shared with test_demo)


def test_the_wethouders_check_produced_two_agreements(demo):  # noqa: F811
    thomas = db.session.scalar(select(Politician).where(Politician.slug == "thomas-hendriks"))
    [check] = db.session.scalars(select(RiskCheck).where(RiskCheck.politician_id == thomas.id)).all()
    agreements = [a for answer in check.answers for a in answer.agreements]
    assert len(agreements) == 2 and {a.status.value for a in agreements} == {"signed_off", "submitted"}
    assert thomas.portfolio


def test_there_is_a_subsidy_list_and_an_agenda_with_three_matches_and_a_recusal_from_a_match(demo):  # noqa: F811
    assert db.session.scalar(select(func.count()).select_from(BodyRelation)) >= 5
    today = local_date(utcnow())
    coming = db.session.scalar(select(Meeting).where(Meeting.date >= today))
    assert sum(len(item.matches) for item in coming.items) == 3
    recused = db.session.scalars(select(AgendaMatch).where(AgendaMatch.status == MatchStatus.recused)).all()
    assert len(recused) == 1 and recused[0].recusal.agreement.signed_number is not None


def test_the_demo_pages_of_issue_16_render(loaded, demo):  # noqa: F811
    app, _result = loaded
    client = app.test_client()
    body = "voorbeeldstad"
    meeting = db.session.scalar(select(Meeting).order_by(Meeting.date))
    assert "Jeroen Bakker" in client.get(f"/register/{body}/vergaderingen/{meeting.id}").get_data(as_text=True)
    page = client.get("/organisatie/woonbelang-voorbeeldstad").get_data(as_text=True)
    assert "ontvangt subsidie van Gemeente Voorbeeldstad: EUR 45.000 in 2026" in page
