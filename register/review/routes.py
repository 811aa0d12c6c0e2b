"""The fractie reviewer: a queue of agreements and declarations of their own fracties, and the decisions on them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.form_pages import back_to_form
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Declaration, Politician,
    Review, SignOff,
)
from register.models.visibility import FIELD_LABELS
from register.review import queries, services
from register.review.forms import PUBLIC_HINT, DeclarationReviewForm, RequestChangesForm, SignOffForm
from register.stale_forms import posted_version, stamp
from register.templating import format_datetime
from register.views import actor

bp = Blueprint("review", __name__, url_prefix="/beoordelen")

def _require_reviewer() -> None:
    if not current_user.is_reviewer:
        abort(403)


def _require_view(item) -> None:
    """Reviewers and griffie look at an item here; the model decides whether this one may be seen."""
    if not ((current_user.is_reviewer or current_user.is_griffie) and item.can_view(current_user)):
        abort(403)


@bp.get("/")
@login_required
def queue():
    """Agreements awaiting sign-off and declarations not yet reviewed, in the reviewer's own fracties."""
    _require_reviewer()
    user = actor()
    group_ids = user.reviewer_group_ids
    agreements = queries.submitted_agreements(group_ids)
    return render_template(
        "review/queue.html",
        awaiting=[a for a in agreements if a.can_sign_off(user)],
        waiting_for_others=[a for a in agreements if not a.can_sign_off(user)],
        declarations=queries.unreviewed(group_ids, user.politician_id),
        recent=queries.recent_decisions(group_ids),
    )


# --- agreements -------------------------------------------------------------------------------------------------

def _load_agreement(agreement_id: int) -> Agreement:
    return db.get_or_404(Agreement, agreement_id, options=[
        selectinload(Agreement.politician).selectinload(Politician.body),
        selectinload(Agreement.politician).selectinload(Politician.group),
        selectinload(Agreement.versions).selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer),
        selectinload(Agreement.versions).selectinload(AgreementVersion.declarations)
        .selectinload(Declaration.published_version),
    ])


def _render_agreement(agreement: Agreement, sign_form=None, change_form=None, conflict=None, seen=None):
    """The agreement page; both decision forms name the current version. After a conflict, `conflict` says why
    nothing was recorded and "what changed" compares with the version `seen`."""
    sign_form, change_form = sign_form or SignOffForm(formdata=None), change_form or RequestChangesForm(formdata=None)
    for form in (sign_form, change_form):
        stamp(form.based_on, agreement.current_number)
    return render_template(
        "review/agreement.html", agreement=agreement, may_decide=agreement.can_sign_off(current_user),
        public_hint=PUBLIC_HINT, sign_form=sign_form, change_form=change_form, conflict=conflict, seen=seen)


@bp.get("/afspraken/<int:agreement_id>")
@login_required
def agreement(agreement_id: int):
    """An agreement's current version, its earlier versions and the decisions on them."""
    agreement = _load_agreement(agreement_id)
    _require_view(agreement)
    return _render_agreement(agreement)


def _agreement_conflict(agreement: Agreement, seen: int | None) -> str | None:
    """Why a decision taken on a page that showed version `seen` cannot be recorded now; None when it can."""
    if seen is None:
        return _("Uw formulier noemt niet over welke versie u besliste. Er is niets vastgelegd. Lees de huidige "
                 "versie (versie %(number)s) en besluit opnieuw.", number=agreement.current_number)
    if agreement.status != AgreementStatus.submitted:  # first: a newer draft is not the reviewer's to see
        return _("Deze afspraak ligt niet meer ter aftekening (nu: %(status)s). Er is niets vastgelegd.",
                 status=agreement.status_label.lower())
    if seen != agreement.current_number:
        return _("Deze afspraak is gewijzigd sinds u haar opende: u zag versie %(seen)s, de huidige is versie "
                 "%(number)s. Er is niets vastgelegd. Lees de huidige versie en wat er veranderd is, en besluit "
                 "opnieuw.", seen=seen, number=agreement.current_number)
    if not agreement.can_sign_off(current_user):
        return _("U heeft over deze versie al een besluit genomen. Er is niets vastgelegd.")
    return None


def _decide(agreement_id: int, form, decide, done_message: str, form_name: str):
    """Both decisions: check, validate, call one service, commit once; on bad input show the page again, and on a
    decision for another version than the current one (409) the current version and what changed."""
    agreement = _load_agreement(agreement_id)
    if not agreement.is_decided_by(current_user):
        abort(403)
    seen = posted_version(form.based_on)
    conflict = _agreement_conflict(agreement, seen)
    if conflict is None and form.validate_on_submit():
        try:
            decide(agreement, reviewer=actor(), comment=form.comment.data,
                   comment_public=form.comment_public.data, version=seen)
        except services.StaleDecision:  # moved on between the check above and the locked row in the service
            db.session.rollback()
            conflict = _agreement_conflict(_load_agreement(agreement_id), seen) or _("Er is niets vastgelegd.")
        except services.ReviewError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(done_message, "success")
            return redirect(url_for(".queue"))
    if conflict is not None:
        return _render_agreement(agreement, **{form_name: form}, conflict=conflict, seen=seen), 409
    return _render_agreement(agreement, **{form_name: form})


