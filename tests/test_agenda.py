"""Agenda matching (issue 16 item 5): import from CSV, XLSX or Open Raadsinformatie, explainable matches, one-click
recusal after the meeting, dismissals remembered, the griffie's view and the public meeting page."""
from __future__ import annotations

import contextlib
import io
import json
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import func, select

from register.agenda import services
from register.agenda.sources import AgendaError, parse_file
from register.agreements.services import Scope, create_agreement
from register.extensions import db
from register.models import (
    AgendaItem, AgendaMatch, AgreementKind, AuditEvent, MatchStatus, Meeting, OutboxMessage, Recusal,
)
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician_user, make_user, sign_off,
)
from tests.helpers import client_as

TODAY = date.today()


@pytest.fixture
def world(app):
    body = make_body("Gemeente Voorbeeldstad", slug="voorbeeldstad")
    group = make_group(body, "Lokaal")
    reviewer = make_user(reviewer_of=[group], name="Rob Reviewer")
    linda = make_politician_user(group, name="Linda de Linie")
    woon = make_declaration(linda.politician, organisation="Woonstichting De Linie", kvk_number="12345678")
    agreement = sign_off(make_agreement(linda.politician, [woon], title="Geen besluitvorming over De Linie"),
                         reviewer).version.agreement
    other = make_politician_user(group, name="Otto Overig")
    make_declaration(other.politician, organisation="Voetbalvereniging VV Voorbeeldstad")
    return dict(body=body, group=group, reviewer=reviewer, linda=linda, woon=woon, agreement=agreement, other=other,
                griffie=make_user(griffie_of=[body], name="Griffier Gerda"))


def agenda_csv(day: date, *rows: str) -> bytes:
    lines = ["datum;vergadering;agendapunt;titel;omschrijving;organisaties;kvk-nummers"]
    lines += [f"{day:%d-%m-%Y};Raadsvergadering;{row}" for row in rows]
    return "\n".join(lines).encode()


def run_import(body, content: bytes, name="agenda.csv"):
    result = services.import_agenda(body, parse_file(name, content), actor=None, filename=name, sha256=name,
                                    source="test")
    db.session.commit()
    return result


def matches_of(politician) -> list[AgendaMatch]:
    return list(db.session.scalars(select(AgendaMatch).where(AgendaMatch.politician_id == politician.id)))


def test_an_item_naming_the_organisation_matches_and_says_what_matched(app, world):
    run_import(world["body"], agenda_csv(TODAY + timedelta(days=10),
                                         "4;Prestatieafspraken met Woonstichting De Linie;;;",
                                         "5;Subsidie sportpark;;;"))
    [match] = matches_of(world["linda"].politician)
    assert match.item.number == "4"
    assert {(r["by"], r["value"]) for r in match.reasons} >= {("name", "woonstichting de linie")}
    assert any(r["source"] == "agreement" and r["id"] == world["agreement"].id for r in match.reasons)
    page = client_as(app, world["linda"]).get("/mijn/").get_data(as_text=True)
    assert "Agendapunt 4 van de raadsvergadering van" in page
    assert "raakt uw nevenfunctie bij Woonstichting De Linie en uw afspraak „Geen besluitvorming over De Linie”" \
        in page


def test_kvk_numbers_match_and_only_the_body_is_matched(app, world):
    elsewhere = make_politician_user(make_group(make_body("Gemeente Elders", slug="elders")))
    make_declaration(elsewhere.politician, organisation="Woonstichting De Linie", kvk_number="12345678")
    run_import(world["body"], agenda_csv(TODAY + timedelta(days=3), "7;Jaarverslag corporatie;;;12345678"))
    [match] = matches_of(world["linda"].politician)
    assert ("kvk", "12345678") in {(r["by"], r["value"]) for r in match.reasons}
    assert matches_of(elsewhere.politician) == []


