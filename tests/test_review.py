"""The fractie reviewer: queue, sign-off and request for changes on agreements, review of declarations."""
from types import SimpleNamespace

import pytest
from flask import g
from sqlalchemy import event, func, select

from register.agreements import services as agreement_services
from register.declarations import services as declaration_services
from register.extensions import db
from register.models import (
    Agreement, AgreementStatus, AuditEvent, Declaration, Group, Review, ReviewOutcome, SignOff, SignOffDecision,
    User,
)
from register.review import services as review_services
from tests.factories import (
    make_agreement, make_body, make_declaration, make_group, make_politician, make_politician_user, make_user,
    sign_off,
)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _events(action: str) -> int:
    return _count(AuditEvent, AuditEvent.action == action)


def _html(response) -> str:
    return response.get_data(as_text=True)


# The version each decision form names: the world's agreement is at version 1, its declaration's published
# version is 2 (a draft, then its publication).
SEEN_V1, SEEN_V2 = {"based_on": "1"}, {"based_on": "2"}


def _open_items(response) -> str:
    """The queue without its list of recent decisions."""
    return _html(response).partition("Recent besloten")[0]


@pytest.fixture
def world(app):
    """Two fracties in one body, one in another body, and a user for every role."""
    body = make_body("Gemeente Voorbeeldstad")
    group, other_group = make_group(body, "Fractie Groen"), make_group(body, "Fractie Blauw")
    owner = make_politician_user(group, name="Anna de Vries")
    declaration = make_declaration(owner.politician, organisation="Stichting Sportpark Noord", role="Voorzitter")
    agreement = make_agreement(owner.politician, [declaration], title="Niet stemmen over het sportpark")
    other_owner = make_politician_user(other_group, name="Bert Blauw")
    other_declaration = make_declaration(other_owner.politician, organisation="Havenbedrijf Zuid")
    other_agreement = make_agreement(other_owner.politician, [other_declaration], title="Geen havenbesluiten")
    return SimpleNamespace(
        body=body, group=group, other_group=other_group, owner=owner, declaration=declaration,
        agreement=agreement, other_declaration=other_declaration, other_agreement=other_agreement,
        reviewer=make_user(reviewer_of=[group], name="Carla Controle"),
        second_reviewer=make_user(reviewer_of=[group], name="Daan Tweede"),
        other_reviewer=make_user(reviewer_of=[other_group]),
        # A politician of the fractie who is also its reviewer: may review others, never themself.
        owner_reviewer=make_user(politician=make_politician(group, name="Eva Fractievoorzitter"),
                                 reviewer_of=[group]),
        plain_politician=make_politician_user(group),
        griffie=make_user(griffie_of=[body]),
        other_griffie=make_user(griffie_of=[make_body()]),
    )


def _as(role, world, login, client):
    """Log in as the role (not for "anonymous") and return the client."""
    if role != "anonymous":
        login(getattr(world, role))
    return client


# --- the queue --------------------------------------------------------------------------------------------------

def test_queue_shows_own_fractie_agreement_and_declaration_not_another_fractie(world, login):
    html = _html(login(world.reviewer).get("/beoordelen/"))
    assert "Niet stemmen over het sportpark" in html and "Anna de Vries" in html
    assert "Stichting Sportpark Noord" in html and "Nieuw" in html
    assert "0 van 1" in html  # approvals so far against the body's required number
    assert "Geen havenbesluiten" not in html and "Havenbedrijf Zuid" not in html


def test_queue_drops_reviewed_declaration_and_shows_it_again_after_a_correction(world, login):
    review_services.review_declaration(world.declaration, reviewer=world.second_reviewer,
                                       outcome=ReviewOutcome.no_risk)
    db.session.commit()
    client = login(world.reviewer)
    assert "Stichting Sportpark Noord</a>" not in _open_items(client.get("/beoordelen/"))
    declaration_services.correct_declaration(world.declaration, {"role": "Penningmeester"}, actor=world.owner,
                                             reason="Andere functie")
    db.session.commit()
    html = _open_items(client.get("/beoordelen/"))
    assert "Stichting Sportpark Noord</a>" in html and "Correctie" in html


