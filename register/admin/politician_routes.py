"""The griffie's pages for a body's politicians: the list, adding and editing one, and, each on a page that names
the consequence for the public register and asks a reason for the logbook, ending a term and marking one as
created by mistake."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from register.admin import careful, queries, services
from register.admin.blueprint import bp
from register.admin.forms import NO_CHOICE, EndTermForm, PoliticianForm, ReasonForm
from register.admin.services import AdminError, today_local
from register.models import Body, Office, Politician
from register.models.people import OFFICE_LABELS, offices_for
from register.stale_forms import changed_meanwhile
from register.views import actor, done, managed_body, of_body, refused


# ------------------------------------------------------------------------------------------- ambtsdragers

@bp.get("/<body_slug>/ambtsdragers")
def politicians(body_slug: str):
    """The body's politicians: active ones, those whose term ended, those created by mistake; ?q= searches."""
    from register.public.queries import is_publicly_listed
    body = managed_body(body_slug)
    q = queries.search_term(request.args.get("q"))
    people = queries.politicians_matching(body, q)
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
    groups = [g for g in queries.groups_of(body)
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
    body = managed_body(body_slug)
    form, groups = _politician_form(body)
    if form.validate_on_submit():
        try:
            politician = services.create_politician(body, actor=actor(), **_politician_fields(form, groups))
        except AdminError as error:
            refused(error, form)
        else:
            return done(_("Ambtsdrager '%(name)s' toegevoegd.", name=politician.name), ".politicians", body)
    return render_template("admin/politician_form.html", body=body, form=form, politician=None)


@bp.route("/<body_slug>/ambtsdragers/<int:politician_id>/bewerken", methods=["GET", "POST"])
def politician_edit(body_slug: str, politician_id: int):
    """Change a politician's name, office, fractie or term."""
    body = managed_body(body_slug)
    politician = of_body(Politician, politician_id, body)
    form, groups = _politician_form(body, politician)
    if changed_meanwhile(form, _politician_shown(politician)):
        return render_template("admin/politician_form.html", body=body, form=form, politician=politician), 409
    if form.validate_on_submit():
        try:
            changes = services.update_politician(politician, actor=actor(), **_politician_fields(form, groups))
        except AdminError as error:
            refused(error, form)
        else:
            return done(_("Ambtsdrager opgeslagen.") if changes else _("Er is niets gewijzigd."), ".politicians", body)
    return render_template("admin/politician_form.html", body=body, form=form, politician=politician)


@bp.post("/<body_slug>/ambtsdragers/<int:politician_id>/activeren")
def politician_activate(body_slug: str, politician_id: int):
    """Undo a deactivation."""
    body = managed_body(body_slug)
    politician = of_body(Politician, politician_id, body)
    try:
        services.reactivate_politician(politician, actor=actor())
    except AdminError as error:
        refused(error)
        return redirect(url_for(".politicians", body_slug=body.slug))
    return done(_("Ambtsdrager '%(name)s' is weer actief.", name=politician.name), ".politicians", body)


@bp.route("/<body_slug>/ambtsdragers/<int:politician_id>/deactiveren", methods=["GET", "POST"])
def politician_deactivate(body_slug: str, politician_id: int):
    """End a politician's term; the politician and their register stay on record as a former member."""
    body = managed_body(body_slug)
    politician = of_body(Politician, politician_id, body)
    form = EndTermForm()
    if request.method == "GET":
        form.term_end.data = politician.term_end or today_local()
    if politician.active and form.validate_on_submit():
        try:
            services.deactivate_politician(politician, actor=actor(), reason=form.reason.data,
                                           term_end=form.term_end.data)
        except AdminError as error:
            refused(error, form)
        else:
            return done(_("De zittingsperiode van %(name)s is beëindigd.", name=politician.name), ".politicians",
                         body)
    end = form.term_end.data or today_local()
    return render_template("admin/politician_deactivate.html", body=body, politician=politician, form=form,
                           public_until=careful.former_member_until(politician, end))


@bp.route("/<body_slug>/ambtsdragers/<int:politician_id>/vergissing", methods=["GET", "POST"])
def politician_mistake(body_slug: str, politician_id: int):
    """Mark a politician as created by mistake: no longer public anywhere, still in the audit trail."""
    body = managed_body(body_slug)
    politician = of_body(Politician, politician_id, body)
    form = ReasonForm()
    if not politician.created_in_error and form.validate_on_submit():
        try:
            careful.mark_created_in_error(politician, actor=actor(), reason=form.reason.data)
        except AdminError as error:
            refused(error, form)
        else:
            return done(_("%(name)s is gemarkeerd als aangemaakt in vergissing en staat nergens meer openbaar.",
                           name=politician.name), ".politicians", body)
    return render_template("admin/politician_mistake.html", body=body, politician=politician, form=form)
