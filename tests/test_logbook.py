"""The griffie's logbook reads as Dutch sentences that name the thing and link to it, shows before and after with the
public labels, filters by person, kind of action and period, and exports the filtered view as safe CSV. No code,
id, enum value or table name reaches the page, for any action the app records."""
from __future__ import annotations

import ast
import csv
import enum
import html as html_lib
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from register.audit import record
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import AuditEvent, IncomeBand, OutboxMessage, StatementKind
from register.models.base import utcnow
from register.recusals import services as recusal_services
from register.signals import services as signal_services
from register.statements import services as statement_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_user, sign_off,
)
from tests.helpers import client_as

ROOT = Path(__file__).resolve().parent.parent


# --- every action the code records -----------------------------------------------------------------------------

def _action_names(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _action_names(node.body) + _action_names(node.orelse)
    return []  # an f-string (the demo's "<kind>.created"): those actions are recorded elsewhere too


def recorded_actions() -> dict[str, set[str]]:
    """Every action name passed to record() in register/, with the data keys passed along."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "register").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record" and node.args):
                continue
            keys = {k.arg for k in node.keywords if k.arg not in (None, "actor", "body_id")}
            if any(k.arg is None for k in node.keywords):  # **values: the politician's fields
                keys |= {"name", "sort_name", "office", "group_id", "term_start", "term_end"}
            for action in _action_names(node.args[0]):
                found.setdefault(action, set()).update(keys)
    return found


def _samples(w) -> dict:
    """A realistic value for each data key an event can hold."""
    now = utcnow().isoformat()
    return {
        "name": "Stadslijst", "slug": "stadslijst", "email": "kees@example.nl", "sort_name": "Klaassen, Kees",
        "office": "wethouder", "group_id": w.group.id, "group": "Stadslijst", "term_start": "2022-03-30",
        "term_end": "2026-05-01", "role": "reviewer", "politician_id": w.politician.id, "politician": "Kees Klaassen",
        "roles": [["reviewer", w.group.id], ["griffie", w.body.id]], "kind": "side_job", "version": 2,
        "reason": "Rol gewijzigd", "ended_on": "2026-01-31", "outcome": "agreement_needed", "approvals": 1,
        "needed": 2, "comment_public": True, "declarations": [w.declaration.id], "about": "politician",
        "attached_to_politician": True, "response_due_at": now, "response_id": 5, "basis": "period_expired",
        "declaration_id": w.declaration.id, "agreement_id": w.agreement.id, "meeting_date": "2026-03-12",
        "agenda_item": "Bestemmingsplan Havenkwartier", "replaces": 3, "nothing_to_declare": False,
        "late_explanation": "Vergeten tijdens het reces", "path": "/beheer/stad/", "method": "GET",
        "endpoint": "admin.body", "until": now, "file": "reservekopie.db", "error": "schijf vol",
        "overwrote_data": True, "source": "demo-data", "ref": f"signal:{w.signal.id}",
        "valid_until": now, "purpose": "invitation", "problem": "expired", "account": True,
        "previous_outcome": "no_risk", "replaced_review": 4, "accepted_started_on": "2025-02-01",
        "counted_from": ["2025-01-01", "2025-02-01"], "rows": 12, "added": 10, "already": 2, "meetings": 3,
        "items": 40, "matches": 2, "silenced": True, "question": "portefeuille", "trigger": "declaration",
        "agenda_item_id": 7, "recusal_id": 8, "previous": "De vorige tekst van de privacyverklaring.",
        "changes": {"name": ["Oude naam", "Nieuwe naam"], "office": ["raadslid", "wethouder"],
                    "group_id": [w.group.id, None], "term_end": [None, "2026-05-01"],
                    "declaration_deadline_days": [7, 14]},
        "changed": {"income_band": ["500_1000", "1001_5000"], "role": ["Bestuurslid", "Voorzitter"],
                    "started_on": ["2025-01-01", "2025-02-01"], "paid": [False, True],
                    "gift_value_band": ["up_to_50", "51_250"], "gift_outcome": ["accepted", "handed_over"],
                    "holding_band": [None, "10000_50000"], "organisation_public": [True, False]},
    }


BY_ACTION = {("signal.outcome_recorded", "outcome"): "declaration_added", ("statement.updated", "kind"): "privacy"}


class World:
    def __init__(self):
        self.body = make_body("Gemeente Logstad", slug="logstad")
        self.group = make_group(self.body, "Stadslijst")
        self.politician = make_politician(self.group, name="Jeroen Bakker")
        self.owner = make_user(politician=self.politician, name="Jeroen Bakker")
        self.reviewer = make_user(reviewer_of=[self.group], name="Marieke de Boer")
        self.griffie = make_user(griffie_of=[self.body], name="Greet Griffier")
        self.declaration = make_declaration(self.politician, organisation="Sportpark De Horst", role="Penningmeester")
        self.agreement = make_agreement(self.politician, [self.declaration],
                                        title="Geen besluitvorming over Sportpark De Horst")
        sign_off(self.agreement, self.reviewer)
        self.signal = signal_services.receive_signal(self.body, politician=self.politician, text="Een melding over "
                                                     "een reis.", source_url=None, contact_email=None, client="c")
        self.recusal = recusal_services.record_recusal(
            self.politician, actor=self.owner, meeting_date=date(2026, 3, 12), agenda_item="Sportpark De Horst",
            agreement=self.agreement)
        self.note = recusal_services.add_context_note(actor=self.owner, text="Ik ben onbezoldigd penningmeester.",
                                                      declaration=self.declaration)
        self.mail = OutboxMessage(recipient="kees@example.nl", subject="Nieuwe melding voor Gemeente Logstad",
                                  body="…", kind="signal_received", dedupe_key="x", ref=f"signal:{self.signal.id}",
                                  body_id=self.body.id)
        db.session.add(self.mail)
        self.statement = statement_services.save_statement(StatementKind.privacy, "Onze privacyverklaring.",
                                                           actor=self.griffie, body=self.body)
        db.session.commit()

    def object_for(self, action: str):
        prefix = action.split(".")[0]
        objects = {"declaration": self.declaration, "agreement": self.agreement, "signal": self.signal,
                   "recusal": self.recusal, "context_note": self.note, "mail": self.mail, "account": self.owner,
                   "auth": self.owner, "group": self.group, "politician": self.politician, "body": self.body,
                   "register": self.politician, "access": None, "database": None,
                   # Imports, the belangencheck and agenda matches: named by the label alone.
                   "agenda": None, "agenda_match": None, "relations": None, "risk_check": None,
                   "risk_answer": None, "people": self.body, "statement": self.statement,
                   "alert": self.politician}
        if prefix not in objects:
            pytest.fail(f"the logbook test has no object for action {action}: add one to World.object_for")
        return objects[prefix]


@pytest.fixture
def w(app):
    return World()


def visible_text(page: str) -> str:
    """The text a reader sees in the logbook table (tags removed, entities unescaped)."""
    table = page[page.index("<tbody>"):page.index("</tbody>")] if "<tbody>" in page else ""
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", table))


def _english_enum_values() -> set[str]:
    """Stored enum values that are not Dutch words a sentence may contain."""
    import register.models as models
    values = set()
    for item in vars(models).values():
        if isinstance(item, type) and issubclass(item, enum.Enum):
            values |= {str(m.value) for m in item}
    dutch = {m.value for m in models.AgreementKind}  # the agreement catalogue's kinds are Dutch words already
    return values - dutch - {o for o in ("raadslid", "wethouder", "burgemeester", "burgerlid", "statenlid",
                                         "gedeputeerde", "commissaris", "dijkgraaf", "griffie")}


def assert_only_words(text: str, actions) -> None:
    assert not re.findall(r"\b[a-z]+_[a-z0-9_]+\b", text), "snake_case code on screen"
    assert not re.findall(r"#\d+|\[\d|\bNone\b|\bTrue\b|\bFalse\b", text), "id or Python value on screen"
    for action in actions:
        assert action not in text, action
    for table in ("outboxmessage", "contextnote", "auditevent", "declaration", "agreement", "politician", "signal",
                  "recusal"):
        assert not re.search(rf"\b{table}\b", text), table
    for value in _english_enum_values():
        assert not re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text), f"enum value {value!r} on screen"


def test_every_audited_action_renders_as_a_dutch_sentence_without_codes(app, w):
    actions = recorded_actions()
    assert len(actions) > 40
    samples = _samples(w)
    for action, keys in sorted(actions.items()):
        missing = keys - set(samples)
        assert not missing, f"{action}: no sample for {missing}; add one here and a Dutch label in the logbook"
        data = {key: BY_ACTION.get((action, key), samples[key]) for key in sorted(keys)}
        record(action, w.object_for(action), actor=w.griffie, body_id=w.body.id, **data)
    db.session.commit()
    griffie = client_as(app, w.griffie)
    pages = [griffie.get(f"/beheer/logstad/logboek?page={n}").get_data(as_text=True) for n in (1, 2, 3)]
    text = " ".join(visible_text(page) for page in pages)
    assert text.count(" door Greet Griffier") >= len(actions)
    assert_only_words(text, actions)
    csv_text = griffie.get("/beheer/logstad/logboek.csv").get_data(as_text=True)
    assert_only_words(csv_text.split("\r\n", 1)[1], actions)


def test_sign_off_reads_as_a_sentence_that_links_to_the_agreement(app, w):
    page = client_as(app, w.griffie).get("/beheer/logstad/logboek").get_data(as_text=True)
    sentence = ("Afspraak 'Geen besluitvorming over Sportpark De Horst' van Jeroen Bakker afgetekend door "
                "Marieke de Boer")
    escaped = sentence.replace("'", "&#39;")
    assert f'<a href="/mijn/afspraken/{w.agreement.id}">{escaped}</a>' in page
    assert "Nevenfunctie 'Penningmeester (Sportpark De Horst)' van Jeroen Bakker gepubliceerd" in \
        html_lib.unescape(page)
    assert f'href="/beheer/logstad/meldingen/{w.signal.id}"' in page  # the signal, named by its reference
    assert f"Melding {w.signal.reference} over Jeroen Bakker ontvangen" in page


def test_correction_shows_before_and_after_with_the_public_labels(app, w):
    declaration_services.correct_declaration(w.declaration, {"role": "Voorzitter", "paid": True,
                                                             "income_band": IncomeBand.from_500}, actor=w.owner,
                                             reason="Nu voorzitter")
    db.session.commit()
    text = visible_text(client_as(app, w.griffie).get("/beheer/logstad/logboek").get_data(as_text=True))
    assert "Functie of omschrijving: Penningmeester → Voorzitter" in text
    assert "Bezoldiging: onbezoldigd → bezoldigd" in text
    assert "Inkomen: — → € 500 – € 1.000 per maand" in text
    assert "reden: Nu voorzitter" in text


def test_filters_by_person_kind_and_period(app, w):
    other = make_politician(w.group, name="Sanne Smit")
    make_declaration(other, organisation="Tennisclub Smash")
    griffie = client_as(app, w.griffie)

    def shown(query: str) -> str:
        response = griffie.get(f"/beheer/logstad/logboek?{query}")
        assert response.status_code == 200
        return html_lib.unescape(response.get_data(as_text=True))

    mine = shown(f"persoon=p{w.politician.id}")
    assert "Sportpark De Horst" in mine and "Tennisclub Smash" not in mine
    assert "Onthouding van Jeroen Bakker" in mine  # things of the person, also recorded by others
    assert "Sanne Smit" in shown(f"persoon=p{other.id}") and "Sportpark" not in \
        visible_text(shown(f"persoon=p{other.id}"))
    reviews = visible_text(shown("soort=beoordelingen"))
    assert "afgetekend door Marieke de Boer" in reviews and "gepubliceerd" not in reviews
    reviewer_only = visible_text(shown(f"persoon=u{w.reviewer.id}"))
    assert "afgetekend door Marieke de Boer" in reviewer_only and "Tennisclub" not in reviewer_only
    tomorrow = (date.today() + timedelta(days=2)).strftime("%d-%m-%Y")
    assert "Geen handelingen gevonden met deze filters." in shown(f"van={tomorrow}")
    assert "Tennisclub Smash" in shown(f"tot={tomorrow}")


@pytest.mark.parametrize("query,message", [
    ("van=31-02-2026", "Vul een geldige datum in"),
    ("van=10-03-2026&tot=01-03-2026", "De einddatum ligt vóór de begindatum."),
    ("persoon=p99999999999999999999", "Kies een persoon uit de lijst."),
    ("soort=alles", "Kies een soort handeling uit de lijst."),
])
def test_bad_filters_get_a_dutch_message_and_no_error(app, w, query, message):
    response = client_as(app, w.griffie).get(f"/beheer/logstad/logboek?{query}")
    assert response.status_code == 200 and message in html_lib.unescape(response.get_data(as_text=True))
    assert client_as(app, w.griffie).get(f"/beheer/logstad/logboek.csv?{query}").status_code == 200


def test_csv_export_of_the_filtered_view_is_safe_for_spreadsheets(app, w):
    griffie = client_as(app, w.griffie)
    response = griffie.get(f"/beheer/logstad/logboek.csv?soort=afspraken&persoon=p{w.politician.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["tijdstip", "gebeurtenis", "details"]
    sentences = [row[1] for row in rows[1:]]
    assert any("ter aftekening aangeboden" in s for s in sentences) and not any("Melding" in s for s in sentences)
    assert not any("afgetekend door" in s for s in sentences)  # a review: the kind "Beoordelingen"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(app, w):
    sneaky = make_user(griffie_of=[w.body], name='=HYPERLINK("http://x.test";"klik")')
    record("auth.login", sneaky, actor=sneaky, body_id=w.body.id)  # the sentence starts with the account's name
    db.session.commit()
    rows = list(csv.reader(io.StringIO(client_as(app, w.griffie).get("/beheer/logstad/logboek.csv")
                                       .get_data(as_text=True))))
    assert "'=HYPERLINK(\"http://x.test\";\"klik\") ingelogd" in [row[1] for row in rows]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("who", ["owner", "reviewer", "other_griffie", "anonymous"])
def test_only_the_bodys_griffie_reads_the_logbook(app, w, who):
    users = {"owner": w.owner, "reviewer": w.reviewer,
             "other_griffie": make_user(griffie_of=[make_body()], name="Elders")}
    client = app.test_client() if who == "anonymous" else client_as(app, users[who])
    for url in ("/beheer/logstad/logboek", "/beheer/logstad/logboek.csv"):
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 403), url


def test_logbook_page_costs_the_same_number_of_queries_for_more_events(app, w):
    app.extensions.pop("response_cache", None)
    griffie = client_as(app, w.griffie)

    def statements() -> int:
        db.session.expire_all()  # as in a fresh request: the logged-in user is loaded again each time
        count = 0

        def counter(*_args):
            nonlocal count
            count += 1
        sa_event.listen(db.engine, "before_cursor_execute", counter)
        try:
            assert griffie.get("/beheer/logstad/logboek").status_code == 200
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", counter)
        return count

    few = statements()
    for n in range(8):
        politician = make_politician(w.group, name=f"Persoon {n}")
        agreement = make_agreement(politician, [make_declaration(politician, organisation=f"Stichting {n}")],
                                   actor=w.griffie)
        sign_off(agreement, w.reviewer)
    assert db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) > 30
    assert statements() == few
