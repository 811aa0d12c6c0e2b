"""Agendas: the griffie imports and sees expected recusals; the politician acts on a match; the public sees recusals."""
from __future__ import annotations

import hashlib

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from register.agenda import queries, services
from register.agenda.forms import ConfirmImportForm, DeclineForm, RecuseForm, RematchForm
from register.agenda.sources import AgendaError, parse_file
from register.extensions import db
from register.form_pages import back_to_form
from register.models import AgendaMatch, Agreement, ImportUpload, Meeting
from register.public.queries import active_body
from register.relations.forms import UploadForm
from register.relations.uploads import store_upload
from register.views import actor, managed_body

bp = Blueprint("agenda", __name__)
bp.add_app_template_global(queries.upcoming_matches, "agenda_upcoming_matches")


@bp.app_template_global("today_date")
def today_date():
    """Today in the Netherlands (a meeting 'has been' from its date on)."""
    return services.local_date(services.utcnow())


@bp.get("/beheer/<body_slug>/agenda")
@login_required
def meetings(body_slug: str):
    """The body's imported meetings with their open matches, and a file to import."""
    body = managed_body(body_slug)
    return render_template("agenda/meetings.html", body=body, meetings=queries.meetings_of(body.id),
                           form=UploadForm())


@bp.route("/beheer/<body_slug>/agenda/inlezen", methods=["GET", "POST"])
@bp.route("/beheer/<body_slug>/agenda/inlezen/<int:upload_id>", methods=["GET", "POST"])
@login_required
def upload(body_slug: str, upload_id: int | None = None):
    """Upload (CSV, XLSX or ORI JSON), then see what would be imported and confirm: all of it, or nothing."""
    body = managed_body(body_slug)
    if upload_id is None and request.method == "GET":  # a refresh after a refused upload
        return back_to_form(".meetings", body_slug=body.slug)
    if upload_id is None:
        form = UploadForm()
        stored = store_upload(body, form, "agenda") if form.validate_on_submit() else None
        if stored is None:
            return render_template("agenda/meetings.html", body=body, meetings=queries.meetings_of(body.id),
                                   form=form), 200
        return redirect(url_for(".upload", body_slug=body.slug, upload_id=stored.id))
    stored = db.get_or_404(ImportUpload, upload_id)
    if stored.body_id != body.id or stored.purpose != "agenda" or stored.user_id != current_user.id:
        abort(404)
    try:
        parsed, problem = parse_file(stored.filename, stored.content), None
    except AgendaError as error:
        parsed, problem = [], error
    confirm = ConfirmImportForm()
    if parsed and confirm.validate_on_submit():
        result = services.import_agenda(body, parsed, actor=actor(), filename=stored.filename,
                                        sha256=hashlib.sha256(stored.content).hexdigest(), source="upload")
        db.session.commit()
        flash(_import_message(result), "success")
        return redirect(url_for(".meetings", body_slug=body.slug))
    return render_template("agenda/preview.html", body=body, stored=stored, parsed=parsed, problem=problem,
                           form=confirm)


def _import_message(result: services.ImportResult) -> str:
    if not result.changed:
        return _("Niets veranderd: deze agenda stond al volledig in het register.")
    return _("Agenda ingelezen: %(meetings)s nieuwe vergaderingen, %(items)s nieuwe en %(changed)s gewijzigde "
             "agendapunten, %(matches)s nieuwe signaleringen.", meetings=result.meetings_added,
             items=result.items_added, changed=result.items_changed, matches=result.matches_added)


@bp.route("/beheer/<body_slug>/agenda/<int:meeting_id>", methods=["GET", "POST"])
@login_required
def meeting(body_slug: str, meeting_id: int):
    """Per item: which members are matched, why, and who is expected to recuse. POST matches again."""
    body = managed_body(body_slug)
    found = queries.meeting_with_matches(meeting_id)
    if found is None or found.body_id != body.id:
        abort(404)
    form = RematchForm()
    if form.validate_on_submit():
        added = services.rematch_meeting(found, actor=actor())
        db.session.commit()
        flash(_("Opnieuw vergeleken: %(n)s nieuwe signaleringen.", n=added), "success")
        return redirect(url_for(".meeting", body_slug=body.slug, meeting_id=found.id))
    return render_template("agenda/meeting.html", body=body, meeting=found, form=form,
                           recusal_agreements=queries.recusal_agreement_ids(found), expects=queries.expects_recusal)


