"""The griffie's account pages: accounts of a body, their roles, deactivation and passwords."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.admin import services
from register.admin.forms import NO_CHOICE, AccountForm, EditAccountForm, PasswordForm
from register.admin.routes import _actor, _body, _done, _refused, bp
from register.auth.services import AccountError
from register.extensions import db
from register.models import Body, Group, Politician, RoleGrant, RoleKind, User


def _account(body: Body, user_id: int, *, full: bool = False) -> User:
    """An account of this body, or 404/403; with full=True also 403 when another body shares the account."""
    user = db.get_or_404(User, user_id)
    if not services.belongs_to(user, body) or (full and not services.fully_manages(user, body)):
        abort(403)
    return user


def roles_in(user: User, body: Body) -> list[str]:
    """The account's current roles in this body, in Dutch."""
    roles = []
    if user.politician is not None and user.politician.body_id == body.id:
        roles.append(_("ambtsdrager (%(name)s)", name=user.politician.name))
    for grant in user.active_grants(RoleKind.reviewer):
        if grant.group is not None and grant.group.body_id == body.id:
            roles.append(_("fractiebeoordelaar (%(name)s)", name=grant.group.name))
    if user.is_griffie_of(body.id):
        roles.append(_("griffie"))
    return roles


@bp.get("/<body_slug>/accounts")
def accounts(body_slug: str):
    """The accounts of this body with their roles here."""
    body = _body(body_slug)
    users = list(db.session.scalars(services.accounts_of(body).options(
        selectinload(User.grants).selectinload(RoleGrant.group), selectinload(User.politician))
        .order_by(User.active.desc(), User.name)))
    return render_template("admin/accounts.html", body=body, users=users, roles_in=roles_in,
                           fully_manages=services.fully_manages)


def _role_choices(form, body: Body, user: User | None = None) -> tuple[dict, dict]:
    """Offer this body's politicians without an account and its fracties; returns both by id (as strings)."""
    people = [p for p in db.session.scalars(
        select(Politician).where(Politician.body_id == body.id).options(selectinload(Politician.user))
        .order_by(Politician.sort_name)) if p.user is None or p.user is user]
    granted = {g.group_id for g in user.active_grants(RoleKind.reviewer)} if user else set()
    groups = [g for g in db.session.scalars(select(Group).where(Group.body_id == body.id).order_by(Group.name))
              if g.active or g.id in granted]
    if form.politician is not None:
        form.politician.choices = [(NO_CHOICE, _("Geen ambtsdrager"))] + [
            (str(p.id), p.name if p.active else _("%(name)s (gedeactiveerd)", name=p.name)) for p in people]
    form.reviewer_groups.choices = [(str(g.id), g.name) for g in groups]
    return {str(p.id): p for p in people}, {str(g.id): g for g in groups}


@bp.route("/<body_slug>/accounts/nieuw", methods=["GET", "POST"])
def account_new(body_slug: str):
    """Make an account with roles in this body."""
    body = _body(body_slug)
    form = AccountForm()
    people, groups = _role_choices(form, body)
    if form.validate_on_submit():
        try:
            user = services.create_account(
                body, name=form.name.data, email=form.email.data, password=form.password.data, actor=_actor(),
                politician=people.get(form.politician.data),
                reviewer_of=[groups[i] for i in form.reviewer_groups.data], griffie=form.griffie.data)
        except AccountError as error:
            _refused(error, form)
        else:
            return _done(_("Account voor %(name)s aangemaakt.", name=user.name), ".accounts", body)
    return render_template("admin/account_form.html", body=body, form=form, account=None)


def _edit_form(body: Body, user: User) -> tuple[EditAccountForm, dict, dict]:
    form = EditAccountForm(account_id=user.id)
    if not services.fully_manages(user, body):
        del form.name
        del form.email
    if user.politician is not None and user.politician.body_id != body.id:
        del form.politician
    people, groups = _role_choices(form, body, user)
    if request.method == "GET":
        if form.name is not None:
            form.name.data, form.email.data = user.name, user.email
        if form.politician is not None:
            form.politician.data = str(user.politician_id or NO_CHOICE)
        form.reviewer_groups.data = [str(g.group_id) for g in user.active_grants(RoleKind.reviewer)
                                     if str(g.group_id) in groups]
        form.griffie.data = user.is_griffie_of(body.id)
    return form, people, groups


@bp.route("/<body_slug>/accounts/<int:user_id>/bewerken", methods=["GET", "POST"])
def account_edit(body_slug: str, user_id: int):
    """Change an account's name, e-mail address and roles in this body."""
    body = _body(body_slug)
    user = _account(body, user_id)
    form, people, groups = _edit_form(body, user)
    if form.validate_on_submit():
        profile = {"name": form.name.data, "email": form.email.data} if form.name is not None else None
        link = {"politician": people.get(form.politician.data)} if form.politician is not None else None
        try:
            changed = services.update_account(user, body, profile=profile, link=link, actor=_actor(),
                                              reviewer_of=[groups[i] for i in form.reviewer_groups.data],
                                              griffie=form.griffie.data)
        except AccountError as error:
            _refused(error, form)
        else:
            if not body.can_manage(current_user):  # the griffie gave up their own role here
                db.session.commit()
                flash(_("Account opgeslagen. U bent geen griffie van dit orgaan meer."), "success")
                return redirect(url_for(".index") if current_user.is_griffie else url_for("public.index"))
            return _done(_("Account opgeslagen.") if changed else _("Er is niets gewijzigd."), ".accounts", body)
    return render_template("admin/account_form.html", body=body, form=form, account=user,
                           full=services.fully_manages(user, body))


def _set_account_active(body_slug: str, user_id: int, active: bool):
    body = _body(body_slug)
    user = _account(body, user_id, full=True)
    try:
        services.set_account_active(user, body, active, actor=_actor())
    except AccountError as error:
        _refused(error)
        return redirect(url_for(".accounts", body_slug=body.slug))
    return _done(_("Account van %(name)s is weer actief.", name=user.name) if active
                 else _("Account van %(name)s is gedeactiveerd; lopende sessies zijn beëindigd.", name=user.name),
                 ".accounts", body)


@bp.post("/<body_slug>/accounts/<int:user_id>/deactiveren")
def account_deactivate(body_slug: str, user_id: int):
    """Deactivate an account and end its sessions (never deleted)."""
    return _set_account_active(body_slug, user_id, False)


@bp.post("/<body_slug>/accounts/<int:user_id>/activeren")
def account_activate(body_slug: str, user_id: int):
    """Make a deactivated account active again."""
    return _set_account_active(body_slug, user_id, True)


@bp.route("/<body_slug>/accounts/<int:user_id>/wachtwoord", methods=["GET", "POST"])
def account_password(body_slug: str, user_id: int):
    """Set a new password for an account; its existing sessions end."""
    body = _body(body_slug)
    user = _account(body, user_id, full=True)
    form = PasswordForm()
    if form.validate_on_submit():
        services.set_password(user, body, form.password.data, actor=_actor())
        db.session.commit()
        if user.id == current_user.id:
            login_user(user)  # the griffie's own session carries the new session token
        flash(_("Nieuw wachtwoord ingesteld voor %(name)s; lopende sessies zijn beëindigd.", name=user.name),
              "success")
        return redirect(url_for(".accounts", body_slug=body.slug))
    return render_template("admin/account_password.html", body=body, form=form, account=user)
