"""Before publishing a late declaration the politician sees how late it will show publicly and may explain why; the
explanation stands beside the lateness badge on the public page, and the politician sees the same badge."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from register.extensions import db
from register.models import Declaration, DeclarationStatus
from register.public.periods import amsterdam_today
from tests.factories import make_declaration, make_politician, make_user

# The politician's term started in 2022 and the body's deadline is 7 days: started 30 days ago is 23 days late.
STARTED = amsterdam_today() - timedelta(days=30)
LATE = 23
WARNING = f"Let op: deze opgave wordt openbaar als {LATE} dagen te laat opgegeven"


@pytest.fixture
def owner(app):
    return make_user(politician=make_politician(name="Anna de Vries"), name="Anna de Vries")


@pytest.fixture
def as_owner(owner, login):
    return login(owner)


def _form(**overrides) -> dict:
    data = {"organisation": "Stichting Sportpark Noord", "role": "Penningmeester", "paid": "onbetaald",
            "started_on": STARTED.strftime("%d-%m-%Y"), "organisation_public": "openbaar",
            "description_public": "openbaar", "income_public": "openbaar", "hours_public": "openbaar",
            "explanation_public": "openbaar", "action": "publish"}
    data.update(overrides)
    return data


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Declaration))


def test_publishing_a_late_declaration_first_shows_the_warning_and_saves_nothing(as_owner):
    response = as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=_form())
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and WARNING in html
    assert 'name="late_seen" value="23"' in html and "Toelichting op de late opgave" in html
    assert _count() == 0


def test_confirmed_late_declaration_is_published_with_its_explanation_shown_publicly(owner, as_owner):
    response = as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=_form(
        late_seen=str(LATE), late_explanation="De functie begon tijdens mijn vakantie."))
    assert response.status_code == 302
    declaration = db.session.scalars(select(Declaration)).one()
    assert declaration.status == DeclarationStatus.published and declaration.days_late() == LATE
    assert declaration.late_explanation == "De functie begon tijdens mijn vakantie."
    politician = owner.politician
    public = as_owner.application.test_client().get(f"/register/{politician.body.slug}/{politician.slug}/")
    html = public.get_data(as_text=True)
    assert f"{LATE} dagen te laat" in html and "De functie begon tijdens mijn vakantie." in html
    for own_page in ("/mijn/", f"/mijn/opgaven/{declaration.id}"):
        assert f"{LATE} dagen te laat" in as_owner.get(own_page).get_data(as_text=True), own_page


def test_a_changed_start_date_shows_the_warning_again(as_owner):
    response = as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=_form(late_seen="5"))
    assert WARNING in response.get_data(as_text=True) and _count() == 0


def test_saving_a_draft_and_publishing_on_time_ask_nothing(as_owner):
    assert as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=_form(action="draft")).status_code == 302
    recent = (amsterdam_today() - timedelta(days=3)).isoformat()
    response = as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=_form(
        started_on=recent, late_explanation="Niet nodig."))
    assert response.status_code == 302
    on_time = db.session.scalars(select(Declaration).where(Declaration.status == DeclarationStatus.published)).one()
    assert on_time.late_explanation is None  # an explanation of lateness only goes with a late declaration


def test_too_long_explanation_is_refused_and_nothing_is_saved(as_owner):
    response = as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=_form(
        late_seen=str(LATE), late_explanation="x" * 1001))
    assert response.status_code == 200 and "ten hoogste 1000 tekens" in response.get_data(as_text=True)
    assert _count() == 0


def test_draft_page_says_how_late_and_publish_button_asks_first(owner, as_owner):
    draft = make_declaration(owner.politician, publish=False, started_on=STARTED)
    detail = as_owner.get(f"/mijn/opgaven/{draft.id}").get_data(as_text=True)
    assert f"{LATE} dagen te laat" in detail and "als u vandaag publiceert" in detail
    warned = as_owner.post(f"/mijn/opgaven/{draft.id}/publiceren")
    assert warned.status_code == 200 and WARNING in warned.get_data(as_text=True)
    assert db.session.get(Declaration, draft.id).status == DeclarationStatus.draft
    done = as_owner.post(f"/mijn/opgaven/{draft.id}/publiceren",
                         data={"late_seen": str(LATE), "late_explanation": "Vergeten, excuses."})
    assert done.status_code == 302
    db.session.expire_all()
    published = db.session.get(Declaration, draft.id)
    assert published.status == DeclarationStatus.published and published.late_explanation == "Vergeten, excuses."


def test_edit_of_a_draft_with_publish_warns_too(owner, as_owner):
    draft = make_declaration(owner.politician, publish=False)
    response = as_owner.post(f"/mijn/opgaven/{draft.id}/bewerken", data=_form(based_on="1"))
    assert response.status_code == 200 and WARNING in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Declaration, draft.id).current_number == 1


def test_another_politician_cannot_open_the_publish_page(owner, login):
    draft = make_declaration(owner.politician, publish=False, started_on=STARTED)
    other = login(make_user(politician=make_politician()))
    assert other.get(f"/mijn/opgaven/{draft.id}/publiceren").status_code == 403
    assert other.post(f"/mijn/opgaven/{draft.id}/publiceren", data={"late_seen": str(LATE)}).status_code == 403
    assert db.session.get(Declaration, draft.id).status == DeclarationStatus.draft


def test_dates_are_accepted_the_dutch_way_and_from_the_date_picker(as_owner):
    recent = amsterdam_today() - timedelta(days=1)
    for typed in (recent.strftime("%d-%m-%Y"), recent.isoformat()):
        assert as_owner.post("/mijn/opgaven/nieuw?soort=side_job",
                             data=_form(started_on=typed, action="draft")).status_code == 302
    assert {d.current_version.started_on for d in db.session.scalars(select(Declaration))} == {recent}
    html = as_owner.get("/mijn/opgaven/nieuw?soort=side_job").get_data(as_text=True)
    assert "Bijvoorbeeld 01-03-2026" in html and "2026-03-01" not in html