def test_agreement_topics_match_with_dutch_compounds(app, world):
    linda = world["linda"]
    agreement = create_agreement(linda.politician, title="Geen besluiten over sportsubsidies", actor=linda,
                                 text="Ik stem niet over sportsubsidies.", declarations=[world["woon"]], submit=True,
                                 scope=Scope(AgreementKind.onthouden, [], ["sportsubsidie"]))
    db.session.commit()
    sign_off(agreement, world["reviewer"])
    run_import(world["body"], agenda_csv(TODAY + timedelta(days=3), "9;Verdeling sportsubsidies 2027;;;"))
    [match] = matches_of(linda.politician)
    assert ("topic", "sportsubsidie") in {(r["by"], r["value"]) for r in match.reasons}


def test_new_matches_are_mailed_once_before_the_meeting(app, world):
    content = agenda_csv(TODAY + timedelta(days=5), "4;Woonstichting De Linie: jaarplan;;;")
    run_import(world["body"], content)
    run_import(world["body"], content)
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "agenda_match")).all()
    assert len(mails) == 1 and mails[0].recipient == world["linda"].email
    assert "Woonstichting De Linie" in mails[0].body and "naam" not in mails[0].subject


def test_reimporting_the_same_file_changes_nothing(app, world):
    content = Path("docs/examples/agenda.csv").read_bytes()
    first = run_import(world["body"], content)
    counts = [db.session.scalar(select(func.count()).select_from(m)) for m in (Meeting, AgendaItem, AgendaMatch)]
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    second = run_import(world["body"], content)
    assert first.items_added == 4 and not second.changed
    assert [db.session.scalar(select(func.count()).select_from(m)) for m in (Meeting, AgendaItem, AgendaMatch)] \
        == counts
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == events


@pytest.mark.parametrize("content, message", [
    (b"datum;titel\n12-01-2027;Iets\n", "mist de kolommen"),
    (b"datum;vergadering;agendapunt;titel\n31-02-2027;Raad;1;Iets\n", "geen geldige datum"),
    (b"datum;vergadering;agendapunt;titel\n12-01-2027;Raad;1;Iets\n12-01-2027;Raad;1;Iets anders\n",
     "staat ook op regel 2, met een andere inhoud"),
    (b"datum;vergadering;agendapunt;titel;kvk\n12-01-2027;Raad;1;Iets;1234\n", "geen KvK-nummer"),
    (b'{"hits": {"total": 3}}', "hits.hits"),
    (b'{"hits": {"hits": [{"_id": "1", "_source": {"@type": "AgendaItem", "name": "Los", "parent": "9"}}]}}',
     "de vergadering of de titel ontbreekt"),
    (b"{niet: json", "niet geldig"),
])
def test_bad_agendas_are_refused_with_a_dutch_message(app, world, content, message):
    name = "agenda.json" if content.startswith(b"{") else "agenda.csv"
    with pytest.raises(AgendaError) as error:
        parse_file(name, content)
    assert message in str(error.value) + " ".join(error.value.problems)


def test_the_same_item_twice_in_a_file_is_read_once(app, world):
    day = TODAY + timedelta(days=2)
    meetings = parse_file("a.csv", agenda_csv(day, "1;Opening;;;", "1;Opening;;;", "2;Sluiting;;;"))
    assert [i.number for i in meetings[0].items] == ["1", "2"]


def test_odd_characters_in_organisation_names_still_match(app, world):
    run_import(world["body"], agenda_csv(TODAY + timedelta(days=2),
                                         "3;Over \u200bWOONSTICHTING  de  Linie!;;;"))
    assert len(matches_of(world["linda"].politician)) == 1


def test_an_agenda_of_thousands_of_items_imports(app, world):
    rows = [f"{n};Punt {n} over de wijk;;;" for n in range(1, 2001)]
    result = run_import(world["body"], agenda_csv(TODAY + timedelta(days=2), *rows))
    assert result.items_added == 2000


def test_the_ori_fixture_is_read(app, world):
    meetings = parse_file("ori.json", Path("docs/examples/ori-agenda.json").read_bytes())
    [meeting] = meetings
    assert meeting.key == "880001" and meeting.date == date(2027, 2, 9)
    assert [i.title for i in meeting.items][:2] == ["Opening", "Jaarverslag Zorggroep Noord en de Wmo-contracten"]
    assert len(meeting.items) == 3  # the MediaObject is not an agenda item


