"""Recusals, recorded by the politician or the griffie; the politician's public context notes."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from register.extensions import db
from register.models import Agreement, Declaration, Politician
from register.public.recusals import public_recusals
from register.recusals import queries, services
from register.recusals.forms import ContextNoteForm, RecusalForm
from register.recusals.services import RecusalError
from register.signals.forms import as_id
from register.stale_forms import is_stale, stamp
from register.views import actor, managed_body, own_politician, refused

bp = Blueprint("recusals", __name__)

# The public page and other areas' templates read these.
bp.add_app_template_global(public_recusals, "public_recusals")
bp.add_app_template_global(queries.context_note_for, "context_note_for")


def _recusal_form(politician: Politician) -> RecusalForm:
    form = RecusalForm()
    form.agreement_id.choices = [("", _("Kies een afspraak"))] + [
        _agreement_choice(a) for a in queries.signed_agreements(politician)]
    return form


def _agreement_choice(agreement: Agreement) -> tuple[str, str]:
    """The signed-off title, with "(beëindigd)" for an ended agreement."""
    version = agreement.signed_version
    assert version is not None  # queries.signed_agreements loads only agreements with a signed-off version
    ended = f" ({agreement.status_label.lower()})" if agreement.status.value == "ended" else ""
    return str(agreement.id), version.title + ended


def _save_recusal(politician: Politician, form: RecusalForm) -> bool:
    """Call the service; True when saved and committed, otherwise the message is on the form."""
    agreement_id = as_id(form.agreement_id.data)
    try:
        services.record_recusal(politician, actor=actor(), meeting_date=form.meeting_date.data,
                                agenda_item=form.agenda_item.data, note=form.note.data,
                                agreement=db.session.get(Agreement, agreement_id) if agreement_id else None)
    except RecusalError as error:
        refused(error, form)
        return False
    db.session.commit()
    flash(_("De onthouding is vastgelegd. Zij staat met de datum, het agendapunt en de afspraak in het openbare "
            "register."), "success")
    return True


# ------------------------------------------------------------------------------------------------ politician

@bp.get("/mijn/onthoudingen")
@login_required
def mine():
    """The politician's recorded recusals."""
    politician = own_politician()
    return render_template("recusals/mine.html", politician=politician, recusals=queries.recusals_of(politician),
                           can_add=bool(queries.signed_agreements(politician)))


@bp.route("/mijn/onthoudingen/nieuw", methods=["GET", "POST"])
@login_required
def new():
    """Record an abstention under one of the politician's own signed-off agreements."""
    politician = own_politician()
    form = _recusal_form(politician)
    if form.validate_on_submit() and _save_recusal(politician, form):
        return redirect(url_for(".mine"))
    return render_template("recusals/form.html", form=form, politician=politician, body=None,
                           cancel=url_for(".mine"))


# ------------------------------------------------------------------------------------------------ griffie

@bp.get("/beheer/<body_slug>/onthoudingen")
@login_required
def body_overview(body_slug: str):
    """The body's recusals, newest first, and its politicians with signed-off agreements."""
    body = managed_body(body_slug)
    return render_template("recusals/body.html", body=body, recusals=queries.body_recusals(body),
                           politicians=queries.politicians_with_signed_agreements(body))


@bp.route("/beheer/<body_slug>/ambtsdragers/<int:politician_id>/onthoudingen", methods=["GET", "POST"])
@login_required
def for_politician(body_slug: str, politician_id: int):
    """The griffie records an abstention for a politician of its body."""
    body = managed_body(body_slug)
    politician = db.get_or_404(Politician, politician_id)
    if politician.body_id != body.id:
        abort(404)
    form = _recusal_form(politician)
    if form.validate_on_submit() and _save_recusal(politician, form):
        return redirect(url_for(".for_politician", body_slug=body.slug, politician_id=politician.id))
    return render_template("recusals/form.html", form=form, politician=politician, body=body,
                           recusals=queries.recusals_of(politician),
                           cancel=url_for(".body_overview", body_slug=body.slug))


# ------------------------------------------------------------------------------------------------ context notes

@bp.get("/mijn/toelichtingen")
@login_required
def notes():
    """The politician's public items, each with its current note and earlier ones."""
    politician = own_politician()
    return render_template("recusals/notes.html", politician=politician,
                           declarations=queries.public_declarations_of(politician),
                           agreements=queries.signed_agreements(politician),
                           history=queries.note_history(politician.id))


def _note_page(item, *, declaration=None, agreement=None):
    if not item.is_owner(current_user):
        abort(403)
    if not item.is_public:
        flash(_("Een toelichting kan alleen bij een gepubliceerde opgave of afgetekende afspraak."), "error")
        return redirect(url_for(".notes"))
    current = services.latest_note(declaration=declaration, agreement=agreement)
    form = ContextNoteForm(data={"text": current.text} if current and request.method == "GET" else None)
    page = dict(form=form, declaration=declaration, agreement=agreement, current=current)
    if _note_changed_meanwhile(form, current):
        return render_template("recusals/note_form.html", **page), 409
    if form.validate_on_submit():
        try:
            services.add_context_note(actor=actor(), text=form.text.data, declaration=declaration,
                                      agreement=agreement)
        except RecusalError as error:
            refused(error, form)
        else:
            db.session.commit()
            flash(_("Uw toelichting staat nu in het openbare register, met de datum."), "success")
            return redirect(url_for(".notes"))
    return render_template("recusals/note_form.html", **page)


def _note_changed_meanwhile(form: ContextNoteForm, current) -> bool:
    """A note saved from a page that showed an older note (e.g. another tab) would replace the newer one unseen:
    refused with the current note shown; the form is then based on it (register/stale_forms.py)."""
    shown = current.id if current else 0
    stale = form.is_submitted() and is_stale(form.based_on, shown)
    if stale:
        form.form_errors.append(_("Uw toelichting is gewijzigd sinds u deze pagina opende, bijvoorbeeld in een ander "
                                  "venster. Er is niets vastgelegd. De huidige toelichting staat hieronder; publiceer "
                                  "opnieuw om haar door uw invoer te vervangen."))
    stamp(form.based_on, shown)
    return stale


@bp.route("/mijn/toelichtingen/opgave/<int:declaration_id>", methods=["GET", "POST"])
@login_required
def declaration_note(declaration_id: int):
    """A public context note on one of the politician's own published declarations."""
    declaration = db.get_or_404(Declaration, declaration_id)
    return _note_page(declaration, declaration=declaration)


@bp.route("/mijn/toelichtingen/afspraak/<int:agreement_id>", methods=["GET", "POST"])
@login_required
def agreement_note(agreement_id: int):
    """A public context note on one of the politician's own signed-off agreements."""
    agreement = db.get_or_404(Agreement, agreement_id)
    return _note_page(agreement, agreement=agreement)