# ------------------------------------------------------------------------------------------------ one match

def _load_match(match_id: int) -> AgendaMatch:
    match = db.get_or_404(AgendaMatch, match_id)
    if not match.can_act(current_user):
        abort(403)
    return match


def _recuse_form(match: AgendaMatch) -> RecuseForm:
    form = RecuseForm()
    form.agreement_id.choices = [("", _("Kies een afspraak"))] + [
        (str(a.id), a.signed_version.title) for a in queries.agreements_for_recusal(match)
        if a.signed_version is not None]  # always set: the query asks for a signed number
    return form


def _render_match(match, recuse_form=None, decline_form=None):
    recuse_form = recuse_form or _recuse_form(match)
    if recuse_form.agreement_id.data is None and len(recuse_form.agreement_id.choices) > 1:
        recuse_form.agreement_id.data = recuse_form.agreement_id.choices[1][0]
    return render_template("agenda/match.html", match=match, item=match.item, meeting=match.item.meeting,
                           recuse_form=recuse_form, decline_form=decline_form or DeclineForm(formdata=None),
                           today=services.local_date(services.utcnow()))


@bp.get("/agenda/signalen/<int:match_id>")
@login_required
def match(match_id: int):
    """What matched and why, with the two ways to close it."""
    return _render_match(_load_match(match_id))


@bp.route("/agenda/signalen/<int:match_id>/onthouding", methods=["GET", "POST"])
@login_required
def recuse(match_id: int):
    """One click after the meeting: the recusal, linked to the agenda item and the agreement."""
    match = _load_match(match_id)
    if request.method == "GET":  # a refresh after a refused form, or the language switch on it
        return back_to_form(".match", match_id=match.id)
    form = _recuse_form(match)
    if form.validate_on_submit():
        agreement = db.session.get(Agreement, int(form.agreement_id.data)) if form.agreement_id.data.isdecimal() \
            else None
        try:
            services.recuse(match, actor=actor(), agreement=agreement, note=form.note.data)
        except services.AgendaActionError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De onthouding is vastgelegd en staat in het openbare register."), "success")
            return redirect(url_for(".match", match_id=match.id))
    return _render_match(match, recuse_form=form), 200


@bp.route("/agenda/signalen/<int:match_id>/niet-van-toepassing", methods=["GET", "POST"])
@login_required
def decline(match_id: int):
    """Record why the item does not lead to a recusal (a false positive is remembered)."""
    match = _load_match(match_id)
    if request.method == "GET":
        return back_to_form(".match", match_id=match.id)
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            services.decline(match, actor=actor(), false_positive=form.kind.data == "false_positive",
                             reason=form.reason.data, suppress=bool(form.suppress.data))
        except services.AgendaActionError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Vastgelegd. Dit agendapunt wordt u niet meer voorgelegd."), "success")
            return redirect(url_for(".match", match_id=match.id))
    return _render_match(match, decline_form=form), 200


# ------------------------------------------------------------------------------------------------ public

@bp.get("/register/<body_slug>/vergaderingen")
def public_meetings(body_slug: str):
    """The body's meetings with the number of recusals recorded for them."""
    body = active_body(body_slug)
    return render_template("agenda/public_meetings.html", body=body, meetings=queries.public_meetings(body.id))


@bp.get("/register/<body_slug>/vergaderingen/<int:meeting_id>")
def public_meeting(body_slug: str, meeting_id: int):
    """A meeting's agenda and the recusals recorded for it: only what is public (never the matches)."""
    body = active_body(body_slug)
    found = db.get_or_404(Meeting, meeting_id)
    if found.body_id != body.id:
        abort(404)
    by_item = queries.public_recusals_of_meeting(found)
    linked = {r.id for recusals in by_item.values() for r in recusals}
    return render_template("agenda/public_meeting.html", body=body, meeting=found, by_item=by_item,
                           others=queries.other_recusals_on(found, linked))
