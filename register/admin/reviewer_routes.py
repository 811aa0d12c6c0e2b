"""The lone reviewer, for the griffie: appoint another reviewer for a fractie, or sign off a stuck agreement
itself when the body's settings allow it."""
from __future__ import annotations

from flask import abort, flash, render_template
from flask_babel import gettext as _

from register.admin import careful, queries
from register.admin.forms import NO_CHOICE, AppointReviewerForm, GriffieSignOffForm
from register.admin.blueprint import bp
from register.admin.services import AdminError
from register.extensions import db
from register.models import Agreement, Group, User
from register import lone_reviewer as lone
from register.review.services import ReviewError, griffie_sign_off
from register.stale_forms import is_stale_decision, posted_version, stamp
from register.views import actor, done, managed_body, of_body, refused


def _candidates(body, group: Group) -> dict[str, User]:
    return {str(u.id): u for u in queries.active_accounts(body) if not u.is_reviewer_of(group.id)}


@bp.route("/<body_slug>/fracties/<int:group_id>/beoordelaar", methods=["GET", "POST"])
def group_reviewer(body_slug: str, group_id: int):
    """Appoint an account of this body as (another) reviewer of the fractie."""
    body = managed_body(body_slug)
    group = of_body(Group, group_id, body)
    form = AppointReviewerForm()
    candidates = _candidates(body, group)
    form.account.choices = [(NO_CHOICE, _("Kies een account"))] + [
        (key, f"{u.name} ({u.email})") for key, u in candidates.items()]
    if form.validate_on_submit() and form.account.data in candidates:
        user = candidates[form.account.data]
        try:
            careful.appoint_reviewer(group, user, actor=actor())
        except AdminError as error:
            refused(error, form)
        else:
            return done(_("%(name)s is nu beoordelaar van %(group)s.", name=user.name, group=group.name),
                         ".body", body)
    reviewers = lone.reviewers_by_group([group.id]).get(group.id, [])
    return render_template("admin/group_reviewer.html", body=body, group=group, form=form, reviewers=reviewers)


@bp.route("/<body_slug>/afspraken/<int:agreement_id>/aftekenen", methods=["GET", "POST"])
def agreement_griffie_sign_off(body_slug: str, agreement_id: int):
    """Sign off an agreement the fractie cannot sign off (no other reviewer), when the body allows it."""
    body = managed_body(body_slug)
    agreement = db.get_or_404(Agreement, agreement_id)
    if agreement.politician.body_id != body.id:
        abort(404)
    if not lone.griffie_may_sign_off(agreement, actor()):
        abort(403)
    form = GriffieSignOffForm()
    if not form.is_submitted():
        stamp(form.based_on, agreement.current_number)
    elif is_stale_decision(form.based_on, agreement.current_number):
        flash(_("Deze afspraak is gewijzigd sinds u de pagina opende (nu versie %(number)s). Er is niets "
                "vastgelegd. Lees de huidige versie hieronder en teken zo nodig opnieuw af.",
                number=agreement.current_number), "error")
        stamp(form.based_on, agreement.current_number)
        return render_template("admin/griffie_sign_off.html", body=body, agreement=agreement, form=form), 409
    if form.validate_on_submit():
        try:
            griffie_sign_off(agreement, griffie=actor(), comment=form.comment.data,
                             version=posted_version(form.based_on))
        except ReviewError as error:
            refused(error, form)
        else:
            return done(_("Afspraak van %(name)s afgetekend door de griffie; zij is nu openbaar.",
                           name=agreement.politician.name), ".body", body)
    return render_template("admin/griffie_sign_off.html", body=body, agreement=agreement, form=form)
