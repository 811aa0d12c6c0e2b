"""Forms for recording, revising and ending an agreement."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from register.models import DeclarationStatus
from register.stale_forms import based_on_field

TITLE_MAX = 200
TEXT_MAX = 4000
REASON_MAX = 2000

TEXT_HINT = _l("Beschrijf wat u doet of laat om verstrengeling te voorkomen, bijvoorbeeld: \"Ik neem niet deel aan "
                "de besluitvorming over subsidies aan VV Voorbeeldstad.\" (ten hoogste 4000 tekens)")


class DeclarationsField(SelectMultipleField):
    """Checkboxes for the politician's own declarations; unknown ids are kept so the form can name them."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, coerce=int, validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        # A hand-made value such as "abc" must not give WTForms' English coercion error; an id sent twice counts
        # once (it would otherwise link the same declaration twice).
        values = [int(v) if v.strip().isdecimal() and len(v.strip()) < 10 else v for v in valuelist]
        self.data = list(dict.fromkeys(values))


class AgreementForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Geef de afspraak een titel.")),
        Length(max=TITLE_MAX, message=_l("De titel mag ten hoogste %(max)d tekens lang zijn."))])
    text = TextAreaField(_l("Afspraak"), validators=[
        DataRequired(_l("Beschrijf de afspraak.")),
        Length(max=TEXT_MAX, message=_l("De afspraak mag ten hoogste %(max)d tekens lang zijn."))])
    declarations = DeclarationsField(_l("Opgaven waar deze afspraak bij hoort"))
    save = SubmitField(_l("Opslaan als concept"))
    save_and_submit = SubmitField(_l("Opslaan en ter aftekening aanbieden"))

    def set_declarations(self, declarations) -> None:
        """Offer these declarations (the politician's own) as the only valid choices."""
        self.declarations.choices = [(d.id, declaration_label(d)) for d in declarations]

    def validate_declarations(self, field):
        if not field.data:
            raise ValidationError(_l("Kies ten minste één opgave waar deze afspraak bij hoort."))
        allowed = {value for value, _label in field.choices or []}
        if any(value not in allowed for value in field.data):
            raise ValidationError(_l("Een gekozen opgave bestaat niet of is niet van u. "
                                     "Kies alleen uit uw eigen opgaven in de lijst."))


class ReviseAgreementForm(AgreementForm):
    reason = TextAreaField(_l("Wat is er veranderd?"), validators=[
        Optional(), Length(max=REASON_MAX, message=_l("De toelichting mag ten hoogste %(max)d tekens lang zijn."))])
    save = SubmitField(_l("Nieuwe versie opslaan als concept"))
    save_and_submit = SubmitField(_l("Opslaan en ter aftekening aanbieden"))
    # The version this form was filled in on (register/stale_forms.py).
    based_on = based_on_field()


class EndAgreementForm(FlaskForm):
    reason = TextAreaField(_l("Reden van beëindigen"), validators=[
        DataRequired(_l("Geef een reden voor het beëindigen.")),
        Length(max=REASON_MAX, message=_l("De reden mag ten hoogste %(max)d tekens lang zijn."))])
    submit = SubmitField(_l("Afspraak beëindigen"))


def declaration_label(declaration) -> str:
    """'Nevenfunctie: Bestuurslid bij Stichting X', from the published version, with a non-current status."""
    version = declaration.published_version or declaration.current_version
    label = f"{declaration.kind_label}: {version.role} bij {version.organisation}"
    if declaration.status != DeclarationStatus.published:
        label += f" ({declaration.status_label.lower()})"
    return label
