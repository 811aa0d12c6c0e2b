"""The site administrator's pages: every body with its griffie, a new body with its first griffie, another griffie."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from register.auth.services import AccountError
from register.extensions import db
from register.public.queries import all_bodies, find_body
from register.siteadmin import queries, services
from register.siteadmin.forms import BodyForm, GriffieForm
from register.siteadmin.services import KIND_WORDS, SetupError
from register.views import actor

bp = Blueprint("siteadmin", __name__, url_prefix="/sitebeheer")


@bp.get("/")
def index():
    """All bodies with their griffie(s) and number of politicians."""
    return render_template("siteadmin/index.html", bodies=all_bodies(), griffies=services.griffies_by_body(),
                           people=queries.active_politicians_by_body())


@bp.route("/organen/nieuw", methods=["GET", "POST"])
def body_new():
    """Add a body and invite its first griffie, in one step."""
    form = BodyForm()
    if form.validate_on_submit():
        try:
            body = services.create_body(name=form.name.data, kind=KIND_WORDS[form.kind.data], slug=form.slug.data,
                                        term_start=form.term_start.data, actor=actor())
            services.add_griffie(body, name=form.griffie_name.data, email=form.griffie_email.data, actor=actor())
        except SetupError as error:
            db.session.rollback()
            form.slug.errors.append(str(error))
        except AccountError as error:
            db.session.rollback()
            form.griffie_email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(body)s is aangemaakt; %(email)s is uitgenodigd als griffie.", body=body.name,
                    email=form.griffie_email.data), "success")
            return redirect(url_for(".index"))
    return render_template("siteadmin/body_form.html", form=form,
                           suggestion=services.suggested_slug(form.name.data) if form.name.data else "")


@bp.route("/<body_slug>/griffie", methods=["GET", "POST"])
def griffie_new(body_slug: str):
    """Make someone griffie of a body: a new account is invited; an existing one gets the role."""
    body = find_body(body_slug)
    form = GriffieForm()
    if form.validate_on_submit():
        try:
            user, new = services.add_griffie(body, name=form.griffie_name.data, email=form.griffie_email.data,
                                             actor=actor())
        except AccountError as error:
            db.session.rollback()
            form.griffie_email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("%(email)s is uitgenodigd als griffie van %(body)s.", email=user.email, body=body.name) if new
                  else _("%(name)s is nu ook griffie van %(body)s.", name=user.name, body=body.name), "success")
            return redirect(url_for(".index"))
    return render_template("siteadmin/griffie_form.html", form=form, body=body)
