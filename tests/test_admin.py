"""The griffie's management pages: settings, fracties, politicians, accounts, audit trail, and who may use them."""
from __future__ import annotations

import html
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from register.admin.services import derive_sort_name, today_local
from register.slugs import make_slug
from register.extensions import db
from register.models import AuditEvent, Body, BodyKind, Group, Office, Politician, RoleGrant, RoleKind, User
from register.models.base import utcnow
from tests.factories import PASSWORD, make_body, make_group, make_politician, make_user

NEW_PASSWORD = "een ander lang wachtwoord"


def _events(action: str | None = None, body: Body | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    if body:
        query = query.where(AuditEvent.body_id == body.id)
    return list(db.session.scalars(query))


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _text(response) -> str:
    """The page as a reader sees it (entities such as &#39; unescaped)."""
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def world(app):
    """Body A with a fractie and its griffie; body B with a fractie, a politician and its own griffie."""
    a = make_body("Gemeente Aastad", slug="aastad")
    b = make_body("Gemeente Beedorp", slug="beedorp")
    w = SimpleNamespace(a=a, b=b, group_a=make_group(a, "Stadspartij"), group_b=make_group(b, "Dorpsbelang"))
    w.griffie_a = make_user(griffie_of=[a], name="Greet Griffier", email="griffie-a@example.nl")
    w.griffie_b = make_user(griffie_of=[b], name="Bart Griffier", email="griffie-b@example.nl")
    w.pol_b = make_politician(w.group_b, name="Piet Beedorp")
    return w


@pytest.fixture
def as_griffie(world, login):
    return login(world.griffie_a)


# --------------------------------------------------------------------------------------------- helpers


def test_slug_and_sort_name_are_derived_from_the_name():
    assert make_slug("Gemeentebelang Élan & Co!", "x") == "gemeentebelang-elan-co"
    assert make_slug("!!!", "fractie") == "fractie"
    assert derive_sort_name("Anna de Vries") == "Vries, Anna de"
    assert derive_sort_name("Cher") == "Cher"


# --------------------------------------------------------------------------------------------- index and overview


def test_index_lists_only_the_bodies_this_griffie_manages_with_counts(world, login):
    c = make_body("Gemeente Ceestad", slug="ceestad")
    user = make_user(griffie_of=[world.a, c])
    make_politician(world.group_a)
    response = login(user).get("/beheer/")
    html = _text(response)
    assert response.status_code == 200
    assert "Gemeente Aastad" in html and "Gemeente Ceestad" in html
    assert "Gemeente Beedorp" not in html
    assert "Actieve ambtsdragers" in html and "Accounts" in html


def test_body_overview_links_to_fracties_politicians_and_accounts(world, as_griffie):
    make_politician(world.group_a, name="Anna Aastad")
    response = as_griffie.get("/beheer/aastad/")
    html = _text(response)
    assert response.status_code == 200
    assert "<h1>Gemeente Aastad</h1>" in html and "Stadspartij" in html
    for path in ("/beheer/aastad/fracties", "/beheer/aastad/ambtsdragers", "/beheer/aastad/accounts",
                 "/beheer/aastad/instellingen", "/beheer/aastad/logboek"):
        assert f'href="{path}"' in html
    assert "1 actief, 0 gedeactiveerd" in html


# --------------------------------------------------------------------------------------------- settings


def test_settings_are_saved_and_audited_with_old_and_new_values(world, as_griffie):
    response = as_griffie.post("/beheer/aastad/instellingen", data={
        "name": "Gemeenteraad Aastad", "declaration_deadline_days": "28", "required_sign_offs": "2"})
    assert response.status_code == 302
    body = db.session.get(Body, world.a.id)
    assert (body.name, body.declaration_deadline_days, body.required_sign_offs) == ("Gemeenteraad Aastad", 28, 2)
    [event] = _events("body.settings_updated")
    assert event.body_id == body.id and event.actor_id == world.griffie_a.id
    assert event.data["changes"]["declaration_deadline_days"] == [7, 28]
    assert event.data["changes"]["name"] == ["Gemeente Aastad", "Gemeenteraad Aastad"]


@pytest.mark.parametrize("days,sign_offs,message", [
    ("0", "1", "Kies een termijn van 1 tot en met 365 dagen."),
    ("1000", "1", "Kies een termijn van 1 tot en met 365 dagen."),
    ("", "1", "Vul het aantal dagen in."),
    ("zeven", "1", "Kies een termijn van 1 tot en met 365 dagen."),
    ("7", "0", "Kies een aantal van 1 tot en met 5."),
    ("7", "6", "Kies een aantal van 1 tot en met 5."),
])
def test_settings_out_of_range_are_refused_in_dutch_and_nothing_is_saved(world, as_griffie, days, sign_offs,
                                                                           message):
    response = as_griffie.post("/beheer/aastad/instellingen", data={
        "name": "Andere naam", "declaration_deadline_days": days, "required_sign_offs": sign_offs})
    assert response.status_code == 200
    assert message in _text(response)
    db.session.expire_all()
    body = db.session.get(Body, world.a.id)
    assert (body.name, body.declaration_deadline_days, body.required_sign_offs) == ("Gemeente Aastad", 7, 1)
    assert _events("body.settings_updated") == []


def test_settings_form_shows_the_current_values(world, as_griffie):
    html = _text(as_griffie.get("/beheer/aastad/instellingen"))
    assert 'value="Gemeente Aastad"' in html and 'value="7"' in html
    assert '<label for="declaration_deadline_days">' in html


# --------------------------------------------------------------------------------------------- fracties


def test_griffie_creates_a_fractie_with_a_slug_from_its_name(world, as_griffie):
    response = as_griffie.post("/beheer/aastad/fracties/nieuw", data={"name": "  Groen Links Aastad "})
    assert response.status_code == 302
    group = db.session.scalar(select(Group).where(Group.name == "Groen Links Aastad"))
    assert group.body_id == world.a.id and group.slug == "groen-links-aastad" and group.active
    [event] = _events("group.created")
    assert event.body_id == world.a.id and event.object_id == group.id
    assert "Groen Links Aastad" in _text(as_griffie.get("/beheer/aastad/fracties"))


@pytest.mark.parametrize("name,message", [
    ("stadspartij", "Er bestaat in dit orgaan al een fractie met de naam 'Stadspartij'."),
    ("  STADSPARTIJ ", "Er bestaat in dit orgaan al een fractie met de naam 'Stadspartij'."),
    ("", "Vul de naam van de fractie in."),
    ("   ", "Vul de naam van de fractie in."),
    ("Fractie\x00X", "Gebruik geen regeleinden of andere stuurtekens."),
    ("x" * 161, "De naam mag ten hoogste 160 tekens lang zijn."),
])
def test_bad_fractie_name_is_refused_in_dutch(world, as_griffie, name, message):
    response = as_griffie.post("/beheer/aastad/fracties/nieuw", data={"name": name})
    assert response.status_code == 200
    assert message in _text(response)
    assert _count(Group, Group.body_id == world.a.id) == 1
    assert _events("group.created") == []


def test_same_fractie_name_is_allowed_in_another_body(world, as_griffie):
    assert as_griffie.post("/beheer/aastad/fracties/nieuw", data={"name": "Dorpsbelang"}).status_code == 302
    assert _count(Group, Group.name == "Dorpsbelang") == 2


def test_griffie_renames_a_fractie_and_the_slug_stays(world, as_griffie):
    old_slug = world.group_a.slug
    response = as_griffie.post(f"/beheer/aastad/fracties/{world.group_a.id}/bewerken", data={"name": "Stadslijst"})
    assert response.status_code == 302
    group = db.session.get(Group, world.group_a.id)
    assert group.name == "Stadslijst" and group.slug == old_slug
    [event] = _events("group.updated")
    assert event.data["changes"] == {"name": ["Stadspartij", "Stadslijst"]}


def test_rename_to_another_fracties_name_is_refused(world, as_griffie):
    other = make_group(world.a, "Lokaal Belang")
    response = as_griffie.post(f"/beheer/aastad/fracties/{other.id}/bewerken", data={"name": "STADSPARTIJ"})
    assert "al een fractie met de naam" in _text(response)
    assert db.session.get(Group, other.id).name == "Lokaal Belang"


def test_fractie_is_deactivated_and_reactivated_never_deleted(world, as_griffie):
    url = f"/beheer/aastad/fracties/{world.group_a.id}"
    assert as_griffie.get(f"{url}/deactiveren").status_code == 405
    assert as_griffie.post(f"{url}/deactiveren").status_code == 302
    assert db.session.get(Group, world.group_a.id).active is False
    assert "gedeactiveerd" in _text(as_griffie.get("/beheer/aastad/fracties"))
    assert as_griffie.post(f"{url}/activeren").status_code == 302
    db.session.expire_all()
    assert db.session.get(Group, world.group_a.id).active is True
    assert [e.action for e in _events(body=world.a) if e.action.startswith("group.")] == \
        ["group.deactivated", "group.reactivated"]


def test_deactivating_a_fractie_twice_gives_a_message_not_an_error(world, as_griffie):
    url = f"/beheer/aastad/fracties/{world.group_a.id}/deactiveren"
    as_griffie.post(url)
    response = as_griffie.post(url, follow_redirects=True)
    assert response.status_code == 200 and "Deze fractie is al gedeactiveerd." in _text(response)
    assert len(_events("group.deactivated")) == 1


# --------------------------------------------------------------------------------------------- ambtsdragers


def _politician_data(world, **overrides) -> dict:
    data = {"name": "Anna de Vries", "sort_name": "", "office": "raadslid", "group": str(world.group_a.id),
            "term_start": "2026-03-30", "term_end": ""}
    data.update(overrides)
    return data


def test_griffie_adds_a_politician_with_derived_slug_and_sort_name(world, as_griffie):
    response = as_griffie.post("/beheer/aastad/ambtsdragers/nieuw", data=_politician_data(world))
    assert response.status_code == 302
    politician = db.session.scalar(select(Politician).where(Politician.name == "Anna de Vries"))
    assert politician.body_id == world.a.id and politician.group_id == world.group_a.id
    assert politician.slug == "anna-de-vries" and politician.sort_name == "Vries, Anna de"
    assert politician.office == Office.raadslid and politician.term_start == date(2026, 3, 30)
    assert politician.term_end is None and politician.active
    [event] = _events("politician.created")
    assert event.body_id == world.a.id and event.object_id == politician.id


def test_same_name_gets_a_numbered_slug_within_the_body(world, as_griffie):
    for _ in range(2):
        as_griffie.post("/beheer/aastad/ambtsdragers/nieuw", data=_politician_data(world))
    slugs = sorted(db.session.scalars(select(Politician.slug).where(Politician.body_id == world.a.id)))
    assert slugs == ["anna-de-vries", "anna-de-vries-2"]


def test_politician_without_fractie_and_with_own_sort_name(world, as_griffie):
    data = _politician_data(world, name="Burgemeester Bos", sort_name="Bos", office="burgemeester", group="")
    assert as_griffie.post("/beheer/aastad/ambtsdragers/nieuw", data=data).status_code == 302
    politician = db.session.scalar(select(Politician).where(Politician.name == "Burgemeester Bos"))
    assert politician.group_id is None and politician.sort_name == "Bos" and politician.office == Office.burgemeester


@pytest.mark.parametrize("overrides,message", [
    ({"name": ""}, "Vul de naam in."),
    ({"office": "keizer"}, "Kies een ambt uit de lijst."),
    ({"office": "statenlid"}, "Kies een ambt uit de lijst."),  # a province's office in a municipality
    ({"group": "group_b"}, "Kies een fractie van dit orgaan uit de lijst."),
    ({"group": "abc"}, "Kies een fractie van dit orgaan uit de lijst."),
    ({"term_start": ""}, "Vul de begindatum in."),
    ({"term_start": "30-03-2026x"}, "Vul een geldige datum in, bijvoorbeeld 01-03-2026."),
    ({"term_end": "2026-03-29"}, "Het einde ligt vóór het begin van de zittingsperiode."),
])
def test_bad_politician_input_is_refused_in_dutch_and_nothing_saved(world, as_griffie, overrides, message):
    if overrides.get("group") == "group_b":
        overrides["group"] = str(world.group_b.id)  # posted by hand: a fractie of another body
    response = as_griffie.post("/beheer/aastad/ambtsdragers/nieuw", data=_politician_data(world, **overrides))
    assert response.status_code == 200
    assert message in _text(response)
    assert _count(Politician, Politician.body_id == world.a.id) == 0
    assert _events("politician.created") == []


def test_new_politician_form_offers_only_this_bodys_offices_and_fracties(world, as_griffie):
    html = _text(as_griffie.get("/beheer/aastad/ambtsdragers/nieuw"))
    assert "Raadslid" in html and "Wethouder" in html
    assert "Statenlid" not in html and "Dijkgraaf" not in html
    assert "Stadspartij" in html and "Dorpsbelang" not in html


def test_province_offers_province_offices(world, login):
    province = make_body("Provincie Zee", slug="zee", kind=BodyKind.province)
    html = _text(login(make_user(griffie_of=[province])).get("/beheer/zee/ambtsdragers/nieuw"))
    assert "Statenlid" in html and "Gedeputeerde" in html and "Raadslid" not in html


def test_griffie_edits_a_politician(world, as_griffie):
    politician = make_politician(world.group_a, name="Jan Jansen")
    other = make_group(world.a, "Lokaal Belang")
    data = _politician_data(world, name="Jan Jansen-Smit", office="wethouder", group=str(other.id),
                            term_end="2030-03-27")
    response = as_griffie.post(f"/beheer/aastad/ambtsdragers/{politician.id}/bewerken", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    politician = db.session.get(Politician, politician.id)
    assert politician.name == "Jan Jansen-Smit" and politician.sort_name == "Jansen-Smit, Jan"
    assert politician.office == Office.wethouder and politician.group_id == other.id
    assert politician.term_end == date(2030, 3, 27) and politician.slug.startswith("persoon-")
    [event] = _events("politician.updated")
    assert event.data["changes"]["office"] == ["raadslid", "wethouder"]
    assert event.data["changes"]["group_id"] == [world.group_a.id, other.id]


def test_edit_form_is_filled_in_with_the_current_values(world, as_griffie):
    politician = make_politician(world.group_a, name="Jan Jansen")
    html = _text(as_griffie.get(f"/beheer/aastad/ambtsdragers/{politician.id}/bewerken"))
    assert 'value="Jan Jansen"' in html and 'value="2022-03-30"' in html
    assert f'<option selected value="{world.group_a.id}">' in html


def test_edit_politician_with_a_fractie_of_another_body_is_refused(world, as_griffie):
    politician = make_politician(world.group_a)
    data = _politician_data(world, group=str(world.group_b.id))
    response = as_griffie.post(f"/beheer/aastad/ambtsdragers/{politician.id}/bewerken", data=data)
    assert "Kies een fractie van dit orgaan uit de lijst." in _text(response)
    assert db.session.get(Politician, politician.id).group_id == world.group_a.id


def test_deactivating_a_politician_ends_the_term_today_and_keeps_the_record(world, as_griffie):
    politician = make_politician(world.group_a, name="Jan Jansen")
    page = _text(as_griffie.get(f"/beheer/aastad/ambtsdragers/{politician.id}/deactiveren"))
    assert "als oud-lid getoond" in page and "12 maanden" in page  # the consequence, before anything happens
    response = as_griffie.post(f"/beheer/aastad/ambtsdragers/{politician.id}/deactiveren",
                               data={"term_end": today_local().isoformat(), "reason": "Afgetreden"})
    assert response.status_code == 302
    politician = db.session.get(Politician, politician.id)
    assert politician.active is False and politician.term_end == today_local()
    [event] = _events("politician.deactivated")
    assert event.body_id == world.a.id and event.data["reason"] == "Afgetreden"
    html = _text(as_griffie.get("/beheer/aastad/ambtsdragers"))
    assert "Gedeactiveerd (1)" in html and "Jan Jansen" in html


def test_deactivating_keeps_an_end_date_that_was_already_set(world, as_griffie):
    politician = make_politician(world.group_a, term_end=date(2024, 1, 31))
    assert 'value="2024-01-31"' in _text(as_griffie.get(f"/beheer/aastad/ambtsdragers/{politician.id}/deactiveren"))
    as_griffie.post(f"/beheer/aastad/ambtsdragers/{politician.id}/deactiveren",
                    data={"term_end": "2024-01-31", "reason": "Einde zittingsperiode"})
    politician = db.session.get(Politician, politician.id)
    assert politician.active is False and politician.term_end == date(2024, 1, 31)


def test_reactivating_a_politician(world, as_griffie):
    politician = make_politician(world.group_a)
    as_griffie.post(f"/beheer/aastad/ambtsdragers/{politician.id}/deactiveren",
                    data={"term_end": today_local().isoformat(), "reason": "Per vergissing beëindigd"})
    as_griffie.post(f"/beheer/aastad/ambtsdragers/{politician.id}/activeren")
    db.session.expire_all()
    politician = db.session.get(Politician, politician.id)
    assert politician.active is True and politician.term_end is None
    assert len(_events("politician.reactivated")) == 1


# --------------------------------------------------------------------------------------------- accounts


def _account_data(**overrides) -> dict:
    data = {"name": "Kees Klaassen", "email": "Kees@Example.nl", "politician": ""}
    data.update(overrides)
    return data


def test_griffie_creates_an_account_for_a_politician_who_can_then_log_in(world, as_griffie, app):
    politician = make_politician(world.group_a, name="Kees Klaassen")
    data = _account_data(politician=str(politician.id), reviewer_groups=[str(world.group_a.id)])
    response = as_griffie.post("/beheer/aastad/accounts/nieuw", data=data)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "kees@example.nl"))
    assert user.name == "Kees Klaassen" and user.politician_id == politician.id
    assert user.is_reviewer_of(world.group_a.id) and not user.is_griffie
    event = _events("account.created")[-1]
    assert event.object_id == user.id
    assert event.body_id == world.a.id and event.actor_id == world.griffie_a.id
    html = _text(as_griffie.get("/beheer/aastad/accounts"))
    assert "kees@example.nl" in html and "fractiebeoordelaar (Stadspartij)" in html
    assert "ambtsdrager (Kees Klaassen)" in html
    assert "$argon2" not in html
    log = _text(as_griffie.get("/beheer/aastad/logboek"))
    assert "Account van Kees Klaassen aangemaakt door Greet Griffier" in log and "ambtsdrager: Kees Klaassen" in log
    assert "rollen: fractiebeoordelaar (Stadspartij)" in log and "$argon2" not in log
    assert "Uitnodiging gestuurd" in log
    # Nobody knows a password yet: the account logs in only after choosing one through the invitation.
    other = app.test_client()
    assert other.post("/login", data={"email": "kees@example.nl", "password": NEW_PASSWORD}).status_code == 200


