"""Importing people from a CSV or Popolo file: upload, preview (nothing saved), confirm (all or nothing)."""
from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from register.admin import import_services
from register.form_pages import back_to_form
from register.admin.forms import ConfirmImportForm, ImportForm
from register.admin.import_plan import make_plan
from register.admin.importer import TEMPLATE_COLUMNS, ImportFileError, decode, parse_text
from register.admin.blueprint import bp
from register.admin.services import AdminError
from register.extensions import db
from register.models import BodyKind, ImportBatch, Office
from register.models.people import OFFICE_LABELS, offices_for
from register.views import actor, managed_body

EXAMPLES = {
    BodyKind.municipality: [("Anna de Vries", Office.raadslid, "Lokaal Belang", "", ""),
                            ("Pieter Jansen", Office.wethouder, "VVD", "", "Financiën, Sport")],
    BodyKind.province: [("Anna de Vries", Office.statenlid, "Lokaal Belang", "", ""),
                        ("Pieter Jansen", Office.gedeputeerde, "VVD", "", "Water, Natuur")],
    BodyKind.water_board: [("Anna de Vries", Office.ab_lid, "Water Natuurlijk", "", ""),
                           ("Pieter Jansen", Office.db_lid, "Waterschapspartij", "", "Dijkversterking")],
}


@bp.route("/<body_slug>/import", methods=["GET", "POST"])
def people_import(body_slug: str):
    """Upload a file; a good one is kept and previewed, a bad one is refused whole with the reason."""
    body = managed_body(body_slug)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            text = decode(upload.read())
            parse_text(text)
        except ImportFileError as error:
            form.file.errors.append(str(error))
        else:
            batch = import_services.store_upload(body, actor=actor(), text=text,
                                                 filename=secure_filename(upload.filename or "") or "bestand")
            db.session.commit()
            return redirect(url_for(".people_import_preview", body_slug=body.slug, batch_id=batch.id))
    return render_template("admin/import.html", body=body, form=form, columns=TEMPLATE_COLUMNS,
                           offices=[str(OFFICE_LABELS[o]).lower() for o in offices_for(body.kind)])


def _batch(body, batch_id: int) -> ImportBatch:
    batch = db.get_or_404(ImportBatch, batch_id)
    if batch.body_id != body.id:
        abort(404)
    return batch


@bp.get("/<body_slug>/import/<int:batch_id>")
def people_import_preview(body_slug: str, batch_id: int):
    """What the import would do, per row; nothing has been saved yet."""
    body = managed_body(body_slug)
    batch = _batch(body, batch_id)
    if batch.applied_at is not None:
        flash(_("Dit bestand is al geïmporteerd."), "info")
        return redirect(url_for(".politicians", body_slug=body.slug))
    plan = make_plan(body, parse_text(batch.content))
    form = ConfirmImportForm(content_hash=batch.content_hash)
    return render_template("admin/import_preview.html", body=body, batch=batch, plan=plan, form=form,
                           office_labels=OFFICE_LABELS)


@bp.route("/<body_slug>/import/<int:batch_id>", methods=["GET", "POST"])
def people_import_confirm(body_slug: str, batch_id: int):
    """Apply the stored file (checked against the previewed hash), all or nothing."""
    body = managed_body(body_slug)
    if request.method == "GET":  # a refresh or language switch: the import page
        return back_to_form(".people_import", body_slug=body.slug)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        flash(_("Er is niets ingelezen: de bevestiging hoort niet bij een bekeken voorbeeld. Lees het bestand "
                "opnieuw in en bevestig daarna."), "error")
        return redirect(url_for(".people_import", body_slug=body.slug))
    try:
        batch = import_services.stored_upload(body, batch_id, form.content_hash.data or "")
        import_services.mark_applied(batch)
        counts = import_services.apply_plan(make_plan(body, parse_text(batch.content)), actor=actor(),
                                            filename=batch.filename)
    except (AdminError, ImportFileError) as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".people_import", body_slug=body.slug))
    db.session.commit()
    flash(_("Import voltooid: %(created)d nieuw, %(updated)d gewijzigd, %(unchanged)d ongewijzigd, %(groups)d nieuwe "
            "fractie(s). Nieuwe accounts hebben een uitnodiging per e-mail gekregen.", created=counts["create"],
            updated=counts["update"], unchanged=counts["unchanged"], groups=counts["groups"]), "success")
    return redirect(url_for(".politicians", body_slug=body.slug))


@bp.get("/<body_slug>/import/sjabloon.csv")
def people_import_template(body_slug: str):
    """A CSV to fill in: the columns, and two example rows with this body's offices."""
    body = managed_body(body_slug)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(TEMPLATE_COLUMNS)
    for n, (name, office, group, start, portfolio) in enumerate(EXAMPLES[body.kind], start=1):
        email = f"naam{n}@voorbeeld.nl"
        writer.writerow([name, str(OFFICE_LABELS[office]).lower(), group, email,
                         (body.term_start.strftime("%d-%m-%Y") if body.term_start else start or "30-03-2022"),
                         portfolio])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="ambtsdragers-{body.slug}.csv"'})
