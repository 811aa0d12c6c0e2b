"""Logging in and out."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from register.auth import services
from register.auth.forms import LoginForm
from register.extensions import db, login_manager
from register.models import User

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str):
    """The session stores 'id:token'; a rotated token ends the session."""
    ident, _, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(User, int(ident))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def home_for(user) -> str:
    if user.is_griffie:
        return url_for("admin.index")
    if user.is_reviewer and not user.is_politician:
        return url_for("review.queue")
    return url_for("declarations.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        db.session.commit()
        if user is None:
            flash("Onjuist e-mailadres of wachtwoord.", "error")
        else:
            login_user(user)
            flash(f"Ingelogd als {user.name}.", "success")
            return redirect(_safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """Log out; ends every session of this account."""
    services.record_logout(current_user._get_current_object())
    db.session.commit()
    logout_user()
    flash("U bent uitgelogd.", "success")
    return redirect(url_for("public.index"))