def test_queue_lists_reviewers_own_agreement_apart_and_leaves_out_own_declaration(world, login):
    own = world.owner_reviewer.politician
    make_agreement(own, [make_declaration(own, organisation="Eigen Stichting BV")], title="Mijn eigen afspraak")
    html = _html(login(world.owner_reviewer).get("/beoordelen/"))
    awaiting, _, rest = html.partition("Wachten op een andere beoordelaar")
    assert "Mijn eigen afspraak" not in awaiting
    assert "Mijn eigen afspraak" in rest and "uw eigen afspraak: een andere beoordelaar moet aftekenen" in rest
    assert "Eigen Stichting BV" not in html
    assert "Niet stemmen over het sportpark" in awaiting  # a colleague's agreement: theirs to decide


def test_queue_shows_recent_decisions(world, login):
    review_services.request_changes(world.agreement, reviewer=world.second_reviewer, comment="Concreter graag")
    review_services.review_declaration(world.declaration, reviewer=world.second_reviewer,
                                       outcome=ReviewOutcome.agreement_needed, comment="Afspraak maken")
    db.session.commit()
    recent = _html(login(world.reviewer).get("/beoordelen/")).partition("Recent besloten")[2]
    assert "wijziging gevraagd" in recent and "afspraak nodig" in recent and "Daan Tweede" in recent


def _queries_for(client, url) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    # A real request starts with nothing loaded (tests share one app context, so clear it by hand).
    db.session.expunge_all()
    g.pop("_login_user", None)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def _add_fractie_work(group_id: int, reviewer_id: int, n: int) -> None:
    """A politician with a submitted agreement, an unreviewed and a reviewed declaration, and a sign-off."""
    group, reviewer = db.session.get(Group, group_id), db.session.get(User, reviewer_id)
    politician = make_politician_user(group).politician
    make_agreement(politician, [make_declaration(politician, organisation=f"Open Stichting {n}")])
    reviewed = make_declaration(politician, organisation=f"Beoordeelde Stichting {n}")
    review_services.review_declaration(reviewed, reviewer=reviewer, outcome=ReviewOutcome.no_risk)
    sign_off(make_agreement(politician, [reviewed], title=f"Afgetekend {n}"), reviewer)


def test_queue_costs_the_same_number_of_queries_for_one_or_many_items(world, client, login):
    login(world.reviewer)
    _add_fractie_work(world.group.id, world.second_reviewer.id, 0)
    group_id, reviewer_id = world.group.id, world.second_reviewer.id
    few = _queries_for(client, "/beoordelen/")
    for n in range(1, 4):
        _add_fractie_work(group_id, reviewer_id, n)
    many = _queries_for(client, "/beoordelen/")
    html = _html(client.get("/beoordelen/"))
    assert all(f"Open Stichting {n}" in html and f"Afgetekend {n}" in html for n in range(4))
    assert many == few


# --- deciding on an agreement -----------------------------------------------------------------------------------

def test_sign_off_makes_the_agreement_signed_off_with_a_record(world, client, login):
    login(world.reviewer)
    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/aftekenen",
                           data={"comment": "Helder en controleerbaar.", "comment_public": "y", **SEEN_V1})
    assert response.status_code == 302 and response.headers["Location"].endswith("/beoordelen/")
    assert "Afspraak afgetekend." in _html(client.get("/beoordelen/"))
    agreement = db.session.get(Agreement, world.agreement.id)
    assert agreement.status == AgreementStatus.signed_off and agreement.status_label == "Afgetekend"
    assert agreement.signed_number == agreement.current_number
    row = db.session.scalars(select(SignOff)).one()
    assert (row.reviewer_id, row.decision, row.comment, row.comment_public) == (
        world.reviewer.id, SignOffDecision.approved, "Helder en controleerbaar.", True)
    assert _events("agreement.signed_off") == 1


def test_with_two_required_sign_offs_the_second_reviewer_completes_it(world, login):
    world.body.required_sign_offs = 2
    db.session.commit()
    url = f"/beoordelen/afspraken/{world.agreement.id}/aftekenen"
    first = login(world.reviewer)
    assert first.post(url, data=SEEN_V1).status_code == 302
    assert "u heeft deze versie al afgetekend" in _html(first.get("/beoordelen/"))
    assert db.session.get(Agreement, world.agreement.id).status == AgreementStatus.submitted
    assert _events("agreement.approval_added") == 1 and _events("agreement.signed_off") == 0
    first.post("/logout")
    second = login(world.second_reviewer)
    assert "1 van 2" in _html(second.get("/beoordelen/"))
    assert second.post(url, data=SEEN_V1).status_code == 302
    assert db.session.get(Agreement, world.agreement.id).status == AgreementStatus.signed_off
    assert _events("agreement.signed_off") == 1 and _count(SignOff) == 2


