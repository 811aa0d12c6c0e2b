"""A politician's own declarations: enter, publish, correct, end and withdraw them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from register.declarations import queries, services
from register.declarations.forms import (
    ORGANISATION_LABELS, ROLE_LABELS, CorrectionForm, DeclarationForm, EndForm, PublishForm, WithdrawForm, form_data,
)
from register.declarations.checklist import ConfirmForm
from register.declarations.services import DeclarationError
from register.extensions import db
from register.models import (
    Declaration, DeclarationKind, DeclarationStatus, DeclarationVersion, Politician, Review,
)
from register.models.declarations import KIND_LABELS
from register.stale_forms import DecisionForm, is_stale, is_stale_decision, stamp
from register.public.completeness import confirmation_state, latest_said_nothing_to_declare
from register.models.base import amsterdam_today
from register.templating import format_date
from register.views import actor, own_politician, refused

bp = Blueprint("declarations", __name__, url_prefix="/mijn")

KINDS = {kind.value: kind for kind in DeclarationKind}
GROUPS = (
    (DeclarationStatus.draft, _l("Concepten"), _l("Nog niet gepubliceerd: alleen u ziet deze; uw fractie en de "
                                                  "griffie zien een opgave pas als zij is gepubliceerd.")),
    (DeclarationStatus.published, _l("Lopend"), None),
    (DeclarationStatus.ended, _l("Beëindigd"), None),
    (DeclarationStatus.withdrawn, _l("Ingetrokken"),
     _l("Ingetrokken opgaven blijven met de reden in het register staan.")),
)


def _load(declaration_id: int, permission: str, *options) -> Declaration:
    """The declaration, or 404; 403 unless the user passes the model's can_<permission> check."""
    declaration = db.get_or_404(Declaration, declaration_id, options=[selectinload(Declaration.politician), *options])
    if not getattr(declaration, f"can_{permission}")(current_user):
        abort(403)
    return declaration


def _shown(version: DeclarationVersion | None) -> DeclarationVersion:
    """The version a page works on: a draft always has a current version and a published declaration a published
    one (the can_* check passed); without it the declaration changed under the request."""
    if version is None:
        abort(409)
    return version


def _render_form(form, kind: DeclarationKind, declaration: Declaration | None = None, conflict_version=None,
                 late_days: int = 0):
    """The form; `conflict_version` is the current version, shown beside the user's input after a conflict;
    `late_days` asks the politician to confirm publishing a late declaration (with room for an explanation)."""
    labels = {"organisation": ORGANISATION_LABELS[kind], "role": ROLE_LABELS[kind]}
    return render_template("declarations/form.html", form=form, kind_label=KIND_LABELS[kind],
                           declaration=declaration, conflict_version=conflict_version, labels=labels,
                           late_days=late_days)


def _unconfirmed_lateness(politician, started_on) -> int:
    """Days late if published now, unless the politician has already seen the warning for exactly this many days
    (the form sends the number back); 0 when on time or confirmed."""
    late = services.days_late_if_published_today(politician, started_on)
    return 0 if late == 0 or request.form.get("late_seen") == str(late) else late


@bp.get("/")
@login_required
def dashboard():
    """The politician's declarations by status, and their agreements."""
    politician = own_politician()
    declarations = queries.own_declarations(politician)
    agreements = queries.own_agreements(politician)
    groups = [(label, note, [d for d in declarations if d.status == status]) for status, label, note in GROUPS]
    return render_template("declarations/dashboard.html", politician=politician, groups=groups,
                           agreements=agreements, kinds=KIND_LABELS,
                           confirmation=_confirmation(politician, declarations))


def _confirmation(politician, declarations):
    """The state of the yearly confirmation, as the public pages show it."""
    nothing = latest_said_nothing_to_declare(Politician.id == politician.id)
    statuses = [d.status for d in declarations]
    return confirmation_state(
        politician, latest_nothing=politician.id in nothing, current=statuses.count(DeclarationStatus.published),
        published=statuses.count(DeclarationStatus.published) + statuses.count(DeclarationStatus.ended),
        today=amsterdam_today())


@bp.route("/bevestigen", methods=["GET", "POST"])
@login_required
def confirm():
    """The yearly confirmation, as a checklist per kind of interest: dated, 'nothing to declare' when empty."""
    politician = own_politician()
    form = ConfirmForm()
    if form.validate_on_submit():
        confirmation = services.confirm_register(politician, actor=actor())
        db.session.commit()
        day = format_date(confirmation.confirmed_at)
        message = (_("U heeft op %(date)s bevestigd dat u niets op te geven heeft.", date=day)
                   if confirmation.nothing_to_declare
                   else _("U heeft op %(date)s bevestigd dat uw register volledig is.", date=day))
        flash(message, "success")
        return redirect(url_for(".dashboard"))
    return render_template("declarations/confirm.html", form=form, politician=politician,
                           current=queries.current_by_kind(politician))


def _choose_kind(unknown: bool):
    """The choice of kinds; after an unknown ?soort= with a message and status 404."""
    message = _("Onbekende soort opgave. Kies hieronder een van de soorten.") if unknown else None
    return render_template("declarations/choose_kind.html", kinds=KIND_LABELS, message=message), \
        (404 if unknown else 200)


