"""A politician's own agreements: record, read, revise, submit for sign-off, end."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from register.agreements import queries, services
from register.agreements.forms import (
    TEXT_HINT, AgreementForm, EndAgreementForm, ReviseAgreementForm, chosen_declarations,
)
from register.agreements.services import AgreementError
from register.extensions import db
from register.form_pages import back_to_form
from register.models import Agreement, AgreementVersion, Declaration, SignOff, SignOffDecision
from register import lone_reviewer as lone
from register.stale_forms import DecisionForm, is_stale, is_stale_decision, stamp
from register.views import actor

bp = Blueprint("agreements", __name__, url_prefix="/mijn/afspraken")

DECISION_LABELS = {SignOffDecision.approved: _l("Afgetekend"),
                   SignOffDecision.changes_requested: _l("Wijziging gevraagd")}


def _load(agreement_id: int, permission: str) -> Agreement:
    """The agreement, or 404; 403 unless the user passes the model's can_<permission> check."""
    agreement = db.get_or_404(Agreement, agreement_id)
    if not getattr(agreement, f"can_{permission}")(current_user):
        abort(403)
    return agreement


def _render_form(form, agreement=None, conflict_version=None):
    """The form; `conflict_version` is the current version, shown beside the user's input after a conflict."""
    return render_template("agreements/form.html", form=form, agreement=agreement, text_hint=TEXT_HINT,
                           conflict_version=conflict_version)


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    """Record a new agreement, linked to one or more of the politician's own declarations."""
    politician = current_user.politician
    if politician is None:
        abort(403)
    declarations = queries.linkable_declarations(politician)
    if not declarations:
        return render_template("agreements/no_declarations.html")
    form = AgreementForm()
    form.set_declarations(declarations)
    if request.method == "GET":
        wanted = request.args.get("opgave", type=int)
        form.declarations.data = [d.id for d in declarations if d.id == wanted]
    if form.validate_on_submit():
        submit = bool(form.save_and_submit.data)
        try:
            agreement = services.create_agreement(politician, title=form.title.data, text=form.text.data,
                                                  declarations=chosen_declarations(form, declarations), actor=actor(),
                                                  submit=submit, scope=form.scope())
        except AgreementError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Afspraak opgeslagen en ter aftekening aangeboden aan uw fractie.") if submit
                  else _("Afspraak opgeslagen als concept."), "success")
            return redirect(url_for(".detail", agreement_id=agreement.id))
    return _render_form(form)


@bp.get("/<int:agreement_id>")
@login_required
def detail(agreement_id: int):
    """The agreement's current version, the public (signed-off) one, and every version with its decisions."""
    return _render_detail(agreement_id)


def _render_detail(agreement_id: int, conflict: str | None = None):
    """The detail page; after a refused decision (`conflict`) it says why, above the current version (409)."""
    versions = selectinload(Agreement.versions)
    agreement = db.get_or_404(Agreement, agreement_id, options=[
        selectinload(Agreement.politician),
        versions.selectinload(AgreementVersion.declarations).selectinload(Declaration.published_version),
        versions.selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer),
        versions.selectinload(AgreementVersion.created_by),
    ])
    if not agreement.can_view(current_user):
        abort(403)
    by_number = {v.number: v for v in agreement.versions}
    signed = None if agreement.signed_number is None else by_number.get(agreement.signed_number)
    # A draft version is the politician's workspace: the fractie and the griffie see the submitted versions.
    return render_template("agreements/detail.html", agreement=agreement,
                           current=agreement.version_for(current_user),
                           signed=signed,
                           history=list(reversed(agreement.versions_for(current_user))),
                           decision_labels=DECISION_LABELS, conflict=conflict,
                           no_reviewer=lone.is_stuck(agreement))


def _load_decision(agreement_id: int, permission: str, form) -> tuple[Agreement, str | None]:
    """The politician's own agreement for a decision (403 for anyone else), and why it cannot be taken now: a
    form for another version than the current one, or a state that moved on (None: it can). Unlike a declaration's,
    an agreement's state changes without a new version (a sign-off), so a refused state is a conflict too."""
    agreement = db.get_or_404(Agreement, agreement_id)
    if not agreement.is_owner(current_user):
        abort(403)
    if is_stale_decision(form.based_on, agreement.current_number) or \
            not getattr(agreement, f"can_{permission}")(current_user):
        return agreement, _(
            "Deze afspraak is gewijzigd sinds u deze pagina opende, bijvoorbeeld in een ander venster (nu versie "
            "%(number)s, %(status)s). Er is niets vastgelegd. Bekijk de huidige versie en probeer het zo nodig "
            "opnieuw.", number=agreement.current_number, status=agreement.status_label.lower())
    return agreement, None