def test_same_reviewer_cannot_decide_twice_on_one_version(world, client, login):
    world.body.required_sign_offs = 2
    db.session.commit()
    login(world.reviewer)
    base = f"/beoordelen/afspraken/{world.agreement.id}"
    assert client.post(f"{base}/aftekenen", data=SEEN_V1).status_code == 302
    again = client.post(f"{base}/aftekenen", data=SEEN_V1)  # e.g. a second tab: a conflict, nothing recorded
    assert again.status_code == 409 and "U heeft over deze versie al een besluit genomen." in _html(again)
    assert client.post(f"{base}/wijziging-vragen", data={"comment": "Toch niet", **SEEN_V1}).status_code == 409
    assert "U heeft over deze versie al een besluit genomen." in _html(client.get(base))
    assert _count(SignOff) == 1
    assert db.session.get(Agreement, world.agreement.id).status == AgreementStatus.submitted


def test_request_changes_sends_the_agreement_back_with_the_comment(world, client, login):
    login(world.reviewer)
    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/wijziging-vragen",
                           data={"comment": "Noem ook de commissievergaderingen.", **SEEN_V1})
    assert response.status_code == 302
    assert "Wijziging gevraagd; de ambtsdrager ziet uw opmerking." in _html(client.get("/beoordelen/"))
    agreement = db.session.get(Agreement, world.agreement.id)
    assert agreement.status == AgreementStatus.changes_requested and agreement.status_label == "Wijziging gevraagd"
    row = db.session.scalars(select(SignOff)).one()
    assert row.decision == SignOffDecision.changes_requested and row.comment_public is False
    assert _events("agreement.changes_requested") == 1
    # Decided: the version can no longer be signed off (a conflict with the state now, nothing recorded).
    assert client.post(f"/beoordelen/afspraken/{world.agreement.id}/aftekenen", data=SEEN_V1).status_code == 409
    assert _count(SignOff) == 1


@pytest.mark.parametrize("action,data,message", [
    ("wijziging-vragen", {"comment": "   "}, "Licht toe welke wijziging u vraagt."),
    ("wijziging-vragen", {}, "Licht toe welke wijziging u vraagt."),
    ("wijziging-vragen", {"comment": "x" * 2001}, "De opmerking mag ten hoogste 2000 tekens lang zijn."),
    ("aftekenen", {"comment": "x" * 2001}, "De opmerking mag ten hoogste 2000 tekens lang zijn."),
])
def test_bad_agreement_decision_shows_dutch_message_and_saves_nothing(world, client, login, action, data, message):
    login(world.reviewer)
    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/{action}", data={**data, **SEEN_V1})
    assert response.status_code == 200
    html = _html(response)
    assert message in html and "Niet stemmen over het sportpark" in html  # the agreement page again
    assert _count(SignOff) == 0 and _events("agreement.signed_off") == 0
    assert _events("agreement.changes_requested") == 0
    assert db.session.get(Agreement, world.agreement.id).status == AgreementStatus.submitted


def test_decision_without_csrf_token_is_refused(world, client, login):
    login(world.reviewer)
    response = client.post(f"/beoordelen/afspraken/{world.agreement.id}/aftekenen", csrf=False)
    assert response.status_code == 400 and _count(SignOff) == 0


def test_agreement_page_shows_what_changed_and_earlier_decisions(world, client, login):
    review_services.request_changes(world.agreement, reviewer=world.second_reviewer,
                                    comment="Noem ook de commissie.")
    agreement_services.revise_agreement(world.agreement, title="Niet stemmen en niet debatteren",
                                        text="Ook niet in de commissie.", reason="Commissie toegevoegd",
                                        declarations=[world.declaration], actor=world.owner)
    agreement_services.submit_agreement(world.agreement, actor=world.owner)
    db.session.commit()
    html = _html(login(world.reviewer).get(f"/beoordelen/afspraken/{world.agreement.id}"))
    current, _, earlier = html.partition("Eerdere versies")
    assert "Niet stemmen en niet debatteren" in current and "Ook niet in de commissie." in current
    assert "Titel: was „Niet stemmen over het sportpark”" in current and "Commissie toegevoegd" in current
    assert "Stichting Sportpark Noord" in current  # the linked declaration
    assert "Versie 1: Niet stemmen over het sportpark" in earlier
    assert "Noem ook de commissie." in earlier and "Daan Tweede" in earlier and "Wijziging gevraagd" in earlier
    assert f'action="/beoordelen/afspraken/{world.agreement.id}/aftekenen"' in current


