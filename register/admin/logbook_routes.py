"""What the griffie keeps on record: the body's logbook (audit trail, filtered, paged and as CSV) and the archive of
former members."""
from __future__ import annotations

from flask import Response, render_template, request, stream_with_context

from register.admin import logbook
from register.admin.archive import former_members
from register.admin.blueprint import bp
from register.admin.logbook_forms import LogbookFilterForm
from register.models import Body
from register.views import managed_body


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
    body = managed_body(body_slug)
    form, query = _logbook_query(body)
    events, page, pages = logbook.page_of_events(query, request.args.get("page", 1, type=int))
    args = {k: v for k, v in request.args.items() if k in ("persoon", "soort", "van", "tot") and v}
    return render_template("admin/audit.html", body=body, entries=logbook.entries(events, body), page=page,
                           pages=pages, form=form, args=args)


@bp.get("/<body_slug>/logboek.csv")
def audit_csv(body_slug: str):
    """The filtered audit trail as CSV (every event, newest first)."""
    body = managed_body(body_slug)
    _form, query = _logbook_query(body)
    response = Response(stream_with_context(logbook.csv_lines(body, query)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="logboek-{body.slug}.csv"'
    return response


@bp.get("/<body_slug>/oud-leden")
def archive(body_slug: str):
    """Every former member, also after the public retention period, with links to their declarations."""
    body = managed_body(body_slug)
    today, members = former_members(body)
    return render_template("admin/archive.html", body=body, today=today, members=members)
