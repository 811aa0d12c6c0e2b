"""Statements: public pages (per body and for the register as a whole) and the pages where they are written."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from register.extensions import db
from register.models import Body, StatementKind
from register.models.statements import STATEMENT_SLUGS
from register.public.queries import active_body
from register.stale_forms import posted_version, stamp
from register.statements import queries, services
from register.statements.defaults import default_text
from register.statements.forms import StatementForm
from register.statements.text import to_html
from register.views import managed_body

bp = Blueprint("statements", __name__)
KINDS = {slug: kind for kind, slug in STATEMENT_SLUGS.items()}
STALE = _l("Iemand anders heeft deze verklaring intussen gewijzigd. Hieronder staat uw tekst; de huidige tekst staat "
           "op de openbare pagina. Sla opnieuw op om uw tekst toch te bewaren.")


def route(template: str, **options):
    """One rule per statement, with its Dutch word in the path: /privacy, /colofon, /toegankelijkheid.

    Static words rather than a converter, so that /register/<body>/privacy never loses to the politician rule
    /register/<body>/<politician>/ (which would redirect to add a slash). url_for takes slug= to choose one."""
    def register(view):
        for slug in KINDS:
            bp.add_url_rule(template.format(slug=slug), view_func=view, defaults={"slug": slug}, **options)
        return view
    return register


@route("/{slug}", methods=["GET"])
def register_statement(slug: str):
    """The statement of the register as a whole, with links to each body's own."""
    bodies = queries.active_bodies()
    shown = services.current(KINDS[slug])
    return render_template("public/statement.html", statement=shown, html=to_html(shown.text), bodies=bodies,
                           slug=slug)


@route("/register/<body_slug>/{slug}", methods=["GET"])
def body_statement(body_slug: str, slug: str):
    """A body's privacy statement, colofon or accessibility statement."""
    body = active_body(body_slug)
    shown = services.current(KINDS[slug], body)
    return render_template("public/statement.html", statement=shown, html=to_html(shown.text), body=body, slug=slug)


@bp.get("/beheer/<body_slug>/verklaringen")
def admin_list(body_slug: str):
    """The griffie's overview of the body's three statements: default or written, and when."""
    body = managed_body(body_slug)
    shown = [services.current(kind, body) for kind in StatementKind]
    return render_template("statements/list.html", body=body, statements=shown, slugs=STATEMENT_SLUGS)


@route("/beheer/<body_slug>/verklaringen/{slug}", methods=["GET", "POST"])
def admin_edit(body_slug: str, slug: str):
    """The griffie writes one of the body's statements."""
    body = managed_body(body_slug)
    return _edit(KINDS[slug], body, url_for(".admin_list", body_slug=body.slug))


@route("/sitebeheer/verklaringen/{slug}", methods=["GET", "POST"])
def site_edit(slug: str):
    """The site administrator writes one of the register-wide statements."""
    return _edit(KINDS[slug], None, url_for("siteadmin.index"))


def _refused(form: StatementForm, error: Exception, version: int) -> None:
    """Keep the writer's text on the page with why it was not saved; a stale form is based on the version now
    saved, so saving again knowingly replaces it. Another first save at the same moment (the unique index) is stale
    too."""
    if isinstance(error, services.StaleStatement | IntegrityError):
        stamp(form.based_on, version)
        form.text.errors.append(str(STALE))
    else:
        form.text.errors.append(str(error))


def _edit(kind: StatementKind, body: Body | None, back: str):
    """One edit page for both: a stale form or bad text changes nothing and says why."""
    shown = services.current(kind, body)
    form = StatementForm()
    if request.method == "GET":
        form.text.data = default_text(kind, body) if request.args.get("standaard") else shown.text
        stamp(form.based_on, shown.version)
    elif form.validate_on_submit():
        try:
            changed = services.save_statement(kind, form.text.data, actor=current_user._get_current_object(),
                                              body=body, based_on=posted_version(form.based_on))
            db.session.commit()
        except (services.StatementError, IntegrityError) as error:
            db.session.rollback()
            _refused(form, error, services.current(kind, body).version)
        else:
            flash(_("%(title)s opgeslagen.", title=shown.title) if changed else
                  _("Er is niets gewijzigd: de tekst was al zo."), "success")
            return redirect(back)
    return render_template("statements/edit.html", form=form, statement=shown, body=body, back=back,
                           slug=STATEMENT_SLUGS[kind], changes=services.changes(kind, body))