def test_griffie_creates_another_griffie(world, as_griffie):
    response = as_griffie.post("/beheer/aastad/accounts/nieuw", data=_account_data(griffie="y"))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "kees@example.nl"))
    assert user.griffie_body_ids == {world.a.id}


@pytest.mark.parametrize("overrides,message", [
    ({"email": "GRIFFIE-A@example.nl"}, "Er bestaat al een account met dit e-mailadres."),
    ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
    ({"email": ""}, "Vul het e-mailadres in."),
    ({"name": ""}, "Vul de naam in."),
    ({"griffie": None}, "Kies ten minste één rol"),
    ({"politician": "pol_b"}, "Kies een ambtsdrager van dit orgaan zonder account."),
    ({"politician": "x1"}, "Kies een ambtsdrager van dit orgaan zonder account."),
    ({"reviewer_groups": ["group_b"]}, "Kies alleen fracties van dit orgaan."),
])
def test_bad_account_input_is_refused_in_dutch_and_nothing_saved(world, as_griffie, overrides, message):
    data = {k: v for k, v in {**_account_data(griffie="y"), **overrides}.items() if v is not None}
    if data.get("politician") == "pol_b":
        data["politician"] = str(world.pol_b.id)  # posted by hand: a politician of another body
    if data.get("reviewer_groups") == ["group_b"]:
        data["reviewer_groups"] = [str(world.group_b.id)]
    users_before = _count(User)
    response = as_griffie.post("/beheer/aastad/accounts/nieuw", data=data)
    assert response.status_code == 200
    assert message in _text(response)
    assert _count(User) == users_before and _count(RoleGrant) == 2
    assert len(_events("account.created")) == 2  # only the fixture's two griffies


