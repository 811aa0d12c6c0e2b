"""The politician's own declarations: enter, publish, correct, end, withdraw; who may see and do what."""
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from register.extensions import db
from register.models import (
    AuditEvent, Declaration, DeclarationChange, DeclarationKind, DeclarationStatus, DeclarationVersion,
    IncomeBand, ReviewOutcome,
)
from register.models.declarations import GiftOutcome, GiftValueBand, HoldingBand
from register.review import services as review_services
from tests.factories import make_agreement, make_body, make_declaration, make_group, make_politician, make_user


# --- helpers -------------------------------------------------------------------------------------------------

def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _snapshot() -> tuple[int, int, int]:
    """Declarations, versions and audit events: bad input must change none of them (a refusal is itself logged)."""
    changes = db.session.scalar(select(func.count()).select_from(AuditEvent)
                                .where(AuditEvent.action != "access.refused"))
    return _count(Declaration), _count(DeclarationVersion), changes


def _actions() -> list[str]:
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
            if e.action.startswith("declaration.")]


def _fresh(declaration_id: int) -> Declaration:
    db.session.expire_all()
    return db.session.get(Declaration, declaration_id)


RECENT = date.today() - timedelta(days=2)  # within every deadline: publishing asks no confirmation


def form(**overrides) -> dict:
    """A valid declaration form as the browser posts it."""
    data = {"organisation": "Stichting Sportpark Noord", "role": "Penningmeester", "paid": "onbetaald",
            "income_band": "", "hours_per_month": "6", "started_on": RECENT.isoformat(), "ended_on": "",
            "organisation_public": "openbaar", "description_public": "openbaar", "income_public": "openbaar",
            "hours_public": "openbaar", "explanation_public": "openbaar", "action": "draft"}
    data.update(overrides)
    return data


@pytest.fixture
def owner(app):
    return make_user(politician=make_politician(), name="Anna de Vries")


@pytest.fixture
def as_owner(owner, login):
    return login(owner)


def _html(response) -> str:
    return response.get_data(as_text=True)


# --- dashboard -----------------------------------------------------------------------------------------------

def test_dashboard_groups_declarations_by_status_and_lists_agreements(owner, as_owner):
    politician = owner.politician
    make_declaration(politician, publish=False, organisation="Concept BV")
    running = make_declaration(politician, organisation="Lopend Fonds")
    ended = make_declaration(politician, organisation="Oud Genootschap", ended_on=date(2025, 6, 1))
    withdrawn = make_declaration(politician, organisation="Vergissing Stichting")
    from register.declarations import services
    services.withdraw_declaration(withdrawn, reason="Dubbel", actor=owner)
    db.session.commit()
    agreement = make_agreement(politician, [running], title="Niet stemmen over het sportpark")

    html = _html(as_owner.get("/mijn/"))
    for heading in ("Concepten (1)", "Lopend (1)", "Beëindigd (1)", "Ingetrokken (1)"):
        assert heading in html
    assert html.index("Concept BV") < html.index("Lopend Fonds") < html.index("Oud Genootschap") \
        < html.index("Vergissing Stichting")
    assert ended.status == DeclarationStatus.ended
    for kind in DeclarationKind:
        assert f"/mijn/opgaven/nieuw?soort={kind.value}" in html
    assert "Geschenk of uitnodiging opgeven" in html
    assert "Niet stemmen over het sportpark" in html and f"/mijn/afspraken/{agreement.id}" in html
    assert "Ter aftekening" in html and "/mijn/afspraken/nieuw" in html


def test_dashboard_does_not_show_another_politicians_declarations(owner, as_owner):
    make_declaration(make_politician(), organisation="Andermans Belang BV")
    html = _html(as_owner.get("/mijn/"))
    assert "Andermans Belang BV" not in html and "Lopend (0)" in html


