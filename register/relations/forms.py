"""Upload a file, then choose which column holds what (shared by relations and agendas)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField

from register.models import RelationKind
from register.models.relations import RELATION_LABELS


class UploadForm(FlaskForm):
    file = FileField(_l("Bestand (CSV of XLSX)"), validators=[FileRequired(_l("Kies een bestand."))])
    submit = SubmitField(_l("Bestand uploaden"))


def mapping_form(fields: dict, headers: list[str], with_kind: bool):
    """A form with one column choice per field, built for this file's headers."""
    none = [("", str(_l("(geen kolom)")))]

    class MappingForm(FlaskForm):
        preview = SubmitField(_l("Voorbeeld bekijken"))
        save = SubmitField(_l("Inlezen"))

    for name, (label, _synonyms) in fields.items():
        setattr(MappingForm, f"col_{name}", SelectField(label, choices=none + [(h, h) for h in headers],
                                                        validate_choice=True))
    if with_kind:
        kinds = [(k.value, str(v)) for k, v in RELATION_LABELS.items()]
        MappingForm.default_kind = SelectField(_l("Soort voor regels zonder soort"), choices=none + kinds)
    return MappingForm


def mapping_of(form, fields: dict) -> dict[str, str | None]:
    return {name: getattr(form, f"col_{name}").data or None for name in fields}


def default_kind_of(form) -> RelationKind | None:
    value = getattr(form, "default_kind", None)
    return RelationKind(value.data) if value is not None and value.data else None
