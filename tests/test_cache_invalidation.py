"""What moves the data version: every change that can reach a public page, export, feed or API, whichever model it
is in; and nothing that cannot (so that logins, signals and throttling leave the page cache warm)."""
from __future__ import annotations

import enum
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import JSON, func, inspect, select, update
from sqlalchemy.exc import DBAPIError

from register import data_version
from register.admin import services as admin
from register.auth.services import authenticate
from register.demo import load_demo_data
from register.extensions import db
from register.models import (
    AccountToken, Agreement, AuditEvent, ContentVersion, DeclarationVersion, FormerSlug, ImportBatch, ImportUpload,
    MatchSuppression, Signal, SignalOutcome, Subscription, TokenPurpose, User,
)
from register.recusals import services as recusals
from register.signals import services as signals
from tests.factories import (
    PASSWORD, make_agreement, make_body, make_declaration, make_group, make_politician, make_user, sign_off,
)
from tests.public_outputs import public_urls, render_all


def page_of(politician) -> str:
    return f"/register/{politician.body.slug}/{politician.slug}/"


@pytest.fixture
def signed(app):
    """A politician whose agreement was signed off by a reviewer named "Bea Beoordelaar"."""
    body = make_body(slug="voorbeeldstad", name="Gemeente Voorbeeldstad")
    group = make_group(body, name="Fractie Één")
    politician = make_politician(group, name="Anna de Vries")
    reviewer = make_user(reviewer_of=[group], name="Bea Beoordelaar")
    sign_off(make_agreement(politician), reviewer)
    griffie = make_user(griffie_of=[body], name="Griffier")
    return politician, reviewer, griffie


