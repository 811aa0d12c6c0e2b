"""The griffie's management pages for a body: the overview of the bodies they manage, a body's settings and its
fracties."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from register.admin import queries, services
from register.admin.blueprint import bp
from register.admin.forms import GroupForm, SettingsForm
from register.admin.services import AdminError
from register.extensions import db
from register.models import Group, Politician
from register import lone_reviewer as lone
from register.stale_forms import changed_meanwhile
from register.views import actor, done, managed_body, of_body, refused


# ------------------------------------------------------------------------------------------- bodies

@bp.get("/")
def index():
    """The bodies this griffie manages, with counts."""
    ids = current_user.griffie_body_ids
    if not ids:
        abort(403)
    bodies = queries.bodies_by_name(ids)
    counts = {
        "groups": queries.count_by_body(Group.body_id, Group.body_id.in_(ids), Group.active),
        "politicians": queries.count_by_body(Politician.body_id, Politician.body_id.in_(ids), Politician.active),
        "accounts": {b.id: queries.account_count(b) for b in bodies},
    }
    return render_template("admin/index.html", bodies=bodies, counts=counts)


@bp.get("/<body_slug>/")
def body(body_slug: str):
    """A body's overview: its fracties, politicians and accounts."""
    body = managed_body(body_slug)
    groups = queries.groups_of(body)
    members = queries.count_by_body(Politician.group_id, Politician.body_id == body.id, Politician.active)
    politicians = queries.count_by_body(Politician.active, Politician.body_id == body.id)
    accounts = queries.account_count(body)
    return render_template("admin/body.html", body=body, groups=groups, members=members,
                           active_politicians=politicians.get(True, 0), inactive_politicians=politicians.get(False, 0),
                           accounts=accounts, unsent_mail=queries.count_unsent_for_body(body.id),
                           lone_fracties=lone.fracties_without_second_reviewer(body),
                           stuck=lone.agreements_stuck_without_reviewer(body))


@bp.route("/<body_slug>/instellingen", methods=["GET", "POST"])
def settings(body_slug: str):
    """The body's name, declaration deadline and required number of sign-offs."""
    body = managed_body(body_slug)
    form = SettingsForm(obj=body)
    if changed_meanwhile(form, {"name": body.name, "declaration_deadline_days": str(body.declaration_deadline_days),
                                "required_sign_offs": str(body.required_sign_offs),
                                "griffie_may_sign_off": "y" if body.griffie_may_sign_off else ""}):
        return render_template("admin/settings.html", body=body, form=form), 409
    if form.validate_on_submit():
        assert form.declaration_deadline_days.data is not None and form.required_sign_offs.data is not None  # required
        try:
            changes = services.update_body_settings(
                body, name=form.name.data, declaration_deadline_days=form.declaration_deadline_days.data,
                required_sign_offs=form.required_sign_offs.data, actor=actor(),
                griffie_may_sign_off=form.griffie_may_sign_off.data)
        except AdminError as error:
            refused(error, form)
        else:
            return done(_("Instellingen opgeslagen.") if changes else _("Er is niets gewijzigd."), ".body", body)
    return render_template("admin/settings.html", body=body, form=form)


# ------------------------------------------------------------------------------------------- fracties

@bp.get("/<body_slug>/fracties")
def groups(body_slug: str):
    """The body's fracties, active and inactive, with their number of active members."""
    body = managed_body(body_slug)
    groups = queries.groups_of(body, active_first=True)
    members = queries.count_by_body(Politician.group_id, Politician.body_id == body.id, Politician.active)
    return render_template("admin/groups.html", body=body, groups=groups, members=members)


@bp.route("/<body_slug>/fracties/nieuw", methods=["GET", "POST"])
def group_new(body_slug: str):
    """Add a fractie."""
    body = managed_body(body_slug)
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = services.create_group(body, name=form.name.data, actor=actor())
        except AdminError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            return done(_("Fractie '%(name)s' toegevoegd.", name=group.name), ".groups", body)
    return render_template("admin/group_form.html", body=body, form=form, group=None)


@bp.route("/<body_slug>/fracties/<int:group_id>/bewerken", methods=["GET", "POST"])
def group_edit(body_slug: str, group_id: int):
    """Rename a fractie."""
    body = managed_body(body_slug)
    group = of_body(Group, group_id, body)
    form = GroupForm(obj=group)
    if changed_meanwhile(form, {"name": group.name}):
        return render_template("admin/group_form.html", body=body, form=form, group=group), 409
    if form.validate_on_submit():
        try:
            changes = services.update_group(group, name=form.name.data, actor=actor())
        except AdminError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            return done(_("Fractie opgeslagen.") if changes else _("Er is niets gewijzigd."), ".groups", body)
    return render_template("admin/group_form.html", body=body, form=form, group=group)


def _set_group_active(body_slug: str, group_id: int, active: bool):
    body = managed_body(body_slug)
    group = of_body(Group, group_id, body)
    try:
        services.set_group_active(group, active, actor=actor())
    except AdminError as error:
        refused(error)
        return redirect(url_for(".groups", body_slug=body.slug))
    return done(_("Fractie '%(name)s' is weer actief.", name=group.name) if active
                 else _("Fractie '%(name)s' is gedeactiveerd.", name=group.name), ".groups", body)


@bp.post("/<body_slug>/fracties/<int:group_id>/deactiveren")
def group_deactivate(body_slug: str, group_id: int):
    """Deactivate a fractie (never deleted)."""
    return _set_group_active(body_slug, group_id, False)


@bp.post("/<body_slug>/fracties/<int:group_id>/activeren")
def group_activate(body_slug: str, group_id: int):
    """Make a deactivated fractie active again."""
    return _set_group_active(body_slug, group_id, True)
