""""Te doen": where each role lands after logging in, what waits for them (with deadline, age and the fractie's
comment), the counts in the navigation, and a fixed number of queries however much waits."""
from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import g
from sqlalchemy import event, update

from register.extensions import db
from register.models import AgreementVersion, Declaration, DeclarationVersion, Signal
from register.models.base import utcnow
from register.review import services as review_services
from register.signals import services as signal_services
from tests.factories import (
    PASSWORD, make_agreement, make_body, make_declaration, make_group, make_politician, make_user,
)


class World:
    def __init__(self):
        self.body = make_body("Gemeente Doestad", slug="doestad")  # deadline 7 days
        self.group = make_group(self.body, "Lokaal Doestad")
        self.owner = make_user(politician=make_politician(self.group, name="Anna de Vries"), name="Anna de Vries")
        self.colleague = make_user(politician=make_politician(self.group, name="Bram Bakker"), name="Bram Bakker")
        self.reviewer = make_user(reviewer_of=[self.group], name="Marieke de Boer")
        self.griffie = make_user(griffie_of=[self.body], name="Greet Griffier")
        other = make_body("Gemeente Elders", slug="elders")
        self.stranger = make_user(politician=make_politician(make_group(other), name="Vera Elders"))


@pytest.fixture
def w(app):
    return World()