def test_renamed_reviewer_shows_at_once_on_a_cached_page(app, client, signed):
    politician, reviewer, griffie = signed
    before = client.get(page_of(politician))
    assert "Bea Beoordelaar" in before.text

    griffie_client = app.test_client()
    assert griffie_client.post("/login", data={"email": griffie.email, "password": "correct horse battery staple"}
                               ).status_code == 302
    edit = f"/beheer/{politician.body.slug}/accounts/{reviewer.id}/bewerken"
    groups = [str(politician.group_id)]
    response = griffie_client.post(edit, data={"name": "Bea de Beoordelaar-Smit", "email": reviewer.email,
                                               "reviewer_groups": groups})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, reviewer.id).name == "Bea de Beoordelaar-Smit"

    after = client.get(page_of(politician), headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Bea de Beoordelaar-Smit" in after.text and "Bea Beoordelaar" not in after.text


def test_a_bulk_update_of_public_data_moves_the_version(app, client, signed):
    """An UPDATE statement run through the session (not a changed object) counts as a change too."""
    politician = signed[0]
    before = client.get(page_of(politician))
    db.session.execute(update(DeclarationVersion).values(organisation="Stichting Bijgewerkt In Bulk"))
    db.session.commit()
    after = client.get(page_of(politician))
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Stichting Bijgewerkt In Bulk" in after.text
    assert db.session.scalars(select(DeclarationVersion.organisation)).first() == "Stichting Bijgewerkt In Bulk"


# --- every model, every column ---------------------------------------------------------------------------------

def _fill_every_model() -> None:
    """The demo register plus what the demo leaves out: signals in every state with a response and an outcome,
    a recusal, context notes, a failed login (and, through the signals, throttling counts and mail)."""
    body = load_demo_data()
    db.session.commit()
    users = {user.email: user for user in db.session.scalars(select(User))}
    griffie, jeroen = users["griffie@voorbeeldstad.demo"], users["raadslid@voorbeeldstad.demo"]
    politician = jeroen.politician
    signal = {}
    for n, state in enumerate(("received", "dismissed", "closed")):
        signal[state] = signals.receive_signal(
            body, politician=politician, text=f"Melding {state}: een nevenfunctie die niet in het register staat.",
            source_url="https://nieuws.example.nl/artikel", contact_email=f"melder{n}@example.nl", client=f"c{n}")
    signals.dismiss_signal(signal["dismissed"], actor=griffie, reason="Buiten de reikwijdte van het register.")
    signals.open_signal(signal["closed"], actor=griffie)
    signals.respond_to_signal(signal["closed"], actor=jeroen, text="Die functie heb ik vorige week opgegeven.")
    late = make_declaration(politician, organisation="Stichting Na De Melding", actor=jeroen)
    signals.record_outcome(signal["closed"], actor=griffie, outcome=SignalOutcome.declaration_added,
                           reason="De opgave is gedaan.", declaration=late)
    agreement = db.session.scalars(select(Agreement).where(Agreement.politician_id == politician.id,
                                                           Agreement.signed_number.is_not(None))).first()
    recusals.record_recusal(politician, actor=jeroen, meeting_date=date.today(), agenda_item="Subsidie sportpark",
                            agreement=agreement, note="Niet meegestemd.")
    recusals.add_context_note(actor=jeroen, text="Toelichting bij de opgave.", declaration=late)
    recusals.add_context_note(actor=jeroen, text="Toelichting bij de afspraak.", agreement=agreement)
    authenticate("raadslid@voorbeeldstad.demo", "een verkeerd wachtwoord", client_address="192.0.2.7")
    db.session.commit()
    # A second body, so that every reference to a body, fractie or politician can point elsewhere.
    water = make_body(name="Waterschap Tweestromen", slug="tweestromen")
    make_declaration(make_politician(make_group(water, name="Water Natuurlijk"), name="Wim Waterman"),
                     organisation="Stichting Dijkbehoud")
    _fill_later_models(body, griffie, politician)


def _fill_later_models(body, griffie, politician) -> None:
    """Rows of the models the demo leaves empty: a former slug, one-time links, uploads kept between preview and
    import, a word the politician said does not concern them."""
    now = datetime.now(UTC)
    db.session.add_all([
        FormerSlug(body_id=body.id, slug="j-bakker", politician_id=politician.id),
        AccountToken(user_id=griffie.id, purpose=TokenPurpose.reset, token_hash="a" * 64,
                     expires_at=now + timedelta(hours=1)),
        ImportBatch(body_id=body.id, created_by_id=griffie.id, filename="mensen.csv", content="naam\nAnna",
                    content_hash="b" * 64),
        ImportUpload(body_id=body.id, user_id=griffie.id, purpose="relations", filename="subsidies.csv",
                     content=b"organisatie;bedrag\nStichting X;100"),
        MatchSuppression(politician_id=politician.id, term="sportpark", created_by_id=griffie.id),
        Subscription(email="volger@example.nl", email_key="c" * 64, body_id=body.id, politician_id=politician.id,
                     link_nonce="d" * 43, unsubscribe_hash="e" * 64, confirmed_at=now, last_digest_at=now),
    ])
    db.session.commit()


@pytest.fixture
def everything(app):
    _fill_every_model()
    models = [mapper.class_ for mapper in db.Model.registry.mappers]
    empty = [m.__name__ for m in models if db.session.scalar(select(func.count()).select_from(m)) == 0]
    assert not empty, f"add rows of {empty} to _fill_every_model: every model must be in the test register"
    return models


def _version() -> int:
    return db.session.connection().execute(select(ContentVersion.version)).scalar_one()


def _columns(model):
    return [c for c in inspect(model).column_attrs if not c.columns[0].primary_key]


def _referenced_ids(column, current, unique: bool) -> list:
    target = next(iter(column.foreign_keys)).column
    ids = list(db.session.execute(select(target).where(target != current).order_by(target)).scalars())
    if unique:
        used = set(db.session.execute(select(column).where(column.is_not(None))).scalars())
        ids = [i for i in ids if i not in used]
    return ids


def _python_type(type_) -> type:
    if isinstance(type_, JSON):
        return dict
    try:
        return type_.python_type
    except NotImplementedError:  # a TypeDecorator (UTCDateTime): the type it stores
        return type_.impl.python_type


def changed_value(obj, attribute):
    """A different, valid value for one column of `obj` (another existing row for a foreign key)."""
    column = attribute.columns[0]
    value = getattr(obj, attribute.key)
    if column.foreign_keys:
        ids = _referenced_ids(column, value, bool(column.unique))
        assert ids or column.nullable, f"no other row for {type(obj).__name__}.{attribute.key} to point to"
        return ids[0] if ids else None
    kind = _python_type(column.type)
    if value is None:
        value = {str: "Gewijzigd", int: 7, bool: False, date: date(2024, 1, 2), dict: {},
                 datetime: datetime(2024, 1, 2, tzinfo=UTC)}.get(kind, next(iter(kind)) if issubclass(kind, enum.Enum)
                                                                else None)
    if isinstance(value, enum.Enum):
        members = list(type(value))
        return members[(members.index(value) + 1) % len(members)]
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1000
    if isinstance(value, str):
        length = getattr(column.type, "length", None) or len(value) + 2
        return (value[:length - 1] + ("Z" if not value.endswith("Z") else "Y"))
    if isinstance(value, datetime | date):
        return value + timedelta(days=3)
    if isinstance(value, dict):
        return {**value, "gewijzigd": True}
    if isinstance(value, Decimal):
        return value + 1000
    if isinstance(value, list):
        return [*value, "gewijzigd"]
    if isinstance(value, bytes):
        return value + b"Z"
    raise TypeError(f"no changed value for {type(obj).__name__}.{attribute.key} ({value!r})")


def _private_attributes(model):
    if issubclass(model, data_version.PRIVATE_MODELS):
        return _columns(model)
    return [a for a in _columns(model) if a.key in data_version.PRIVATE_COLUMNS.get(model, ())]


def _candidates(obj, attribute) -> list:
    """Values to try: every other row a foreign key can point to (one may clash with a unique key), else one."""
    column = attribute.columns[0]
    if column.foreign_keys:
        return _referenced_ids(column, getattr(obj, attribute.key), bool(column.unique))[:20] or [None]
    return [changed_value(obj, attribute)]


def _moves_the_version(model, attribute) -> bool | None:
    """Change one column of one row and flush: did the version move? None when no change was accepted."""
    key = inspect(model).primary_key
    rows = [tuple(row) for row in
            db.session.execute(select(*key).order_by(*(column.desc() for column in key)).limit(30))]
    for row in rows:
        for value in _candidates(db.session.get(model, row), attribute):
            savepoint = db.session.begin_nested()
            before = _version()
            setattr(db.session.get(model, row), attribute.key, value)
            try:
                db.session.flush()
            except DBAPIError:  # a unique key (another row may take it), or the append-only audit trail
                savepoint.rollback()
                continue
            moved = _version() != before
            savepoint.rollback()
            return moved
    return None


def test_every_change_of_a_column_moves_the_version_unless_it_is_listed_private(app, everything):
    """Changed one at a time on one row of every model: the version moves for every column but the private ones."""
    wrong = []
    for model in everything:
        if model is ContentVersion:
            continue  # the version itself
        private = {a.key for a in _private_attributes(model)}
        for attribute in _columns(model):
            moved = _moves_the_version(model, attribute)
            if moved is None:
                # Only the append-only audit trail refuses every change; it is private, so nothing moves.
                assert model is AuditEvent, f"{model.__name__}.{attribute.key} could not be changed"
            elif moved == (attribute.key in private):
                wrong.append(f"{model.__name__}.{attribute.key}: {'moved' if moved else 'did not move'}")
    assert wrong == []


GENERATED_AT = re.compile(rb'"generated_at": ?"[^"]*"')


def _differences(before: dict, after: dict) -> list[str]:
    """The addresses whose status or body differ (an export's time of generation aside)."""
    return [url for url in before if (before[url][0], GENERATED_AT.sub(b"", before[url][1]))
            != (after[url][0], GENERATED_AT.sub(b"", after[url][1]))]


def _change_every_row(model, attributes) -> None:
    """Change the columns on every row; a unique reference is cleared, or set to a different free row each time."""
    rows = db.session.scalars(select(model)).all() if attributes else []
    for attribute in attributes:
        column = attribute.columns[0]
        free = _referenced_ids(column, None, True) if column.foreign_keys and column.unique else []
        for obj in rows:
            if not (column.foreign_keys and column.unique):
                value = changed_value(obj, attribute)
            elif getattr(obj, attribute.key) is not None and column.nullable:
                value = None
            else:
                value = free.pop(0)
            setattr(obj, attribute.key, value)


def test_private_data_reaches_no_public_output(app, client, everything):
    """Every private column changed on every row, every private row deleted (the append-only audit trail doubled
    instead): no public page, export, feed or API answer changes, and the data version stays where it was."""
    urls = public_urls()
    assert len(urls) > 100
    before, version = render_all(client, urls), _version()

    for model in everything:
        if model is ContentVersion or model is AuditEvent:
            continue
        attributes = _private_attributes(model)
        with db.session.no_autoflush:  # every value chosen against the data as it was
            _change_every_row(model, attributes)
    for event_ in db.session.scalars(select(AuditEvent)).all():
        db.session.add(AuditEvent(**{a.key: changed_value(event_, a) if a.key != "actor_id" else event_.actor_id
                                     for a in _columns(AuditEvent)}))
    db.session.commit()
    assert _version() == version
    assert _differences(before, render_all(client, urls)) == []

    for table in reversed(db.metadata.sorted_tables):  # children first
        model = next((m for m in everything if m.__table__ is table), None)
        if model is not None and issubclass(model, data_version.PRIVATE_MODELS) and model not in (
                ContentVersion, AuditEvent):
            for obj in db.session.scalars(select(model)):
                db.session.delete(obj)
            db.session.flush()
    db.session.commit()
    assert _version() == version
    assert _differences(before, render_all(client, urls)) == []


def test_visits_logins_searches_and_signals_leave_the_version_alone(app, client, signed):
    """What anonymous visitors and logging in do all day must not empty every worker's page cache."""
    politician, reviewer, _griffie = signed
    version = _version()
    db.session.rollback()
    for url in (page_of(politician), "/search?q=Stichting", "/api/v1/declarations", "/export/all.csv"):
        assert client.get(url).status_code == 200
    assert client.post("/login", data={"email": reviewer.email, "password": "niet dit"}).status_code == 200
    assert client.post("/login", data={"email": reviewer.email, "password": PASSWORD}).status_code == 302
    assert client.post("/logout").status_code == 302
    signal = client.post(f"/register/{politician.body.slug}/{politician.slug}/melding",
                         data={"text": "Een nevenfunctie die ik nergens zie staan in het register.", "website": ""})
    assert signal.status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Signal)) == 1
    assert _version() == version


