"""Following by e-mail: the subscribe form on /volgen pages, the confirmation link and the unsubscribe link.

No login anywhere. Every answer is the same whether or not the address was subscribed, and no page shows an
address. The one-click endpoint is CSRF-exempt because RFC 8058 mail clients POST to it without a form: the token
in its address is its authentication, and a GET there only leads to the page with the button.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from register import mail
from register.alerts import services
from register.alerts.forms import SubscribeForm, UnsubscribeForm
from register.alerts.services import TooManySubscriptions, UnusableLink
from register.extensions import csrf, db
from register.models import Body, Group, Politician
from register.models.base import amsterdam_today
from register.public import queries

bp = Blueprint("alerts", __name__)


def _body(body_slug: str) -> Body:
    return queries.find_body(body_slug)


@bp.route("/register/<body_slug>/volgen", methods=["GET", "POST"])
def follow_body(body_slug: str):
    return _follow(_body(body_slug))


@bp.route("/register/<body_slug>/fractie/<group_slug>/volgen", methods=["GET", "POST"])
def follow_group(body_slug: str, group_slug: str):
    body = _body(body_slug)
    return _follow(queries.active_group(body, group_slug))


@bp.route("/register/<body_slug>/<politician_slug>/volgen", methods=["GET", "POST"])
def follow_politician(body_slug: str, politician_slug: str):
    """Only a politician on the public pages can be followed (404 unknown or past the retention period)."""
    try:
        _body_row, politician = queries.find_listed_politician(body_slug, politician_slug, amsterdam_today())
    except queries.SlugMoved as moved:
        return redirect(url_for(".follow_politician", body_slug=body_slug, politician_slug=moved.slug), 301)
    except queries.NoLongerPublic:
        abort(404)
    return _follow(politician)


def _follow(target):
    form = SubscribeForm()
    if form.validate_on_submit():
        try:
            services.subscribe(form.email.data, target, client_address=request.remote_addr)
        except TooManySubscriptions:
            db.session.rollback()
            return render_template("alerts/too_many.html", target=target), 429
        db.session.commit()
        return _deliver_after(redirect(url_for(".requested")))
    status = 400 if form.errors else 200
    return render_template("alerts/follow.html", form=form, body=services.body_of(target), back=_page_of(target),
                           name=services.target_name(target)), status


def _deliver_after(response):
    """The confirmation mail goes out once the response has gone: how long the answer takes cannot tell whether
    a mail was sent (that is, whether the address was already subscribed)."""
    ids, app = mail.take_committed(), current_app._get_current_object()  # type: ignore[attr-defined]

    def run():
        with app.app_context():
            try:
                for message_id in ids:
                    mail.deliver(message_id)
            except Exception:  # noqa: BLE001  the response is gone; send-alerts and send-reminders retry
                db.session.rollback()
                app.logger.exception("Volgen via e-mail: de bevestiging kon niet worden verzonden.")
    if ids:
        response.call_on_close(run)
    return response


def _page_of(target) -> str:
    """The public page of what is followed (a fractie: its section on the body page)."""
    if isinstance(target, Politician):
        return url_for("public.politician", body_slug=target.body.slug, politician_slug=target.slug)
    if isinstance(target, Group):
        return url_for("public.body", body_slug=target.body.slug, _anchor=f"fractie-{target.slug}")
    return url_for("public.body", body_slug=target.slug)


@bp.get("/volgen/aangemeld")
def requested():
    """The same answer for every valid request, whether the address was new, waiting or already confirmed."""
    return render_template("alerts/requested.html")


@bp.get("/volgen/bevestigen/<token>")
def confirm(token: str):
    try:
        subscription = services.confirm(token)
    except UnusableLink:
        return render_template("alerts/link_unusable.html"), 404
    db.session.commit()
    return render_template("alerts/confirmed.html", name=services.target_name(subscription.target),
                           back=_page_of(subscription.target))


@bp.route("/volgen/afmelden/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """GET shows a button (a prefetching mail scanner changes nothing); the POST with CSRF token unsubscribes."""
    form = UnsubscribeForm()
    if form.validate_on_submit():
        return _unsubscribed(token)
    return render_template("alerts/unsubscribe.html", form=form,
                           known=services.find_by_unsubscribe_token(token) is not None)


@bp.route("/volgen/afmelden/<token>/een-klik", methods=["GET", "POST"])
@csrf.exempt
def one_click(token: str):
    """RFC 8058: the mail client POSTs List-Unsubscribe=One-Click here; a GET goes to the page with the button."""
    if request.method == "GET":
        return redirect(url_for(".unsubscribe", token=token))
    return _unsubscribed(token)


def _unsubscribed(token: str):
    services.unsubscribe(token)
    db.session.commit()
    return render_template("alerts/unsubscribed.html")
