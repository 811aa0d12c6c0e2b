"""Importing people from CSV or Popolo JSON (preview first, then all or nothing; a re-import changes nothing),
`flask import-people`, and the Popolo export validated against the Popolo schemas (tests/popolo/)."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3
from sqlalchemy import func, select

from register.extensions import db
from register.models import (
    AccountToken, AuditEvent, BodyKind, Group, ImportBatch, Office, OutboxMessage, Politician, User,
)
from tests.factories import PASSWORD, make_body, make_group, make_politician, make_user
from tests.helpers import page_text

SCHEMAS = Path(__file__).parent / "popolo"
HEADER = "naam,ambt,fractie,e-mail,begindatum,portefeuille\n"
GOOD = HEADER + ("Anna de Vries,Statenlid,Lokaal Zeeland,anna@zeeland.nl,29-03-2023,\n"
                 "Pieter Jansen,gedeputeerde,VVD,pieter@zeeland.nl,2023-03-29,\"Water, Natuur\"\n"
                 "Kees Klaassen,statenlid,,kees@zeeland.nl,,\n")


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _state() -> tuple:
    return tuple(_count(m) for m in (Group, Politician, User, AccountToken, OutboxMessage)) + (
        _count(AuditEvent, AuditEvent.action != "auth.login"),)


@pytest.fixture
def body(app):
    return make_body("Provinciale Staten van Zeeland", slug="zeeland", kind=BodyKind.province,
                     term_start=date(2023, 3, 29))


@pytest.fixture
def griffie(app, body):
    user = make_user(griffie_of=[body], email="griffie@zeeland.nl")
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def _upload(client, content: str | bytes, name: str = "mensen.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post("/beheer/zeeland/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _preview(client, content, name="mensen.csv"):
    response = _upload(client, content, name)
    assert response.status_code == 302, page_text(response)
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    return response.headers["Location"], page_text(page)


def _confirm(client, location: str):
    batch = db.session.get(ImportBatch, int(location.rstrip("/").rsplit("/", 1)[1]))
    return client.post(location, data={"content_hash": batch.content_hash})


def test_csv_import_previews_first_then_creates_fracties_politicians_and_invitations(griffie, body):
    before = _state()
    location, page = _preview(griffie, GOOD)
    assert "Nieuw: 3" in page and "nieuwe fractie" in page and "Lokaal Zeeland" in page and "met uitnodiging" in page
    assert _state() == before  # the preview saved nothing but the upload itself
    assert _confirm(griffie, location).status_code == 302
    people = {p.name: p for p in db.session.scalars(select(Politician).where(Politician.body_id == body.id))}
    assert set(people) == {"Anna de Vries", "Pieter Jansen", "Kees Klaassen"}
    pieter = people["Pieter Jansen"]
    assert pieter.office == Office.gedeputeerde and pieter.portfolio == "Water, Natuur"
    assert people["Anna de Vries"].group.name == "Lokaal Zeeland" and people["Kees Klaassen"].group is None
    assert people["Kees Klaassen"].term_start == date(2023, 3, 29)  # the body's term start
    assert {u.email for u in db.session.scalars(select(User).where(User.politician_id.is_not(None)))} == {
        "anna@zeeland.nl", "pieter@zeeland.nl", "kees@zeeland.nl"}
    assert _count(AccountToken) == 3 and _count(OutboxMessage, OutboxMessage.kind == "invitation") == 3
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "people.imported"))
    assert event.data["create"] == 3 and event.data["groups"] == 2
    assert "Ambtsdragers geïmporteerd" in page_text(griffie.get("/beheer/zeeland/logboek"))
    # The same file again changes nothing.
    after = _state()
    location, page = _preview(griffie, GOOD)
    assert "Ongewijzigd: 3" in page and "Er is niets te importeren" in page
    _confirm(griffie, location)
    assert _state()[:5] == after[:5]


def test_a_changed_row_is_shown_before_and_after_and_applied(griffie, body):
    _confirm(griffie, _preview(griffie, GOOD)[0])
    changed = GOOD.replace("Kees Klaassen,statenlid,,", "Kees Klaassen,statenlid,VVD,")
    location, page = _preview(griffie, changed)
    assert "Gewijzigd: 1" in page and "fractie: — → VVD" in page
    _confirm(griffie, location)
    kees = db.session.scalar(select(Politician).where(Politician.name == "Kees Klaassen"))
    assert kees.group.name == "VVD"
    assert _count(User) == 4 and _count(AccountToken) == 3  # no second account, no second invitation


NOT_CSV = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.mark.parametrize("content,message", [
    ("naam;e-mail\nAnna;anna@zeeland.nl\n", "De kolom(men) ambt ontbreken"),
    ("", "Het bestand is leeg."),
    ("Dit is gewoon een brief aan de griffie.\nMet vriendelijke groet.", "ontbreken"),
    (NOT_CSV, "geen CSV- of Popolo-bestand"),
    ('{"name": "geen popolo"}', "geen Popolo-bestand"),
    ("{kapot", "geen geldig JSON-bestand"),
    ("naam,ambt,e-mail\nAnna\x01,statenlid,a@zeeland.nl\n", "stuurtekens"),
])
def test_a_file_that_cannot_be_read_is_refused_whole(griffie, content, message):
    before = _state()
    response = _upload(griffie, content)
    assert response.status_code == 200 and message in page_text(response)
    assert _state() == before and _count(ImportBatch) == 0


@pytest.mark.parametrize("row,reason", [
    ("Anna,keizer,,nieuw@zeeland.nl,,", "Onbekend ambt 'keizer'"),
    ("Anna,raadslid,,nieuw@zeeland.nl,,", "Onbekend ambt 'raadslid'"),  # a municipal office in a province
    ("Anna,statenlid,,nieuw@zeeland.nl,31-02-2023,", "Ongeldige datum '31-02-2023'"),
    ("Anna,statenlid,,nieuw@zeeland.nl,gisteren,", "Ongeldige datum 'gisteren'"),
    ("Anna,statenlid,,geen-adres,,", "Ongeldig e-mailadres"),
    (",statenlid,,nieuw@zeeland.nl,,", "De naam ontbreekt."),
    ("Anna,statenlid,,nieuw@zeeland.nl,,Financiën", "Alleen bestuurders hebben een portefeuille"),
])
def test_bad_rows_are_refused_with_the_reason_and_block_the_whole_import(griffie, row, reason):
    before = _state()
    location, page = _preview(griffie, GOOD + row + "\n")
    assert "Geweigerd: 1" in page and reason in page and "Er wordt niets geïmporteerd" in page
    assert "Importeren:" not in page  # no confirm button
    response = _confirm(griffie, location)  # posted anyway
    assert response.status_code == 302
    assert "geweigerd: er is niets geïmporteerd" in page_text(griffie.get(response.headers["Location"]))
    assert _state() == before


def test_duplicate_e_mail_addresses_refuse_both_rows(griffie):
    content = HEADER + "Anna,statenlid,,dubbel@zeeland.nl,,\nBert,statenlid,,Dubbel@Zeeland.nl,,\n"
    _location, page = _preview(griffie, content)
    assert page.count("staat ook op regel") == 2 and "Geweigerd: 2" in page


def test_bom_semicolons_and_windows_encoding_are_read(griffie, body):
    content = "\ufeffNaam;Ambt;Fractie;E-mail;Begindatum\r\nJosé Özdemir;Statenlid;CDA;jose@zeeland.nl;1-4-2023\r\n"
    location, page = _preview(griffie, content.encode("utf-8"))
    assert "Nieuw: 1" in page and "José Özdemir" in page
    cp1252 = "naam;ambt;e-mail\r\nRené Müller;statenlid;rene@zeeland.nl\r\n".encode("cp1252")
    assert "René Müller" in _preview(griffie, cp1252)[1]
    _confirm(griffie, location)
    assert db.session.scalar(select(Politician.term_start).where(Politician.name == "José Özdemir")) == date(2023, 4, 1)


def test_an_address_of_another_body_is_refused(griffie, body):
    other = make_body(slug="elders")
    make_user(politician=make_politician(make_group(other)), email="elders@zeeland.nl")
    _location, page = _preview(griffie, HEADER + "Elders,statenlid,,elders@zeeland.nl,,\n")
    assert "hoort bij een ambtsdrager van een ander orgaan" in page


def test_the_upload_is_confirmed_as_previewed_never_as_reposted(griffie, body):
    location, _page = _preview(griffie, GOOD)
    tampered = griffie.post(location, data={"content_hash": "0" * 64}, follow_redirects=True)
    assert "niet (meer) geldig" in page_text(tampered) and _count(Politician) == 0
    assert _confirm(griffie, location).status_code == 302
    twice = _confirm(griffie, location)
    assert "al geïmporteerd" in page_text(griffie.get(twice.headers["Location"])) and _count(Politician) == 3
    assert db.session.scalar(select(ImportBatch.content)) == ""  # the stored copy is emptied once applied


@pytest.mark.parametrize("who,status", [("other griffie", 403), ("reviewer", 403), ("politician", 403)])
def test_only_the_griffie_of_the_body_imports(app, body, griffie, who, status):
    location, _page = _preview(griffie, GOOD)
    group = make_group(body)
    user = {"other griffie": lambda: make_user(griffie_of=[make_body()]),
            "reviewer": lambda: make_user(reviewer_of=[group]),
            "politician": lambda: make_user(politician=make_politician(group))}[who]()
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert client.get("/beheer/zeeland/import").status_code == status
    assert client.get(location).status_code == status
    assert _confirm(client, location).status_code == status
    assert _upload(client, GOOD).status_code == status
    assert client.get("/beheer/zeeland/import/sjabloon.csv").status_code == status
    assert _count(Politician) == (1 if who == "politician" else 0)  # only the fixture's own politician


def test_template_has_the_columns_and_this_bodys_offices(griffie):
    response = griffie.get("/beheer/zeeland/import/sjabloon.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeffnaam;ambt;fractie;e-mail;begindatum;portefeuille")
    assert "gedeputeerde" in text and "raadslid" not in text


# --- Popolo ---------------------------------------------------------------------------------------------------------

POPOLO = {
    "persons": [{"id": "p1", "name": "Anna de Vries", "email": "anna@zeeland.nl"},
                {"id": "p2", "name": "Bert Zonder Mail"},
                {"id": "p3", "name": "Oud Lid", "email": "oud@zeeland.nl"}],
    "organizations": [{"id": "ps", "name": "Provinciale Staten", "classification": "legislature"},
                      {"id": "party-1", "name": "Lokaal Zeeland", "classification": "party"}],
    "memberships": [{"person_id": "p1", "organization_id": "ps", "on_behalf_of_id": "party-1", "role": "statenlid",
                     "start_date": "2023-03-29"},
                    {"person_id": "p2", "organization_id": "party-1", "role": "Statenlid", "start_date": "2023-03-29"},
                    {"person_id": "p3", "organization_id": "ps", "role": "statenlid", "start_date": "2019-03-27",
                     "end_date": "2023-03-28"}],
}


def test_popolo_import_matches_by_id_and_skips_ended_memberships(griffie, body):
    location, page = _preview(griffie, json.dumps(POPOLO), "mensen.json")
    assert "Nieuw: 2" in page and "Overgeslagen: 1" in page and "Lidmaatschap beëindigd op 28-03-2023" in page
    assert "Geen e-mailadres" in page
    _confirm(griffie, location)
    bert = db.session.scalar(select(Politician).where(Politician.name == "Bert Zonder Mail"))
    assert bert.external_id == "p2" and bert.user is None and bert.group.name == "Lokaal Zeeland"
    renamed = json.loads(json.dumps(POPOLO))
    renamed["persons"][1]["name"] = "Bert van Zonder Mail"
    _location, page = _preview(griffie, json.dumps(renamed), "mensen.json")
    assert "Gewijzigd: 1" in page and "Ongewijzigd: 1" in page  # Bert was found by his Popolo id


def _validator() -> Draft3Validator:
    resources = [(json.loads(p.read_text())["id"].rstrip("#"), Resource.from_contents(
        json.loads(p.read_text()), default_specification=DRAFT3)) for p in SCHEMAS.glob("*.json")]
    registry = Registry().with_resources([(uri, r) for uri, r in resources] + [(uri + "#", r) for uri, r in resources])
    schema = json.loads((SCHEMAS / "popolo-export.json").read_text())
    return Draft3Validator(schema, registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER)


def test_popolo_export_is_valid_popolo_and_has_no_private_data(client, body):
    group = make_group(body, "Lokaal Zeeland")
    anna = make_politician(group, name="Anna de Vries", office=Office.gedeputeerde, portfolio="Water, Natuur")
    make_user(politician=anna, email="geheim-adres@zeeland.nl")
    mistake = make_politician(group, name="Per Vergissing")
    from register.admin.careful import mark_created_in_error
    mark_created_in_error(mistake, actor=None, reason="dubbel")
    db.session.commit()
    response = client.get("/export/zeeland.popolo.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    errors = sorted(_validator().iter_errors(document), key=str)
    assert errors == []
    assert [p["name"] for p in document["persons"]] == ["Anna de Vries"]
    [membership] = document["memberships"]
    assert membership["role"] == "Gedeputeerde" and membership["on_behalf_of_id"] == "zeeland/fractie/" + group.slug
    assert membership["portfolio"] == "Water, Natuur"
    assert "@" not in response.get_data(as_text=True)  # no e-mail address anywhere
    assert client.get("/export/bestaat-niet.popolo.json").status_code == 404
    assert 'href="/export/zeeland.popolo.json"' in page_text(client.get("/open-data"))


def test_the_schemas_refuse_what_popolo_forbids():
    validator = _validator()
    bad = {"persons": [{"name": 5}], "organizations": [], "memberships": [{"start_date": "29-03-2023"}]}
    assert len(list(validator.iter_errors(bad))) == 2
    assert list(validator.iter_errors({"persons": []}))  # the lists are required


def test_exported_people_import_into_a_new_body(client, body):
    make_politician(make_group(body, "Lokaal Zeeland"), name="Anna de Vries", office=Office.statenlid)
    exported = client.get("/export/zeeland.popolo.json").get_data()
    copy = make_body("Kopie", slug="kopie", kind=BodyKind.province)
    from register.admin.import_plan import make_plan
    from register.admin.importer import parse
    plan = make_plan(copy, parse(exported))
    assert [(r.action, r.row.name, r.row.group, r.office) for r in plan.rows] == [
        ("create", "Anna de Vries", "Lokaal Zeeland", Office.statenlid)]


# --- the command line -------------------------------------------------------------------------------------------------

def test_import_people_command_dry_run_then_real(runner, body, tmp_path):
    path = tmp_path / "mensen.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = _state()
    dry = runner.invoke(args=["import-people", "--body", "zeeland", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Nieuw: 3" in dry.output and "Proefdraai: er is niets opgeslagen." in dry.output
    assert _state() == before
    real = runner.invoke(args=["import-people", "--body", "zeeland", str(path)])
    assert real.exit_code == 0, real.output and _count(Politician) == 3
    again = runner.invoke(args=["import-people", "--body", "zeeland", str(path)])
    assert "ongewijzigd: 3" in again.output and _count(Politician) == 3 and _count(User) == 3


def test_import_people_command_refuses_bad_rows_and_big_files(runner, body, tmp_path):
    bad = tmp_path / "fout.csv"
    bad.write_text(GOOD + "Anna,keizer,,x@zeeland.nl,,\n", encoding="utf-8")
    result = runner.invoke(args=["import-people", "--body", "zeeland", str(bad)])
    assert result.exit_code != 0 and "Onbekend ambt 'keizer'" in result.output and "niets geïmporteerd" in result.output
    assert _count(Politician) == 0
    big = tmp_path / "groot.csv"
    big.write_text(HEADER + "".join(f"P{n},statenlid,,p{n}@zeeland.nl,,\n" for n in range(50_000)), encoding="utf-8")
    result = runner.invoke(args=["import-people", "--body", "zeeland", str(big)])
    assert result.exit_code != 0 and "50000 regels" in result.output and "ten hoogste 500" in result.output
    assert _count(Politician) == 0
    unknown = runner.invoke(args=["import-people", "--body", "nergens", str(bad)])
    assert unknown.exit_code != 0 and "bestaat niet" in unknown.output


def test_an_upload_over_the_size_limit_gets_a_dutch_page(griffie):
    big = HEADER + "".join(f"Persoon {n},statenlid,,p{n}@zeeland.nl,,\n" for n in range(50_000))
    response = _upload(griffie, big)
    assert response.status_code == 413 and "te groot" in page_text(response) and _count(ImportBatch) == 0


def test_a_start_date_is_needed_only_for_new_people_when_the_body_has_none(app):
    body = make_body("Gemeente Zonder Begin", slug="zonder")
    existing = make_user(politician=make_politician(make_group(body, "CDA"), name="Jeroen Bakker"),
                         email="jeroen@zonder.nl")
    from register.admin.import_plan import make_plan
    from register.admin.importer import parse
    plan = make_plan(body, parse((HEADER + "Jeroen Bakker,raadslid,CDA,jeroen@zonder.nl,,\n"
                                  "Nieuw Lid,raadslid,CDA,nieuw@zonder.nl,,\n").encode()))
    assert [(r.row.name, r.action) for r in plan.rows] == [("Jeroen Bakker", "unchanged"), ("Nieuw Lid", "refused")]
    assert "begindatum ontbreekt" in plan.rows[1].reasons[0] and existing.politician.term_start is not None
