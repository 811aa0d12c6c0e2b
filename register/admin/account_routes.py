"""The griffie's account pages: accounts of a body, their roles, deactivation and passwords."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from register.admin import services
from register.admin.forms import NO_CHOICE, AccountForm, EditAccountForm, ReasonForm
from register.admin.routes import _actor, _body, _done, _refused, bp
from register.auth import invitations, tokens
from register.auth.services import AccountError
from register.extensions import db
from register.models import Body, Group, Politician, RoleGrant, RoleKind, User
from register.stale_forms import changed_meanwhile


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


def search_term(value: str | None) -> str:
    """The search box's text, trimmed and bounded; the match is case-insensitive on name (and e-mail)."""
    return (value or "").strip()[:100]


def like_pattern(term: str) -> str:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@bp.get("/<body_slug>/accounts")
def accounts(body_slug: str):
    """The accounts of this body with their roles here; ?q= searches name and e-mail address."""
    body = _body(body_slug)
    q = search_term(request.args.get("q"))
    query = services.accounts_of(body)
    if q:
        query = query.where(or_(func.lower(User.name).like(like_pattern(q), escape="\\"),
                                func.lower(User.email).like(like_pattern(q), escape="\\")))
    users = list(db.session.scalars(query.options(
        selectinload(User.grants).selectinload(RoleGrant.group), selectinload(User.politician))
        .order_by(User.active.desc(), User.name)))
    return render_template("admin/accounts.html", body=body, users=users, roles_in=roles_in, q=q,
                           fully_manages=services.fully_manages,
                           invited=tokens.pending_invitations(u.id for u in users))


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
                body, name=form.name.data, email=form.email.data, actor=_actor(),
                politician=people.get(form.politician.data),
                reviewer_of=[groups[i] for i in form.reviewer_groups.data], griffie=form.griffie.data)
        except AccountError as error:
            _refused(error, form)
        else:
            return _done(_("Account voor %(name)s aangemaakt. Er is een uitnodiging gestuurd naar %(email)s.",
                           name=user.name, email=user.email), ".accounts", body)
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


def _account_shown(form: EditAccountForm, body: Body, user: User, groups: dict) -> dict[str, str]:
    """The stored values the edit form shows, as its fields hold them (register/stale_forms.py)."""
    values = {"reviewer_groups": ",".join(sorted(str(g.group_id) for g in user.active_grants(RoleKind.reviewer)
                                                 if str(g.group_id) in groups)),
              "griffie": "1" if user.is_griffie_of(body.id) else ""}
    if form.name is not None:
        values.update(name=user.name, email=user.email)
    if form.politician is not None:
        values["politician"] = str(user.politician_id or NO_CHOICE)
    return values


@bp.route("/<body_slug>/accounts/<int:user_id>/bewerken", methods=["GET", "POST"])
def account_edit(body_slug: str, user_id: int):
    """Change an account's name, e-mail address and roles in this body."""
    body = _body(body_slug)
    user = _account(body, user_id)
    form, people, groups = _edit_form(body, user)
    if changed_meanwhile(form, _account_shown(form, body, user, groups)):
        return render_template("admin/account_form.html", body=body, form=form, account=user,
                               full=services.fully_manages(user, body)), 409
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


@bp.route("/<body_slug>/accounts/<int:user_id>/deactiveren", methods=["GET", "POST"])
def account_deactivate(body_slug: str, user_id: int):
    """Deactivate an account and end its sessions (never deleted): first a page that names the consequence and
    asks a reason."""
    body = _body(body_slug)
    user = _account(body, user_id, full=True)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            services.set_account_active(user, body, False, actor=_actor(), reason=form.reason.data)
        except AccountError as error:
            _refused(error, form)
        else:
            return _done(_("Account van %(name)s is gedeactiveerd; lopende sessies zijn beëindigd.", name=user.name),
                         ".accounts", body)
    return render_template("admin/account_deactivate.html", body=body, form=form, account=user)


@bp.post("/<body_slug>/accounts/<int:user_id>/activeren")
def account_activate(body_slug: str, user_id: int):
    """Make a deactivated account active again."""
    body = _body(body_slug)
    user = _account(body, user_id, full=True)
    try:
        services.set_account_active(user, body, True, actor=_actor())
    except AccountError as error:
        _refused(error)
        return redirect(url_for(".accounts", body_slug=body.slug))
    return _done(_("Account van %(name)s is weer actief.", name=user.name), ".accounts", body)


@bp.post("/<body_slug>/accounts/<int:user_id>/uitnodigen")
def account_invite(body_slug: str, user_id: int):
    """Send a new invitation to an account that has not chosen a password yet; the older link stops working."""
    body = _body(body_slug)
    user = _account(body, user_id, full=True)
    if not user.active or user.id not in tokens.pending_invitations([user.id]):
        flash(_("%(name)s heeft de uitnodiging al gebruikt of het account is gedeactiveerd. Wie zijn wachtwoord "
                "kwijt is, gebruikt \"Wachtwoord vergeten?\" op de inlogpagina.", name=user.name), "error")
        return redirect(url_for(".accounts", body_slug=body.slug))
    invitations.invite(user, actor=_actor(), body=body)
    return _done(_("Nieuwe uitnodiging gestuurd naar %(email)s; de vorige link werkt niet meer.", email=user.email),
                 ".accounts", body)