def test_agreement_page_offers_no_forms_to_who_cannot_decide(world, client, login):
    html = _html(login(world.griffie).get(f"/beoordelen/afspraken/{world.agreement.id}"))
    assert "Niet stemmen over het sportpark" in html and "Eerdere versies" not in html
    assert "/aftekenen" not in html and "/wijziging-vragen" not in html


# --- reviewing a declaration ------------------------------------------------------------------------------------

def test_review_of_a_declaration_records_the_outcome(world, client, login):
    login(world.reviewer)
    response = client.post(f"/beoordelen/opgaven/{world.declaration.id}",
                           data={"outcome": "agreement_needed", "comment": "Maak een afspraak over subsidies.",
                                 **SEEN_V2})
    assert response.status_code == 302 and response.headers["Location"].endswith("/beoordelen/")
    review = db.session.scalars(select(Review)).one()
    assert review.outcome == ReviewOutcome.agreement_needed and review.reviewer_id == world.reviewer.id
    assert review.version_number == world.declaration.published_number and review.comment_public is False
    assert _events("declaration.reviewed") == 1
    html = _open_items(client.get("/beoordelen/"))
    assert "Beoordeling vastgelegd." in html and "Stichting Sportpark Noord</a>" not in html


def test_no_risk_needs_no_comment(world, client, login):
    login(world.reviewer)
    response = client.post(f"/beoordelen/opgaven/{world.declaration.id}", data={"outcome": "no_risk", **SEEN_V2})
    assert response.status_code == 302
    assert db.session.scalars(select(Review)).one().outcome == ReviewOutcome.no_risk


@pytest.mark.parametrize("data,message", [
    ({"outcome": "very_risky", "comment": "x"}, "Kies een van de genoemde uitkomsten."),
    ({"comment": "x"}, "Kies een uitkomst."),
    ({"outcome": "incompatible"}, "Licht de uitkomst toe"),
    ({"outcome": "agreement_needed", "comment": "  "}, "Licht de uitkomst toe"),
    ({"outcome": "no_risk", "comment": "x" * 2001}, "De opmerking mag ten hoogste 2000 tekens lang zijn."),
])
def test_bad_declaration_review_shows_dutch_message_and_saves_nothing(world, client, login, data, message):
    login(world.reviewer)
    response = client.post(f"/beoordelen/opgaven/{world.declaration.id}", data={**data, **SEEN_V2})
    assert response.status_code == 200
    assert message in _html(response) and "Not a valid choice" not in _html(response)
    assert _count(Review) == 0 and _events("declaration.reviewed") == 0


def test_declaration_page_shows_fractie_only_fields_marked_and_the_history(world, client, login):
    declaration = make_declaration(world.owner.politician, organisation="Familiebedrijf Jansen",
                                   description="Mijn broer is directeur", description_public=False)
    declaration_services.correct_declaration(declaration, {"hours_per_month": 8}, actor=world.owner,
                                             reason="Meer uren")
    db.session.commit()
    html = _html(login(world.reviewer).get(f"/beoordelen/opgaven/{declaration.id}"))
    assert "Mijn broer is directeur" in html
    description = html.partition("Toelichting op de functie")[2].partition("</dd>")[0]
    assert "alleen fractie en griffie" in description
    assert "Correctie" in html and "Meer uren" in html and "Uren per maand: 4 → 8" in html
    assert 'name="outcome"' in html and "Onverenigbaar met het ambt" in html


# --- permissions, both ways -------------------------------------------------------------------------------------