def test_dashboard_costs_a_fixed_number_of_queries(app, owner, as_owner):
    def queries_for_dashboard() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert as_owner.get("/mijn/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    make_declaration(owner.politician)
    make_agreement(owner.politician)
    few = queries_for_dashboard()
    for n in range(5):
        make_declaration(owner.politician, organisation=f"Stichting {n}")
        make_agreement(owner.politician)
    assert queries_for_dashboard() == few


@pytest.mark.parametrize("role", ["plain", "griffie", "reviewer"])
def test_dashboard_refuses_an_account_without_a_politician(login, client, role):
    group = make_group()
    kwargs = {"griffie": {"griffie_of": [group.body]}, "reviewer": {"reviewer_of": [group]}}.get(role, {})
    login(make_user(**kwargs))
    assert client.get("/mijn/").status_code == 403
    assert client.get("/mijn/opgaven/nieuw?soort=side_job").status_code == 403
    before = _snapshot()
    assert client.post("/mijn/opgaven/nieuw?soort=side_job", data=form()).status_code == 403
    assert _snapshot() == before


# --- entering a declaration ----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind,role_label,extra,absent", [
    ("side_job", "Functie", ["Uren per maand", "Inkomen"], ["Geschatte waarde", "Omvang"]),
    ("financial", "Wat bezit u?", ["Omvang", "In bezit sinds"],
     ["Inkomen", "Uren per maand", "Bezoldiging", "Betreft een familielid"]),
    ("gift", "Wat heeft u gekregen?", ["Geschatte waarde", "Ontvangen op", "Wat met het geschenk is gedaan",
                                       "afgedragen aan het orgaan"],
     ["Uren per maand", "Toelichting op de functie", "Beëindigd op", "Begonnen op", "Bezoldiging", "KvK-nummer"]),
    ("other", "Aard van het belang", ["Betreft een familielid"], ["Geschatte waarde", "Omvang"]),
])
def test_new_form_fits_the_kind(as_owner, kind, role_label, extra, absent):
    html = _html(as_owner.get(f"/mijn/opgaven/nieuw?soort={kind}"))
    assert f'<label for="role">{role_label}</label>' in html
    assert all(text in html for text in extra), extra
    assert not [text for text in absent if text in html]
    assert 'name="action" value="draft"' in html and 'name="action" value="publish"' in html
    assert "Alleen fractie en griffie" in html


def test_new_without_kind_offers_the_kinds(as_owner):
    response = as_owner.get("/mijn/opgaven/nieuw")
    assert response.status_code == 200
    assert "/mijn/opgaven/nieuw?soort=financial" in _html(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_kind_gets_a_clear_message_and_saves_nothing(as_owner, method):
    before = _snapshot()
    response = getattr(as_owner, method)("/mijn/opgaven/nieuw?soort=bribe", data=form())
    assert response.status_code == 404
    assert "Onbekende soort opgave" in _html(response)
    assert _snapshot() == before


def test_save_as_draft_is_not_yet_declared(owner, as_owner):
    response = as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=form(action="draft"))
    declaration = db.session.scalars(select(Declaration)).one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/mijn/opgaven/{declaration.id}")
    assert declaration.status == DeclarationStatus.draft and declaration.declared_at is None
    assert declaration.politician_id == owner.politician_id
    version = declaration.current_version
    assert (version.organisation, version.role, version.hours_per_month) == ("Stichting Sportpark Noord",
                                                                           "Penningmeester", 6)
    assert _actions() == ["declaration.draft_saved"]
    html = _html(as_owner.get(response.headers["Location"]))
    assert "Opgave opgeslagen als concept" in html and "nog niet gepubliceerd" in html


def test_publish_straight_away_records_the_declared_date(as_owner):
    as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=form(
        action="publish", organisation="Bouwbedrijf Jansen BV", role="Adviseur", paid="betaald",
        income_band="1001_5000", kvk_number="12345678", income_public="fractie"))
    declaration = db.session.scalars(select(Declaration)).one()
    assert declaration.kind == DeclarationKind.side_job
    assert declaration.status == DeclarationStatus.published and declaration.declared_at is not None
    version = declaration.published_version
    assert version.paid and version.income_band == IncomeBand.from_1001 and version.kvk_number == "12345678"
    assert version.income_public is False and version.organisation_public is True
    assert _actions() == ["declaration.draft_saved", "declaration.published"]


