"""Text in is text normalised (register/text.py): invisible characters cannot hide a declaration or reorder a name.

Every form field (through the one hook in register/input_guard.py), the search box and organisation addresses,
and (migration e5b7d2c4a9f1) what was stored before.
"""
from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select, text
from wtforms import PasswordField

import register
from register.extensions import db
from register.models import Declaration, DeclarationKind, DeclarationVersion, Politician
from register.search import organisation_key
from register.text import fold, normalise
from tests.factories import make_body, make_declaration, make_group, make_politician, make_user

SOFT_HYPHEN, ZERO_WIDTH_SPACE, RIGHT_TO_LEFT_OVERRIDE, ZWJ, ZWNJ = "\u00ad", "\u200b", "\u202e", "\u200d", "\u200c"


@pytest.mark.parametrize("typed, stored", [
    (f"Woon{SOFT_HYPHEN}belang", "Woonbelang"),
    (f"Woon{ZERO_WIDTH_SPACE}belang", "Woonbelang"),
    (f"Jan {RIGHT_TO_LEFT_OVERRIDE}nesnaJ", "Jan nesnaJ"),
    ("\u2066Jan\u2069 \u200ede Vries\u200f", "Jan de Vries"),
    ("\ufeffStichting", "Stichting"),
    ("Cafe\u0301 De Zon", "Café De Zon"),  # NFC: e + combining accent is é
    ("VV\u00a0Voorbeeldstad", "VV Voorbeeldstad"),
    ("x\u3164\u115fy", "xy"),  # Hangul fillers look like nothing
    ("regel\u2028twee", "regel\ntwee"),
    (f"a{ZWJ}b", "ab"),  # between Latin letters a joiner means nothing
    (f"👩{ZWJ}👩{ZWJ}👧", f"👩{ZWJ}👩{ZWJ}👧"),  # one emoji (a family): kept
    (f"🏳\ufe0f{ZWJ}🌈", f"🏳\ufe0f{ZWJ}🌈"),  # the rainbow flag
    (f"می{ZWNJ}خواهم", f"می{ZWNJ}خواهم"),  # Persian spells with the non-joiner
    (f"क्{ZWJ}ष", f"क्{ZWJ}ष"),  # Devanagari
    ("🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
     "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"),  # the flag of Wales
    ("x\U000e0067", "x"),  # a tag character anywhere else
    ("gewoon", "gewoon"),
])
def test_normalise(typed, stored):
    assert normalise(typed) == stored
    assert normalise(stored) == stored


def test_fold_removes_every_format_character_for_comparison():
    assert fold(f"👩{ZWJ}👧 می{ZWNJ}خواهم") == "👩👧 میخواهم"
    assert organisation_key(f"Stichting Woon{SOFT_HYPHEN}belang") == organisation_key("Woonbelang") == "woonbelang"
    assert organisation_key(f"De{ZERO_WIDTH_SPACE}Vries B.V.") == organisation_key("DeVries BV") == "devries"


# --- over HTTP: the defect as reported ----------------------------------------------------------------------------

@pytest.fixture
def owner(app):
    body = make_body("Gemeente Tekststad", slug="tekststad")
    return make_user(politician=make_politician(make_group(body), name="Tineke Tekst"), name="Tineke Tekst")


def declaration_form(**overrides) -> dict:
    data = {"organisation": "Stichting Sportpark Noord", "role": "Penningmeester", "paid": "onbetaald",
            "income_band": "", "hours_per_month": "6", "started_on": "2025-02-01", "ended_on": "",
            "organisation_public": "openbaar", "description_public": "openbaar", "income_public": "openbaar",
            "hours_public": "openbaar", "explanation_public": "openbaar", "action": "publish"}
    data.update(overrides)
    return data


def test_an_invisible_character_does_not_hide_a_declaration_from_search_or_its_organisation(client, owner, login):
    make_declaration(make_politician(owner.politician.group, name="Ander Raadslid"), organisation="Woonbelang")
    login(owner).post("/mijn/opgaven/nieuw?soort=side_job", data=declaration_form(
        organisation=f"Stichting Woon{SOFT_HYPHEN}belang", role=f"Voor{ZERO_WIDTH_SPACE}zitter"))
    version = db.session.scalar(select(DeclarationVersion).where(DeclarationVersion.role.like("Voor%")))
    assert (version.organisation, version.role, version.organisation_key) == (
        "Stichting Woonbelang", "Voorzitter", "woonbelang")
    client.post("/logout")
    found = client.get("/search?q=woonbelang").get_data(as_text=True)
    assert "Tineke Tekst" in found and "Ander Raadslid" in found
    assert "Tineke Tekst" in client.get("/search?q=voorzitter").get_data(as_text=True)
    organisation = client.get("/organisatie/woonbelang").get_data(as_text=True)
    assert "Tineke Tekst" in organisation and "Ander Raadslid" in organisation


