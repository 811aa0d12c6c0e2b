"""Signals: anyone submits one; the griffie triages and records the outcome; the politician concerned responds."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from register.extensions import db
from register.form_pages import back_to_form
from register.models import Agreement, Body, Declaration, Politician, Signal, SignalStatus
from register.signals import queries, services
from register.signals.forms import DismissForm, OpenForm, OutcomeForm, ResponseForm, SignalForm, as_id
from register.signals.services import SignalError, TooManySignals
from register.views import actor, managed_body

bp = Blueprint("signals", __name__)
RECEIVED_KEY = "signal_reference"


# ------------------------------------------------------------------------------------------------ public

@bp.route("/register/<body_slug>/melding", methods=["GET", "POST"])
def new_for_body(body_slug: str):
    """A signal about the body (the griffie attaches it to a politician when it opens it)."""
    return _submit(queries.body_of(body_slug), None)


@bp.route("/register/<body_slug>/<politician_slug>/melding", methods=["GET", "POST"])
def new_for_politician(body_slug: str, politician_slug: str):
    """A signal about one politician."""
    body = queries.body_of(body_slug)
    politician = queries.politician_of(body, politician_slug)
    return _submit(body, politician)


def _submit(body: Body, politician: Politician | None):
    """The form; on a valid POST the signal is stored, or a filled-in honeypot is silently ignored."""
    form = SignalForm()
    if form.validate_on_submit():
        client = services.client_key(request.remote_addr)
        signal = None
        try:
            if form.is_spam:
                services.discard_spam(client)
            else:
                signal = services.receive_signal(body, politician=politician, text=form.text.data,
                                                 source_url=form.source_url.data,
                                                 contact_email=form.contact_email.data, client=client)
        except TooManySignals:
            db.session.rollback()
            return render_template("signals/too_many.html", body=body), 429
        except SignalError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            # Only this browser learns the reference, on the next page: it is not in the address.
            session[RECEIVED_KEY] = signal.reference if signal is not None else None
            return redirect(url_for(".received", body_slug=body.slug))
    return render_template("signals/new.html", form=form, body=body, politician=politician)


@bp.get("/register/<body_slug>/melding/ontvangen")
def received(body_slug: str):
    """What happens next, with the signal's reference; shown after every accepted submission."""
    return render_template("signals/received.html", body=queries.body_of(body_slug),
                           reference=session.pop(RECEIVED_KEY, None))


# ------------------------------------------------------------------------------------------------ griffie

def _body_signal(body: Body, signal_id: int) -> Signal:
    signal = db.get_or_404(Signal, signal_id)
    if signal.body_id != body.id:
        abort(404)
    return signal


@bp.get("/beheer/<body_slug>/meldingen")
@login_required
def body_list(body_slug: str):
    """The griffie's signals of one body: new ones first."""
    body = managed_body(body_slug)
    return render_template("signals/body_list.html", body=body, groups=queries.body_signals(body),
                           share=queries.share_without_signal(body))


def _forms(signal: Signal, dismiss=None, open_=None, outcome=None):
    open_ = open_ or OpenForm()
    open_.politician_id.choices = [("", _("Kies een ambtsdrager"))] + [
        (str(i), name) for i, name in queries.body_politicians(signal.body)]
    outcome = outcome or OutcomeForm()
    outcome.response_seen.data = _response_shown(signal)
    outcome.declaration_id.choices = [("", _("Geen"))] + [
        (str(i), label) for i, label in queries.declaration_choices(signal)]
    outcome.agreement_id.choices = [("", _("Geen"))] + [
        (str(i), label) for i, label in queries.agreement_choices(signal.politician_id, actor())]
    return {"dismiss_form": dismiss or DismissForm(), "open_form": open_, "outcome_form": outcome}


def _render_detail(body: Body, signal: Signal, **forms):
    return render_template("signals/detail.html", body=body, signal=signal, timeline=queries.timeline(signal),
                           **_forms(signal, **forms))


@bp.get("/beheer/<body_slug>/meldingen/<int:signal_id>")
@login_required
def detail(body_slug: str, signal_id: int):
    """Everything about one signal, its full timeline and the next step."""
    body = managed_body(body_slug)
    return _render_detail(body, _body_signal(body, signal_id))


def _decided(body: Body, signal: Signal, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".detail", body_slug=body.slug, signal_id=signal.id))


def _refused(form, error: SignalError) -> None:
    db.session.rollback()
    form.form_errors.append(str(error))


@bp.route("/beheer/<body_slug>/meldingen/<int:signal_id>/niet-in-behandeling", methods=["GET", "POST"])
@login_required
def dismiss(body_slug: str, signal_id: int):
    """Out of scope, with a required reason."""
    if request.method == "GET":  # a refresh or language switch after a refused decision
        return back_to_form(".detail", body_slug=body_slug, signal_id=signal_id)
    body = managed_body(body_slug)
    signal = _body_signal(body, signal_id)
    form = DismissForm()
    if form.validate_on_submit() and request.form.get("confirmed") != "1":
        # A careful step: first the consequence, then the decision (issue 12).
        return render_template("signals/dismiss_confirm.html", body=body, signal=signal, form=form)
    if form.validate_on_submit():
        try:
            services.dismiss_signal(signal, actor=actor(), reason=form.reason.data)
        except SignalError as error:
            _refused(form, error)
        else:
            return _decided(body, signal, _("De melding is niet in behandeling genomen. De reden staat in de "
                                            "tijdlijn."))
    return _render_detail(body, signal, dismiss=form)


