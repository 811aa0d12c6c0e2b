"""Agenda operations: import (all or nothing, a re-import changes nothing), match, notify, recuse, decline.

Each writes its audit event; the caller commits once.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register import mail
from register.agenda.matching import as_reason, build_index, match_text
from register.agenda.sources import MeetingData
from register.audit import record
from register.extensions import db
from register.models import (
    Agreement, AgendaItem, AgendaMatch, Body, DataImport, MatchStatus, MatchSuppression, Meeting, Politician,
)
from register.models.base import local_date, utcnow
from register.recusals import services as recusals

REASON_MAX = 1000


class AgendaActionError(ValueError):
    """A refused action on a match, with a Dutch message."""


@dataclass
class ImportResult:
    meetings_added: int = 0
    items_added: int = 0
    items_changed: int = 0
    items_unchanged: int = 0
    matches_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.meetings_added or self.items_added or self.items_changed)


def _upsert_meeting(body: Body, data: MeetingData, existing: dict[str, Meeting],
                    result: ImportResult) -> tuple[Meeting, list[AgendaItem]]:
    meeting = existing.get(data.key)
    if meeting is None:
        meeting = Meeting(body_id=body.id, key=data.key, name=data.name, date=data.date, source=data.source,
                          source_url=data.source_url)
        db.session.add(meeting)
        result.meetings_added += 1
    items = {i.key: i for i in meeting.items} if meeting.id else {}
    touched = []
    for position, item_data in enumerate(data.items):
        item = items.get(item_data.key)
        if item is None:
            item = AgendaItem(meeting=meeting, key=item_data.key, position=position)
            db.session.add(item)
            result.items_added += 1
        elif item.content() == item_data.content():
            result.items_unchanged += 1
            continue
        else:
            result.items_changed += 1
        item.number, item.title, item.description = item_data.number, item_data.title, item_data.description
        item.organisations, item.kvk_numbers = item_data.organisations or None, item_data.kvk_numbers or None
        touched.append(item)
    return meeting, touched


def import_agenda(body: Body, meetings: list[MeetingData], *, actor, filename: str, sha256: str,
                  source: str) -> ImportResult:
    """Add new meetings and items, update changed items, and match what is new or changed."""
    keys = [m.key for m in meetings]
    existing = {m.key: m for m in db.session.scalars(
        select(Meeting).where(Meeting.body_id == body.id, Meeting.key.in_(keys))
        .options(selectinload(Meeting.items)))}
    result = ImportResult()
    touched: list[AgendaItem] = []
    made: list[Meeting] = []
    for data in meetings:
        meeting, changed_items = _upsert_meeting(body, data, existing, result)
        touched += changed_items
        if meeting.id is None:
            made.append(meeting)
    if not result.changed:
        return result  # nothing new: a re-import leaves no trace
    batch = DataImport(body=body, purpose="agenda", filename=filename[:200], sha256=sha256, added=result.items_added,
                       rows=sum(len(m.items) for m in meetings), created_by_id=getattr(actor, "id", None))
    db.session.add(batch)
    db.session.flush()
    for meeting in made:
        meeting.import_id = batch.id
    db.session.flush()
    result.matches_added = len(match_items(body, touched, actor=actor))
    record("agenda.imported", batch, actor=actor, body_id=body.id, file=batch.filename, source=source,
           meetings=result.meetings_added, items=result.items_added, changed=result.items_changed,
           matches=result.matches_added)
    return result


def match_items(body: Body, items: list[AgendaItem], *, actor=None) -> list[AgendaMatch]:
    """Match items against the body's politicians; a match already there keeps its status (a dismissal is
    remembered), only its reasons are brought up to date. Returns the new matches (they are mailed)."""
    if not items:
        return []
    index = build_index(Politician.body_id == body.id, exclude_names=(body.name,))
    existing = {(m.agenda_item_id, m.politician_id): m for m in db.session.scalars(
        select(AgendaMatch).where(AgendaMatch.agenda_item_id.in_([i.id for i in items])))}
    new = []
    for item in items:
        found = match_text(index, item.title, item.description, item.organisations or [], item.kvk_numbers or [])
        for politician_id, hits in found.items():
            reasons = [as_reason(hit) for hit in hits]
            match = existing.get((item.id, politician_id))
            if match is None:
                match = AgendaMatch(item=item, politician_id=politician_id, reasons=reasons)
                db.session.add(match)
                new.append(match)
            elif match.reasons != reasons:
                match.reasons = reasons
    db.session.flush()
    _notify(new)
    return new


def rematch_meeting(meeting: Meeting, *, actor) -> int:
    """Match a meeting's items again (after new declarations or agreements)."""
    return len(match_items(meeting.body, list(meeting.items), actor=actor))