def test_a_search_typed_with_invisible_characters_finds_the_plain_name(client, owner):
    make_declaration(owner.politician, organisation="Stichting Woonbelang", role="Penningmeester")
    found = client.get(f"/search?q=Woon{SOFT_HYPHEN}bel{ZERO_WIDTH_SPACE}ang").get_data(as_text=True)
    assert "Tineke Tekst" in found
    response = client.get(f"/organisatie/woon{SOFT_HYPHEN}belang")
    assert response.status_code == 301 and response.headers["Location"].endswith("/organisatie/woonbelang")


def test_a_bidi_override_cannot_reverse_a_name_on_the_public_register(client, owner, login):
    login(owner).post("/mijn/opgaven/nieuw?soort=side_job", data=declaration_form(
        organisation=f"Bouwbedrijf {RIGHT_TO_LEFT_OVERRIDE}seirV eD", role="Adviseur"))
    client.post("/logout")
    page = client.get(f"/register/tekststad/{owner.politician.slug}/").get_data(as_text=True)
    assert "Bouwbedrijf seirV eD" in page and RIGHT_TO_LEFT_OVERRIDE not in page


def test_a_required_field_of_only_invisible_characters_is_empty(client, owner, login):
    response = login(owner).post("/mijn/opgaven/nieuw?soort=side_job", data=declaration_form(
        organisation=f"{SOFT_HYPHEN}{ZERO_WIDTH_SPACE}\u2060"))
    assert response.status_code == 200 and "Vul de organisatie in." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Declaration)) == 0


def test_a_password_is_compared_exactly_as_typed(client, app):
    user = make_user(password=f"geheim{SOFT_HYPHEN}wachtwoord-lang")
    refused = client.post("/login", data={"email": user.email, "password": "geheimwachtwoord-lang"})
    assert refused.status_code == 200
    accepted = client.post("/login", data={"email": user.email, "password": f"geheim{SOFT_HYPHEN}wachtwoord-lang"})
    assert accepted.status_code == 302


# --- every form, through the one hook ------------------------------------------------------------------------------

def _all_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(register.__path__, "register."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], [FlaskForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("register."):
            found.append(cls)
    return found


ARGUMENTS = {"DeclarationForm": (DeclarationKind.other,), "CorrectionForm": (DeclarationKind.other,),
             "EndForm": (date(2025, 1, 1),)}
KEYWORDS = {"EditAccountForm": {"account_id": 1}}


def test_every_text_field_of_every_form_is_normalised_and_no_password_is(app):
    from werkzeug.datastructures import MultiDict

    classes = _all_form_classes()
    assert len(classes) >= 20
    checked = 0
    for cls in classes:
        with app.test_request_context(method="POST"):
            probe = cls(*ARGUMENTS.get(cls.__name__, ()), meta={"csrf": False}, formdata=None,
                        **KEYWORDS.get(cls.__name__, {}))
            names = [field.name for field in probe]
            form = cls(*ARGUMENTS.get(cls.__name__, ()), meta={"csrf": False},
                       formdata=MultiDict({name: f"Ab{SOFT_HYPHEN}c{ZERO_WIDTH_SPACE}" for name in names}),
                       **KEYWORDS.get(cls.__name__, {}))
            for field in form:
                if isinstance(field.data, str):
                    expected = f"Ab{SOFT_HYPHEN}c{ZERO_WIDTH_SPACE}" if isinstance(field, PasswordField) else "Abc"
                    assert field.data == expected, (cls.__name__, field.name)
                    checked += 1
    assert checked >= 40


# --- the migration: what was stored before ----------------------------------------------------------------------

def test_the_migration_normalises_stored_text_and_recomputes_organisation_keys(app, client):
    from flask_migrate import downgrade, upgrade

    politician = make_politician(make_group(make_body("Gemeente Oudtekst", slug="oudtekst")), name="Oud Lid")
    declaration = make_declaration(politician, organisation="Woonbelang", role="Lid")
    downgrade(revision="d4e2b8f6a1c3")
    db.session.execute(text("UPDATE declaration_version SET organisation = :o, role = :r, organisation_key = :k"),
                       {"o": f"Stichting Woon{SOFT_HYPHEN}belang", "r": f"Voor{ZERO_WIDTH_SPACE}zitter",
                        "k": "woon-belang"})
    db.session.execute(text("UPDATE politician SET name = :n"), {"n": f"Oud {RIGHT_TO_LEFT_OVERRIDE}Lid"})
    db.session.execute(text("UPDATE content_version SET version = 5"))
    db.session.commit()
    upgrade(revision="heads")
    db.session.expire_all()
    rows = db.session.execute(select(DeclarationVersion.organisation, DeclarationVersion.role,
                                     DeclarationVersion.organisation_key)
                              .where(DeclarationVersion.declaration_id == declaration.id)).all()
    assert set(rows) == {("Stichting Woonbelang", "Voorzitter", "woonbelang")}
    assert db.session.scalar(select(Politician.name)) == "Oud Lid"
    assert db.session.scalar(text("SELECT version FROM content_version")) == 6
    # The search index (SQLite FTS5 triggers, PostgreSQL expression index) and organisation page see the new text.
    assert "Oud Lid" in client.get("/search?q=voorzitter").get_data(as_text=True)
    assert "Oud Lid" in client.get("/organisatie/woonbelang").get_data(as_text=True)