@bp.route("/opgaven/nieuw", methods=["GET", "POST"])
@login_required
def new():
    """Enter a new declaration of one kind; save it as a draft or publish it straight away."""
    politician = own_politician()
    value = request.args.get("soort", "")
    kind = KINDS.get(value)
    if kind is None:
        return _choose_kind(unknown=bool(value))
    form = DeclarationForm(kind)
    if form.validate_on_submit():
        publish = request.form.get("action") == "publish"
        late = _unconfirmed_lateness(politician, form.started_on.data) if publish else 0
        if late:
            return _render_form(form, kind, late_days=late)
        try:
            declaration = services.create_declaration(politician, kind, form.content(), actor=actor(),
                                                      publish=publish, late_explanation=form.late_explanation.data)
        except DeclarationError as error:
            refused(error, form)
        else:
            db.session.commit()
            flash(_("Opgave gepubliceerd. Zij staat nu in het openbare register.") if publish
                  else _("Opgave opgeslagen als concept. Zij is nog niet openbaar."), "success")
            return redirect(url_for(".detail", declaration_id=declaration.id))
    return _render_form(form, kind)


@bp.get("/opgaven/<int:declaration_id>")
@login_required
def detail(declaration_id: int):
    """The current content, every version (newest first) and the fractie's reviews."""
    return _render_detail(declaration_id)


def _render_detail(declaration_id: int, conflict: str | None = None):
    """The detail page; after a refused decision (`conflict`) it says why, with the current version (409)."""
    declaration = _load(declaration_id, "view",
                        selectinload(Declaration.versions).selectinload(DeclarationVersion.created_by),
                        selectinload(Declaration.reviews).selectinload(Review.reviewer))
    # Draft versions are the politician's workspace; the fractie and the griffie see the published ones.
    owner = declaration.is_owner(current_user)
    versions = [v for v in reversed(declaration.versions) if owner or v.published_at is not None]
    labels = {"organisation": ORGANISATION_LABELS[declaration.kind], "role": ROLE_LABELS[declaration.kind]}
    form = DecisionForm(formdata=None)
    stamp(form.based_on, declaration.current_number)
    late = services.days_late_if_published_today(declaration.politician, versions[0].started_on) \
        if declaration.status == DeclarationStatus.draft else 0
    return render_template("declarations/detail.html", declaration=declaration, current=versions[0],
                           versions=versions, labels=labels, conflict=conflict, decision_form=form,
                           late_if_published=late)


def _conflict_message(declaration: Declaration) -> str:
    return _("Deze opgave is gewijzigd sinds u deze pagina opende, bijvoorbeeld in een ander venster (nu versie "
             "%(number)s, %(status)s). Er is niets vastgelegd. Bekijk de huidige versie en probeer het zo nodig "
             "opnieuw.", number=declaration.current_number, status=declaration.status_label.lower())


def _load_decision(declaration_id: int, permission: str, form) -> tuple[Declaration, str | None]:
    """The politician's own declaration for a decision, and why it cannot be taken now: the form was shown for
    another version than the current one (None: it can). Every change of state makes a new version, so a form for
    the current version that the state does not allow was never offered: 403, as for anyone else."""
    declaration = _load(declaration_id, "view")
    if not declaration.is_owner(current_user):
        abort(403)
    if is_stale_decision(form.based_on, declaration.current_number):
        return declaration, _conflict_message(declaration)
    if not getattr(declaration, f"can_{permission}")(current_user):
        abort(403)
    return declaration, None


@bp.route("/opgaven/<int:declaration_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(declaration_id: int):
    """Change a draft, or correct a published declaration with a reason (a new version)."""
    declaration = _load(declaration_id, "edit")
    is_draft = declaration.status == DeclarationStatus.draft
    prefill = {**form_data(declaration.current_version), "based_on": str(declaration.current_number)} \
        if request.method == "GET" else {}
    form = _edit_form(declaration, prefill)
    if form.is_submitted() and is_stale(form.based_on, declaration.current_number):
        return _conflict(declaration)
    if form.validate_on_submit():
        late = _unconfirmed_lateness(declaration.politician, form.started_on.data) \
            if is_draft and request.form.get("action") == "publish" else 0
        if late:
            return _render_form(form, declaration.kind, declaration, late_days=late)
        try:
            message = _save_edit(declaration, form, is_draft)
        except DeclarationError as error:
            refused(error, form)
        except IntegrityError:  # another save took the same version number at the same moment
            db.session.rollback()
            return _conflict(declaration)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for(".detail", declaration_id=declaration.id))
    return _render_form(form, declaration.kind, declaration)


def _edit_form(declaration: Declaration, prefill=None):
    """A draft is changed with the plain form; a published declaration is corrected with a reason."""
    form_class = DeclarationForm if declaration.status == DeclarationStatus.draft else CorrectionForm
    return form_class(declaration.kind, data=prefill or {})