def test_politician_who_already_has_an_account_is_not_offered(world, as_griffie):
    politician = make_politician(world.group_a, name="Henk Heeftaccount")
    make_user(politician=politician)
    html = _text(as_griffie.get("/beheer/aastad/accounts/nieuw"))
    assert "Henk Heeftaccount" not in html
    response = as_griffie.post("/beheer/aastad/accounts/nieuw", data=_account_data(politician=str(politician.id)))
    assert "Kies een ambtsdrager van dit orgaan zonder account." in _text(response)


def test_accounts_list_shows_only_accounts_of_this_body(world, as_griffie):
    politician_user = make_user(politician=make_politician(world.group_a), email="raadslid-a@example.nl")
    reviewer_b = make_user(reviewer_of=[world.group_b], email="reviewer-b@example.nl")
    html = _text(as_griffie.get("/beheer/aastad/accounts"))
    assert politician_user.email in html and "griffie-a@example.nl" in html
    assert reviewer_b.email not in html and "griffie-b@example.nl" not in html


def test_griffie_edits_name_email_and_grants_and_revokes_roles(world, as_griffie):
    second = make_group(world.a, "Lokaal Belang")
    user = make_user(reviewer_of=[world.group_a], email="lid@example.nl", name="Lid")
    response = as_griffie.post(f"/beheer/aastad/accounts/{user.id}/bewerken", data={
        "name": "Lid Nieuw", "email": "Nieuw@Example.nl", "politician": "", "reviewer_groups": [str(second.id)],
        "griffie": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.name, user.email) == ("Lid Nieuw", "nieuw@example.nl")
    assert user.reviewer_group_ids == {second.id} and user.griffie_body_ids == {world.a.id}
    old = db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == user.id,
                                                    RoleGrant.group_id == world.group_a.id))
    assert old.revoked_at is not None  # revoked, not deleted
    actions = [e.action for e in _events(body=world.a) if e.object_id == user.id and e.object_type == "user"]
    assert actions.count("account.role_granted") == 2 and actions.count("account.role_revoked") == 1
    assert "account.updated" in actions
    [updated] = _events("account.updated")
    assert updated.data["changes"]["email"] == ["lid@example.nl", "nieuw@example.nl"]