# ------------------------------------------------------------------------------------------------ ORI stub server

class StubHandler(BaseHTTPRequestHandler):
    answer: bytes = b""
    delay: float = 0
    status: int = 200
    seen: list = []

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        StubHandler.seen.append((self.path, json.loads(self.rfile.read(length) or b"{}")))
        time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the importer gave up waiting
            self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub(app):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["ORI_BASE_URL"] = f"http://127.0.0.1:{server.server_address[1]}/v1/elastic"
    app.config["ORI_TIMEOUT_SECONDS"] = 0.5
    StubHandler.answer, StubHandler.delay, StubHandler.status, StubHandler.seen = b"", 0, 200, []
    yield StubHandler
    server.shutdown()
    server.server_close()


def ori(runner, *extra):
    return runner.invoke(args=["import-agenda", "--body", "voorbeeldstad", "--from-ori", "ori_voorbeeldstad*",
                               "--from-date", "2027-02-01", *extra])


def test_from_ori_imports_from_the_configured_server(app, runner, world, stub):
    stub.answer = Path("docs/examples/ori-agenda.json").read_bytes()
    result = ori(runner)
    assert result.exit_code == 0, result.output
    assert "1 nieuwe vergaderingen, 3 nieuwe" in result.output
    path, query = stub.seen[0]
    assert path == "/v1/elastic/ori_voorbeeldstad*/_search" and "range" in json.dumps(query)
    assert "Niets veranderd" in ori(runner).output


@pytest.mark.parametrize("answer, status, delay, message", [
    (b"<html>proxy error</html>", 200, 0, "geen geldige JSON"),
    (b'{"hits": []}', 200, 0, "hits.hits"),
    (b"{}", 502, 0, "HTTP 502"),
    (b"{}", 200, 2, "niet binnen 0.5 seconden"),
])
def test_malformed_failing_or_slow_ori_answers_import_nothing(app, runner, world, stub, answer, status, delay,
                                                              message):
    stub.answer, stub.status, stub.delay = answer, status, delay
    started = time.perf_counter()
    result = ori(runner)
    assert result.exit_code != 0 and message in result.output, result.output
    assert time.perf_counter() - started < 1.9
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


# ------------------------------------------------------------------------------------------------ acting on a match

def _match(world, days: int) -> AgendaMatch:
    run_import(world["body"], agenda_csv(TODAY + timedelta(days=days), "4;Woonstichting De Linie jaarplan;;;"))
    return matches_of(world["linda"].politician)[0]


def test_one_click_records_the_recusal_after_the_meeting(app, world):
    match = _match(world, -1)
    client = client_as(app, world["linda"])
    page = client.get(f"/agenda/signalen/{match.id}").get_data(as_text=True)
    assert "Ik heb mij onthouden" in page
    response = client.post(f"/agenda/signalen/{match.id}/onthouding",
                           data={"agreement_id": str(world["agreement"].id)})
    assert response.status_code == 302
    db.session.refresh(match)
    recusal = db.session.get(Recusal, match.recusal_id)
    assert match.status == MatchStatus.recused and recusal.agreement_id == world["agreement"].id
    assert recusal.meeting_date == match.item.meeting.date and "Woonstichting De Linie" in recusal.agenda_item
    public = app.test_client().get(f"/register/voorbeeldstad/vergaderingen/{match.item.meeting_id}")
    text = public.get_data(as_text=True)
    assert "Linda de Linie" in text and "Geen besluitvorming over De Linie" in text
    assert "naam „woonstichting de linie”" not in text  # the match itself is never public
    assert "Linda de Linie" not in app.test_client().get(
        f"/register/voorbeeldstad/vergaderingen/{match.item.meeting_id}").get_data(as_text=True).split(
        "Agendapunten")[0]


