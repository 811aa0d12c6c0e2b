"""Loading for agenda pages: the politician's matches (for "Te doen"), the griffie's meetings, the public page."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AgendaItem, AgendaMatch, AgreementKind, AgreementVersion, MatchStatus, Meeting, Politician, Recusal,
)
from register.models.base import local_date, utcnow
from register.public.queries import publicly_listed_clause
from register.models.agreement_catalogue import RECUSAL_KINDS

RECENT_DAYS = 60


def _match_options():
    return (selectinload(AgendaMatch.item).selectinload(AgendaItem.meeting),
            selectinload(AgendaMatch.politician).selectinload(Politician.body))


def upcoming_matches(politician: Politician) -> list[AgendaMatch]:
    """Open matches of meetings from RECENT_DAYS ago on: coming ones warn, past ones ask for the recusal."""
    since = local_date(utcnow()) - timedelta(days=RECENT_DAYS)
    return list(db.session.scalars(
        select(AgendaMatch).join(AgendaMatch.item).join(AgendaItem.meeting)
        .where(AgendaMatch.politician_id == politician.id, AgendaMatch.status == MatchStatus.open,
               Meeting.date >= since)
        .options(*_match_options()).order_by(Meeting.date, AgendaItem.position, AgendaMatch.id)))


def meetings_of(body_id: int) -> list[tuple[Meeting, int, int]]:
    """The body's meetings, newest first, with (items, open matches)."""
    items = select(func.count(AgendaItem.id)).where(AgendaItem.meeting_id == Meeting.id).scalar_subquery()
    open_matches = (select(func.count(AgendaMatch.id)).join(AgendaMatch.item)
                    .where(AgendaItem.meeting_id == Meeting.id, AgendaMatch.status == MatchStatus.open)
                    .scalar_subquery())
    return [tuple(row) for row in db.session.execute(
        select(Meeting, items, open_matches).where(Meeting.body_id == body_id)
        .order_by(Meeting.date.desc(), Meeting.id.desc()).limit(200))]


def meeting_with_matches(meeting_id: int) -> Meeting | None:
    return db.session.get(Meeting, meeting_id, options=[
        selectinload(Meeting.items).selectinload(AgendaItem.matches).selectinload(AgendaMatch.politician),
        selectinload(Meeting.items).selectinload(AgendaItem.matches).selectinload(AgendaMatch.recusal)])


def expects_recusal(match: AgendaMatch, recusal_agreements: set[int]) -> bool:
    """An open match through an onthouden or poortwachter agreement (or a free-text one, as all agreements were before
    issue 16): the griffie expects this member to step out."""
    return match.status == MatchStatus.open and any(
        r["source"] == "agreement" and r["id"] in recusal_agreements for r in match.reasons)


def recusal_agreement_ids(meeting: Meeting) -> set[int]:
    ids = {r["id"] for item in meeting.items for m in item.matches for r in m.reasons if r["source"] == "agreement"}
    if not ids:
        return set()
    return set(db.session.scalars(
        select(Agreement.id).join(AgreementVersion, (AgreementVersion.agreement_id == Agreement.id)
                                  & (AgreementVersion.number == Agreement.signed_number))
        .where(Agreement.id.in_(ids), AgreementVersion.kind.in_(RECUSAL_KINDS | {AgreementKind.vrij}))))


def public_meetings(body_id: int) -> list[tuple[Meeting, int]]:
    """Meetings with the number of public recusals recorded for their items."""
    recusals = (select(func.count(AgendaMatch.id)).join(AgendaMatch.item).join(AgendaMatch.recusal)
                .join(Recusal.agreement)
                .where(AgendaItem.meeting_id == Meeting.id, Agreement.signed_number.is_not(None))
                .scalar_subquery())
    return [tuple(row) for row in db.session.execute(
        select(Meeting, recusals).where(Meeting.body_id == body_id)
        .order_by(Meeting.date.desc(), Meeting.id.desc()).limit(500))]


def public_recusals_of_meeting(meeting: Meeting) -> dict[int, list[Recusal]]:
    """Item id -> public recusals recorded from a match on it (publicly listed politicians, signed agreements)."""
    rows = db.session.execute(
        select(AgendaMatch.agenda_item_id, Recusal).join(AgendaMatch.item).join(AgendaMatch.recusal)
        .join(Recusal.agreement).join(Recusal.politician)
        .where(AgendaItem.meeting_id == meeting.id, Agreement.signed_number.is_not(None), publicly_listed_clause())
        .options(selectinload(Recusal.politician), selectinload(Recusal.agreement)
                 .selectinload(Agreement.signed_version))
        .order_by(Recusal.id)).all()
    result: dict[int, list[Recusal]] = {}
    for item_id, recusal in rows:
        result.setdefault(item_id, []).append(recusal)
    return result


def other_recusals_on(meeting: Meeting, linked: set[int]) -> list[Recusal]:
    """Public recusals recorded by hand for the body's members on the meeting's date (not from a match)."""
    return [r for r in db.session.scalars(
        select(Recusal).join(Recusal.agreement).join(Recusal.politician)
        .where(Politician.body_id == meeting.body_id, Recusal.meeting_date == meeting.date,
               Agreement.signed_number.is_not(None), publicly_listed_clause())
        .options(selectinload(Recusal.politician), selectinload(Recusal.agreement)
                 .selectinload(Agreement.signed_version)).order_by(Recusal.id)) if r.id not in linked]


def agreements_for_recusal(match: AgendaMatch) -> list[Agreement]:
    """The politician's signed agreements, those named in the match first."""
    named = [r["id"] for r in match.reasons if r["source"] == "agreement"]
    agreements = db.session.scalars(
        select(Agreement).where(Agreement.politician_id == match.politician_id, Agreement.signed_number.is_not(None))
        .options(selectinload(Agreement.signed_version)).order_by(Agreement.id)).all()
    return sorted(agreements, key=lambda a: (a.id not in named, a.id))
