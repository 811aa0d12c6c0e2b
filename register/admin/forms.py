"""Forms for the griffie: body settings, fracties, politicians and accounts."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, DateField, EmailField, HiddenField, SelectField, SelectMultipleField, StringField,
    SubmitField, TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from register.auth.services import find_user_by_email
from register.declarations.forms import DutchDateField, DutchIntegerField  # Dutch messages; dd-mm-jjjj dates

NAME_MAX = 160
NO_CHOICE = ""


def strip(value):
    """Leading and trailing spaces never count: a name of only spaces is empty."""
    return value.strip() if isinstance(value, str) else value


def single_line(form, field):
    """No control characters (a NUL byte would even be refused by PostgreSQL)."""
    if isinstance(field.data, str) and any(ord(c) < 32 or ord(c) == 127 for c in field.data):
        raise ValidationError(_l("Gebruik geen regeleinden of andere stuurtekens."))


def _name(what: str):
    return [DataRequired(_l("Vul %(what)s in.", what=what)),
            Length(max=NAME_MAX, message=_l("De naam mag ten hoogste %(max)d tekens lang zijn.")), single_line]


class ChoiceField(SelectField):
    """A select whose posted value is checked by the form itself, with a Dutch message (values are strings)."""

    def __init__(self, *args, message: str, **kwargs):
        kwargs.setdefault("default", NO_CHOICE)
        super().__init__(*args, validate_choice=False, **kwargs)
        self.message = message

    def pre_validate(self, form):
        if self.data not in {str(value) for value, _label in self.choices or []}:
            raise ValidationError(self.message)


class CheckboxesField(SelectMultipleField):
    """Checkboxes; values stay strings and every posted value must be one of the choices."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, message: str, **kwargs):
        super().__init__(*args, validate_choice=False, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        self.data = list(dict.fromkeys(valuelist))

    def pre_validate(self, form):
        allowed = {str(value) for value, _label in self.choices or []}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(self.message)


class SettingsForm(FlaskForm):
    name = StringField(_l("Naam van het orgaan"), filters=[strip], validators=_name(_l("de naam van het orgaan")))
    declaration_deadline_days = DutchIntegerField(_l("Termijn voor een opgave (dagen)"), validators=[
        InputRequired(_l("Vul het aantal dagen in.")),
        NumberRange(1, 365, _l("Kies een termijn van 1 tot en met 365 dagen."))])
    required_sign_offs = DutchIntegerField(_l("Benodigde aftekeningen per afspraak"), validators=[
        InputRequired(_l("Vul het aantal aftekeningen in.")),
        NumberRange(1, 5, _l("Kies een aantal van 1 tot en met 5."))])
    griffie_may_sign_off = BooleanField(_l("De griffie mag een afspraak aftekenen als de fractie geen andere "
                                           "beoordelaar heeft"))
    submit = SubmitField(_l("Instellingen opslaan"))
    shown = HiddenField()  # the stored values the form showed (register/stale_forms.py)


class GroupForm(FlaskForm):
    name = StringField(_l("Naam van de fractie"), filters=[strip], validators=_name(_l("de naam van de fractie")))
    submit = SubmitField(_l("Opslaan"))
    shown = HiddenField()


class PoliticianForm(FlaskForm):
    name = StringField(_l("Naam"), filters=[strip], validators=_name(_l("de naam")))
    sort_name = StringField(_l("Sorteernaam"), filters=[strip], validators=[
        Optional(), Length(max=NAME_MAX, message=_l("De sorteernaam mag ten hoogste %(max)d tekens lang zijn.")),
        single_line])
    # Always one of the body's offices (the list has no empty choice): required, so not marked "optioneel".
    office = ChoiceField(_l("Ambt"), message=_l("Kies een ambt uit de lijst."),
                         validators=[DataRequired(_l("Kies een ambt uit de lijst."))])
    group = ChoiceField(_l("Fractie"), message=_l("Kies een fractie van dit orgaan uit de lijst."))
    term_start = DutchDateField(_l("Begin zittingsperiode"), validators=[InputRequired(_l("Vul de begindatum in."))])
    term_end = DutchDateField(_l("Einde zittingsperiode"), validators=[Optional()])
    portfolio = StringField(_l("Portefeuille"), filters=[strip], validators=[
        Optional(), Length(max=500, message=_l("De portefeuille mag ten hoogste %(max)d tekens lang zijn.")),
        single_line])
    submit = SubmitField(_l("Opslaan"))
    shown = HiddenField()

    def validate_term_end(self, field):
        if field.data and self.term_start.data and field.data < self.term_start.data:
            raise ValidationError(_l("Het einde ligt vóór het begin van de zittingsperiode."))


class _EmailMixin:
    """Checks that the e-mail address is not used by another account (the edited one may keep its own)."""

    def validate_email(self, field):
        other = find_user_by_email(field.data or "")
        if other is not None and other.id != getattr(self, "account_id", None):
            raise ValidationError(_l("Er bestaat al een account met dit e-mailadres."))


class RolesForm(FlaskForm):
    """The roles in one body: politician link, reviewer of fracties, griffie."""
    politician = ChoiceField(_l("Ambtsdrager"), message=_l("Kies een ambtsdrager van dit orgaan zonder account."))
    reviewer_groups = CheckboxesField(_l("Fractiebeoordelaar van"), message=_l("Kies alleen fracties van dit orgaan."))
    griffie = BooleanField(_l("Griffie van dit orgaan"))

    def has_a_role(self) -> bool:
        politician = self.politician.data if self.politician is not None else NO_CHOICE
        return bool(politician or self.reviewer_groups.data or self.griffie.data)


class AccountForm(_EmailMixin, RolesForm):
    name = StringField(_l("Naam"), filters=[strip], validators=_name(_l("de naam")))
    email = EmailField(_l("E-mailadres"), filters=[strip], validators=[
        DataRequired(_l("Vul het e-mailadres in.")), Length(max=254, message=_l("Het e-mailadres is te lang.")),
        Email(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."))])
    submit = SubmitField(_l("Account aanmaken en uitnodiging sturen"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.has_a_role():
            self.form_errors.append(_l("Kies ten minste één rol: ambtsdrager, fractiebeoordelaar of griffie."))
            ok = False
        return ok


class EditAccountForm(_EmailMixin, RolesForm):
    name = StringField(_l("Naam"), filters=[strip], validators=_name(_l("de naam")))
    email = EmailField(_l("E-mailadres"), filters=[strip], validators=[
        DataRequired(_l("Vul het e-mailadres in.")), Length(max=254, message=_l("Het e-mailadres is te lang.")),
        Email(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."))])
    submit = SubmitField(_l("Wijzigingen opslaan"))
    shown = HiddenField()

    def __init__(self, *args, account_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.account_id = account_id


REASON_MAX = 2000


def _reason_field(label):
    return TextAreaField(label, filters=[strip], validators=[
        DataRequired(_l("Geef een reden; die komt in het logboek.")),
        Length(max=REASON_MAX, message=_l("De reden mag ten hoogste %(max)d tekens lang zijn."))])


class ReasonForm(FlaskForm):
    """The confirmation of a careful action: the consequence is on the page, the reason goes to the logbook."""
    reason = _reason_field(_l("Reden"))
    submit = SubmitField(_l("Bevestigen"))


class EndTermForm(FlaskForm):
    term_end = DateField(_l("Laatste dag van de zittingsperiode"),
                         validators=[InputRequired(_l("Vul de laatste dag van de zittingsperiode in."))])
    reason = _reason_field(_l("Reden"))
    submit = SubmitField(_l("Zittingsperiode beëindigen"))


class ImportForm(FlaskForm):
    file = FileField(_l("Bestand (CSV of Popolo JSON)"), validators=[FileRequired(_l("Kies een bestand."))])
    submit = SubmitField(_l("Voorvertoning maken"))


class ConfirmImportForm(FlaskForm):
    content_hash = HiddenField()
    submit = SubmitField(_l("Importeren"))


class AppointReviewerForm(FlaskForm):
    account = ChoiceField(_l("Account"), message=_l("Kies een account van dit orgaan uit de lijst."))
    submit = SubmitField(_l("Beoordelaar aanwijzen"))


class GriffieSignOffForm(FlaskForm):
    comment = TextAreaField(_l("Toelichting (alleen voor fractie en griffie)"), filters=[strip], validators=[
        Optional(), Length(max=REASON_MAX, message=_l("De toelichting mag ten hoogste %(max)d tekens lang zijn."))])
    submit = SubmitField(_l("Aftekenen als griffie"))
    based_on = HiddenField()  # the version the griffie read (register/stale_forms.py)