@bp.route("/beheer/<body_slug>/meldingen/<int:signal_id>/openen", methods=["GET", "POST"])
@login_required
def open_signal(body_slug: str, signal_id: int):
    """Take the signal up and ask the politician for their account."""
    if request.method == "GET":  # a refresh or language switch after a refused decision
        return back_to_form(".detail", body_slug=body_slug, signal_id=signal_id)
    body = managed_body(body_slug)
    signal = _body_signal(body, signal_id)
    form = OpenForm()
    if form.validate_on_submit():
        chosen = as_id(form.politician_id.data)
        politician = db.session.get(Politician, chosen) if chosen else None
        try:
            concerned = services.open_signal(signal, actor=actor(), politician=politician)
        except SignalError as error:
            _refused(form, error)
        else:
            return _decided(body, signal, _("De melding is in behandeling genomen. %(name)s is per e-mail om een "
                                            "reactie gevraagd.", name=concerned.name))
    return _render_detail(body, signal, open_=form)


@bp.route("/beheer/<body_slug>/meldingen/<int:signal_id>/uitkomst", methods=["GET", "POST"])
@login_required
def outcome(body_slug: str, signal_id: int):
    """Record the outcome, with a reason, once the politician was heard or the period passed."""
    if request.method == "GET":  # a refresh or language switch after a refused decision
        return back_to_form(".detail", body_slug=body_slug, signal_id=signal_id)
    body = managed_body(body_slug)
    signal = _body_signal(body, signal_id)
    form = OutcomeForm()
    if form.response_seen.data != _response_shown(signal):  # hoor en wederhoor: never past an unread response
        form.form_errors.append(_unread_response(signal))
        return _render_detail(body, signal, outcome=form), 409
    form = _forms(signal, outcome=form)["outcome_form"]
    if form.validate_on_submit():
        declaration_id, agreement_id = as_id(form.declaration_id.data), as_id(form.agreement_id.data)
        try:
            services.record_outcome(
                signal, actor=actor(), outcome=form.chosen_outcome, reason=form.reason.data,
                declaration=db.session.get(Declaration, declaration_id) if declaration_id else None,
                agreement=db.session.get(Agreement, agreement_id) if agreement_id else None)
        except SignalError as error:
            _refused(form, error)
        else:
            return _decided(body, signal, _("De uitkomst is vastgelegd."))
    return _render_detail(body, signal, outcome=form)


def _response_shown(signal: Signal) -> str:
    """What the outcome form names as the politician's response the griffie read: its id, or "0" for none."""
    return str(signal.response.id) if signal.response is not None else "0"


def _unread_response(signal: Signal) -> str:
    if signal.response is None or signal.politician is None:  # a response comes from the politician concerned
        return _("De melding is gewijzigd sinds u deze pagina opende. Er is niets vastgelegd. Bekijk de melding "
                 "hieronder en leg de uitkomst opnieuw vast.")
    return _("%(name)s heeft intussen gereageerd, nadat u deze pagina opende. Er is niets vastgelegd. Lees de "
             "reactie hieronder en leg daarna de uitkomst vast.", name=signal.politician.name)


# ------------------------------------------------------------------------------------------------ politician

@bp.get("/mijn/meldingen")
@login_required
def mine():
    """Opened signals about the logged-in politician."""
    politician = current_user.politician
    if politician is None:
        abort(403)
    return render_template("signals/mine.html", politician=politician,
                           signals=queries.politician_signals(politician))


@bp.route("/mijn/meldingen/<int:signal_id>", methods=["GET", "POST"])
@login_required
def mine_detail(signal_id: int):
    """A signal about the politician, without anything about the reporter; the politician responds here."""
    signal = db.get_or_404(Signal, signal_id)
    if not signal.is_concerned(current_user) or not signal.can_view(current_user):
        abort(403)
    form = ResponseForm()
    if request.method == "POST":
        if not signal.can_respond(current_user):
            flash(_("Op deze melding kunt u niet (meer) reageren."), "error")
            return redirect(url_for(".mine_detail", signal_id=signal.id))
        if form.validate_on_submit():
            try:
                services.respond_to_signal(signal, actor=actor(), text=form.text.data)
            except SignalError as error:
                _refused(form, error)
            else:
                db.session.commit()
                flash(_("Uw reactie is opgeslagen. De griffie neemt haar mee voordat er een uitkomst wordt "
                        "vastgelegd."), "success")
                return redirect(url_for(".mine_detail", signal_id=signal.id))
    return render_template("signals/mine_detail.html", signal=signal, form=form,
                           SignalStatus=SignalStatus)