def test_financial_interest_stores_what_is_held_and_its_size_not_pay_or_hours(as_owner):
    as_owner.post("/mijn/opgaven/nieuw?soort=financial", data=form(
        action="publish", organisation="Bouwbedrijf Jansen BV", role="Aandelen", holding_band="50000_250000",
        paid="betaald", income_band="1001_5000", hours_per_month="12"))
    version = db.session.scalars(select(Declaration)).one().published_version
    assert version.role == "Aandelen" and version.holding_band == HoldingBand.from_50000
    # Pay, income and hours are not asked for a financial interest: posted anyway, they are ignored.
    assert not version.paid and version.income_band is None and version.hours_per_month is None
    html = _html(as_owner.get(f"/mijn/opgaven/{version.declaration_id}"))
    assert "€ 50.000 – € 250.000" in html and "Uren per maand" not in html


def test_gift_stores_value_band_and_outcome_and_other_kind_the_family_flag(as_owner):
    as_owner.post("/mijn/opgaven/nieuw?soort=gift", data=form(
        role="Twee kaarten voor de schouwburg", gift_value_band="51_250", gift_outcome="handed_over",
        paid="betaald", income_band="above_10000", description="Tweede omschrijving", ended_on="2026-01-01"))
    as_owner.post("/mijn/opgaven/nieuw?soort=other", data=form(role="Broer is directeur", concerns_family="y"))
    gift, other = db.session.scalars(select(Declaration).order_by(Declaration.id)).all()
    version = gift.current_version
    assert (version.gift_value_band, version.gift_outcome) == (GiftValueBand.from_51, GiftOutcome.handed_over)
    # A gift has no pay, income, second description or end date: such fields in the post are ignored.
    assert version.income_band is None and version.description is None and version.ended_on is None
    assert other.current_version.concerns_family is True
    html = _html(as_owner.get(f"/mijn/opgaven/{gift.id}"))
    assert "€ 51 – € 250" in html and "afgedragen aan het orgaan" in html and "Ontvangen op" in html


BAD_INPUT = [
    pytest.param({"organisation": ""}, "Vul de organisatie in.", id="missing-organisation"),
    pytest.param({"role": "   "}, "Vul dit veld in.", id="missing-role"),
    pytest.param({"organisation": "x" * 201}, "ten hoogste 200 tekens", id="organisation-too-long"),
    pytest.param({"description": "x" * 2001}, "De toelichting op de functie mag ten hoogste 2000 tekens",
                 id="text-too-long"),
    pytest.param({"started_on": "2025-03-01", "ended_on": "2025-02-01"}, "De einddatum ligt vóór de begindatum.",
                 id="end-before-start"),
    pytest.param({"started_on": ""}, "Vul de datum in waarop het begon.", id="missing-start"),
    pytest.param({"started_on": "31-02-2025"}, "Vul een geldige datum in", id="bad-date"),
    pytest.param({"started_on": (date.today() + timedelta(days=400)).isoformat()}, "te ver in de toekomst",
                 id="start-far-future"),
    pytest.param({"paid": "betaald", "income_band": "a_million"}, "Kies een inkomensklasse uit de lijst.",
                 id="unknown-income-band"),
    pytest.param({"paid": "onbetaald", "income_band": "500_1000"}, "hoort alleen bij een betaalde functie",
                 id="income-band-with-unpaid"),
    pytest.param({"paid": "soms"}, "Kies een van de mogelijkheden.", id="unknown-paid"),
    pytest.param({"organisation_public": "iedereen"}, "Kies een van de mogelijkheden.", id="unknown-visibility"),
    pytest.param({"kvk_number": "1234567"}, "precies 8 cijfers", id="kvk-too-short"),
    pytest.param({"hours_per_month": "745"}, "van 0 tot en met 744", id="too-many-hours"),
    pytest.param({"hours_per_month": "veel"}, "Vul een heel getal in", id="hours-not-a-number"),
]


@pytest.mark.parametrize("action", ["draft", "publish"])
@pytest.mark.parametrize("overrides,message", BAD_INPUT)
def test_bad_input_rerenders_with_dutch_message_and_saves_nothing(as_owner, overrides, message, action):
    before = _snapshot()
    response = as_owner.post("/mijn/opgaven/nieuw?soort=side_job", data=form(action=action, **overrides))
    assert response.status_code == 200
    html = _html(response)
    assert message in html and 'class="error-message"' in html and "Controleer de volgende invoer" in html
    assert _snapshot() == before