def _notify(new: list[AgendaMatch]) -> None:
    """One e-mail per politician and meeting for new matches before the meeting; never again for the same ones."""
    today = local_date(utcnow())
    groups: dict[tuple[int, int], list[AgendaMatch]] = defaultdict(list)
    for match in new:
        if match.item.meeting.date >= today:
            groups[(match.item.meeting_id, match.politician_id)].append(match)
    for (meeting_id, _politician_id), matches in groups.items():
        politician = matches[0].politician
        user = mail.account_of(politician)
        meeting = matches[0].item.meeting
        if user is not None:
            mail.queue_for([user], key=f"agenda-match:{meeting_id}:{min(m.id for m in matches)}",
                           subject=_("Agenda %(meeting)s van %(date)s raakt uw belangen", meeting=meeting.name,
                                     date=meeting.date.strftime("%d-%m-%Y")),
                           template="agenda_match", kind="agenda_match", ref=f"meeting:{meeting_id}",
                           body_id=politician.body_id, meeting=meeting, matches=matches,
                           link=mail.external_url("declarations.dashboard"))
        for match in matches:
            match.notified_at = utcnow()


def _open(match: AgendaMatch) -> None:
    if match.status != MatchStatus.open:
        raise AgendaActionError(_("Over dit agendapunt is al iets vastgelegd: %(status)s.",
                                  status=match.status_label.lower()))


def recuse(match: AgendaMatch, *, actor, agreement: Agreement | None, note: str | None = None) -> AgendaMatch:
    """Record the recusal after the meeting, linked to the item and the agreement (the recusal service)."""
    _open(match)
    meeting = match.item.meeting
    if meeting.date > local_date(utcnow()):
        raise AgendaActionError(_("De vergadering is nog niet geweest. Leg de onthouding vast na de vergadering "
                                  "van %(date)s.", date=meeting.date.strftime("%d-%m-%Y")))
    label = f"{match.item.number}. {match.item.title}"
    try:
        recusal = recusals.record_recusal(match.politician, actor=actor, meeting_date=meeting.date,
                                          agenda_item=f"{meeting.name}, agendapunt {label}"[:recusals.AGENDA_MAX],
                                          agreement=agreement, note=note)
    except recusals.RecusalError as error:
        raise AgendaActionError(str(error)) from None
    match.status, match.recusal_id = MatchStatus.recused, recusal.id
    match.decided_at, match.decided_by_id = utcnow(), getattr(actor, "id", None)
    record("agenda_match.recused", match, actor=actor, body_id=match.politician.body_id,
           politician_id=match.politician_id, agenda_item_id=match.agenda_item_id, recusal_id=recusal.id,
           agreement_id=agreement.id if agreement else None)
    return match


def decline(match: AgendaMatch, *, actor, false_positive: bool, reason: str, suppress: bool = False) -> AgendaMatch:
    """Record why the match does not lead to a recusal; a false positive may silence its words for the future."""
    _open(match)
    reason = (reason or "").strip()
    if not reason:
        raise AgendaActionError(_("Schrijf waarom dit agendapunt niet tot een onthouding leidt."))
    if len(reason) > REASON_MAX:
        raise AgendaActionError(_("De reden mag ten hoogste %(max)d tekens lang zijn.", max=REASON_MAX))
    match.reason, match.decided_at, match.decided_by_id = reason, utcnow(), getattr(actor, "id", None)
    body_id = match.politician.body_id
    if not false_positive:
        match.status = MatchStatus.not_applicable
        record("agenda_match.not_applicable", match, actor=actor, body_id=body_id, politician_id=match.politician_id,
               reason=reason)
        return match
    match.status = MatchStatus.dismissed
    terms = _silence(match, actor) if suppress else []
    record("agenda_match.dismissed", match, actor=actor, body_id=body_id, politician_id=match.politician_id,
           reason=reason, silenced=terms)
    return match


def _silence(match: AgendaMatch, actor) -> list[str]:
    terms = sorted({r["value"] for r in match.reasons if r["by"] in ("name", "topic", "kvk")})
    known = set(db.session.scalars(select(MatchSuppression.term).where(
        MatchSuppression.politician_id == match.politician_id, MatchSuppression.term.in_(terms))))
    for term in terms:
        if term not in known:
            db.session.add(MatchSuppression(politician_id=match.politician_id, term=term[:200], match_id=match.id,
                                            created_by_id=getattr(actor, "id", None)))
    return terms

