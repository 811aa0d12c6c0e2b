"""The griffie's management pages: a body's settings, fracties, politicians and audit trail.

Accounts are in account_routes."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from register.admin import logbook, services
from register.review import lone
from register.admin.forms import NO_CHOICE, GroupForm, PoliticianForm, SettingsForm
from register.admin.logbook_forms import LogbookFilterForm
from register.admin.services import AdminError
from register.extensions import db, login_manager
from register.models import Body, Group, Office, Politician
from register.models.people import OFFICE_LABELS, OFFICES_BY_KIND as _OFFICES_BY_KIND, offices_for
from register.stale_forms import changed_meanwhile

bp = Blueprint("admin", __name__, url_prefix="/beheer")

# The one rule lives in the model layer (register.models.people); this name stays for existing imports.
OFFICES_BY_KIND = _OFFICES_BY_KIND


@bp.before_request
def _require_login():
    """Every page here needs a logged-in user; anonymous visitors go to the login page."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()


def _actor():
    return current_user._get_current_object()


def _body(body_slug: str) -> Body:
    """The body, or 404; 403 unless the user is its griffie."""
    body = db.first_or_404(select(Body).where(Body.slug == body_slug))
    if not body.can_manage(current_user):
        abort(403)
    return body


def _of_body(model, object_id: int, body: Body):
    """A group or politician by id, or 404; 403 when it belongs to another body."""
    obj = db.get_or_404(model, object_id)
    if obj.body_id != body.id:
        abort(403)
    return obj


def _done(message: str, endpoint: str, body: Body):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, body_slug=body.slug))


def _refused(error: Exception, form=None) -> None:
    """A service refused: undo everything of this request and show why."""
    db.session.rollback()
    if form is not None:
        form.form_errors.append(str(error))
    else:
        flash(str(error), "error")


# ------------------------------------------------------------------------------------------- bodies

def _count_by_body(column, *where) -> dict[int, int]:
    return dict(db.session.execute(select(column, func.count()).where(*where).group_by(column)).all())


@bp.get("/")
def index():
    """The bodies this griffie manages, with counts."""
    ids = current_user.griffie_body_ids
    if not ids:
        abort(403)
    bodies = list(db.session.scalars(select(Body).where(Body.id.in_(ids)).order_by(Body.name)))
    counts = {
        "groups": _count_by_body(Group.body_id, Group.body_id.in_(ids), Group.active),
        "politicians": _count_by_body(Politician.body_id, Politician.body_id.in_(ids), Politician.active),
        "accounts": {b.id: db.session.scalar(select(func.count()).select_from(services.accounts_of(b).subquery()))
                     for b in bodies},
    }
    return render_template("admin/index.html", bodies=bodies, counts=counts)


@bp.get("/<body_slug>/")
def body(body_slug: str):
    """A body's overview: its fracties, politicians and accounts."""
    body = _body(body_slug)
    groups = list(db.session.scalars(select(Group).where(Group.body_id == body.id).order_by(Group.name)))
    members = _count_by_body(Politician.group_id, Politician.body_id == body.id, Politician.active)
    politicians = _count_by_body(Politician.active, Politician.body_id == body.id)
    accounts = db.session.scalar(select(func.count()).select_from(services.accounts_of(body).subquery()))
    from register.admin.outbox_routes import count_unsent_for_body
    return render_template("admin/body.html", body=body, groups=groups, members=members,
                           active_politicians=politicians.get(True, 0), inactive_politicians=politicians.get(False, 0),
                           accounts=accounts, unsent_mail=count_unsent_for_body(body.id),
                           lone_fracties=lone.fracties_without_second_reviewer(body),
                           stuck=lone.agreements_stuck_without_reviewer(body))


@bp.route("/<body_slug>/instellingen", methods=["GET", "POST"])
def settings(body_slug: str):
    """The body's name, declaration deadline and required number of sign-offs."""
    body = _body(body_slug)
    form = SettingsForm(obj=body)
    if changed_meanwhile(form, {"name": body.name, "declaration_deadline_days": str(body.declaration_deadline_days),
                                "required_sign_offs": str(body.required_sign_offs),
                                "griffie_may_sign_off": "y" if body.griffie_may_sign_off else ""}):
        return render_template("admin/settings.html", body=body, form=form), 409
    if form.validate_on_submit():
        try:
            changes = services.update_body_settings(
                body, name=form.name.data, declaration_deadline_days=form.declaration_deadline_days.data,
                required_sign_offs=form.required_sign_offs.data, actor=_actor(),
                griffie_may_sign_off=form.griffie_may_sign_off.data)
        except AdminError as error:
            _refused(error, form)
        else:
            return _done(_("Instellingen opgeslagen.") if changes else _("Er is niets gewijzigd."), ".body", body)
    return render_template("admin/settings.html", body=body, form=form)


