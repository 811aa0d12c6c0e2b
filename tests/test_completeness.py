"""The yearly confirmation: the politician confirms, the public sees when, and tells 'nothing to declare' apart
from 'has not declared anything yet'."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, UTC

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from register.declarations import services as declaration_services
from register.extensions import db
from register.models import AuditEvent, Confirmation
from register.models.base import AMSTERDAM
from register.models.base import amsterdam_today
from register.public.periods import confirmation_overdue
from register.templating import format_date
from tests.factories import make_body, make_declaration, make_group, make_politician, make_politician_user, make_user
from tests.test_public import dd_after, page, politician_url


@pytest.fixture
def group(app):
    return make_group(make_body("Gemeente Zichtstad", slug="zichtstad"), "Lokaal Zichtstad")


@pytest.fixture
def owner(group):
    return make_politician_user(group, name="Anna Jansen")


def confirm(politician, moment: datetime | None = None):
    """Confirm through the service, then (for the test) move the confirmation to `moment`."""
    confirmation = declaration_services.confirm_register(politician, actor=politician.user)
    if moment is not None:
        confirmation.confirmed_at = politician.last_confirmed_at = moment
    db.session.commit()
    return confirmation


def months_ago(months: int, days: int = 0) -> datetime:
    day = amsterdam_today() - relativedelta(months=months) - timedelta(days=days)
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=AMSTERDAM)


def body_cell(client, name: str) -> str:
    html = page(client, "/register/zichtstad/")
    row = re.search(rf">{re.escape(name)}</a></th>(.*?)</tr>", html, re.S).group(1)
    return re.sub(r"\s+", " ", re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- the politician confirms --------------------------------------------------------------------------------

CHECKLIST = {"side_jobs": "y", "financial": "y", "gifts": "y", "family": "y"}


def test_dashboard_shows_never_confirmed_and_a_confirm_button(owner, login):
    client = login(owner)
    html = client.get("/mijn/").get_data(as_text=True)
    assert "Register bevestigen</h2>" in html
    assert dd_after(html, "Laatst bevestigd") == "nog nooit"
    assert "nu nodig" in dd_after(html, "Volgende bevestiging")
    assert 'href="/mijn/bevestigen"' in html
    checklist = client.get("/mijn/bevestigen").get_data(as_text=True)
    assert re.search(r'<form[^>]*method="post"', checklist) and checklist.count('type="checkbox"') == 4
    assert "geschenken en uitnodigingen van de afgelopen 12 maanden" in checklist
    assert "Ik bevestig dat mijn register volledig is</button>" in checklist


@pytest.mark.parametrize("missing", list(CHECKLIST))
def test_confirming_needs_every_item_of_the_checklist(owner, login, missing):
    response = login(owner).post("/mijn/bevestigen", data={k: v for k, v in CHECKLIST.items() if k != missing})
    assert response.status_code == 200
    assert "Vink dit aan als het klopt" in response.get_data(as_text=True)
    assert count(Confirmation) == 0


def test_confirming_records_a_dated_confirmation_with_audit_and_says_so(owner, login):
    client = login(owner)
    make_declaration(owner.politician)
    response = client.post("/mijn/bevestigen", data=CHECKLIST)
    assert response.status_code == 302 and response.headers["Location"].endswith("/mijn/")
    confirmation = db.session.scalar(select(Confirmation))
    assert confirmation.politician_id == owner.politician_id and not confirmation.nothing_to_declare
    assert confirmation.confirmed_by_id == owner.id
    assert owner.politician.last_confirmed_at == confirmation.confirmed_at
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "register.confirmed")) is not None
    html = client.get("/mijn/").get_data(as_text=True)
    assert f"U heeft op {format_date(confirmation.confirmed_at)} bevestigd dat uw register volledig is." in html
    assert dd_after(html, "Laatst bevestigd") == format_date(confirmation.confirmed_at)
    assert "uiterlijk" in dd_after(html, "Volgende bevestiging")


def test_confirming_an_empty_register_says_nothing_to_declare(owner, login):
    client = login(owner)
    client.post("/mijn/bevestigen", data=CHECKLIST)
    assert db.session.scalar(select(Confirmation)).nothing_to_declare
    assert "bevestigd dat u niets op te geven heeft" in client.get("/mijn/").get_data(as_text=True)


def test_dashboard_shows_an_overdue_confirmation(owner, login):
    confirm(owner.politician, months_ago(13))
    html = login(owner).get("/mijn/").get_data(as_text=True)
    assert "bevestiging verlopen" in dd_after(html, "Volgende bevestiging")


def test_confirming_needs_a_csrf_token(owner, login):
    response = login(owner).post("/mijn/bevestigen", data=CHECKLIST, csrf=False)
    assert response.status_code == 400
    assert count(Confirmation) == 0


def test_anonymous_cannot_confirm(client, owner):
    response = client.post("/mijn/bevestigen")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert count(Confirmation) == 0


@pytest.mark.parametrize("role", ["plain", "griffie", "reviewer"])
def test_an_account_without_a_politician_cannot_confirm(login, group, role):
    kwargs = {"griffie": {"griffie_of": [group.body]}, "reviewer": {"reviewer_of": [group]}}.get(role, {})
    assert login(make_user(**kwargs)).post("/mijn/bevestigen").status_code == 403
    assert count(Confirmation) == 0


def test_showing_the_checklist_confirms_nothing(owner, login):
    assert login(owner).get("/mijn/bevestigen").status_code == 200
    assert count(Confirmation) == 0


# --- the public sees it -------------------------------------------------------------------------------------

def test_body_page_tells_the_confirmation_states_apart(client, group):
    recent = make_politician(group, name="Recent Bevestigd")
    make_declaration(recent)
    when = confirm(recent, months_ago(2)).confirmed_at
    overdue = make_politician(group, name="Verlopen Bevestiging")
    make_declaration(overdue)
    confirm(overdue, months_ago(13))
    empty = make_politician(group, name="Niets Op Te Geven")
    empty_when = confirm(empty, months_ago(1)).confirmed_at
    never = make_politician(group, name="Nooit Iets Gemeld")
    undeclared = make_politician(group, name="Wel Opgaven Niet Bevestigd")
    make_declaration(undeclared)

    assert body_cell(client, recent.name) == f"laatst bevestigd op {format_date(when)}"
    cell = body_cell(client, overdue.name)
    assert f"laatst bevestigd op {format_date(months_ago(13))}" in cell and "bevestiging verlopen" in cell
    assert body_cell(client, empty.name) == f"niets op te geven (bevestigd op {format_date(empty_when)})"
    assert "heeft nog niets opgegeven" in body_cell(client, never.name)
    assert "nog niet bevestigd" in body_cell(client, undeclared.name)
    assert "heeft nog niets opgegeven" not in body_cell(client, undeclared.name)


def test_nothing_to_declare_ends_when_a_declaration_is_published_later(client, group):
    politician = make_politician(group, name="Later Wel Iets")
    confirm(politician)
    assert "niets op te geven" in body_cell(client, politician.name)
    make_declaration(politician)
    assert body_cell(client, politician.name).startswith("laatst bevestigd op")


def test_an_ended_declaration_only_is_not_nothing_declared(client, group):
    politician = make_politician(group, name="Alleen Beëindigd")
    make_declaration(politician, ended_on=date(2025, 6, 1))
    assert "nog niet bevestigd" in body_cell(client, politician.name)


def test_politician_page_shows_the_confirmation(client, group):
    politician = make_politician(group, name="Anna Pagina")
    make_declaration(politician)
    confirm(politician, months_ago(14))
    html = page(client, politician_url(politician))
    fact = dd_after(html, "Register bevestigd")
    assert "laatst bevestigd op" in fact and "bevestiging verlopen" in fact
    empty = make_politician(group, name="Leeg Register")
    confirm(empty)
    html = page(client, politician_url(empty))
    assert "niets op te geven (bevestigd op" in dd_after(html, "Register bevestigd")
    assert "De ambtsdrager heeft bevestigd niets op te geven." in html


# --- the 12-month rule --------------------------------------------------------------------------------------

@pytest.mark.parametrize("confirmed, today, overdue", [
    (date(2025, 3, 15), date(2026, 3, 15), False),  # exactly 12 months: still current
    (date(2025, 3, 14), date(2026, 3, 15), True),
    (date(2024, 2, 29), date(2025, 2, 28), False),  # month end clamps
    (date(2024, 2, 29), date(2025, 3, 1), True),
])
def test_a_confirmation_is_overdue_after_12_months(confirmed, today, overdue):
    moment = datetime(confirmed.year, confirmed.month, confirmed.day, 23, 30, tzinfo=AMSTERDAM)
    assert confirmation_overdue(moment.astimezone(UTC), today) is overdue