@pytest.mark.parametrize("kind,overrides,message", [
    ("gift", {"gift_outcome": "accepted"}, "Kies de geschatte waarde van het geschenk."),
    ("gift", {"gift_value_band": "up_to_50"}, "Kies wat u met het geschenk heeft gedaan."),
    ("gift", {"gift_value_band": "a_fortune", "gift_outcome": "accepted"}, "Kies een klasse uit de lijst."),
    ("gift", {"gift_value_band": "up_to_50", "gift_outcome": "sold"}, "Kies een van de mogelijkheden."),
    ("financial", {}, "Kies de omvang van het belang."),
])
def test_kind_questions_are_required_with_a_dutch_message(as_owner, kind, overrides, message):
    before = _snapshot()
    response = as_owner.post(f"/mijn/opgaven/nieuw?soort={kind}", data=form(**overrides))
    assert response.status_code == 200 and message in _html(response)
    assert _snapshot() == before


# --- drafts and publishing -----------------------------------------------------------------------------------

def test_edit_form_is_prefilled_from_the_newest_version(owner, as_owner):
    declaration = make_declaration(owner.politician, publish=False, organisation="Stichting Prefill",
                                   income_band=IncomeBand.from_500, paid=True)
    html = _html(as_owner.get(f"/mijn/opgaven/{declaration.id}/bewerken"))
    assert 'value="Stichting Prefill"' in html and 'value="2025-01-15"' in html
    assert '<option selected value="500_1000">' in html
    assert "Reden van de correctie" not in html


def test_edit_draft_saves_a_new_draft_version(owner, as_owner):
    declaration = make_declaration(owner.politician, publish=False)
    response = as_owner.post(f"/mijn/opgaven/{declaration.id}/bewerken", data=form(role="Voorzitter"))
    assert response.status_code == 302
    declaration = _fresh(declaration.id)
    assert declaration.status == DeclarationStatus.draft and declaration.current_version.role == "Voorzitter"
    assert [v.number for v in declaration.versions] == [1, 2]


def test_edit_draft_and_publish(owner, as_owner):
    declaration = make_declaration(owner.politician, publish=False)
    as_owner.post(f"/mijn/opgaven/{declaration.id}/bewerken", data=form(role="Voorzitter", action="publish"))
    declaration = _fresh(declaration.id)
    assert declaration.status == DeclarationStatus.published and declaration.declared_at is not None
    assert declaration.published_version.role == "Voorzitter"
    assert _actions()[-2:] == ["declaration.draft_saved", "declaration.published"]


def _version(declaration) -> dict:
    """The version a decision form names: the one the page showed (register/stale_forms.py)."""
    return {"based_on": str(declaration.current_number)}


def test_publish_button_publishes_a_draft(owner, as_owner):
    declaration = make_declaration(owner.politician, publish=False, started_on=RECENT)
    assert "/publiceren" in _html(as_owner.get(f"/mijn/opgaven/{declaration.id}"))
    response = as_owner.post(f"/mijn/opgaven/{declaration.id}/publiceren", data=_version(declaration))
    assert response.status_code == 302
    assert _fresh(declaration.id).status == DeclarationStatus.published
    assert "Opgave gepubliceerd" in _html(as_owner.get(response.headers["Location"]))
    assert _actions()[-1] == "declaration.published"


def test_publish_without_csrf_token_is_refused(owner, as_owner):
    declaration = make_declaration(owner.politician, publish=False)
    assert as_owner.post(f"/mijn/opgaven/{declaration.id}/publiceren", csrf=False).status_code == 400
    assert _fresh(declaration.id).status == DeclarationStatus.draft


def test_publish_address_answers_get_with_the_publish_page(owner, as_owner):
    """A refresh or a language switch on the publish address shows the page, never "Methode niet toegestaan"."""
    declaration = make_declaration(owner.politician, publish=False, started_on=RECENT)
    response = as_owner.get(f"/mijn/opgaven/{declaration.id}/publiceren")
    assert response.status_code == 200 and "Deze opgave is op tijd." in _html(response)
    assert _fresh(declaration.id).status == DeclarationStatus.draft


# --- corrections ---------------------------------------------------------------------------------------------

