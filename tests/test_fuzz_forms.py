"""Fuzzing every form: generated input (unicode, emoji, control characters, 20k strings, odd dates and numbers)
never gives a 500, and never half-saves: after each POST either the expected rows were saved entirely, or no
table changed at all (apart from what a refusal deliberately records, such as a failed login).

Each test reuses one app and database for all its examples. FUZZ_EXAMPLES sets the examples per form (forms
shown on two pages share them). CI (CI=true) runs 1000 per form on SQLite; locally the default (300) keeps the
file near two minutes; `FUZZ_EXAMPLES=1000 .venv/bin/python -m pytest -q tests/test_fuzz_forms.py` for the deep run.
"""
from __future__ import annotations

import hashlib
import json
import operator
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select, text

from register.declarations.forms import form_data
from register.extensions import db
from register.models import (
    Agreement, Body, Declaration, DeclarationKind, Group, Politician, Signal, User,
)
from register.review import services as review_services
from register.signals import services as signal_services
from tests.factories import (
    PASSWORD, make_agreement, make_body, make_declaration, make_group, make_politician, make_user,
)

# Per form. CI's SQLite run does the full 1000 per form (about 6 minutes); a developer's run 300; the PostgreSQL run
# (CI's second pass over the same forms, each request about three times as costly) 100.
_DEFAULT = "100" if os.environ.get("TEST_DATABASE_URL") else ("1000" if os.environ.get("CI") == "true" else "300")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", _DEFAULT))


def fuzz(share: float = 1.0):
    return settings(max_examples=max(1, int(EXAMPLES * share)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])


# --- input strategies ------------------------------------------------------------------------------------------

ODD_TEXT = ["", " ", "\x00", "nul\x00byte", "\x07bel", "\x1b[31mrood", "regel\x0bwissel", "\t\r\n", "\r\n\r\n",
            "😀", "👩‍👩‍👧‍👦" * 3, "\u202eomgekeerd", "\ufeff", "\ufffe", "ä" * 201, "<script>alert(1)</script>",
            "'; DROP TABLE declaration; --", "%00", "../../etc/passwd", "{{ 7*7 }}", "None", "null", "-1"]
LONG = st.builds(operator.mul, st.sampled_from(["a", "é", "😀", "\x00", " ", "x\n", "<"]), st.integers(100, 20_000))
TEXT = st.one_of(st.text(st.characters(codec="utf-8"), max_size=60), st.sampled_from(ODD_TEXT), LONG)
DATES = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "", "2025-01-15", "1950-01-01", "1949-12-31",
                     "2024-02-29", "2025-02-29", "31-12-2025", "2025-1-5", "20250115", "2025-01-15T10:00",
                     "+2025-01-01", "-001-01-01", "9999-99-99", "١٩٩٠-٠١-٠١"]),
    st.dates().map(date.isoformat), TEXT)
NUMBERS = st.one_of(
    st.sampled_from(["-1", "1e309", "99999999999999999999", "0", "1", "2", "5", "6", "365", "366", "744", "745",
                     "1000000", "1000001", "NaN", "inf", "-0", "1.5", " 7 ", "٣", "²", "0x10", "", "9" * 400]),
    st.integers(-10**30, 10**30).map(str), TEXT)
CHECKBOX = st.one_of(st.sampled_from(["y", "on", "", "false"]), TEXT)
# The stored values an edit form showed, as JSON (register/stale_forms.py): odd and hostile ones too.
SHOWN = st.one_of(st.sampled_from(["{}", "[]", "null", '{"name": 1}', '{"name": null}', "[" * 20_000, "1e309"]),
                  st.dictionaries(st.sampled_from(["name", "email", "group", "office"]), TEXT).map(json.dumps), TEXT)


def choice(*valid) -> st.SearchStrategy:
    return st.one_of(st.sampled_from([str(v) for v in valid]), TEXT)


def ids(*valid) -> st.SearchStrategy:
    """An id from a select: a real one, someone else's, or anything."""
    return st.one_of(st.sampled_from([str(v) for v in valid]), NUMBERS)