# ------------------------------------------------------------------------------------------- fracties

@bp.get("/<body_slug>/fracties")
def groups(body_slug: str):
    """The body's fracties, active and inactive, with their number of active members."""
    body = _body(body_slug)
    groups = list(db.session.scalars(select(Group).where(Group.body_id == body.id)
                                     .order_by(Group.active.desc(), Group.name)))
    members = _count_by_body(Politician.group_id, Politician.body_id == body.id, Politician.active)
    return render_template("admin/groups.html", body=body, groups=groups, members=members)


@bp.route("/<body_slug>/fracties/nieuw", methods=["GET", "POST"])
def group_new(body_slug: str):
    """Add a fractie."""
    body = _body(body_slug)
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = services.create_group(body, name=form.name.data, actor=_actor())
        except AdminError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            return _done(_("Fractie '%(name)s' toegevoegd.", name=group.name), ".groups", body)
    return render_template("admin/group_form.html", body=body, form=form, group=None)


@bp.route("/<body_slug>/fracties/<int:group_id>/bewerken", methods=["GET", "POST"])
def group_edit(body_slug: str, group_id: int):
    """Rename a fractie."""
    body = _body(body_slug)
    group = _of_body(Group, group_id, body)
    form = GroupForm(obj=group)
    if changed_meanwhile(form, {"name": group.name}):
        return render_template("admin/group_form.html", body=body, form=form, group=group), 409
    if form.validate_on_submit():
        try:
            changes = services.update_group(group, name=form.name.data, actor=_actor())
        except AdminError as error:
            db.session.rollback()
            form.name.errors.append(str(error))
        else:
            return _done(_("Fractie opgeslagen.") if changes else _("Er is niets gewijzigd."), ".groups", body)
    return render_template("admin/group_form.html", body=body, form=form, group=group)


def _set_group_active(body_slug: str, group_id: int, active: bool):
    body = _body(body_slug)
    group = _of_body(Group, group_id, body)
    try:
        services.set_group_active(group, active, actor=_actor())
    except AdminError as error:
        _refused(error)
        return redirect(url_for(".groups", body_slug=body.slug))
    return _done(_("Fractie '%(name)s' is weer actief.", name=group.name) if active
                 else _("Fractie '%(name)s' is gedeactiveerd.", name=group.name), ".groups", body)


@bp.post("/<body_slug>/fracties/<int:group_id>/deactiveren")
def group_deactivate(body_slug: str, group_id: int):
    """Deactivate a fractie (never deleted)."""
    return _set_group_active(body_slug, group_id, False)


@bp.post("/<body_slug>/fracties/<int:group_id>/activeren")
def group_activate(body_slug: str, group_id: int):
    """Make a deactivated fractie active again."""
    return _set_group_active(body_slug, group_id, True)


# ------------------------------------------------------------------------------------------- ambtsdragers

@bp.get("/<body_slug>/ambtsdragers")
def politicians(body_slug: str):
    """The body's politicians: active ones, those whose term ended, those created by mistake; ?q= searches."""
    from register.admin.account_routes import like_pattern, search_term
    from register.public.queries import is_publicly_listed
    body = _body(body_slug)
    q = search_term(request.args.get("q"))
    query = select(Politician).where(Politician.body_id == body.id)
    if q:
        query = query.where(func.lower(Politician.name).like(like_pattern(q), escape="\\"))
    people = list(db.session.scalars(query.options(selectinload(Politician.group), selectinload(Politician.user))
                                     .order_by(Politician.sort_name)))
    return render_template("admin/politicians.html", body=body, q=q, listed=is_publicly_listed,
                           active=[p for p in people if p.active],
                           inactive=[p for p in people if not p.active and not p.created_in_error],
                           mistaken=[p for p in people if p.created_in_error])


def _politician_form(body: Body, politician: Politician | None = None) -> tuple[PoliticianForm, dict]:
    """The form with this body's offices and fracties as the only choices; also the groups by id."""
    form = PoliticianForm()
    offices = offices_for(body.kind)
    if politician is not None and politician.office not in offices:
        offices.append(politician.office)
    form.office.choices = [(o.value, OFFICE_LABELS[o]) for o in offices]
    groups = [g for g in db.session.scalars(select(Group).where(Group.body_id == body.id).order_by(Group.name))
              if g.active or (politician is not None and g.id == politician.group_id)]
    form.group.choices = [(NO_CHOICE, _("Geen fractie"))] + [
        (str(g.id), g.name if g.active else _("%(name)s (gedeactiveerd)", name=g.name)) for g in groups]
    if politician is not None and request.method == "GET":
        form.name.data, form.sort_name.data = politician.name, politician.sort_name
        form.office.data, form.group.data = politician.office.value, str(politician.group_id or NO_CHOICE)
        form.term_start.data, form.term_end.data = politician.term_start, politician.term_end
        form.portfolio.data = politician.portfolio
    return form, {str(g.id): g for g in groups}