@pytest.mark.parametrize("change, shown", [
    (lambda p, griffie: admin.update_body_settings(p.body, name="Gemeente Nieuwstad", declaration_deadline_days=7,
                                                   required_sign_offs=1, actor=griffie), "Gemeente Nieuwstad"),
    (lambda p, griffie: admin.update_group(p.group, name="Fractie Nieuw", actor=griffie), "Fractie Nieuw"),
    (lambda p, griffie: admin.update_politician(p, name="Anna van Vries-Nieuw", sort_name=None, office=p.office,
                                                group=p.group, term_start=p.term_start, term_end=p.term_end,
                                                actor=griffie), "Anna van Vries-Nieuw"),
])
def test_the_griffie_renaming_a_body_fractie_or_politician_shows_on_cached_pages(app, client, signed, change,
                                                                                shown):
    politician, _reviewer, griffie = signed
    urls = [page_of(politician), f"/register/{politician.body.slug}/", "/", "/search?q=Stichting"]
    before = {url: client.get(url) for url in urls}
    change(politician, griffie)
    db.session.commit()
    for url in urls:
        after = client.get(url, headers={"If-None-Match": before[url].headers["ETag"]})
        assert after.status_code == 200 and after.headers["ETag"] != before[url].headers["ETag"], url
    assert shown in client.get(page_of(politician)).text