@st.composite
def mutated(draw, base: dict, fuzzers: dict) -> dict:
    """The valid form with some fields left out or replaced by generated values."""
    data = dict(base)
    if draw(st.integers(0, 19)) == 0:
        return data  # now and then the valid form itself: the save path must be complete too
    for name in draw(st.lists(st.sampled_from(sorted(fuzzers)), unique=True, min_size=1, max_size=len(fuzzers))):
        if draw(st.integers(0, 9)) == 0:
            data.pop(name, None)
        else:
            data[name] = draw(fuzzers[name])
    return data


# --- the state of the database, and the outcomes a POST may have ------------------------------------------------

# Audit events that follow from the request rather than change anything: delivered mail, a refused access.
NOT_CHANGES = "action NOT IN ('mail.sent', 'access.refused')"


def _counts_query():
    return text(" UNION ALL ".join(
        f"SELECT '{t.name}', COUNT(*) FROM \"{t.name}\"" + (f" WHERE {NOT_CHANGES}" if t.name == "audit_event" else "")
        for t in db.metadata.sorted_tables))


def snapshot(watch: dict) -> dict[str, object]:
    """Rows per table, and a fingerprint of each watched row (objects an update form may change)."""
    state: dict[str, object] = dict(db.session.execute(_counts_query()).all())
    for name, query in watch.items():
        rows = db.session.execute(query).all()
        state["~" + name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def difference(before: dict, after: dict) -> dict[str, int]:
    return {key: (after[key] - before[key] if isinstance(after[key], int) else 1)
            for key in after if after[key] != before[key]}


@contextmanager
def nul_bytes_sent_to_the_database():
    """The statements whose parameters hold a NUL byte: SQLite stores it, PostgreSQL refuses it with an error."""
    sent = []

    def check(_conn, _cursor, statement, parameters, _context, _executemany):
        rows = parameters if isinstance(parameters, list) else [parameters]
        for row in rows:
            values = row.values() if isinstance(row, dict) else row or ()
            if any(isinstance(v, str) and "\x00" in v for v in values):
                sent.append(statement[:200])

    event.listen(db.engine, "before_cursor_execute", check)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", check)


MAIL = range(0, 20)  # a change may queue e-mail to everyone concerned


@dataclass
class Outcome:
    """One complete result: each named table changed by one of the allowed amounts, every other table not at all."""
    changes: dict
    saved: bool = True  # a successful save answers with a redirect

    def matches(self, diff: dict) -> bool:
        allowed = {k: (v if isinstance(v, range) else range(v, v + 1)) for k, v in self.changes.items()}
        return all(k in allowed and d in allowed[k] for k, d in diff.items()) and \
            all(k in diff for k, r in allowed.items() if 0 not in r)


@dataclass
class Form:
    client: object
    url: str
    outcomes: list
    watch: dict = field(default_factory=dict)

    def post(self, data: dict):
        before = snapshot(self.watch)
        with nul_bytes_sent_to_the_database() as sent:
            response = self.client.post(self.url, data=data)
        status = response.status_code
        response.close()
        assert status < 500, (self.url, data)
        assert not sent, f"a NUL byte reached the database (PostgreSQL refuses it: a 500 there): {sent[:3]}"
        diff = difference(before, snapshot(self.watch))
        db.session.rollback()
        if diff:
            matched = [o for o in self.outcomes if o.matches(diff)]
            assert matched, f"half-saved or unexpected change {diff} after {status} for {self.url} {data!r:.500}"
            if matched[0].saved:
                assert status == 302, (status, diff)
        return status, diff


def _drop_if_changed(world, key, result) -> None:
    """After a save the object is in another state: the next example gets a new one."""
    _status, diff = result
    if diff:
        world.targets.pop(key, None)


def _row(model, object_id):
    table = model.__table__
    return select(table).where(table.c.id == object_id)


# --- the world ------------------------------------------------------------------------------------------------

@pytest.fixture
def world(app):
    app.config.update(LOGIN_MAX_FAILURES_PER_ACCOUNT=10**9, LOGIN_MAX_FAILURES_PER_CLIENT=10**9,
                      SIGNAL_RATE_LIMIT=10**9)
    body = make_body("Gemeente Fuzz")
    group = make_group(body, "Fractie Fuzz")
    owner = make_user(politician=make_politician(group, name="Anna Fuzz"))
    declaration = make_declaration(owner.politician, organisation="Stichting Fuzz")
    others = make_declaration(make_politician(make_group(make_body())))
    world = SimpleNamespace(body=body, group=group, owner=owner, politician=owner.politician,
                            declaration=declaration, others_declaration=others,
                            reviewer=make_user(reviewer_of=[group]), griffie=make_user(griffie_of=[body]))
    world.clients, world.targets = {}, {}
    return world


def client_for(app, world, role: str):
    """A logged-in client per role (anonymous: none), made once per test."""
    if role not in world.clients:
        client = app.test_client()
        if role != "anonymous":
            user = getattr(world, role)
            assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
        world.clients[role] = client
    return world.clients[role]


def target(world, key, make):
    """The object a form works on; made again only after a save changed it (most examples are refused)."""
    if key not in world.targets:
        world.targets[key] = make()
    return world.targets[key]


def _strings(values: dict) -> dict:
    """Form values as a browser posts them."""
    out = {}
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                out[key] = "y"
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


# --- login and password ----------------------------------------------------------------------------------------

@fuzz()
@given(data=st.data())
def test_fuzz_login(app, world, data):
    form = data.draw(mutated({"email": world.owner.email, "password": PASSWORD},
                             {"email": st.one_of(TEXT, st.emails()), "password": TEXT}))
    Form(app.test_client(), "/login", [
        Outcome({"audit_event": 1, "~user": 1}),                               # logged in
        Outcome({"audit_event": range(0, 2), "login_failure": range(0, 2)}, saved=False),  # a refusal, on record
    ], {"user": _row(User, world.owner.id)}).post(form)


@fuzz()
@given(data=st.data())
def test_fuzz_change_password(app, world, data):
    client = client_for(app, world, "owner")
    form = data.draw(mutated(
        {"current_password": PASSWORD, "new_password": "een heel ander lang wachtwoord", "confirm":
         "een heel ander lang wachtwoord"},
        {"current_password": TEXT, "new_password": TEXT, "confirm": TEXT}))
    status, diff = Form(client, "/wachtwoord-wijzigen", [
        Outcome({"audit_event": 1, "~user": 1}),
        Outcome({"audit_event": range(0, 2), "login_failure": range(0, 2)}, saved=False),
    ], {"user": _row(User, world.owner.id)}).post(form)
    if "~user" in diff:  # changed: put the known password back for the next example, and log in again
        from register.auth.services import change_password
        user = db.session.get(User, world.owner.id)
        change_password(user, PASSWORD, actor=user)
        db.session.commit()
        world.clients.pop("owner")


# --- declarations ----------------------------------------------------------------------------------------------

VISIBILITY = choice("openbaar", "fractie")
DECLARATION_FIELDS = {
    "organisation": TEXT, "organisation_public": VISIBILITY, "kvk_number": st.one_of(NUMBERS, TEXT),
    "role": TEXT, "description": TEXT, "description_public": VISIBILITY, "paid": choice("betaald", "onbetaald"),
    "income_band": choice("", "below_500", "500_1000", "1001_5000", "5001_10000", "above_10000"),
    "income_public": VISIBILITY, "hours_per_month": NUMBERS, "hours_public": VISIBILITY, "ex_officio": CHECKBOX,
    "estimated_value": NUMBERS, "started_on": DATES, "ended_on": DATES, "explanation": TEXT,
    "explanation_public": VISIBILITY, "concerns_family": CHECKBOX, "action": choice("draft", "publish"),
}
NEW_DECLARATION = {"organisation": "Stichting Sportpark", "role": "Penningmeester", "paid": "betaald",
                   "income_band": "500_1000", "hours_per_month": "6", "started_on": "2025-02-01",
                   "estimated_value": "50", "organisation_public": "openbaar", "description_public": "openbaar",
                   "income_public": "openbaar", "hours_public": "openbaar", "explanation_public": "openbaar",
                   "action": "draft"}
DECLARATION_SAVED = [
    Outcome({"declaration": 1, "declaration_version": 1, "audit_event": 1}),                    # a draft
    Outcome({"declaration": 1, "declaration_version": 2, "audit_event": 2, "outbox_message": MAIL}),  # published
]


@fuzz()
@given(data=st.data(), kind=st.sampled_from([k.value for k in DeclarationKind] + ["onzin", "", "\x00"]))
def test_fuzz_new_declaration(app, world, data, kind):
    form = data.draw(mutated(NEW_DECLARATION, DECLARATION_FIELDS))
    Form(client_for(app, world, "owner"), f"/mijn/opgaven/nieuw?soort={kind}", DECLARATION_SAVED).post(form)


@fuzz()
@given(data=st.data(), published=st.booleans(), kind=st.sampled_from(list(DeclarationKind)))
def test_fuzz_edit_declaration(app, world, data, published, kind):
    key = ("edit", kind, published)
    declaration = target(world, key, lambda: make_declaration(world.politician, kind=kind, publish=published))
    base = {**_strings(form_data(declaration.current_version)), "based_on": str(declaration.current_number),
            "reason": "Functie gewijzigd", "action": "draft"}
    form = data.draw(mutated(base, {**DECLARATION_FIELDS, "reason": TEXT, "based_on": NUMBERS}))
    _drop_if_changed(world, key, Form(client_for(app, world, "owner"), f"/mijn/opgaven/{declaration.id}/bewerken", [
        Outcome({"declaration_version": 1, "audit_event": 1, "outbox_message": MAIL, "~declaration": 1}),
        Outcome({"declaration_version": 2, "audit_event": 2, "outbox_message": MAIL, "~declaration": 1}),
    ], {"declaration": _row(Declaration, declaration.id)}).post(form))


@fuzz()
@given(data=st.data())
def test_fuzz_end_declaration(app, world, data):
    declaration = target(world, "end", lambda: make_declaration(world.politician))
    base = {"ended_on": "2025-06-01", "reason": "Gestopt", "based_on": str(declaration.current_number)}
    form = data.draw(mutated(base, {"ended_on": DATES, "reason": TEXT, "based_on": NUMBERS}))
    _drop_if_changed(world, "end", Form(client_for(app, world, "owner"), f"/mijn/opgaven/{declaration.id}/beeindigen", [
        Outcome({"declaration_version": 1, "audit_event": 1, "~declaration": 1}),
    ], {"declaration": _row(Declaration, declaration.id)}).post(form))


@fuzz()
@given(data=st.data(), published=st.booleans())
def test_fuzz_withdraw_declaration(app, world, data, published):
    key = ("withdraw", published)
    declaration = target(world, key, lambda: make_declaration(world.politician, publish=published))
    form = data.draw(mutated({"reason": "Dubbel opgegeven", "based_on": str(declaration.current_number)},
                             {"reason": TEXT, "based_on": NUMBERS}))
    _drop_if_changed(world, key, Form(client_for(app, world, "owner"), f"/mijn/opgaven/{declaration.id}/intrekken", [
        Outcome({"declaration_version": 1, "audit_event": 1, "~declaration": 1}),
    ], {"declaration": _row(Declaration, declaration.id)}).post(form))


@fuzz()
@given(data=st.data())
def test_fuzz_confirm_register(app, world, data):
    form = data.draw(st.dictionaries(st.text(st.characters(codec="utf-8"), max_size=10), TEXT, max_size=3))
    form.pop("csrf_token", None)
    Form(client_for(app, world, "owner"), "/mijn/bevestigen", [
        Outcome({"confirmation": 1, "audit_event": 1, "~politician": 1}),
    ], {"politician": _row(Politician, world.politician.id)}).post(form)


# --- agreements ------------------------------------------------------------------------------------------------

def _agreement_fields(world) -> dict:
    declarations = st.lists(ids(world.declaration.id, world.others_declaration.id), max_size=4)
    return {"title": TEXT, "text": TEXT, "declarations": declarations, "save": CHECKBOX, "save_and_submit": CHECKBOX}


def _agreement_base(world) -> dict:
    return {"title": "Geen besluitvorming", "text": "Ik neem niet deel aan de besluitvorming.",
            "declarations": [str(world.declaration.id)], "save": "Opslaan"}


@fuzz()
@given(data=st.data())
def test_fuzz_new_agreement(app, world, data):
    form = data.draw(mutated(_agreement_base(world), _agreement_fields(world)))
    Form(client_for(app, world, "owner"), "/mijn/afspraken/nieuw", [
        Outcome({"agreement": 1, "agreement_version": 1, "agreement_version_declaration": range(1, 5),
                 "audit_event": range(1, 3), "outbox_message": MAIL}),
    ]).post(form)


@fuzz()
@given(data=st.data(), signed=st.booleans())
def test_fuzz_edit_agreement(app, world, data, signed):
    key = ("edit agreement", signed)
    agreement = target(world, key, lambda: _signed_agreement(world) if signed
                       else make_agreement(world.politician, [world.declaration], submit=False))
    base = {**_agreement_base(world), "based_on": str(agreement.current_number), "reason": "Aangescherpt"}
    form = data.draw(mutated(base, {**_agreement_fields(world), "reason": TEXT, "based_on": NUMBERS}))
    _drop_if_changed(world, key, Form(client_for(app, world, "owner"), f"/mijn/afspraken/{agreement.id}/bewerken", [
        Outcome({"agreement_version": 1, "agreement_version_declaration": range(1, 5), "audit_event": range(1, 3),
                 "outbox_message": MAIL, "~agreement": 1}),
    ], {"agreement": _row(Agreement, agreement.id)}).post(form))


@fuzz()
@given(data=st.data())
def test_fuzz_end_agreement(app, world, data):
    agreement = target(world, "end agreement", lambda: make_agreement(world.politician, [world.declaration]))
    form = data.draw(mutated({"reason": "Belang beëindigd", "based_on": str(agreement.current_number)},
                             {"reason": TEXT, "submit": CHECKBOX, "based_on": NUMBERS}))
    _drop_if_changed(world, "end agreement", Form(
        client_for(app, world, "owner"), f"/mijn/afspraken/{agreement.id}/beeindigen", [
            Outcome({"audit_event": 1, "~agreement": 1}),
        ], {"agreement": _row(Agreement, agreement.id)}).post(form))


# --- review ----------------------------------------------------------------------------------------------------

@fuzz()
@given(data=st.data(), action=st.sampled_from(["aftekenen", "wijziging-vragen"]))
def test_fuzz_sign_off_and_request_changes(app, world, data, action):
    agreement = target(world, "decide", lambda: make_agreement(world.politician, [world.declaration]))
    form = data.draw(mutated({"comment": "Akkoord", "comment_public": "y", "based_on": "1"},
                             {"comment": TEXT, "comment_public": CHECKBOX, "based_on": NUMBERS}))
    _drop_if_changed(world, "decide", Form(
        client_for(app, world, "reviewer"), f"/beoordelen/afspraken/{agreement.id}/{action}", [
            Outcome({"sign_off": 1, "audit_event": 1, "outbox_message": MAIL, "~agreement": 1}),
        ], {"agreement": _row(Agreement, agreement.id)}).post(form))


@fuzz()
@given(data=st.data())
def test_fuzz_review_declaration(app, world, data):
    form = data.draw(mutated({"outcome": "no_risk", "comment": "Geen bezwaar",
                              "based_on": str(world.declaration.published_number)},
                             {"outcome": choice("no_risk", "agreement_needed", "incompatible"), "comment": TEXT,
                              "comment_public": CHECKBOX, "based_on": NUMBERS}))
    Form(client_for(app, world, "reviewer"), f"/beoordelen/opgaven/{world.declaration.id}", [
        Outcome({"review": 1, "audit_event": 1, "outbox_message": MAIL}),
    ]).post(form)


# --- the griffie's forms ---------------------------------------------------------------------------------------

@fuzz()
@given(data=st.data())
def test_fuzz_body_settings(app, world, data):
    form = data.draw(mutated({"name": "Gemeente Fuzz", "declaration_deadline_days": "28", "required_sign_offs": "1"},
                             {"name": TEXT, "declaration_deadline_days": NUMBERS, "required_sign_offs": NUMBERS}))
    Form(client_for(app, world, "griffie"), f"/beheer/{world.body.slug}/instellingen", [
        Outcome({"audit_event": 1, "~body": 1}),
    ], {"body": _row(Body, world.body.id)}).post(form)


@fuzz(0.5)
@given(data=st.data())
def test_fuzz_new_group(app, world, data):
    form = data.draw(mutated({"name": "Nieuwe Fractie"}, {"name": TEXT}))
    Form(client_for(app, world, "griffie"), f"/beheer/{world.body.slug}/fracties/nieuw", [
        Outcome({"group": 1, "audit_event": 1}),
    ]).post(form)


@fuzz(0.5)
@given(data=st.data())
def test_fuzz_edit_group(app, world, data):
    form = data.draw(mutated({"name": "Fractie Hernoemd"}, {"name": TEXT, "shown": SHOWN}))
    Form(client_for(app, world, "griffie"), f"/beheer/{world.body.slug}/fracties/{world.group.id}/bewerken", [
        Outcome({"audit_event": 1, "~group": 1}),
    ], {"group": _row(Group, world.group.id)}).post(form)


def _politician_fields(world) -> dict:
    return {"name": TEXT, "sort_name": TEXT, "office": choice("raadslid", "wethouder", "statenlid", "dijkgraaf"),
            "group": ids("", world.group.id), "term_start": DATES, "term_end": DATES}


POLITICIAN_BASE = {"name": "Piet Fuzz", "sort_name": "Fuzz, Piet", "office": "raadslid", "group": "",
                   "term_start": "2022-03-30", "term_end": ""}


@fuzz(0.5)
@given(data=st.data())
def test_fuzz_new_politician(app, world, data):
    form = data.draw(mutated(POLITICIAN_BASE, _politician_fields(world)))
    Form(client_for(app, world, "griffie"), f"/beheer/{world.body.slug}/ambtsdragers/nieuw", [
        Outcome({"politician": 1, "audit_event": 1}),
    ]).post(form)


@fuzz(0.5)
@given(data=st.data())
def test_fuzz_edit_politician(app, world, data):
    form = data.draw(mutated(POLITICIAN_BASE, {**_politician_fields(world), "shown": SHOWN}))
    url = f"/beheer/{world.body.slug}/ambtsdragers/{world.politician.id}/bewerken"
    Form(client_for(app, world, "griffie"), url, [
        Outcome({"audit_event": 1, "~politician": 1}),
    ], {"politician": _row(Politician, world.politician.id)}).post(form)


def _account_fields(world) -> dict:
    return {"name": TEXT, "email": st.one_of(TEXT, st.emails()),
            "politician": ids("", world.politician.id), "reviewer_groups": st.lists(ids(world.group.id), max_size=3),
            "griffie": CHECKBOX}


@fuzz(0.4)
@given(data=st.data(), n=st.integers(0, 10**9))
def test_fuzz_new_account(app, world, data, n):
    base = {"name": "Nieuwe Gebruiker", "email": f"nieuw{n}@example.nl", "reviewer_groups": [str(world.group.id)]}
    form = data.draw(mutated(base, _account_fields(world)))
    Form(client_for(app, world, "griffie"), f"/beheer/{world.body.slug}/accounts/nieuw", [
        Outcome({"user": 1, "role_grant": range(0, 4), "audit_event": range(2, 7), "account_token": 1,
                 "outbox_message": MAIL}),
    ]).post(form)


@fuzz(0.4)
@given(data=st.data())
def test_fuzz_edit_account(app, world, data):
    user = world.reviewer
    base = {"name": "Beoordelaar", "email": user.email, "reviewer_groups": [str(world.group.id)]}
    form = data.draw(mutated(base, {**_account_fields(world), "shown": SHOWN}))
    grants = select(text("*")).select_from(text("role_grant")).where(text(f"user_id = {int(user.id)}"))
    Form(client_for(app, world, "griffie"), f"/beheer/{world.body.slug}/accounts/{user.id}/bewerken", [
        Outcome({"role_grant": range(0, 4), "audit_event": range(1, 6), "~user": range(0, 2),
                 "~grants": range(0, 2), "outbox_message": MAIL}),
    ], {"user": _row(User, user.id), "grants": grants}).post(form)


# --- signals ---------------------------------------------------------------------------------------------------

SIGNAL_FIELDS = {"text": TEXT, "source_url": st.one_of(TEXT, st.sampled_from(["https://voorbeeld.nl/a", "javascript:x",
                                                                              "http://", "ftp://x"])),
                 "contact_email": st.one_of(TEXT, st.emails()), "website": TEXT}


@fuzz()
@given(data=st.data(), about_politician=st.booleans())
def test_fuzz_submit_signal(app, world, data, about_politician):
    form = data.draw(mutated({"text": "Anna Fuzz is ook directeur van Bouwbedrijf Noord."}, SIGNAL_FIELDS))
    url = f"/register/{world.body.slug}/" + (f"{world.politician.slug}/melding" if about_politician else "melding")
    Form(client_for(app, world, "anonymous"), url, [
        Outcome({"signal": 1, "rate_limit_hit": range(-10**6, 2), "audit_event": 1, "outbox_message": MAIL}),
        Outcome({"rate_limit_hit": range(-10**6, 2)}),  # a filled-in honeypot: only counted
    ]).post(form)


def _received_signal(world, opened=False, responded=False) -> Signal:
    signal = signal_services.receive_signal(world.body, politician=world.politician, text="Een melding over Anna.",
                                            source_url=None, contact_email=None, client="fuzz")
    if opened:
        signal_services.open_signal(signal, actor=world.griffie)
    if responded:
        signal_services.respond_to_signal(signal, actor=world.owner, text="Mijn reactie.")
    db.session.commit()
    return signal


@fuzz()
@given(data=st.data(), action=st.sampled_from(["niet-in-behandeling", "openen", "uitkomst"]))
def test_fuzz_griffie_signal_forms(app, world, data, action):
    signal = target(world, action, lambda: _received_signal(world, opened=action == "uitkomst",
                                                            responded=action == "uitkomst"))
    base = {"reason": "Buiten het register", "politician_id": str(world.politician.id), "outcome": "unfounded",
            "declaration_id": "", "agreement_id": "",
            "response_seen": str(signal.response.id) if signal.response else "0"}
    form = data.draw(mutated(base, {
        "reason": TEXT, "politician_id": ids("", world.politician.id),
        "outcome": choice("unfounded", "declaration_added", "agreement_made", "referred"),
        "declaration_id": ids("", world.declaration.id, world.others_declaration.id), "agreement_id": ids(""),
        "response_seen": NUMBERS}))
    _drop_if_changed(world, action, Form(
        client_for(app, world, "griffie"), f"/beheer/{world.body.slug}/meldingen/{signal.id}/{action}", [
            Outcome({"audit_event": 1, "outbox_message": MAIL, "~signal": 1}),
        ], {"signal": _row(Signal, signal.id)}).post(form))


@fuzz()
@given(data=st.data())
def test_fuzz_signal_response(app, world, data):
    signal = target(world, "respond", lambda: _received_signal(world, opened=True))
    form = data.draw(mutated({"text": "Dat klopt niet: ik ben daar gestopt."}, {"text": TEXT}))
    _drop_if_changed(world, "respond", Form(client_for(app, world, "owner"), f"/mijn/meldingen/{signal.id}", [
        Outcome({"signal_response": 1, "audit_event": 1, "outbox_message": MAIL, "~signal": range(0, 2)}),
    ], {"signal": _row(Signal, signal.id)}).post(form))


# --- recusals and context notes --------------------------------------------------------------------------------

def _signed_agreement(world) -> Agreement:
    agreement = make_agreement(world.politician, [world.declaration])
    review_services.sign_off(agreement, reviewer=world.reviewer)
    db.session.commit()
    return agreement


@fuzz()
@given(data=st.data(), by_griffie=st.booleans())
def test_fuzz_recusal(app, world, data, by_griffie):
    world.signed = target(world, "signed", lambda: _signed_agreement(world))
    base = {"meeting_date": (date.today() - timedelta(days=3)).isoformat(), "agenda_item": "Subsidie sportpark",
            "agreement_id": str(world.signed.id), "note": ""}
    form = data.draw(mutated(base, {"meeting_date": DATES, "agenda_item": TEXT,
                                    "agreement_id": ids("", world.signed.id), "note": TEXT}))
    url = f"/beheer/{world.body.slug}/ambtsdragers/{world.politician.id}/onthoudingen" if by_griffie \
        else "/mijn/onthoudingen/nieuw"
    Form(client_for(app, world, "griffie" if by_griffie else "owner"), url, [
        Outcome({"recusal": 1, "audit_event": 1}),
    ]).post(form)


@fuzz()
@given(data=st.data(), on_agreement=st.booleans())
def test_fuzz_context_note(app, world, data, on_agreement):
    world.signed = target(world, "signed", lambda: _signed_agreement(world))
    url = f"/mijn/toelichtingen/afspraak/{world.signed.id}" if on_agreement \
        else f"/mijn/toelichtingen/opgave/{world.declaration.id}"
    form = data.draw(mutated({"text": f"Toelichting {data.draw(st.integers())}"}, {"text": TEXT}))
    Form(client_for(app, world, "owner"), url, [Outcome({"context_note": 1, "audit_event": 1})]).post(form)


# --- size and characters ---------------------------------------------------------------------------------------

def test_request_over_the_size_limit_gets_413_and_saves_nothing(app, world):
    client = client_for(app, world, "owner")
    before = snapshot({})
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/mijn/opgaven/nieuw?soort=side_job", data={**NEW_DECLARATION, "description": big})
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True).lower()
    assert snapshot({}) == before