def _conflict(declaration: Declaration):
    """A save from a stale form: nothing is saved; the current version is shown beside the user's own input."""
    form = _edit_form(declaration)
    form.validate()
    form.form_errors.append(_(
        "Deze opgave is intussen gewijzigd (nu versie %(number)d), bijvoorbeeld in een ander venster. Er is niets "
        "opgeslagen. Vergelijk de huidige versie hieronder met uw invoer en sla opnieuw op om uw invoer te bewaren.",
        number=declaration.current_number))
    stamp(form.based_on, declaration.current_number)
    return _render_form(form, declaration.kind, declaration, conflict_version=declaration.current_version), 409


def _save_edit(declaration: Declaration, form, is_draft: bool) -> str:
    """Call the service for a draft change (and perhaps publication) or a correction; the flash message."""
    if not is_draft:
        version = services.correct_declaration(declaration, form.content(), actor=actor(), reason=form.reason.data)
        return _("Correctie gepubliceerd als versie %(number)s. De vorige versie blijft in de geschiedenis.",
                 number=version.number)
    services.update_draft(declaration, form.content(), actor=actor())
    if request.form.get("action") == "publish":
        services.publish_declaration(declaration, actor=actor(), late_explanation=form.late_explanation.data)
        return _("Opgave gepubliceerd. Zij staat nu in het openbare register.")
    return _("Concept opgeslagen. Het is nog niet openbaar.")


@bp.route("/opgaven/<int:declaration_id>/publiceren", methods=["GET", "POST"])
@login_required
def publish(declaration_id: int):
    """Publish the draft version shown: public at once, the fractie reviews afterwards. A late one first shows how
    late it will be publicly, with room for an explanation; GET shows that page (also after a refresh)."""
    form = PublishForm()
    if request.method == "POST":
        declaration, conflict = _load_decision(declaration_id, "publish", form)
        if conflict:
            return _render_detail(declaration.id, conflict), 409
    else:
        declaration = _load(declaration_id, "publish")
        stamp(form.based_on, declaration.current_number)
    late = services.days_late_if_published_today(declaration.politician, _shown(declaration.current_version).started_on)
    confirmed = not late or request.form.get("late_seen") == str(late)
    if request.method == "POST" and confirmed and form.validate():
        try:
            services.publish_declaration(declaration, actor=actor(), late_explanation=form.late_explanation.data)
        except DeclarationError as error:
            refused(error, form)
        else:
            db.session.commit()
            flash(_("Opgave gepubliceerd. Zij staat nu in het openbare register."), "success")
            return redirect(url_for(".detail", declaration_id=declaration_id))
    return render_template("declarations/publish.html", declaration=declaration, form=form, late_days=late)


@bp.route("/opgaven/<int:declaration_id>/beeindigen", methods=["GET", "POST"])
@login_required
def end(declaration_id: int):
    """Record the date the interest ended; it moves to the ended items."""
    if request.method == "GET":
        return _render_end(_load(declaration_id, "end"))
    form = EndForm(None)
    declaration, conflict = _load_decision(declaration_id, "end", form)
    if conflict:
        return (_render_end(declaration, form, conflict) if declaration.can_end(current_user)
                else _render_detail(declaration.id, conflict)), 409
    form.started_on = _shown(declaration.published_version).started_on
    if form.validate_on_submit():
        try:
            services.end_declaration(declaration, ended_on=form.ended_on.data, reason=form.reason.data,
                                     actor=actor())
        except DeclarationError as error:
            refused(error, form)
        else:
            db.session.commit()
            flash(_("Opgave beëindigd. Zij blijft met de einddatum in het register staan."), "success")
            return redirect(url_for(".detail", declaration_id=declaration.id))
    return _render_end(declaration, form)


def _render_end(declaration: Declaration, form=None, conflict: str | None = None):
    form = form or EndForm(None)
    stamp(form.based_on, declaration.current_number)
    return render_template("declarations/end.html", declaration=declaration, form=form, conflict=conflict)


@bp.route("/opgaven/<int:declaration_id>/intrekken", methods=["GET", "POST"])
@login_required
def withdraw(declaration_id: int):
    """Withdraw a mistaken entry with a reason; the withdrawal itself stays on record."""
    if request.method == "GET":
        return _render_withdraw(_load(declaration_id, "withdraw"))
    form = WithdrawForm()
    declaration, conflict = _load_decision(declaration_id, "withdraw", form)
    if conflict:
        return (_render_withdraw(declaration, form, conflict) if declaration.can_withdraw(current_user)
                else _render_detail(declaration.id, conflict)), 409
    if form.validate_on_submit():
        try:
            services.withdraw_declaration(declaration, reason=form.reason.data, actor=actor())
        except DeclarationError as error:
            refused(error, form)
        else:
            db.session.commit()
            flash(_("Opgave ingetrokken. De intrekking en de reden blijven in het register staan."), "success")
            return redirect(url_for(".detail", declaration_id=declaration.id))
    return _render_withdraw(declaration, form)


def _render_withdraw(declaration: Declaration, form=None, conflict: str | None = None):
    form = form or WithdrawForm()
    stamp(form.based_on, declaration.current_number)
    return render_template("declarations/withdraw.html", declaration=declaration, form=form, conflict=conflict)
