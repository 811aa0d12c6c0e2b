"""The body's relations with organisations (issue 16 item 4): import with a column mapping, all or nothing,
never twice; shown on the public organisation page and used by the hints."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from register.extensions import db
from register.models import AuditEvent, BodyRelation, DataImport, ImportUpload, RelationKind
from tests.factories import make_body, make_declaration, make_group, make_politician_user, make_user
from tests.helpers import client_as

EXAMPLE = Path("docs/examples/subsidies.csv")


@pytest.fixture
def world(app):
    body = make_body("Gemeente Voorbeeldstad", slug="voorbeeldstad")
    group = make_group(body, "Lokaal")
    return dict(body=body, group=group, griffie=make_user(griffie_of=[body]),
                politician=make_politician_user(group, name="Piet Politicus"),
                reviewer=make_user(reviewer_of=[group]))


def relations() -> int:
    return db.session.scalar(select(func.count()).select_from(BodyRelation))


def cli(runner, *args):
    return runner.invoke(args=["import-relations", "--body", "voorbeeldstad", *args])


def test_cli_import_reads_the_example_and_a_reimport_changes_nothing(app, runner, world):
    result = cli(runner, str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "Ingelezen: 5 nieuwe regels van 5" in result.output
    woonbelang = db.session.scalar(select(BodyRelation).where(
        BodyRelation.organisation_key == "woonbelang-voorbeeldstad"))
    assert woonbelang.amount == 45000 and woonbelang.kind == RelationKind.subsidie and woonbelang.year == 2026
    permit = db.session.scalar(select(BodyRelation).where(BodyRelation.kind == RelationKind.vergunning))
    assert permit.amount is None and permit.on_date is None and permit.year == 2026
    events = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action
                                                                                  == "relations.imported"))
    again = cli(runner, str(EXAMPLE))
    assert "Ingelezen: 0 nieuwe regels van 5 (5 stonden er al" in again.output
    assert relations() == 5
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "relations.imported")) == events == 1


@pytest.mark.parametrize("content, message", [
    ("Ontvanger;Bedrag\nStichting X;100\n", "Kies een kolom voor: Datum of jaar"),
    ("Ontvanger;Datum;Soort\nStichting X;31-02-2026;subsidie\n", "Regel 2: „31-02-2026” is geen geldige datum"),
    ("Ontvanger;Datum;Soort\nStichting X;12-01-1850;subsidie\n", "te ver in het verleden"),
    ("Ontvanger;Datum;Soort;Bedrag\nStichting X;2026;subsidie;veel\n", "„veel” is geen bedrag"),
    ("Ontvanger;Datum;Soort;KvK\nStichting X;2026;subsidie;000012345678\n", "vestigingsnummer"),
    ("Ontvanger;Datum;Soort\nStichting X;2026;schenking\n", "onbekende soort „schenking”"),
    ("Ontvanger;Ontvanger\nX;Y\n", "komt meer dan eens voor"),
    ("", "Het bestand is leeg"),
])
def test_bad_files_give_a_dutch_message_and_import_nothing(app, runner, world, tmp_path, content, message):
    good = "Stichting Goed;2026;subsidie\n" if content.startswith("Ontvanger;Datum;Soort\n") else ""
    path = tmp_path / "lijst.csv"
    path.write_text(content + good, encoding="utf-8")
    result = cli(runner, str(path))
    assert result.exit_code != 0 and message in result.output, result.output
    assert relations() == 0


def test_a_row_with_a_problem_among_thousands_imports_nothing(app, runner, world, tmp_path):
    rows = [f"Stichting Nummer {n};{n % 28 + 1}-01-2026;subsidie;{n * 10}" for n in range(3000)]
    rows[2500] = "Stichting Fout;12-13-2026;subsidie;100"
    path = tmp_path / "groot.csv"
    path.write_text("Ontvanger;Datum;Soort;Bedrag\n" + "\n".join(rows), encoding="utf-8")
    result = cli(runner, str(path))
    assert "Regel 2502:" in result.output and relations() == 0
    rows[2500] = "Stichting Goed;12-12-2026;subsidie;100"
    path.write_text("Ontvanger;Datum;Soort;Bedrag\n" + "\n".join(rows), encoding="utf-8")
    assert "3000 nieuwe regels" in cli(runner, str(path)).output
    assert relations() == 3000


def test_odd_characters_are_cleaned_and_names_fold_to_one_organisation(app, runner, world, tmp_path):
    path = tmp_path / "vreemd.csv"
    path.write_text("Ontvanger;Datum;Soort;Bedrag\n\ufeffStichting\u200b  Woonbelang Voorbeeldstad;2026;subsidie;1\n"
                    "STICHTING WOONBELANG VOORBEELDSTAD;2026;subsidie;2\n", encoding="utf-8")
    assert cli(runner, str(path)).exit_code == 0
    keys = set(db.session.scalars(select(BodyRelation.organisation_key)))
    assert keys == {"woonbelang-voorbeeldstad"}
    names = set(db.session.scalars(select(BodyRelation.organisation)))
    assert "Stichting Woonbelang Voorbeeldstad" in names and not any("\u200b" in n for n in names)


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_griffie_uploads_xlsx_chooses_columns_previews_and_imports(app, world):
    from datetime import date
    content = _xlsx([["Naam", "Nummer KvK", "Wat", "Euro", "Wanneer"],
                     ["Stichting Woonbelang Voorbeeldstad", "12345678", "subsidie", 45000, date(2026, 2, 15)],
                     ["Bouwbedrijf De Vries B.V.", None, "lening", 250000.5, date(2026, 3, 1)]])
    client = client_as(app, world["griffie"])
    response = client.post("/beheer/voorbeeldstad/relaties", data={"file": (io.BytesIO(content), "lijst.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    upload = db.session.scalar(select(ImportUpload))
    url = f"/beheer/voorbeeldstad/relaties/inlezen/{upload.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Naam, Nummer KvK, Wat, Euro, Wanneer" in page
    mapping = {"col_organisation": "Naam", "col_kvk_number": "Nummer KvK", "col_kind": "Wat", "col_amount": "Euro",
               "col_date": "Wanneer", "col_source_url": "", "default_kind": ""}
    preview = client.post(url, data={**mapping, "preview": "1"}).get_data(as_text=True)
    assert "2 regels zijn nieuw" in preview and "EUR 250.000,50" in preview and relations() == 0
    assert client.post(url, data={**mapping, "save": "1"}).status_code == 302
    assert relations() == 2
    assert db.session.scalar(select(DataImport)).added == 2


def test_mapping_to_a_column_that_does_not_exist_is_refused(app, world):
    client = client_as(app, world["griffie"])
    client.post("/beheer/voorbeeldstad/relaties", data={"file": (io.BytesIO(EXAMPLE.read_bytes()), "s.csv")},
                content_type="multipart/form-data")
    upload = db.session.scalar(select(ImportUpload))
    page = client.post(f"/beheer/voorbeeldstad/relaties/inlezen/{upload.id}",
                       data={"col_organisation": "Bestaat niet", "col_date": "Besluitdatum", "save": "1"})
    assert page.status_code == 200 and "Not a valid choice" not in page.get_data(as_text=True)
    assert relations() == 0


@pytest.mark.parametrize("who, status", [("griffie", 200), ("politician", 403), ("reviewer", 403)])
def test_only_the_griffie_imports(app, world, who, status):
    assert client_as(app, world[who]).get("/beheer/voorbeeldstad/relaties").status_code == status


def test_another_griffie_cannot_use_an_upload(app, world):
    client = client_as(app, world["griffie"])
    client.post("/beheer/voorbeeldstad/relaties", data={"file": (io.BytesIO(EXAMPLE.read_bytes()), "s.csv")},
                content_type="multipart/form-data")
    upload = db.session.scalar(select(ImportUpload))
    other_body = make_body(slug="elders")
    other = make_user(griffie_of=[other_body])
    assert client_as(app, other).get(f"/beheer/voorbeeldstad/relaties/inlezen/{upload.id}").status_code == 403
    assert client_as(app, other).get(f"/beheer/elders/relaties/inlezen/{upload.id}").status_code == 404


def test_public_organisation_page_shows_what_the_body_gives(app, runner, world):
    make_declaration(world["politician"].politician, organisation="Stichting Woonbelang Voorbeeldstad")
    cli(runner, str(EXAMPLE))
    page = app.test_client().get("/organisatie/woonbelang-voorbeeldstad").get_data(as_text=True)
    assert "ontvangt subsidie van Gemeente Voorbeeldstad: EUR 45.000 in 2026" in page


def test_the_hint_names_money_from_the_body(app, runner, world):
    declaration = make_declaration(world["politician"].politician, organisation="Voetbalvereniging VV Voorbeeldstad")
    cli(runner, str(EXAMPLE))
    page = client_as(app, world["politician"]).get(f"/mijn/opgaven/{declaration.id}").get_data(as_text=True)
    assert "ontvangt subsidie van Gemeente Voorbeeldstad: EUR 12.500 in 2026" in page
    queue = client_as(app, world["reviewer"]).get("/beoordelen/").get_data(as_text=True)
    assert "1 signaal" in queue
