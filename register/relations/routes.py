"""The griffie imports the body's relations with organisations: upload, choose columns, preview, import."""
from __future__ import annotations

import hashlib

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from register.extensions import db
from register.models import Body, ImportUpload
from register.relations import queries, services
from register.relations.forms import UploadForm, default_kind_of, mapping_form, mapping_of
from register.relations.uploads import store_upload
from register.relations.tables import read_table
from register.views import actor, managed_body, refused

bp = Blueprint("relations", __name__)
bp.add_app_template_global(queries.relations_for_organisation, "relations_for_organisation")


@bp.route("/beheer/<body_slug>/relaties", methods=["GET", "POST"])
@login_required
def upload(body_slug: str):
    """What is in the register, and a new file to import."""
    body = managed_body(body_slug)
    form = UploadForm()
    if form.validate_on_submit():
        stored = store_upload(body, form, "relations")
        if stored is not None:
            return redirect(url_for(".mapping", body_slug=body.slug, upload_id=stored.id))
    return render_template("relations/upload.html", body=body, form=form, counts=queries.relation_counts(body),
                           imports=queries.recent_imports(body, "relations"))


def _own_upload(body: Body, upload_id: int, purpose: str) -> ImportUpload:
    stored = db.get_or_404(ImportUpload, upload_id)
    if stored.body_id != body.id or stored.purpose != purpose or stored.user_id != current_user.id:
        abort(404)
    return stored


@bp.route("/beheer/<body_slug>/relaties/inlezen/<int:upload_id>", methods=["GET", "POST"])
@login_required
def mapping(body_slug: str, upload_id: int):
    """Choose the columns; preview shows what would be added, import adds it (all rows or none)."""
    body = managed_body(body_slug)
    stored = _own_upload(body, upload_id, "relations")
    table = read_table(stored.filename, stored.content)
    form_class = mapping_form(services.FIELDS, table.headers, with_kind=True)
    guessed = {f"col_{k}": v or "" for k, v in services.guess_mapping(table.headers).items()}
    form = form_class(data=guessed if request.method == "GET" else None)
    preview, problems = None, []
    if form.validate_on_submit():
        try:
            preview = services.import_relations(
                body, table, mapping_of(form, services.FIELDS), default_kind=default_kind_of(form),
                actor=actor(), filename=stored.filename,
                sha256=hashlib.sha256(stored.content).hexdigest(), dry_run=not form.save.data)
        except services.RelationImportError as error:
            refused(error, form)
            problems = error.problems
        else:
            if form.save.data:
                stored.import_id = preview.batch_id
                db.session.commit()
                flash(_result_message(preview), "success")
                return redirect(url_for(".upload", body_slug=body.slug))
    return render_template("relations/mapping.html", body=body, form=form, table=table, stored=stored,
                           preview=preview, problems=problems, fields=services.FIELDS)


def _result_message(result: services.Result) -> str:
    if not result.added:
        return _("Niets ingelezen: alle %(n)s regels stonden al in het register.", n=result.rows)
    return _("%(added)s regels ingelezen (%(already)s stonden er al, %(doubles)s dubbel in het bestand).",
             added=result.added, already=result.already, doubles=result.doubles)
