"""Logging in and out, and changing one's own password."""
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from register.auth import link_routes, services  # noqa: F401  importing link_routes registers its pages
from register.auth.blueprint import bp, home_for
from register.auth.forms import ChangePasswordForm, LoginForm
from register.extensions import db, login_manager
from register.models import User
from register.security import begin_session


@login_manager.user_loader
def load_user(user_id: str):
    """The session stores 'id:token'; a rotated token ends the session."""
    ident, _sep, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def _safe_next(target: str | None) -> str | None:
    """The page to return to after logging in: a page of this app that opens with GET, rebuilt with url_for from
    the route it matches. None for anything else: another site, a backslash, control characters (a CR or LF
    would end in the Location header: a 500), an address without a page, or one that is not a page (logout)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target \
            or not target.isprintable():
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    adapter = current_app.url_map.bind_to_environ(request.environ)
    path = parts.path
    for _attempt in range(2):  # one redirect of the route itself ("/mijn" to "/mijn/") is followed
        try:
            endpoint, values = adapter.match(path, method="GET")
            break
        except RequestRedirect as moved:
            path = urlsplit(moved.new_url).path
        except HTTPException:
            return None
    else:
        return None
    query: dict[str, Any] = {key: value for key, value in parse_qs(parts.query).items()
             if not key.startswith("_") and key not in values}
    return url_for(endpoint, **values, **query)


def _throttled(template: str, form, refused: services.LoginThrottled):
    """The refusal is on the record (commit); the page says how long to wait, with status 429."""
    db.session.commit()
    flash(str(refused), "error")
    return render_template(template, form=form), 429, {"Retry-After": str(refused.seconds)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, client_address=request.remote_addr)
        except services.LoginThrottled as refused:
            return _throttled("auth/login.html", form, refused)
        db.session.commit()
        if user is None:
            flash(_("Onjuist e-mailadres of wachtwoord."), "error")
        else:
            begin_session(user)
            flash(_("Ingelogd als %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/wachtwoord-wijzigen", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password: ends every other session, this one goes on with the new password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_own_password(user, form.current_password.data, form.new_password.data,
                                         client_address=request.remote_addr)
        except services.LoginThrottled as refused:
            return _throttled("auth/change_password.html", form, refused)
        except services.WrongPassword as error:
            db.session.commit()  # the failed attempt counts towards the throttle and stays on the record
            form.current_password.errors.append(str(error))
        except services.AccountError as error:
            db.session.rollback()
            form.new_password.errors.append(str(error))
        else:
            db.session.commit()
            begin_session(user)
            flash(_("Uw wachtwoord is gewijzigd. U bent op andere apparaten uitgelogd."), "success")
            return redirect(home_for(user))
    return render_template("auth/change_password.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Log out; ends every session of this account."""
    services.record_logout(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("U bent uitgelogd."), "success")
    return redirect(url_for("public.index"))
