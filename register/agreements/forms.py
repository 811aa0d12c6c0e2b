"""Forms for recording, revising and ending an agreement."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList, Form, FormField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from register.models import DeclarationStatus
from register.models.agreement_catalogue import choices as kind_choices, placeholders, split_topics
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


class OrganisationEntry(Form):
    """One organisation the agreement covers: a name, and its KvK number when known."""
    name = StringField(_l("Naam van de organisatie"), validators=[
        Optional(), Length(max=200, message=_l("De naam mag ten hoogste %(max)d tekens lang zijn."))])
    kvk_number = StringField(_l("KvK-nummer"), filters=[lambda v: "".join((v or "").split()).replace(".", "")],
                             validators=[Optional(), Regexp(r"^\d{8}$", message=_l(
                                 "Een KvK-nummer bestaat uit precies 8 cijfers."))])

    def validate_kvk_number(self, field):
        if field.data and not (self.name.data or "").strip():
            raise ValidationError(_l("Vul ook de naam van de organisatie in."))


ORGANISATION_ROWS = 3


class AgreementForm(FlaskForm):
    title = StringField(_l("Titel"), validators=[
        DataRequired(_l("Geef de afspraak een titel.")),
        Length(max=TITLE_MAX, message=_l("De titel mag ten hoogste %(max)d tekens lang zijn."))])
    text = TextAreaField(_l("Afspraak"), validators=[
        DataRequired(_l("Beschrijf de afspraak.")),
        Length(max=TEXT_MAX, message=_l("De afspraak mag ten hoogste %(max)d tekens lang zijn."))])
    declarations = DeclarationsField(_l("Opgaven waar deze afspraak bij hoort"))
    # Structured content (issue 16): the agenda matching checks onthouden and poortwachter agreements against it.
    kind = SelectField(_l("Soort afspraak"), default="vrij")
    organisations = FieldList(FormField(OrganisationEntry), min_entries=ORGANISATION_ROWS,
                              max_entries=10)
    topics = StringField(_l("Onderwerpen"), validators=[
        Optional(), Length(max=500, message=_l("De onderwerpen mogen samen ten hoogste %(max)d tekens lang zijn."))])
    gatekeeper = StringField(_l("Poortwachter (functie)"), validators=[
        Optional(), Length(max=200, message=_l("Dit veld mag ten hoogste %(max)d tekens lang zijn."))])
    replacement = StringField(_l("Stukken gaan in plaats daarvan naar"), validators=[
        Optional(), Length(max=200, message=_l("Dit veld mag ten hoogste %(max)d tekens lang zijn."))])
    save = SubmitField(_l("Opslaan als concept"))
    save_and_submit = SubmitField(_l("Opslaan en ter aftekening aanbieden"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices()

    def validate_title(self, field):
        _refuse_placeholders(field.data)

    def validate_text(self, field):
        _refuse_placeholders(field.data)

    def validate_kind(self, field):
        # Here, not on the (optional) gatekeeper fields: an empty optional field skips its own checks.
        if field.data == "poortwachter" and not ((self.replacement.data or "").strip()
                                                 and (self.gatekeeper.data or "").strip()):
            raise ValidationError(_l("Vul bij een poortwachter in wie de stukken onderschept en aan wie ze in "
                                     "plaats daarvan worden voorgelegd."))

    def scope(self):
        """The structured part, for the agreement services."""
        from register.agreements.services import Scope
        from register.models import AgreementKind

        organisations = [(entry.form.name.data.strip(), entry.form.kvk_number.data or None)
                         for entry in self.organisations if (entry.form.name.data or "").strip()]
        return Scope(AgreementKind(self.kind.data), organisations, split_topics(self.topics.data),
                     self.gatekeeper.data, self.replacement.data)

    def fill_scope(self, scope) -> None:
        """Show an existing (or proposed) scope in the form."""
        self.kind.data = scope.kind.value
        rows = list(scope.organisations) + [("", None)] * max(0, ORGANISATION_ROWS - len(scope.organisations))
        while len(self.organisations.entries) < len(rows):
            self.organisations.append_entry()
        for entry, (name, kvk) in zip(self.organisations.entries, rows, strict=False):
            entry.form.name.data, entry.form.kvk_number.data = name, kvk or ""
        self.topics.data = ", ".join(scope.topics)
        self.gatekeeper.data, self.replacement.data = scope.gatekeeper or "", scope.replacement or ""

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
    based_on = based_on_field()  # the version the politician saw


def _refuse_placeholders(value: str | None) -> None:
    left = placeholders(value or "")
    if left:
        raise ValidationError(_l("Vul de plaatsen tussen vierkante haken in: %(left)s.", left=", ".join(left)))


def declaration_label(declaration) -> str:
    """'Nevenfunctie: Bestuurslid bij Stichting X', from the published version, with a non-current status."""
    version = declaration.published_version or declaration.current_version
    label = f"{declaration.kind_label}: {version.role} bij {version.organisation}"
    if declaration.status != DeclarationStatus.published:
        label += f" ({declaration.status_label.lower()})"
    return label


def chosen_declarations(form, declarations: list) -> list:
    """The declarations ticked on an agreement form, from those it offered (the form's choices are their ids)."""
    by_id = {d.id: d for d in declarations}
    return [by_id[i] for i in form.declarations.data]
