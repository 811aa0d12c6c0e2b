"""Ending a politician's term and marking one as created by mistake: each a page that names the consequence for
the public register and asks a reason for the logbook."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from register.admin import careful, services
from register.admin.forms import EndTermForm, ReasonForm
from register.admin.routes import _actor, _body, _done, _of_body, _refused, bp
from register.admin.services import AdminError, today_local
from register.models import Politician


@bp.route("/<body_slug>/ambtsdragers/<int:politician_id>/deactiveren", methods=["GET", "POST"])
def politician_deactivate(body_slug: str, politician_id: int):
    """End a politician's term; the politician and their register stay on record as a former member."""
    body = _body(body_slug)
    politician = _of_body(Politician, politician_id, body)
    form = EndTermForm()
    if request.method == "GET":
        form.term_end.data = politician.term_end or today_local()
    if politician.active and form.validate_on_submit():
        try:
            services.deactivate_politician(politician, actor=_actor(), reason=form.reason.data,
                                           term_end=form.term_end.data)
        except AdminError as error:
            _refused(error, form)
        else:
            return _done(_("De zittingsperiode van %(name)s is beëindigd.", name=politician.name), ".politicians",
                         body)
    end = form.term_end.data or today_local()
    return render_template("admin/politician_deactivate.html", body=body, politician=politician, form=form,
                           public_until=careful.former_member_until(politician, end))


@bp.route("/<body_slug>/ambtsdragers/<int:politician_id>/vergissing", methods=["GET", "POST"])
def politician_mistake(body_slug: str, politician_id: int):
    """Mark a politician as created by mistake: no longer public anywhere, still in the audit trail."""
    body = _body(body_slug)
    politician = _of_body(Politician, politician_id, body)
    form = ReasonForm()
    if not politician.created_in_error and form.validate_on_submit():
        try:
            careful.mark_created_in_error(politician, actor=_actor(), reason=form.reason.data)
        except AdminError as error:
            _refused(error, form)
        else:
            return _done(_("%(name)s is gemarkeerd als aangemaakt in vergissing en staat nergens meer openbaar.",
                           name=politician.name), ".politicians", body)
    return render_template("admin/politician_mistake.html", body=body, politician=politician, form=form)