def _politician_shown(politician: Politician) -> dict[str, str]:
    """The stored values the edit form shows, as its fields hold them (register/stale_forms.py)."""
    return {"name": politician.name, "sort_name": politician.sort_name, "office": politician.office.value,
            "group": str(politician.group_id or NO_CHOICE),
            "term_start": politician.term_start.isoformat() if politician.term_start else "",
            "term_end": politician.term_end.isoformat() if politician.term_end else "",
            "portfolio": politician.portfolio or ""}


def _politician_fields(form: PoliticianForm, groups: dict) -> dict:
    return dict(name=form.name.data, sort_name=form.sort_name.data, office=Office(form.office.data),
                group=groups.get(form.group.data), term_start=form.term_start.data, term_end=form.term_end.data,
                portfolio=form.portfolio.data)


@bp.route("/<body_slug>/ambtsdragers/nieuw", methods=["GET", "POST"])
def politician_new(body_slug: str):
    """Add a politician to the body."""
    body = _body(body_slug)
    form, groups = _politician_form(body)
    if form.validate_on_submit():
        try:
            politician = services.create_politician(body, actor=_actor(), **_politician_fields(form, groups))
        except AdminError as error:
            _refused(error, form)
        else:
            return _done(_("Ambtsdrager '%(name)s' toegevoegd.", name=politician.name), ".politicians", body)
    return render_template("admin/politician_form.html", body=body, form=form, politician=None)


@bp.route("/<body_slug>/ambtsdragers/<int:politician_id>/bewerken", methods=["GET", "POST"])
def politician_edit(body_slug: str, politician_id: int):
    """Change a politician's name, office, fractie or term."""
    body = _body(body_slug)
    politician = _of_body(Politician, politician_id, body)
    form, groups = _politician_form(body, politician)
    if changed_meanwhile(form, _politician_shown(politician)):
        return render_template("admin/politician_form.html", body=body, form=form, politician=politician), 409
    if form.validate_on_submit():
        try:
            changes = services.update_politician(politician, actor=_actor(), **_politician_fields(form, groups))
        except AdminError as error:
            _refused(error, form)
        else:
            return _done(_("Ambtsdrager opgeslagen.") if changes else _("Er is niets gewijzigd."), ".politicians", body)
    return render_template("admin/politician_form.html", body=body, form=form, politician=politician)


@bp.post("/<body_slug>/ambtsdragers/<int:politician_id>/activeren")
def politician_activate(body_slug: str, politician_id: int):
    """Undo a deactivation."""
    body = _body(body_slug)
    politician = _of_body(Politician, politician_id, body)
    try:
        services.reactivate_politician(politician, actor=_actor())
    except AdminError as error:
        _refused(error)
        return redirect(url_for(".politicians", body_slug=body.slug))
    return _done(_("Ambtsdrager '%(name)s' is weer actief.", name=politician.name), ".politicians", body)


# ------------------------------------------------------------------------------------------- logboek

def _logbook_query(body: Body):
    """The filter form from the address, and the select of the events that pass its valid fields."""
    form = LogbookFilterForm(body, formdata=request.args)
    form.validate()
    filters, politician_user_id = form.filters()
    return form, logbook.filtered(body, filters, politician_user_id)


@bp.get("/<body_slug>/logboek")
def audit(body_slug: str):
    """The body's audit trail, newest first, 50 events a page, filtered by person, kind of action and period."""
    body = _body(body_slug)
    form, query = _logbook_query(body)
    events, page, pages = logbook.page_of_events(query, request.args.get("page", 1, type=int))
    args = {k: v for k, v in request.args.items() if k in ("persoon", "soort", "van", "tot") and v}
    return render_template("admin/audit.html", body=body, entries=logbook.entries(events, body), page=page,
                           pages=pages, form=form, args=args)


@bp.get("/<body_slug>/logboek.csv")
def audit_csv(body_slug: str):
    """The filtered audit trail as CSV (every event, newest first)."""
    body = _body(body_slug)
    _form, query = _logbook_query(body)
    response = Response(stream_with_context(logbook.csv_lines(body, query)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="logboek-{body.slug}.csv"'
    return response


# The account, e-mail, politician-ending, import and lone-reviewer pages live in their own modules on this
# blueprint; importing them registers them.
from register.admin import (  # noqa: E402,F401
    account_routes, import_routes, outbox_routes, politician_routes, reviewer_routes,
)
