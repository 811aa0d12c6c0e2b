"""Objects of issue 16 for the URL-map walks (tests/test_access_inventory.py, tests/test_csrf_all_posts.py): a
belangencheck run with an answer, an agenda match and an uploaded file, so that every new route is reached with a
real object by every role."""
from __future__ import annotations

from datetime import date, timedelta

from register import mail
from register.agenda import services as agenda
from register.agenda.sources import parse_file
from register.extensions import db
from register.models import AgendaMatch, AnswerValue, CheckTrigger, ImportUpload
from register.risk import services as risk
from register.risk.questions import questions_for


def issue16_values(world) -> dict[str, object]:
    owner = world.owner
    check = risk.start_check(owner.politician, actor=owner, trigger=CheckTrigger.on_demand)
    given = {q.code: risk.Given(AnswerValue.yes) for q in questions_for(check.office, owner.politician.body.kind)}
    risk.answer_check(check, given, actor=owner)
    day = date.today() + timedelta(days=7)
    content = f"datum;vergadering;agendapunt;titel\n{day:%d-%m-%Y};Raad;1;Subsidie Stichting Sportpark Noord\n"
    agenda.import_agenda(world.body, parse_file("a.csv", content.encode()), actor=None, filename="a.csv",
                         sha256="walk", source="test")
    upload = ImportUpload(body_id=world.body.id, user_id=world.griffie_same.id, purpose="relations",
                          filename="s.csv", content=b"Ontvanger;Datum\nStichting X;2026\n")
    db.session.add(upload)
    db.session.commit()
    mail.deliver_committed()  # the mails these made are sent now, not after the walk's first request
    match = db.session.scalar(db.select(AgendaMatch))
    return {"check_id": check.id, "answer_id": check.answers[0].id, "kind": "onthouden",
            "meeting_id": match.item.meeting_id, "match_id": match.id, "upload_id": upload.id}