def test_a_recusal_before_the_meeting_is_refused(app, world):
    match = _match(world, 7)
    response = client_as(app, world["linda"]).post(f"/agenda/signalen/{match.id}/onthouding",
                                                   data={"agreement_id": str(world["agreement"].id)})
    assert "De vergadering is nog niet geweest" in response.get_data(as_text=True)
    db.session.refresh(match)
    assert match.status == MatchStatus.open and db.session.scalar(select(func.count()).select_from(Recusal)) == 0


def test_a_dismissed_false_positive_is_remembered_on_reimport_and_its_words_silenced(app, world):
    match = _match(world, 3)
    client = client_as(app, world["linda"])
    response = client.post(f"/agenda/signalen/{match.id}/niet-van-toepassing", data={
        "kind": "false_positive", "reason": "Gaat over de straat De Linie, niet de stichting.", "suppress": "y"})
    assert response.status_code == 302
    run_import(world["body"], agenda_csv(TODAY + timedelta(days=3), "4;Woonstichting De Linie jaarplan (herzien);;;"))
    db.session.refresh(match)
    assert match.status == MatchStatus.dismissed and match.reason.startswith("Gaat over de straat")
    run_import(world["body"], agenda_csv(TODAY + timedelta(days=40), "2;Woonstichting De Linie begroting;;;"))
    assert len(matches_of(world["linda"].politician)) == 1  # the silenced words no longer match


def test_not_applicable_needs_a_reason(app, world):
    match = _match(world, 3)
    page = client_as(app, world["linda"]).post(f"/agenda/signalen/{match.id}/niet-van-toepassing",
                                               data={"kind": "not_applicable", "reason": ""})
    assert "Schrijf waarom" in page.get_data(as_text=True)
    db.session.refresh(match)
    assert match.status == MatchStatus.open


@pytest.mark.parametrize("who, status", [("linda", 200), ("griffie", 200), ("other", 403), ("reviewer", 403)])
def test_only_the_politician_and_the_griffie_see_a_match(app, world, who, status):
    match = _match(world, 3)
    assert client_as(app, world[who]).get(f"/agenda/signalen/{match.id}").status_code == status
    assert client_as(app, world[who]).post(f"/agenda/signalen/{match.id}/niet-van-toepassing",
                                           data={"kind": "not_applicable", "reason": "x"}).status_code \
        in ((302,) if status == 200 else (403,))


def test_griffie_sees_expected_recusals_per_meeting_and_can_upload(app, world):
    match = _match(world, 3)
    from register.agreements.services import revise_agreement
    revise_agreement(world["agreement"], title="Geen besluitvorming over De Linie", text="Ik stem niet mee.",
                     declarations=[world["woon"]], actor=world["linda"],
                     scope=Scope(AgreementKind.onthouden, [("Woonstichting De Linie", "12345678")], []))
    db.session.commit()
    from register.agreements.services import submit_agreement
    submit_agreement(world["agreement"], actor=world["linda"])
    db.session.commit()
    sign_off(world["agreement"], world["reviewer"])
    client = client_as(app, world["griffie"])
    page = client.get(f"/beheer/voorbeeldstad/agenda/{match.item.meeting_id}").get_data(as_text=True)
    assert "Linda de Linie" in page and "onthouding verwacht" in page
    upload = client.post("/beheer/voorbeeldstad/agenda/inlezen", data={
        "file": (io.BytesIO(agenda_csv(TODAY + timedelta(days=9), "1;Woonstichting De Linie;;;")), "a.csv")},
        content_type="multipart/form-data")
    assert upload.status_code == 302
    preview = client.get(upload.location).get_data(as_text=True)
    assert "Inlezen en vergelijken" in preview
    assert client.post(upload.location).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 2
    bad = client.post("/beheer/voorbeeldstad/agenda/inlezen", data={
        "file": (io.BytesIO(b"datum;titel\n1-1-2027;x\n"), "b.csv")}, content_type="multipart/form-data")
    assert bad.status_code == 302
    assert "mist de kolommen" in client.get(bad.location).get_data(as_text=True)
    assert client_as(app, world["linda"]).get("/beheer/voorbeeldstad/agenda").status_code == 403