@pytest.mark.parametrize("role,expected", [
    ("reviewer", 200), ("owner_reviewer", 200), ("other_reviewer", 200),
    ("plain_politician", 403), ("owner", 403), ("griffie", 403), ("anonymous", 302),
])
def test_queue_access(world, client, login, role, expected):
    response = _as(role, world, login, client).get("/beoordelen/")
    assert response.status_code == expected
    if role == "anonymous":
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role,expected", [
    ("reviewer", 200), ("owner_reviewer", 200), ("griffie", 200),
    ("other_reviewer", 403), ("other_griffie", 403), ("plain_politician", 403), ("anonymous", 302),
])
def test_agreement_page_access(world, client, login, role, expected):
    response = _as(role, world, login, client).get(f"/beoordelen/afspraken/{world.agreement.id}")
    assert response.status_code == expected
    if role == "anonymous":
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("action,data", [("aftekenen", {}), ("wijziging-vragen", {"comment": "Graag anders"})])
@pytest.mark.parametrize("role,expected", [
    ("reviewer", 302), ("owner_reviewer", 302),
    ("other_reviewer", 403), ("griffie", 403), ("plain_politician", 403), ("anonymous", 302),
])
def test_deciding_on_an_agreement_access(world, client, login, role, expected, action, data):
    response = _as(role, world, login, client).post(f"/beoordelen/afspraken/{world.agreement.id}/{action}",
                                                    data={**data, **SEEN_V1})
    assert response.status_code == expected
    decided = _count(SignOff) == 1
    assert decided == (role in ("reviewer", "owner_reviewer"))
    if role == "anonymous":
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("action,data", [("aftekenen", {}), ("wijziging-vragen", {"comment": "Graag anders"})])
def test_owner_who_reviews_the_fractie_cannot_decide_on_own_agreement(world, client, login, action, data):
    own = world.owner_reviewer.politician
    agreement = make_agreement(own, [make_declaration(own)])
    login(world.owner_reviewer)
    assert client.get(f"/beoordelen/afspraken/{agreement.id}").status_code == 200
    assert client.post(f"/beoordelen/afspraken/{agreement.id}/{action}", data=data).status_code == 403
    assert _count(SignOff) == 0


@pytest.mark.parametrize("action", ["aftekenen", "wijziging-vragen"])
def test_draft_agreement_cannot_be_signed_off(world, client, login, action):
    draft = make_agreement(world.owner.politician, [world.declaration], submit=False, title="Nog een concept")
    login(world.reviewer)
    assert client.get(f"/beoordelen/afspraken/{draft.id}").status_code == 403  # the fractie does not see drafts
    assert client.post(f"/beoordelen/afspraken/{draft.id}/{action}", data={"comment": "x"}).status_code == 403
    assert db.session.get(Agreement, draft.id).status == AgreementStatus.draft and _count(SignOff) == 0


@pytest.mark.parametrize("url", ["/beoordelen/afspraken/9999", "/beoordelen/opgaven/9999"])
def test_unknown_ids_are_404(world, client, login, url):
    login(world.reviewer)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/beoordelen/afspraken/9999/aftekenen", "/beoordelen/afspraken/9999/wijziging-vragen",
                                 "/beoordelen/opgaven/9999"])
def test_posting_to_unknown_ids_is_404(world, client, login, url):
    login(world.reviewer)
    assert client.post(url, data={"comment": "x", "outcome": "no_risk"}).status_code == 404


@pytest.mark.parametrize("role,expected", [
    ("reviewer", 200), ("owner_reviewer", 200), ("griffie", 200),
    ("other_reviewer", 403), ("other_griffie", 403), ("plain_politician", 403), ("anonymous", 302),
])
def test_declaration_page_access(world, client, login, role, expected):
    response = _as(role, world, login, client).get(f"/beoordelen/opgaven/{world.declaration.id}")
    assert response.status_code == expected


@pytest.mark.parametrize("role,expected", [
    ("reviewer", 302), ("owner_reviewer", 302),
    ("other_reviewer", 403), ("griffie", 403), ("plain_politician", 403), ("anonymous", 302),
])
def test_reviewing_a_declaration_access(world, client, login, role, expected):
    response = _as(role, world, login, client).post(f"/beoordelen/opgaven/{world.declaration.id}",
                                                    data={"outcome": "no_risk", **SEEN_V2})
    assert response.status_code == expected
    assert (_count(Review) == 1) == (role in ("reviewer", "owner_reviewer"))


def test_reviewer_cannot_review_own_declaration(world, client, login):
    own = make_declaration(world.owner_reviewer.politician, organisation="Eigen Stichting")
    login(world.owner_reviewer)
    html = _html(client.get(f"/beoordelen/opgaven/{own.id}"))
    assert "Dit is uw eigen opgave" in html and 'name="outcome"' not in html
    assert client.post(f"/beoordelen/opgaven/{own.id}", data={"outcome": "no_risk"}).status_code == 403
    assert _count(Review) == 0


def test_draft_declaration_is_neither_shown_nor_reviewable(world, client, login):
    draft = make_declaration(world.owner.politician, publish=False, organisation="Nog geheim BV")
    login(world.reviewer)
    assert client.get(f"/beoordelen/opgaven/{draft.id}").status_code == 403
    assert client.post(f"/beoordelen/opgaven/{draft.id}", data={"outcome": "no_risk"}).status_code == 403
    assert "Nog geheim BV" not in _html(client.get("/beoordelen/"))
    assert db.session.get(Declaration, draft.id).reviews == [] and _count(Review) == 0