def client_as(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/te-doen")
    return client


def text(client, url="/te-doen") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html_lib.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def _age(model, column, ident, days: int) -> None:
    db.session.execute(update(model).where(model.id == ident).values({column: utcnow() - timedelta(days=days)}))
    db.session.commit()


def _signal(w, politician, *, opened=True, client="c"):
    signal = signal_services.receive_signal(w.body, politician=politician, text="Een reis naar Dubai, betaald.",
                                            source_url=None, contact_email=None, client=client)
    db.session.commit()
    if opened:
        signal_services.open_signal(signal, actor=w.griffie)
        db.session.commit()
    return signal


# --- the politician -------------------------------------------------------------------------------------------

def test_politician_sees_signal_deadline_requested_change_confirmation_and_old_drafts(app, w):
    politician = w.owner.politician
    signal = _signal(w, politician)
    agreement = make_agreement(politician, title="Geen besluiten over Sportpark De Horst")
    review_services.request_changes(agreement, reviewer=w.reviewer, comment="Noem ook de subsidieaanvraag.")
    db.session.commit()
    old = make_declaration(politician, publish=False, organisation="Oude Stichting", role="Bestuurslid")
    _age(Declaration, "created_at", old.id, 30)
    make_declaration(politician, publish=False, organisation="Verse Stichting")  # within the deadline

    page = text(client_as(app, w.owner))
    assert "Als ambtsdrager" in page
    assert f"Melding {signal.reference}: geef uw reactie (hoor en wederhoor)" in page
    due = signal.response_due_at.astimezone(UTC)
    assert "reageren kan tot en met" in page and str(due.year) in page
    assert "Afspraak 'Geen besluiten over Sportpark De Horst': uw fractie vraagt een wijziging" in page
    assert "Noem ook de subsidieaanvraag." in page and "todo-prominent" in page
    assert "Bevestig dat uw register volledig is (jaarlijks)" in page
    assert "Concept: nevenfunctie, Bestuurslid (Oude Stichting)" in page and "Verse Stichting" not in page
    assert "Dubai" not in page  # the signal's content stays on its own page
    dashboard = text(client_as(app, w.owner), "/mijn/")
    assert "Noem ook de subsidieaanvraag." in dashboard and f"Melding {signal.reference}" in dashboard


def test_a_politician_with_nothing_waiting_is_told_so(app, w):
    from register.declarations.services import confirm_register
    confirm_register(w.colleague.politician, actor=w.colleague)
    db.session.commit()
    page = text(client_as(app, w.colleague))
    assert "Er wacht niets op u." in page and "nav-count" not in page


def test_answered_signal_and_other_peoples_work_are_not_listed(app, w):
    signal = _signal(w, w.owner.politician)
    signal_services.respond_to_signal(signal, actor=w.owner, text="Zelf betaald.")
    db.session.commit()
    make_agreement(w.colleague.politician, title="Afspraak van Bram")
    page = text(client_as(app, w.owner))
    assert signal.reference not in page and "Afspraak van Bram" not in page


# --- the reviewer ---------------------------------------------------------------------------------------------

def test_reviewer_sees_the_queue_oldest_first_with_age_and_marked_when_over_the_deadline(app, w):
    old = make_agreement(w.owner.politician, title="Wacht sinds 2022")
    version = old.current_version
    db.session.execute(update(AgreementVersion).where(AgreementVersion.id == version.id)
                       .values(submitted_at=datetime(2022, 3, 1, 10, tzinfo=UTC)))
    db.session.commit()
    make_agreement(w.colleague.politician, title="Net aangeboden")
    fresh = make_declaration(w.colleague.politician, organisation="Nieuwe Stichting")
    client = client_as(app, w.reviewer)
    page = text(client)
    assert page.index("Wacht sinds 2022") < page.index("Net aangeboden")
    assert "sinds 1 maart 2022" in page and re.search(r"\(\d jaar\)", page)
    item = page[page.index("Wacht sinds 2022"):page.index("Net aangeboden")]
    assert "over de termijn" in item
    assert "Nieuwe Stichting" in page and fresh.politician.name in page
    queue = text(client, "/beoordelen/")
    assert "Afspraken ter aftekening (2)" in queue and "langer dan de termijn van 7 dagen" in queue
    assert queue.index("Wacht sinds 2022") < queue.index("Net aangeboden")


def test_reviewer_count_leaves_out_own_agreement_and_decided_ones(app, w):
    both = make_user(politician=make_politician(w.group, name="Fatima Fractie"), reviewer_of=[w.group],
                     name="Fatima Fractie")
    make_agreement(both.politician, title="Mijn eigen afspraak")
    decided = make_agreement(w.owner.politician, title="Al besloten")
    review_services.request_changes(decided, reviewer=both, comment="Anders")
    db.session.commit()
    make_agreement(w.colleague.politician, title="Nog te doen")
    page = text(client_as(app, both))
    assert "Nog te doen" in page and "Mijn eigen afspraak" not in page and "Al besloten" not in page


# --- the griffie ----------------------------------------------------------------------------------------------

def test_griffie_sees_new_signals_ended_periods_responses_and_late_reviews(app, w):
    new = _signal(w, None, opened=False, client="a")
    silent = _signal(w, w.owner.politician, client="b")
    db.session.execute(update(Signal).where(Signal.id == silent.id)
                       .values(response_due_at=utcnow() - timedelta(days=1)))
    answered = _signal(w, w.colleague.politician, client="c")
    signal_services.respond_to_signal(answered, actor=w.colleague, text="Mijn kant.")
    late = make_agreement(w.owner.politician, title="Ligt al lang")
    db.session.execute(update(AgreementVersion).where(AgreementVersion.id == late.current_version.id)
                       .values(submitted_at=utcnow() - timedelta(days=40)))
    make_agreement(w.colleague.politician, title="Net binnen")
    unreviewed = make_declaration(w.owner.politician, organisation="Onbeoordeelde Stichting")
    db.session.execute(update(DeclarationVersion).where(DeclarationVersion.declaration_id == unreviewed.id)
                       .values(published_at=utcnow() - timedelta(days=20)))
    db.session.commit()
    page = text(client_as(app, w.griffie))
    assert f"Melding {new.reference}: beoordeel of zij in behandeling wordt genomen" in page
    assert f"Melding {silent.reference}: geen reactie binnen de termijn; leg een uitkomst vast" in page
    assert f"Melding {answered.reference}: de ambtsdrager heeft gereageerd; leg een uitkomst vast" in page
    assert "Ligt al lang" in page and "Net binnen" not in page
    assert "Onbeoordeelde Stichting" in page
    assert "Vera Elders" not in page
    overview = text(client_as(app, w.griffie), "/beheer/")
    assert new.reference in overview and "Ligt al lang" in overview


def test_other_bodys_griffie_sees_none_of_it(app, w):
    _signal(w, None, opened=False)
    elders = make_user(griffie_of=[make_body("Gemeente Verweg", slug="verweg")])
    page = text(client_as(app, elders))
    assert "Melding M-" not in page and "Er wacht niets op u." in page


# --- several roles, the navigation ----------------------------------------------------------------------------

def test_user_with_several_roles_sees_each_roles_list_and_counts_in_the_navigation(app, w):
    everything = make_user(politician=make_politician(w.group, name="Dirk Drie"), reviewer_of=[w.group],
                           griffie_of=[w.body], name="Dirk Drie")
    _signal(w, None, opened=False)
    make_agreement(w.owner.politician, title="Voor Dirk om af te tekenen")
    page = text(client_as(app, everything))
    for heading in ("Als ambtsdrager", "Als fractiebeoordelaar", "Als griffie"):
        assert heading in page
    nav = page[page.index('aria-label="Hoofdmenu"'):page.index("</nav>", page.index('aria-label="Hoofdmenu"'))]
    assert re.search(r'Mijn opgaven <span class="nav-count">1<span class="visually-hidden"> te doen</span>', nav)
    assert re.search(r'Beoordelen <span class="nav-count">2<span class="visually-hidden"> te doen', nav)
    assert re.search(r'Beheer <span class="nav-count">1<span class="visually-hidden"> te doen', nav)


def test_te_doen_needs_a_login(client):
    response = client.get("/te-doen")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- a fixed number of queries --------------------------------------------------------------------------------

def _statements(client, url) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1
    db.session.expunge_all()
    g.pop("_login_user", None)
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)
    return count


def _more_work(group_id, body_id, griffie_id, n):
    from register.models import Body, Group, User
    group, body, griffie = db.session.get(Group, group_id), db.session.get(Body, body_id), db.session.get(
        User, griffie_id)
    politician = make_user(politician=make_politician(group)).politician
    make_agreement(politician, title=f"Afspraak {n}")
    signal = signal_services.receive_signal(body, politician=politician, text="Nog een melding hier.",
                                            source_url=None, contact_email=None, client=f"k{n}")
    signal_services.open_signal(signal, actor=griffie)
    db.session.commit()


@pytest.mark.parametrize("url", ["/te-doen", "/mijn/", "/beoordelen/", "/beheer/"])
def test_pages_with_te_doen_cost_the_same_number_of_queries_for_more_work(app, w, url):
    everything = make_user(politician=make_politician(w.group, name="Dirk Drie"), reviewer_of=[w.group],
                           griffie_of=[w.body], name="Dirk Drie")
    ids = (w.group.id, w.body.id, w.griffie.id)
    client = client_as(app, everything)
    _more_work(*ids, 0)
    few = _statements(client, url)
    for n in range(1, 5):
        _more_work(*ids, n)
    assert _statements(client, url) == few