@bp.route("/afspraken/<int:agreement_id>/aftekenen", methods=["GET", "POST"])
@login_required
def sign_off(agreement_id: int):
    """Approve the submitted version (signed off once the body's number of approvals is reached)."""
    if request.method == "GET":  # a refresh or language switch after a refused decision
        return back_to_form(".agreement", agreement_id=agreement_id)
    return _decide(agreement_id, SignOffForm(), services.sign_off, _("Afspraak afgetekend."), "sign_form")


@bp.route("/afspraken/<int:agreement_id>/wijziging-vragen", methods=["GET", "POST"])
@login_required
def request_changes(agreement_id: int):
    """Send the submitted version back to the politician with a comment."""
    if request.method == "GET":  # a refresh or language switch after a refused decision
        return back_to_form(".agreement", agreement_id=agreement_id)
    return _decide(agreement_id, RequestChangesForm(), services.request_changes,
                   _("Wijziging gevraagd; de ambtsdrager ziet uw opmerking."), "change_form")


# --- declarations -----------------------------------------------------------------------------------------------

def _load_declaration(declaration_id: int) -> Declaration:
    return db.get_or_404(Declaration, declaration_id, options=[
        selectinload(Declaration.politician).selectinload(Politician.body),
        selectinload(Declaration.politician).selectinload(Politician.group),
        selectinload(Declaration.versions),
        selectinload(Declaration.reviews).selectinload(Review.reviewer),
    ])


def _render_declaration(declaration: Declaration, form: DeclarationReviewForm, conflict=None, seen=None):
    versions = [v for v in declaration.versions if v.published_at is not None]
    return render_template(
        "review/declaration.html", declaration=declaration, may_review=declaration.can_review(current_user),
        form=form, versions=versions, field_labels=FIELD_LABELS, public_hint=PUBLIC_HINT, conflict=conflict,
        seen_version=next((v for v in versions if v.number == seen), None) if conflict else None)


@bp.route("/opgaven/<int:declaration_id>", methods=["GET", "POST"])
@login_required
def declaration(declaration_id: int):
    """A declaration's published content, history and reviews; a reviewer of its fractie records a review of the
    version shown (one for an older version, or one that contradicts a review made meanwhile, is refused: 409)."""
    declaration = _load_declaration(declaration_id)
    _require_view(declaration)
    form = DeclarationReviewForm()
    if not form.is_submitted():
        own = declaration.current_review_by(current_user, declaration.published_number)
        form.accept_start.data = bool(own and own.accepted_started_on)  # a changed mind keeps it unless unticked
        return _render_declaration(declaration, _stamped(form, declaration))
    if not declaration.can_review(current_user):
        abort(403)
    seen = posted_version(form.based_on)
    conflict = _declaration_conflict(declaration, seen)
    if conflict is None and form.validate():
        before = declaration.current_review_by(current_user, seen)
        try:
            review = services.review_declaration(
                declaration, reviewer=actor(), outcome=form.outcome_value, version=seen,
                replaces=posted_version(form.replaces), comment=form.comment.data,
                comment_public=form.comment_public.data, accept_start=form.accept_start.data)
        except services.StaleDecision:  # corrected or reviewed meanwhile: say what is current now
            db.session.rollback()
            declaration = _load_declaration(declaration_id)
            conflict = _declaration_conflict(declaration, seen) or _reviewed_meanwhile(declaration)
        except services.ReviewError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Deze beoordeling was al vastgelegd.") if review is before else _("Beoordeling vastgelegd."),
                  "success")
            return redirect(url_for(".queue"))
    if conflict is None:
        return _render_declaration(declaration, form)
    return _render_declaration(declaration, _stamped(form, declaration), conflict, seen), 409


def _stamped(form: DeclarationReviewForm, declaration: Declaration) -> DeclarationReviewForm:
    """Base the form on what the page shows: the published version and the reviewer's own review of it."""
    stamp(form.based_on, declaration.published_number or 0)
    own = declaration.current_review_by(current_user, declaration.published_number)
    form.replaces.data = str(own.id) if own else ""
    return form


def _declaration_conflict(declaration: Declaration, seen: int | None) -> str | None:
    """Why a review taken on a page that showed version `seen` cannot be recorded now; None when it can."""
    if seen is None:
        return _("Uw formulier noemt niet welke versie u beoordeelde. Er is niets vastgelegd. Lees de huidige "
                 "versie (versie %(number)s) en beoordeel opnieuw.", number=declaration.published_number)
    if seen != declaration.published_number:
        return _("Deze opgave is gecorrigeerd sinds u haar opende: u zag versie %(seen)s, de huidige is versie "
                 "%(number)s. Er is niets vastgelegd. Lees de huidige versie en wat er veranderd is, en beoordeel "
                 "opnieuw.", seen=seen, number=declaration.published_number)
    return None


def _reviewed_meanwhile(declaration: Declaration) -> str:
    own = declaration.current_review_by(current_user, declaration.published_number)
    if own is None:
        return _("Er is niets vastgelegd. Beoordeel opnieuw.")
    return _("U heeft deze versie intussen al beoordeeld als „%(outcome)s” (op %(when)s), bijvoorbeeld in een ander "
             "venster. Er is niets vastgelegd. Wilt u uw beoordeling wijzigen, verstuur het formulier dan opnieuw: "
             "uw nieuwe beoordeling vervangt dan de vorige, die als vervangen zichtbaar blijft.",
             outcome=own.outcome_label, when=format_datetime(own.created_at))
