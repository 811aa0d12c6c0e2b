"""One-time links: accepting an invitation, "wachtwoord vergeten" and choosing a new password."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request
from flask_babel import gettext as _

from register import mail
from register.audit import record
from register.auth import invitations, tokens
from register.auth.blueprint import bp, home_for
from register.auth.forms import ForgotPasswordForm, NewPasswordForm
from register.auth.services import AccountError
from register.extensions import db
from register.models import TokenPurpose
from register.security import begin_session


def _after_response(response, work):
    """Run `work` (in its own app context and transaction) and send the mail it queues once the response has
    gone out: what the answer contains, and how long it takes, cannot depend on that work."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run():
        with app.app_context():
            try:
                work()
                db.session.commit()
                for message_id in mail.take_committed():
                    mail.deliver(message_id)
            except Exception:  # noqa: BLE001  the response is gone; the log and the outbox keep the rest
                db.session.rollback()
                app.logger.exception("Wachtwoord vergeten: de link kon niet worden verwerkt.")
    response.call_on_close(run)
    return response


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            email = invitations.request_reset(form.email.data, client_address=request.remote_addr)
        except invitations.TooManyResets:
            db.session.commit()  # the refusal stays on the record
            return render_template("auth/forgot_password.html", form=form, too_many=True), 429, \
                {"Retry-After": str(current_app.config["RESET_WINDOW_MINUTES"] * 60)}
        db.session.commit()
        response = current_app.make_response(render_template("auth/forgot_password_sent.html"))
        return _after_response(response, lambda: invitations.send_reset_link(email))
    return render_template("auth/forgot_password.html", form=form, too_many=False)


def _link_page(raw: str, purpose: TokenPurpose, template: str, service, done: str):
    """The shared flow of both links: an unusable link gets a clear page; a good one sets the password once."""
    try:
        token = tokens.find(raw, purpose)
    except tokens.LinkProblem as problem:
        if request.method == "POST":  # a use of the link is on the record; merely opening one changes nothing
            record("auth.link_refused", None, purpose=purpose.value, problem=problem.reason)
            db.session.commit()
        status = 404 if problem.reason == "unknown" else 410
        return render_template("auth/link_invalid.html", problem=problem, purpose=purpose.value), status, \
            {"Referrer-Policy": "no-referrer"}
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = service(token, form.password.data)
        except AccountError as error:
            db.session.rollback()
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            begin_session(user)
            flash(done, "success")
            return redirect(home_for(user))
    return render_template(template, form=form, account=token.user, token=token), {"Referrer-Policy": "no-referrer"}


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """A new account chooses its own password."""
    return _link_page(token, TokenPurpose.invitation, "auth/accept_invitation.html", invitations.accept_invitation,
                      _("Welkom! Uw wachtwoord is ingesteld en u bent ingelogd."))


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password through a reset link; every other session of the account ends."""
    return _link_page(token, TokenPurpose.reset, "auth/reset_password.html", invitations.reset_password,
                      _("Uw nieuwe wachtwoord is ingesteld. U bent op alle andere apparaten uitgelogd."))