def test_correction_creates_version_3_and_keeps_the_old_one_readable(owner, as_owner):
    declaration = make_declaration(owner.politician, role="Bestuurslid")
    declared_at = declaration.declared_at
    html = _html(as_owner.get(f"/mijn/opgaven/{declaration.id}/bewerken"))
    assert "Reden van de correctie" in html and "Correctie publiceren" in html
    response = as_owner.post(f"/mijn/opgaven/{declaration.id}/bewerken", data=form(
        organisation="Stichting Woonbelang Voorbeeldstad", role="Voorzitter", started_on="2025-01-15",
        hours_per_month="4", action="publish", reason="Benoemd tot voorzitter"))
    assert response.status_code == 302
    declaration = _fresh(declaration.id)
    assert declaration.published_number == 3 and declaration.status == DeclarationStatus.published
    assert declaration.declared_at == declared_at
    third = declaration.versions[-1]
    assert (third.number, third.change, third.reason, third.role) == (3, DeclarationChange.corrected,
                                                                     "Benoemd tot voorzitter", "Voorzitter")
    assert declaration.versions[1].role == "Bestuurslid"
    event_ = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "declaration.corrected")).one()
    assert event_.data["changed"] == {"role": ["Bestuurslid", "Voorzitter"]}

    html = _html(as_owner.get(f"/mijn/opgaven/{declaration.id}"))
    assert "Versie 3: Correctie" in html and "Reden: Benoemd tot voorzitter" in html
    assert "Versie 2: Nieuw" in html and "Bestuurslid" in html
    assert html.index("Versie 3") < html.index("Versie 2") < html.index("Versie 1")


@pytest.mark.parametrize("overrides,message", [
    ({"reason": ""}, "Geef een reden voor de correctie."),
    ({"reason": "x" * 1001}, "De reden mag ten hoogste 1000 tekens"),
    ({"reason": "typfout", "role": "Bestuurslid"}, "Er is niets gewijzigd."),
    ({"reason": "typfout", "ended_on": "2024-01-01"}, "De einddatum ligt vóór de begindatum."),
])
def test_bad_correction_rerenders_and_changes_nothing(owner, as_owner, overrides, message):
    declaration = make_declaration(owner.politician, role="Bestuurslid")
    before = _snapshot()
    data = form(organisation="Stichting Woonbelang Voorbeeldstad", role="Voorzitter", started_on="2025-01-15",
                hours_per_month="4", action="publish")
    data.update(overrides)
    response = as_owner.post(f"/mijn/opgaven/{declaration.id}/bewerken", data=data)
    assert response.status_code == 200 and message in _html(response)
    assert _snapshot() == before
    assert _fresh(declaration.id).published_version.role == "Bestuurslid"


# --- ending and withdrawing ----------------------------------------------------------------------------------

def test_end_records_the_end_date(owner, as_owner):
    declaration = make_declaration(owner.politician, started_on=date(2024, 1, 1))
    assert "Opgave beëindigen" in _html(as_owner.get(f"/mijn/opgaven/{declaration.id}/beeindigen"))
    response = as_owner.post(f"/mijn/opgaven/{declaration.id}/beeindigen",
                             data={"ended_on": "2025-12-31", "reason": "Afgetreden", **_version(declaration)})
    assert response.status_code == 302
    declaration = _fresh(declaration.id)
    assert declaration.status == DeclarationStatus.ended
    assert declaration.published_version.ended_on == date(2025, 12, 31)
    assert declaration.published_version.reason == "Afgetreden"
    assert _actions()[-1] == "declaration.ended"
    assert "Beëindigd (1)" in _html(as_owner.get("/mijn/"))


@pytest.mark.parametrize("data,message", [
    ({"ended_on": "2023-12-31"}, "De einddatum ligt vóór de begindatum."),
    ({"ended_on": ""}, "Vul de datum in waarop het belang eindigde."),
    ({"ended_on": "morgen"}, "Vul een geldige datum in"),
    ({"ended_on": (date.today() + timedelta(days=400)).isoformat()}, "te ver in de toekomst"),
    ({"ended_on": "2025-01-01", "reason": "x" * 1001}, "ten hoogste 1000 tekens"),
])
def test_bad_end_date_rerenders_and_changes_nothing(owner, as_owner, data, message):
    declaration = make_declaration(owner.politician, started_on=date(2024, 1, 1))
    before = _snapshot()
    response = as_owner.post(f"/mijn/opgaven/{declaration.id}/beeindigen", data={**data, **_version(declaration)})
    assert response.status_code == 200 and message in _html(response)
    assert _snapshot() == before
    assert _fresh(declaration.id).status == DeclarationStatus.published


