"""Statements (issue 11 item 8): per body and register-wide privacy statement, colofon and accessibility statement;
sensible defaults, linked from every page's footer, written by the griffie as plain text, audited."""
from __future__ import annotations

import html as html_lib

from sqlalchemy import select

from register.extensions import db
from register.models import AuditEvent, Statement
from tests.factories import make_body, make_user

PAGES = ("privacy", "colofon", "toegankelijkheid")


def text_of(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def test_a_new_body_has_true_default_statements_linked_from_its_footer(app, client):
    make_body("Gemeente Nieuwstad", slug="nieuwstad")
    body_page = client.get("/register/nieuwstad/").get_data(as_text=True)
    for slug in PAGES:
        assert f'href="/register/nieuwstad/{slug}"' in body_page
    privacy = text_of(client.get("/register/nieuwstad/privacy"))
    assert "Privacyverklaring van Gemeente Nieuwstad</h1>" in privacy
    assert "artikel 12 van de Gemeentewet" in privacy and "AVG artikel 6 lid 1 sub c" in privacy
    assert "een ambtsdrager, een fractie of het hele orgaan" in privacy  # e-mail alerts are covered
    assert "dubbele bevestiging" in privacy and "bij het afmelden wordt het verwijderd" in privacy
    assert "<h2>Uw rechten</h2>" in privacy
    assert client.get("/register/nieuwstad/toegankelijkheid").status_code == 200
    assert client.get("/register/bestaat-niet/privacy").status_code == 404


def test_pages_without_a_body_link_the_register_wide_statements(client):
    make_body("Gemeente Nieuwstad", slug="nieuwstad")
    home = client.get("/").get_data(as_text=True)
    for slug in PAGES:
        assert f'href="/{slug}"' in home
    page = text_of(client.get("/colofon"))
    assert "Colofon en contact</h1>" in page
    assert 'href="/register/nieuwstad/colofon"' in page  # and each body's own


def test_the_griffie_writes_a_statement_as_plain_text_shown_safely_and_audited(app, client, login):
    body = make_body("Gemeente Nieuwstad", slug="nieuwstad")
    griffie = make_user(griffie_of=[body], name="Greet Griffier")
    login(griffie)
    text = "# Contact\nGriffie & raad, Raadhuisplein 1\nE-mail: griffie@nieuwstad.nl\n\n- Op werkdagen\n- 9 tot 5 uur"
    response = client.post("/beheer/nieuwstad/verklaringen/colofon", data={"text": text, "based_on": "0"})
    assert response.status_code == 302
    page = client.get("/register/nieuwstad/colofon").get_data(as_text=True)
    assert "<h2>Contact</h2>" in page and "Griffie &amp; raad, Raadhuisplein 1" in page
    assert '<a href="mailto:griffie@nieuwstad.nl">griffie@nieuwstad.nl</a>' in page
    assert "<ul><li>Op werkdagen</li><li>9 tot 5 uur</li></ul>" in page
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "statement.updated"))
    assert event.actor_id == griffie.id and event.body_id == body.id and event.data["kind"] == "colofon"
    assert "Raadhuisplein" not in (event.data["previous"] or "")  # the default it replaced is kept
    logbook = text_of(client.get("/beheer/nieuwstad/logboek"))
    assert "Colofon en contact van Gemeente Nieuwstad" in logbook and "Greet Griffier" in logbook


def test_html_is_refused_with_a_dutch_message_and_changes_nothing(client, login):
    body = make_body("Gemeente Nieuwstad", slug="nieuwstad")
    login(make_user(griffie_of=[body]))
    response = client.post("/beheer/nieuwstad/verklaringen/privacy",
                           data={"text": "Hallo <script>alert(1)</script>", "based_on": "0"})
    assert response.status_code == 200
    assert "Gebruik geen HTML-code" in text_of(response)
    assert db.session.scalar(select(Statement)) is None
    assert "<script>alert" not in client.get("/register/nieuwstad/privacy").get_data(as_text=True)


def test_a_stale_form_does_not_overwrite_another_griffiers_text(client, login):
    body = make_body("Gemeente Nieuwstad", slug="nieuwstad")
    login(make_user(griffie_of=[body]))
    url = "/beheer/nieuwstad/verklaringen/toegankelijkheid"
    assert client.post(url, data={"text": "Eerste tekst.", "based_on": "0"}).status_code == 302
    response = client.post(url, data={"text": "Tekst op een oude versie.", "based_on": "0"})
    assert "Iemand anders heeft deze verklaring intussen gewijzigd" in text_of(response)
    assert "Eerste tekst." in text_of(client.get("/register/nieuwstad/toegankelijkheid"))