@pytest.mark.parametrize("field,value", [("organisation", "\x00"), ("organisation", "a\x00b"),
                                         ("description", "regel\x0bwissel"), ("role", "\x1b[31m"),
                                         ("explanation", "\ufffe"), ("started_on", "2025-01-01\x00"),
                                         ("hours_per_month", "4\x00")])
def test_control_characters_are_refused_next_to_the_field(app, world, field, value):
    """Every form field (of any form: the validator is added centrally) refuses them with a Dutch message."""
    client = client_for(app, world, "owner")
    before = snapshot({})
    response = client.post("/mijn/opgaven/nieuw?soort=side_job", data={**NEW_DECLARATION, field: value})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "onzichtbaar stuurteken" in html and f'id="{field}-error"' in html
    assert snapshot({}) == before


@pytest.mark.parametrize("url,data", [
    ("/login", {"email": "a\x00@example.nl", "password": "x"}),
    ("/mijn/afspraken/nieuw", {"title": "Titel\x00", "text": "Tekst"}),
])
def test_control_characters_are_refused_in_other_forms_too(app, world, url, data):
    client = client_for(app, world, "owner") if url.startswith("/mijn") else app.test_client()
    response = client.post(url, data=data)
    assert response.status_code == 200
    assert "onzichtbaar stuurteken" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/search?q=%00", "/register/%00/", "/api/v1/declarations?organisation=%00",
                                 "/organisatie/a%00b"])
def test_control_characters_in_the_address_are_refused(client, url):
    assert client.get(url).status_code == 400


def test_tabs_and_line_breaks_in_a_text_area_are_kept(app, world):
    client = client_for(app, world, "owner")
    response = client.post("/mijn/opgaven/nieuw?soort=side_job",
                           data={**NEW_DECLARATION, "description": "Regel één\r\n\tRegel twee"})
    assert response.status_code == 302
    version = db.session.scalars(select(Declaration).order_by(Declaration.id.desc())).first().current_version
    assert version.description == "Regel één\n\tRegel twee" or version.description == "Regel één\r\n\tRegel twee"