@bp.route("/<int:agreement_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(agreement_id: int):
    """Revise the agreement: a new version; a signed-off version stays public until this one is signed off."""
    agreement = _load(agreement_id, "edit")
    current = _current_version(agreement)
    linked_ids = [d.id for d in current.declarations]
    declarations = queries.linkable_declarations(agreement.politician, linked_ids)
    form = ReviseAgreementForm()
    form.set_declarations(declarations)
    if request.method == "GET":
        form.title.data, form.text.data, form.declarations.data = current.title, current.text, linked_ids
        form.fill_scope(services.Scope.of(current))
        stamp(form.based_on, agreement.current_number)
    if form.is_submitted() and is_stale(form.based_on, agreement.current_number):
        return _conflict(agreement)
    if form.validate_on_submit():
        submit = bool(form.save_and_submit.data)
        try:
            version = services.revise_agreement(agreement, title=form.title.data, text=form.text.data,
                                                declarations=chosen_declarations(form, declarations), actor=actor(),
                                                reason=form.reason.data, scope=form.scope())
            if submit:
                services.submit_agreement(agreement, actor=actor())
        except AgreementError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        except IntegrityError:  # another save took the same version number at the same moment
            db.session.rollback()
            return _conflict(agreement)
        else:
            db.session.commit()
            flash(_("Versie %(number)s opgeslagen en ter aftekening aangeboden aan uw fractie.", number=version.number)
                  if submit else _("Versie %(number)s opgeslagen als concept.", number=version.number), "success")
            return redirect(url_for(".detail", agreement_id=agreement.id))
    return _render_form(form, agreement)


def _current_version(agreement: Agreement) -> AgreementVersion:
    """The newest version. An agreement is made with its first one, so a missing one is a damaged record: 404."""
    if agreement.current_version is None:
        abort(404)
    return agreement.current_version


def _conflict(agreement: Agreement):
    """A save from a stale form: nothing is saved; the current version is shown beside the user's own input."""
    current = _current_version(agreement)
    form = ReviseAgreementForm()
    form.set_declarations(queries.linkable_declarations(agreement.politician, [d.id for d in current.declarations]))
    form.validate()
    form.form_errors.append(_(
        "Deze afspraak is intussen gewijzigd (nu versie %(number)d), bijvoorbeeld in een ander venster. Er is niets "
        "opgeslagen. Vergelijk de huidige versie hieronder met uw invoer en sla opnieuw op om uw invoer te bewaren.",
        number=agreement.current_number))
    stamp(form.based_on, agreement.current_number)
    return _render_form(form, agreement, conflict_version=current), 409


@bp.route("/<int:agreement_id>/aanbieden", methods=["GET", "POST"])
@login_required
def submit(agreement_id: int):
    """Submit the version shown (the newest) to the fractie for sign-off. A GET (a refresh of a refused
    submission) goes back to the agreement."""
    if request.method == "GET":
        return back_to_form(".detail", agreement_id=agreement_id)
    agreement, conflict = _load_decision(agreement_id, "submit", DecisionForm())
    if conflict:
        return _render_detail(agreement_id, conflict), 409
    try:
        services.submit_agreement(agreement, actor=actor())
    except AgreementError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Afspraak ter aftekening aangeboden aan uw fractie."), "success")
        if lone.is_stuck(agreement):
            flash(_("Let op: uw fractie heeft geen andere beoordelaar die deze afspraak kan aftekenen (u tekent uw "
                    "eigen afspraak niet af). De griffie ziet dit en kan een tweede beoordelaar aanwijzen."), "warning")
    return redirect(url_for(".detail", agreement_id=agreement_id))


@bp.route("/<int:agreement_id>/terughalen", methods=["GET", "POST"])
@login_required
def withdraw_submission(agreement_id: int):
    """Take back an agreement that waits for sign-off: it becomes a draft again, recorded in the audit trail."""
    if request.method == "GET":  # nothing to show here: the button is on the agreement's page
        return back_to_form(".detail", agreement_id=agreement_id)
    agreement, conflict = _load_decision(agreement_id, "withdraw_submission", DecisionForm())
    if conflict:  # signed off or sent back meanwhile: say so, with the agreement as it is now
        return _render_detail(agreement_id, conflict), 409
    try:
        services.withdraw_submission(agreement, actor=actor())
    except AgreementError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("De afspraak is teruggehaald en weer een concept. U kunt haar wijzigen en opnieuw aanbieden."),
              "success")
    return redirect(url_for(".detail", agreement_id=agreement_id))


@bp.route("/<int:agreement_id>/beeindigen", methods=["GET", "POST"])
@login_required
def end(agreement_id: int):
    """End the agreement with a reason; it stays on record."""
    if request.method == "GET":
        return _render_end(_load(agreement_id, "end"))
    form = EndAgreementForm()
    agreement, conflict = _load_decision(agreement_id, "end", form)
    if conflict:
        return (_render_end(agreement, form, conflict) if agreement.can_end(current_user)
                else _render_detail(agreement_id, conflict)), 409
    if form.validate_on_submit():
        try:
            services.end_agreement(agreement, reason=form.reason.data, actor=actor())
        except AgreementError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Afspraak beëindigd. Zij blijft met de reden in het register staan."), "success")
            return redirect(url_for(".detail", agreement_id=agreement.id))
    return _render_end(agreement, form)


def _render_end(agreement: Agreement, form=None, conflict: str | None = None):
    form = form or EndAgreementForm()
    stamp(form.based_on, agreement.current_number)
    return render_template("agreements/end.html", agreement=agreement, form=form, conflict=conflict)