def test_only_the_bodys_griffie_may_write_its_statements(app, client, login):
    body, other = make_body("Gemeente Nieuwstad", slug="nieuwstad"), make_body("Gemeente Elders", slug="elders")
    assert client.get("/beheer/nieuwstad/verklaringen").status_code in (302, 401, 403)
    login(make_user(griffie_of=[other]))
    assert client.get("/beheer/nieuwstad/verklaringen").status_code == 403
    assert client.post("/beheer/nieuwstad/verklaringen/privacy", data={"text": "Overgenomen.",
                                                                        "based_on": "0"}).status_code == 403
    assert client.post("/sitebeheer/verklaringen/privacy", data={"text": "Overgenomen.",
                                                                 "based_on": "0"}).status_code == 403
    assert db.session.scalar(select(Statement)) is None
    assert body.id != other.id


def test_smaller_things_seen_on_the_public_pages(client):
    """Issue 11, "what was seen": the placeholder <orgaan> is shown (escaped), the CSV names its charset once, the
    favicon exists, and the home page speaks with "u"."""
    make_body("Gemeente Nieuwstad", slug="nieuwstad")
    assert "<code>/export/onthoudingen/&lt;orgaan&gt;.csv</code>" in client.get("/open-data").get_data(as_text=True)
    content_type = client.get("/export/nieuwstad.csv").headers["Content-Type"]
    assert content_type.count("charset") == 1 and content_type.startswith("text/csv")
    assert client.get("/export/nieuwstad.json").headers["Content-Type"].count("charset") == 1
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert 'rel="icon"' in client.get("/").get_data(as_text=True)
    home = html_lib.unescape(client.get("/").get_data(as_text=True))
    assert " je " not in home and "uw belangen" in home


def test_one_register_wide_statement_per_kind_even_at_the_same_moment(app):
    """Body-less rows escape the (body_id, kind) constraint on both databases; the partial unique index holds."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    from register.models import StatementKind
    db.session.add(Statement(kind=StatementKind.privacy, text="Eerste."))
    db.session.commit()
    db.session.add(Statement(kind=StatementKind.privacy, text="Tweede, tegelijk opgeslagen."))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Statement(kind=StatementKind.colofon, text="Een andere soort mag wel."))
    db.session.commit()


def test_a_first_save_at_the_same_moment_as_another_is_refused_not_a_500(client, login, monkeypatch):
    """Two griffiers save the first text of a statement together: the second insert meets the unique constraint and
    gets the stale-form message with its text kept, not an error page."""
    from register.statements import services
    body = make_body("Gemeente Tweeklik", slug="tweeklik")
    login(make_user(griffie_of=[body]))
    url = "/beheer/tweeklik/verklaringen/colofon"
    assert client.post(url, data={"text": "De tekst van de eerste.", "based_on": "0"}).status_code == 302
    monkeypatch.setattr(services, "saved", lambda *args, **kwargs: None)  # the other save not yet seen
    response = client.post(url, data={"text": "De tekst van de tweede.", "based_on": "0"})
    assert response.status_code == 200
    assert "Iemand anders heeft deze verklaring intussen gewijzigd" in text_of(response)
    assert "De tekst van de tweede." in text_of(response)
    monkeypatch.undo()
    assert "De tekst van de eerste." in text_of(client.get("/register/tweeklik/colofon"))


def test_the_version_is_checked_again_when_saving(app):
    """The page's check and the save are two moments: the service checks the version under the row lock."""
    import pytest

    from register.models import StatementKind
    from register.statements import services
    griffier = make_user(name="Griffier Een")
    services.save_statement(StatementKind.privacy, "Versie een.", actor=griffier, based_on=0)
    db.session.commit()
    with pytest.raises(services.StaleStatement):
        services.save_statement(StatementKind.privacy, "Op de standaardtekst gebaseerd.", actor=griffier, based_on=0)
    db.session.rollback()
    assert services.current(StatementKind.privacy).text == "Versie een."


def test_the_edit_page_lists_every_change_with_the_text_it_replaced(client, login):
    """Register-wide statements have no body logbook: their changes are read back on their own edit page."""
    admin = make_user(name="Sita Beheer")
    admin.site_admin = True
    db.session.commit()
    login(admin)
    url = "/sitebeheer/verklaringen/colofon"
    assert client.post(url, data={"text": "Eerste colofon.", "based_on": "0"}).status_code == 302
    assert client.post(url, data={"text": "Tweede colofon.", "based_on": "1"}).status_code == 302
    page = text_of(client.get(url))
    changes = page.partition("Wijzigingen van deze verklaring")[2]
    assert changes.index("Versie 2") < changes.index("Versie 1")
    assert "Sita Beheer" in changes and "Eerste colofon." in changes
    assert "De standaardtekst (er was nog geen eigen tekst)." in changes