@pytest.mark.parametrize("publish", [True, False], ids=["published", "draft"])
def test_withdraw_keeps_the_declaration_on_record_with_the_reason(owner, as_owner, publish):
    declaration = make_declaration(owner.politician, publish=publish, organisation="Dubbele Stichting")
    versions = len(declaration.versions)
    html = _html(as_owner.get(f"/mijn/opgaven/{declaration.id}/intrekken"))
    assert "blijft met de datum en uw reden in het register staan" in html
    response = as_owner.post(f"/mijn/opgaven/{declaration.id}/intrekken",
                             data={"reason": "Dubbel opgegeven", **_version(declaration)})
    assert response.status_code == 302
    declaration = _fresh(declaration.id)
    assert declaration.status == DeclarationStatus.withdrawn and declaration.withdrawal_reason == "Dubbel opgegeven"
    assert len(declaration.versions) == versions + 1
    assert _actions()[-1] == "declaration.withdrawn"
    html = _html(as_owner.get(f"/mijn/opgaven/{declaration.id}"))
    assert "Ingetrokken" in html and "Dubbel opgegeven" in html and "Dubbele Stichting" in html
    assert "/intrekken" not in html and "/bewerken" not in html
    assert "Ingetrokken (1)" in _html(as_owner.get("/mijn/"))


@pytest.mark.parametrize("reason,message", [("", "Geef een reden voor het intrekken."),
                                            ("x" * 1001, "De reden mag ten hoogste 1000 tekens")])
def test_withdraw_needs_a_reason(owner, as_owner, reason, message):
    declaration = make_declaration(owner.politician)
    before = _snapshot()
    response = as_owner.post(f"/mijn/opgaven/{declaration.id}/intrekken",
                             data={"reason": reason, **_version(declaration)})
    assert response.status_code == 200 and message in _html(response)
    assert _snapshot() == before


# --- the detail page -----------------------------------------------------------------------------------------

def test_detail_shows_content_dates_versions_and_reviews(owner, as_owner):
    reviewer = make_user(reviewer_of=[owner.politician.group], name="Fractievoorzitter Bakker")
    declaration = make_declaration(owner.politician, organisation="Voetbalvereniging Noord",
                                   description="Bestuurstaken", description_public=False)
    review_services.review_declaration(declaration, reviewer=reviewer, outcome=ReviewOutcome.agreement_needed,
                                       comment="Maak een afspraak over subsidies.")
    db.session.commit()
    html = _html(as_owner.get(f"/mijn/opgaven/{declaration.id}"))
    assert "Nevenfunctie: Bestuurslid" in html and "Voetbalvereniging Noord" in html
    assert "alleen fractie en griffie" in html
    assert "Opgegeven op" in html and "nog niet gepubliceerd" not in html
    assert "Afspraak nodig" in html and "Maak een afspraak over subsidies." in html
    assert "Fractievoorzitter Bakker" in html
    assert "Versie 2: Nieuw" in html and "Versie 1: Concept opgeslagen" in html and "Anna de Vries" in html
    for path in ("/bewerken", "/beeindigen", "/intrekken"):
        assert f"/mijn/opgaven/{declaration.id}{path}" in html
    assert "/publiceren" not in html


# --- permissions ---------------------------------------------------------------------------------------------

ENDPOINTS = [
    ("get", ""), ("get", "/bewerken"), ("post", "/bewerken"), ("post", "/publiceren"),
    ("get", "/beeindigen"), ("post", "/beeindigen"), ("get", "/intrekken"), ("post", "/intrekken"),
]
WRITE_DATA = {**form(reason="Poging"), "ended_on": "2025-06-01"}