def test_edit_with_another_accounts_email_is_refused(world, as_griffie):
    user = make_user(reviewer_of=[world.group_a], email="lid@example.nl")
    response = as_griffie.post(f"/beheer/aastad/accounts/{user.id}/bewerken", data={
        "name": "Lid", "email": "griffie-a@example.nl", "politician": "", "reviewer_groups": [str(world.group_a.id)]})
    assert "Er bestaat al een account met dit e-mailadres." in _text(response)
    assert db.session.get(User, user.id).email == "lid@example.nl"


def test_edit_links_a_politician_of_this_body(world, as_griffie):
    user = make_user(reviewer_of=[world.group_a], email="lid@example.nl", name="Lid")
    politician = make_politician(world.group_a)
    as_griffie.post(f"/beheer/aastad/accounts/{user.id}/bewerken", data={
        "name": "Lid", "email": "lid@example.nl", "politician": str(politician.id),
        "reviewer_groups": [str(world.group_a.id)]})
    assert db.session.get(User, user.id).politician_id == politician.id
    assert len(_events("account.politician_linked")) == 1
    response = as_griffie.post(f"/beheer/aastad/accounts/{user.id}/bewerken", data={
        "name": "Lid", "email": "lid@example.nl", "politician": str(world.pol_b.id)})
    assert "Kies een ambtsdrager van dit orgaan zonder account." in _text(response)


