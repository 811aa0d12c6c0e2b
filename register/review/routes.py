"""The fractie reviewer: a queue of agreements and declarations of their own fracties, and the decisions on them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.form_pages import back_to_form
from register.models import (
    Agreement, AgreementStatus, AgreementVersion, Declaration, Politician, Review, SignOff,
)
from register.review import services
from register.review.forms import PUBLIC_HINT, DeclarationReviewForm, RequestChangesForm, SignOffForm
from register.todo.sections import unreviewed_declarations

bp = Blueprint("review", __name__, url_prefix="/beoordelen")

RECENT_LIMIT = 10

# Labels for the declaration page and its version history, in the order shown.
FIELD_LABELS = {
    "organisation": _l("Organisatie"), "kvk_number": _l("KvK-nummer"), "role": _l("Functie of omschrijving"),
    "description": _l("Toelichting op de functie"), "paid": _l("Betaald"), "income_band": _l("Inkomsten"),
    "hours_per_month": _l("Uren per maand"), "ex_officio": _l("Ambtshalve"),
    "estimated_value": _l("Geschatte waarde (€)"), "started_on": _l("Begonnen op"), "ended_on": _l("Beëindigd op"),
    "explanation": _l("Uitleg"), "concerns_family": _l("Betreft een familielid"),
    "organisation_public": _l("Organisatie openbaar"), "description_public": _l("Toelichting openbaar"),
    "income_public": _l("Inkomsten openbaar"), "hours_public": _l("Uren openbaar"),
    "explanation_public": _l("Uitleg openbaar"),
    "gift_value_band": _l("Geschatte waarde"), "gift_outcome": _l("Wat ermee gedaan is"),
    "holding_band": _l("Omvang"),
}


def _user():
    return current_user._get_current_object()


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
    user = _user()
    group_ids = user.reviewer_group_ids
    # Oldest first: what has waited longest comes first (an agreement waiting since 2022 shows its age).
    agreements = sorted(_submitted_agreements(group_ids), key=lambda a: (a.current_version.submitted_at, a.id))
    return render_template(
        "review/queue.html",
        awaiting=[a for a in agreements if a.can_sign_off(user)],
        waiting_for_others=[a for a in agreements if not a.can_sign_off(user)],
        declarations=_unreviewed_declarations(group_ids, user.politician_id),
        recent=_recent_decisions(group_ids),
    )


def _submitted_agreements(group_ids) -> list[Agreement]:
    return list(db.session.scalars(
        select(Agreement).join(Agreement.politician)
        .where(Politician.group_id.in_(group_ids), Agreement.status == AgreementStatus.submitted)
        .options(selectinload(Agreement.politician).selectinload(Politician.body),
                 selectinload(Agreement.current_version).selectinload(AgreementVersion.sign_offs))
        .order_by(Agreement.updated_at)))


def _unreviewed_declarations(group_ids, own_politician_id) -> list[Declaration]:
    """Published declarations whose newest published version is new or corrected and has no review yet, oldest
    first (the same select as the reviewer's "Te doen" count)."""
    return list(db.session.scalars(unreviewed_declarations(group_ids, own_politician_id)))


def _recent_decisions(group_ids) -> list[tuple[str, SignOff | Review]]:
    """The newest sign-offs ("agreement") and reviews ("declaration") in these fracties, newest first."""
    sign_offs = db.session.scalars(
        select(SignOff).join(SignOff.version).join(AgreementVersion.agreement).join(Agreement.politician)
        .where(Politician.group_id.in_(group_ids))
        .options(selectinload(SignOff.reviewer),
                 selectinload(SignOff.version).selectinload(AgreementVersion.agreement)
                 .selectinload(Agreement.politician))
        .order_by(SignOff.created_at.desc()).limit(RECENT_LIMIT)).all()
    reviews = db.session.scalars(
        select(Review).join(Review.declaration).join(Declaration.politician)
        .where(Politician.group_id.in_(group_ids))
        .options(selectinload(Review.reviewer),
                 selectinload(Review.declaration).selectinload(Declaration.politician),
                 selectinload(Review.declaration).selectinload(Declaration.published_version))
        .order_by(Review.created_at.desc()).limit(RECENT_LIMIT)).all()
    decisions = [("agreement", s) for s in sign_offs] + [("declaration", r) for r in reviews]
    return sorted(decisions, key=lambda pair: pair[1].created_at, reverse=True)[:RECENT_LIMIT]


# --- agreements -------------------------------------------------------------------------------------------------

def _load_agreement(agreement_id: int) -> Agreement:
    return db.get_or_404(Agreement, agreement_id, options=[
        selectinload(Agreement.politician).selectinload(Politician.body),
        selectinload(Agreement.politician).selectinload(Politician.group),
        selectinload(Agreement.versions).selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer),
        selectinload(Agreement.versions).selectinload(AgreementVersion.declarations)
        .selectinload(Declaration.published_version),
    ])


def _render_agreement(agreement: Agreement, sign_form=None, change_form=None):
    may_decide = agreement.can_sign_off(current_user)
    return render_template(
        "review/agreement.html", agreement=agreement, may_decide=may_decide, public_hint=PUBLIC_HINT,
        sign_form=sign_form or SignOffForm(formdata=None),
        change_form=change_form or RequestChangesForm(formdata=None))


@bp.get("/afspraken/<int:agreement_id>")
@login_required
def agreement(agreement_id: int):
    """An agreement's current version, its earlier versions and the decisions on them."""
    agreement = _load_agreement(agreement_id)
    _require_view(agreement)
    return _render_agreement(agreement)


def _decide(agreement_id: int, form, decide, done_message: str, form_name: str):
    """Both decisions: check, validate, call one service, commit once; on bad input show the page again."""
    agreement = _load_agreement(agreement_id)
    if not agreement.can_sign_off(current_user):
        abort(403)
    if form.validate_on_submit():
        try:
            decide(agreement, reviewer=_user(), comment=form.comment.data,
                   comment_public=form.comment_public.data)
        except services.ReviewError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(done_message, "success")
            return redirect(url_for(".queue"))
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

@bp.route("/opgaven/<int:declaration_id>", methods=["GET", "POST"])
@login_required
def declaration(declaration_id: int):
    """A declaration's published content, history and reviews; a reviewer of its fractie records a review."""
    declaration = db.get_or_404(Declaration, declaration_id, options=[
        selectinload(Declaration.politician).selectinload(Politician.body),
        selectinload(Declaration.politician).selectinload(Politician.group),
        selectinload(Declaration.versions),
        selectinload(Declaration.reviews).selectinload(Review.reviewer),
    ])
    _require_view(declaration)
    may_review = declaration.can_review(current_user)
    form = DeclarationReviewForm()
    if form.is_submitted():
        if not may_review:
            abort(403)
        if form.validate() and _record_review(declaration, form):
            flash(_("Beoordeling vastgelegd."), "success")
            return redirect(url_for(".queue"))
    return render_template(
        "review/declaration.html", declaration=declaration, may_review=may_review, form=form,
        versions=[v for v in declaration.versions if v.published_at is not None],
        field_labels=FIELD_LABELS, public_hint=PUBLIC_HINT)


def _record_review(declaration: Declaration, form: DeclarationReviewForm) -> bool:
    """Call the service and commit; on a refusal roll back and show why."""
    try:
        services.review_declaration(declaration, reviewer=_user(), outcome=form.outcome_value,
                                    comment=form.comment.data, comment_public=form.comment_public.data)
    except services.ReviewError as error:
        db.session.rollback()
        flash(str(error), "error")
        return False
    db.session.commit()
    return True