@pytest.mark.parametrize("method,suffix", ENDPOINTS)
def test_anonymous_is_sent_to_login(client, method, suffix):
    declaration = make_declaration(make_user(politician=make_politician()).politician)
    before = _snapshot()
    response = getattr(client, method)(f"/mijn/opgaven/{declaration.id}{suffix}", data=WRITE_DATA)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _snapshot() == before


@pytest.mark.parametrize("path", ["/mijn/", "/mijn/opgaven/nieuw?soort=side_job"])
def test_anonymous_is_sent_to_login_from_own_pages(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("method,suffix", ENDPOINTS)
def test_unknown_id_is_not_found(as_owner, method, suffix):
    assert getattr(as_owner, method)(f"/mijn/opgaven/99999{suffix}", data=WRITE_DATA).status_code == 404


@pytest.mark.parametrize("publish", [True, False], ids=["published", "draft"])
@pytest.mark.parametrize("method,suffix", ENDPOINTS)
def test_other_politician_cannot_reach_a_declaration_by_guessing_the_url(owner, login, client, method, suffix,
                                                                          publish):
    declaration = make_declaration(owner.politician, publish=publish)
    login(make_user(politician=make_politician(owner.politician.group)))  # even a fellow fractie member
    before = _snapshot()
    response = getattr(client, method)(f"/mijn/opgaven/{declaration.id}{suffix}", data=WRITE_DATA)
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("role,publish,expected", [
    ("griffie", True, 200), ("griffie", False, 403),  # a draft is the politician's workspace
    ("reviewer", True, 200), ("reviewer", False, 403),
    ("other_griffie", True, 403), ("other_reviewer", True, 403),
])
def test_who_may_view_a_declaration(owner, login, client, role, publish, expected):
    politician = owner.politician
    declaration = make_declaration(politician, publish=publish, organisation="Zichtbaar BV")
    grants = {
        "griffie": {"griffie_of": [politician.body]},
        "reviewer": {"reviewer_of": [politician.group]},
        "other_griffie": {"griffie_of": [make_body()]},
        "other_reviewer": {"reviewer_of": [make_group(politician.body)]},
    }[role]
    login(make_user(**grants))
    response = client.get(f"/mijn/opgaven/{declaration.id}")
    assert response.status_code == expected
    if expected == 200:
        html = _html(response)
        assert "Zichtbaar BV" in html and "/bewerken" not in html and "/intrekken" not in html
        assert (f"/beoordelen/opgaven/{declaration.id}" in html) == (role == "reviewer")


@pytest.mark.parametrize("role", ["griffie", "reviewer"])
@pytest.mark.parametrize("method,suffix", ENDPOINTS[1:])
def test_griffie_and_reviewer_may_view_but_not_change(owner, login, client, role, method, suffix):
    politician = owner.politician
    declaration = make_declaration(politician)
    grants = {"griffie": {"griffie_of": [politician.body]}, "reviewer": {"reviewer_of": [politician.group]}}[role]
    login(make_user(**grants))
    before = _snapshot()
    response = getattr(client, method)(f"/mijn/opgaven/{declaration.id}{suffix}", data=WRITE_DATA)
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("status,allowed", [
    ("draft", {"", "/bewerken", "/publiceren", "/intrekken"}),
    ("published", {"", "/bewerken", "/beeindigen", "/intrekken"}),
    ("ended", {"", "/bewerken", "/intrekken"}),
    ("withdrawn", {""}),
])
def test_owner_actions_follow_the_status(owner, as_owner, status, allowed):
    politician = owner.politician
    declaration = make_declaration(politician, publish=status != "draft",
                                   ended_on=date(2025, 6, 1) if status == "ended" else None)
    if status == "withdrawn":
        from register.declarations import services
        services.withdraw_declaration(declaration, reason="Vergissing", actor=owner)
        db.session.commit()
    assert declaration.status.value == status
    for suffix in ("", "/bewerken", "/beeindigen", "/intrekken"):
        expected = 200 if suffix in allowed else 403
        assert as_owner.get(f"/mijn/opgaven/{declaration.id}{suffix}").status_code == expected, suffix
    if "/publiceren" not in allowed:
        before = _snapshot()
        response = as_owner.post(f"/mijn/opgaven/{declaration.id}/publiceren", data=_version(declaration))
        assert response.status_code == 403
        assert _snapshot() == before
