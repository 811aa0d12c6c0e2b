"""An uploaded table (relations or an agenda) kept between the griffie's steps: upload, choose columns, confirm."""
from __future__ import annotations

from flask_login import current_user

from register.extensions import db
from register.models import Body, ImportUpload
from register.relations.forms import UploadForm
from register.relations.tables import TableError, clean_text, read_table


def store_upload(body: Body, form: UploadForm, purpose: str) -> ImportUpload | None:
    """Keep the uploaded file for the next step; None (with the message on the form) when it cannot be read."""
    storage = form.file.data
    content = storage.read()
    try:
        read_table(storage.filename or "", content)
    except TableError as error:
        form.file.errors = [str(error)]
        return None
    upload = ImportUpload(body_id=body.id, user_id=current_user.id, purpose=purpose,
                          filename=clean_text(storage.filename or "bestand")[:200] or "bestand", content=content)
    db.session.add(upload)
    db.session.commit()
    return upload