def test_griffie_cannot_revoke_their_own_last_griffie_role(world, as_griffie):
    response = as_griffie.post(f"/beheer/aastad/accounts/{world.griffie_a.id}/bewerken", data={
        "name": "Greet Griffier", "email": "griffie-a@example.nl", "politician": ""})
    assert response.status_code == 200
    assert "U kunt uw eigen laatste griffierol niet intrekken." in _text(response)
    db.session.expire_all()
    assert db.session.get(User, world.griffie_a.id).griffie_body_ids == {world.a.id}
    assert _events("account.role_revoked") == []


def test_griffie_cannot_deactivate_themselves(world, as_griffie):
    response = as_griffie.post(f"/beheer/aastad/accounts/{world.griffie_a.id}/deactiveren",
                               data={"reason": "test"}, follow_redirects=True)
    assert "U kunt uw eigen account niet deactiveren." in _text(response)
    assert db.session.get(User, world.griffie_a.id).active is True


def test_deactivated_account_cannot_log_in_and_its_session_ends(world, as_griffie, app):
    user = make_user(politician=make_politician(world.group_a), email="raadslid@example.nl")
    theirs = app.test_client()
    assert theirs.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    assert theirs.get("/mijn/").status_code == 200
    token = user.session_token
    page = _text(as_griffie.get(f"/beheer/aastad/accounts/{user.id}/deactiveren"))
    assert "kan niet meer inloggen" in page and user.active is True  # the confirmation step changes nothing
    no_reason = as_griffie.post(f"/beheer/aastad/accounts/{user.id}/deactiveren", data={"reason": "  "})
    assert "Geef een reden" in _text(no_reason) and db.session.get(User, user.id).active is True
    response = as_griffie.post(f"/beheer/aastad/accounts/{user.id}/deactiveren",
                               data={"reason": "Vertrokken uit de raad"})
    assert response.status_code == 302
    user = db.session.get(User, user.id)
    assert user.active is False and user.session_token != token  # end_sessions() rotated the token
    [event] = _events("account.deactivated")
    assert event.body_id == world.a.id and event.object_id == user.id
    assert event.data["reason"] == "Vertrokken uit de raad"
    gone = theirs.get("/mijn/")
    assert gone.status_code == 302 and "/login" in gone.headers["Location"]
    fresh = app.test_client()
    refused = fresh.post("/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 200 and "Onjuist e-mailadres of wachtwoord." in _text(refused)
    assert fresh.get("/mijn/").status_code == 302


def test_reactivated_account_can_log_in_again(world, as_griffie, app):
    user = make_user(reviewer_of=[world.group_a], email="lid@example.nl")
    as_griffie.post(f"/beheer/aastad/accounts/{user.id}/deactiveren", data={"reason": "Tijdelijk"})
    as_griffie.post(f"/beheer/aastad/accounts/{user.id}/activeren")
    db.session.expire_all()
    assert db.session.get(User, user.id).active is True
    assert len(_events("account.reactivated")) == 1
    assert app.test_client().post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302


def test_account_shared_with_another_body_only_gets_its_roles_here_changed(world, as_griffie):
    """Otherwise griffie A could take over an account that also acts in body B."""
    shared = make_user(politician=world.pol_b, reviewer_of=[world.group_a], email="gedeeld@example.nl", name="Gedeeld")
    assert as_griffie.get(f"/beheer/aastad/accounts/{shared.id}/deactiveren").status_code == 403
    assert as_griffie.post(f"/beheer/aastad/accounts/{shared.id}/deactiveren", data={"reason": "x"}).status_code == 403
    assert as_griffie.post(f"/beheer/aastad/accounts/{shared.id}/uitnodigen").status_code == 403
    html = _text(as_griffie.get(f"/beheer/aastad/accounts/{shared.id}/bewerken"))
    assert 'name="email"' not in html and "ook in gebruik bij een ander orgaan" in html
    response = as_griffie.post(f"/beheer/aastad/accounts/{shared.id}/bewerken", data={
        "name": "Overgenomen", "email": "aanvaller@example.nl", "griffie": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    shared = db.session.get(User, shared.id)
    assert (shared.name, shared.email) == ("Gedeeld", "gedeeld@example.nl")
    assert shared.politician_id == world.pol_b.id and shared.reviewer_group_ids == set()
    assert shared.griffie_body_ids == {world.a.id}


def test_account_with_all_roles_revoked_stays_in_the_list(world, as_griffie):
    user = make_user(reviewer_of=[world.group_a], email="lid@example.nl")
    as_griffie.post(f"/beheer/aastad/accounts/{user.id}/bewerken", data={"name": "Lid", "email": "lid@example.nl"})
    assert db.session.get(User, user.id).reviewer_group_ids == set()
    assert "lid@example.nl" in _text(as_griffie.get("/beheer/aastad/accounts"))


# --------------------------------------------------------------------------------------------- audit trail


def test_audit_trail_shows_this_bodys_events_newest_first_in_dutch(world, as_griffie):
    as_griffie.post("/beheer/aastad/fracties/nieuw", data={"name": "Eerste Fractie"})
    as_griffie.post(f"/beheer/aastad/fracties/{world.group_a.id}/bewerken", data={"name": "Stadslijst"})
    as_griffie.post("/beheer/aastad/instellingen", data={
        "name": "Gemeente Aastad", "declaration_deadline_days": "14", "required_sign_offs": "1"})
    html = _text(as_griffie.get("/beheer/aastad/logboek"))
    assert html.index("Instellingen van Gemeente Aastad gewijzigd door Greet Griffier") \
        < html.index("Fractie 'Stadslijst' gewijzigd door Greet Griffier") \
        < html.index("Fractie 'Eerste Fractie' aangemaakt door Greet Griffier")
    assert "naam: Stadspartij → Stadslijst" in html
    assert "termijn voor een opgave (dagen): 7 → 14" in html
    assert "Account van Greet Griffier aangemaakt" in html  # the griffie's own account (created with a role here)
    assert "Dorpsbelang" not in html and "Bart Griffier" not in html  # body B's trail


def test_audit_trail_names_an_unknown_action_without_showing_its_code(world, as_griffie):
    from register.audit import record
    record("future.unlabelled_action", world.a, body_id=world.a.id, note_text="x")
    db.session.commit()
    html = _text(as_griffie.get("/beheer/aastad/logboek"))
    assert "Gebeurtenis: Orgaan Gemeente Aastad" in html and "gegevens: x" in html
    assert "future.unlabelled_action" not in html and "note_text" not in html


@pytest.mark.parametrize("page,shown", [("1", "Pagina 1 van 2"), ("2", "Pagina 2 van 2"), ("99", "Pagina 2 van 2"),
                                        ("-3", "Pagina 1 van 2"), ("abc", "Pagina 1 van 2"),
                                        ("9" * 5000, "Pagina 1 van 2")])
def test_audit_trail_is_paginated_with_bounded_pages(world, as_griffie, page, shown):
    now = utcnow()
    for n in range(55):
        db.session.add(AuditEvent(action="group.updated", object_type="group", object_id=world.group_a.id,
                                  body_id=world.a.id, created_at=now, data={"n": n}))
    db.session.commit()
    response = as_griffie.get(f"/beheer/aastad/logboek?page={page}")
    assert response.status_code == 200
    html = _text(response)
    assert shown in html
    rows = html.count("<tr>") - 1  # minus the header row
    assert rows == (50 if shown.startswith("Pagina 1") else _count(AuditEvent, AuditEvent.body_id == world.a.id) - 50)


GARBAGE = {"name": "x" * 5000, "email": "@@", "password": "\x00", "password_confirm": "", "sort_name": "\n",
           "office": ["raadslid", "keizer"], "group": "-1", "term_start": "9999-99-99", "term_end": "gisteren",
           "politician": "1e9", "reviewer_groups": ["", "abc", "99999999999999999999"], "griffie": "misschien",
           "declaration_deadline_days": "1e3", "required_sign_offs": "-0"}


@pytest.mark.parametrize("path", ["instellingen", "fracties/nieuw", "fracties/{group}/bewerken", "ambtsdragers/nieuw",
                                  "ambtsdragers/{politician}/bewerken", "accounts/nieuw", "accounts/{user}/bewerken",
                                  "accounts/{user}/deactiveren", "ambtsdragers/{politician}/deactiveren",
                                  "ambtsdragers/{politician}/vergissing"])
def test_garbage_input_gives_messages_not_errors_and_saves_nothing(world, as_griffie, path):
    politician = make_politician(world.group_a)
    user = make_user(politician=politician, email="raadslid@example.nl")
    events = len(_events())
    url = "/beheer/aastad/" + path.format(group=world.group_a.id, politician=politician.id, user=user.id)
    response = as_griffie.post(url, data=GARBAGE)
    assert response.status_code == 200
    assert "Controleer de volgende invoer" in _text(response)
    assert len(_events()) == events


# --------------------------------------------------------------------------------------------- permissions

BODY_PAGES = ["/beheer/{slug}/", "/beheer/{slug}/instellingen", "/beheer/{slug}/fracties",
              "/beheer/{slug}/fracties/nieuw", "/beheer/{slug}/ambtsdragers", "/beheer/{slug}/ambtsdragers/nieuw",
              "/beheer/{slug}/accounts", "/beheer/{slug}/accounts/nieuw", "/beheer/{slug}/logboek"]


@pytest.mark.parametrize("page", BODY_PAGES)
@pytest.mark.parametrize("slug,status", [("aastad", 200), ("beedorp", 403), ("bestaat-niet", 404)])
def test_griffie_of_a_manages_a_only(world, as_griffie, page, slug, status):
    assert as_griffie.get(page.format(slug=slug)).status_code == status


def _object_urls(world, slug: str, group: Group, politician: Politician, user: User) -> list[tuple[str, str]]:
    base = f"/beheer/{slug}"
    return [("GET", f"{base}/fracties/{group.id}/bewerken"), ("POST", f"{base}/fracties/{group.id}/deactiveren"),
            ("POST", f"{base}/fracties/{group.id}/activeren"),
            ("GET", f"{base}/ambtsdragers/{politician.id}/bewerken"),
            ("POST", f"{base}/ambtsdragers/{politician.id}/deactiveren"),
            ("POST", f"{base}/ambtsdragers/{politician.id}/activeren"),
            ("GET", f"{base}/accounts/{user.id}/bewerken"), ("POST", f"{base}/accounts/{user.id}/deactiveren"),
            ("POST", f"{base}/accounts/{user.id}/activeren"), ("GET", f"{base}/accounts/{user.id}/deactiveren"),
            ("POST", f"{base}/accounts/{user.id}/uitnodigen"),
            ("GET", f"{base}/ambtsdragers/{politician.id}/deactiveren"),
            ("GET", f"{base}/ambtsdragers/{politician.id}/vergissing"),
            ("POST", f"{base}/ambtsdragers/{politician.id}/vergissing"),
            ("GET", f"{base}/fracties/{group.id}/beoordelaar")]


@pytest.mark.parametrize("through", ["aastad", "beedorp"])
def test_griffie_of_a_is_refused_on_body_b_objects_by_id(world, as_griffie, through):
    user_b = make_user(politician=world.pol_b, email="raadslid-b@example.nl")
    for method, url in _object_urls(world, through, world.group_b, world.pol_b, user_b):
        assert as_griffie.open(url, method=method).status_code == 403, url
        assert as_griffie.open(url, method=method, data={"name": "Overgenomen", "email": "x@example.nl"}
                               ).status_code == 403, url
    db.session.expire_all()
    assert db.session.get(Group, world.group_b.id).active and db.session.get(Politician, world.pol_b.id).active
    assert db.session.get(User, user_b.id).active
    # Only the login and the refusals themselves are on the record: no change was made.
    actions = {e.action for e in _events() if e.actor_id == world.griffie_a.id}
    assert actions <= {"auth.login", "access.refused"} and "auth.login" in actions


def test_griffie_of_a_reaches_the_same_objects_of_a(world, as_griffie):
    politician = make_politician(world.group_a)
    user = make_user(politician=politician, email="raadslid-a@example.nl")
    for method, url in _object_urls(world, "aastad", world.group_a, politician, user):
        if method == "GET":
            assert as_griffie.get(url).status_code == 200, url


@pytest.mark.parametrize("path", ["fracties/{id}/bewerken", "ambtsdragers/{id}/bewerken",
                                  "accounts/{id}/bewerken", "accounts/{id}/deactiveren",
                                  "ambtsdragers/{id}/vergissing", "fracties/{id}/beoordelaar", "import/{id}"])
def test_unknown_object_ids_are_404(world, as_griffie, path):
    assert as_griffie.get(f"/beheer/aastad/{path.format(id=99999)}").status_code == 404


@pytest.mark.parametrize("role", ["politician", "reviewer"])
def test_politician_and_reviewer_have_no_access(world, login, role):
    if role == "politician":
        user = make_user(politician=make_politician(world.group_a))
    else:
        user = make_user(reviewer_of=[world.group_a])
    client = login(user)
    assert client.get("/beheer/").status_code == 403
    assert client.get("/beheer/aastad/").status_code == 403
    assert client.post("/beheer/aastad/fracties/nieuw", data={"name": "Nieuw"}).status_code == 403
    assert _count(Group, Group.name == "Nieuw") == 0


@pytest.mark.parametrize("method,url", [("GET", "/beheer/"), ("GET", "/beheer/aastad/"),
                                        ("GET", "/beheer/aastad/accounts"), ("POST", "/beheer/aastad/fracties/nieuw"),
                                        ("GET", "/beheer/bestaat-niet/")])
def test_anonymous_is_sent_to_login(world, client, method, url):
    response = client.open(url, method=method, data={"name": "Nieuw"} if method == "POST" else None)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _count(Group, Group.name == "Nieuw") == 0


def test_state_changes_need_a_csrf_token(world, as_griffie):
    response = as_griffie.post("/beheer/aastad/fracties/nieuw", data={"name": "Nieuw"}, csrf=False)
    assert response.status_code == 400
    assert _count(Group, Group.name == "Nieuw") == 0


def test_griffie_sees_beheer_in_the_menu_and_lands_on_te_doen_after_login(world, client):
    response = client.post("/login", data={"email": world.griffie_a.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/te-doen")
    assert 'href="/beheer/"' in _text(client.get("/beheer/"))


def test_revoked_griffie_role_takes_away_access(world, login):
    client = login(world.griffie_a)
    grant = db.session.scalar(select(RoleGrant).where(RoleGrant.user_id == world.griffie_a.id,
                                                      RoleGrant.role == RoleKind.griffie))
    grant.revoked_at = utcnow()
    db.session.commit()
    assert client.get("/beheer/aastad/").status_code == 403


def test_every_audited_action_has_a_dutch_logbook_label():
    """A griffie reads the logbook in Dutch: every action a service records has a label."""
    import re
    from pathlib import Path

    from register.admin.logbook import ACTION_LABELS
    source = "\n".join(p.read_text() for p in Path("register").rglob("*.py"))
    actions = set(re.findall(r'record\(\s*"([a-z_]+\.[a-z_]+)"', source))
    assert actions and not actions - set(ACTION_LABELS)
