"""Forms for entering, correcting, ending and withdrawing a declaration; every message in Dutch."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from register.models import DeclarationKind, IncomeBand
from register.models.declarations import INCOME_LABELS
from register.stale_forms import based_on_field

ORGANISATION_MAX = ROLE_MAX = 200
TEXT_MAX = 2000
REASON_MAX = 1000
HOURS_MAX = 744  # 31 days of 24 hours
VALUE_MAX = 1_000_000
EARLIEST = date(1950, 1, 1)

PUBLIC, SHIELDED = "openbaar", "fractie"
VISIBILITY_CHOICES = [(PUBLIC, _("Openbaar")), (SHIELDED, _("Alleen fractie en griffie"))]
# Form field for the visibility of each sensitive content field.
VISIBILITY_FIELDS = ("organisation_public", "description_public", "income_public", "hours_public",
                     "explanation_public")

ORGANISATION_LABELS = {
    DeclarationKind.side_job: _("Organisatie"),
    DeclarationKind.financial: _("Organisatie of onderneming"),
    DeclarationKind.gift: _("Gever (organisatie of persoon)"),
    DeclarationKind.other: _("Organisatie of verband"),
}
ROLE_LABELS = {
    DeclarationKind.side_job: _("Functie"),
    DeclarationKind.financial: _("Aard van het belang"),
    DeclarationKind.gift: _("Omschrijving van het geschenk"),
    DeclarationKind.other: _("Aard van het belang"),
}
ROLE_HINTS = {
    DeclarationKind.side_job: _("Bijvoorbeeld: bestuurslid, voorzitter, adviseur."),
    DeclarationKind.financial: _("Bijvoorbeeld: aandelen, eigenaar, vastgoed."),
    DeclarationKind.gift: _("Bijvoorbeeld: twee kaarten voor een concert, een betaalde studiereis."),
    DeclarationKind.other: _("Bijvoorbeeld: lidmaatschap, familieband met een bestuurder."),
}


def latest_allowed() -> date:
    """Dates may lie at most a year ahead: an interest that starts later is declared later."""
    return date.today() + timedelta(days=365)


def check_date_range(value: date | None, what: str) -> None:
    if value is None:
        return
    if value > latest_allowed():
        raise ValidationError(_("De %(what)s ligt te ver in de toekomst (meer dan een jaar vooruit).", what=what))
    if value < EARLIEST:
        raise ValidationError(_("De %(what)s ligt te ver in het verleden. Controleer het jaartal.", what=what))


class DutchDateField(DateField):
    """A date field (yyyy-mm-dd, the browser's date input) with a Dutch parse error."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Vul een geldige datum in, bijvoorbeeld 2026-03-01.")) from None


class DutchIntegerField(IntegerField):
    """A whole number, with a Dutch parse error; a number of absurd length is refused before any validator sees it
    (WTForms' NumberRange turns it into a float, which overflows: a 500 instead of a message)."""
    MAX_DIGITS = 12

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str) and len(valuelist[0].strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(_("Dit getal is te groot."))
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Vul een heel getal in, zonder punten of letters.")) from None


class ChoiceCheckMixin:
    """Dutch message for a value outside the choices (a hand-made POST), instead of WTForms' English one."""
    choice_message = _("Kies een van de mogelijkheden.")

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(self.choice_message)


class DutchRadioField(ChoiceCheckMixin, RadioField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "RadioField"  # the field() macro renders radios as a fieldset with a legend by this name


class IncomeBandField(ChoiceCheckMixin, SelectField):
    choice_message = _("Kies een inkomensklasse uit de lijst.")


def visibility_field(label: str) -> DutchRadioField:
    return DutchRadioField(label, choices=VISIBILITY_CHOICES, default=PUBLIC)


def optional_text(label: str, what: str, maximum: int = TEXT_MAX) -> TextAreaField:
    return TextAreaField(label, validators=[
        Optional(), Length(max=maximum, message=_("%(what)s mag ten hoogste %(maximum)s tekens lang zijn.", what=what,
                                                 maximum=maximum))])


class DeclarationForm(FlaskForm):
    """The content of a declaration; which fields are shown depends on the kind."""
    organisation = StringField(_("Organisatie"), validators=[
        DataRequired(_("Vul de organisatie in.")),
        Length(max=ORGANISATION_MAX, message=_("De organisatie mag ten hoogste %(max)d tekens lang zijn."))])
    organisation_public = visibility_field(_("Wie mag de organisatie zien?"))
    kvk_number = StringField(_("KvK-nummer"), validators=[
        Optional(), Regexp(r"^\d{8}$", message=_("Een KvK-nummer bestaat uit precies 8 cijfers."))])
    role = StringField(_("Functie"), validators=[
        DataRequired(_("Vul dit veld in.")),
        Length(max=ROLE_MAX, message=_("Dit veld mag ten hoogste %(max)d tekens lang zijn."))])
    description = optional_text(_("Omschrijving"), _("De omschrijving"))
    description_public = visibility_field(_("Wie mag de omschrijving zien?"))
    paid = DutchRadioField(_("Betaald of onbetaald"),
                           choices=[("betaald", _("Betaald")), ("onbetaald", _("Onbetaald"))],
                           default="onbetaald")
    income_band = IncomeBandField(
        "Inkomensklasse", choices=[("", "Geen opgave")] + [(b.value, label) for b, label in INCOME_LABELS.items()],
        default="")
    income_public = visibility_field(_("Wie mag de inkomensklasse zien?"))
    hours_per_month = DutchIntegerField(_("Uren per maand"), validators=[
        Optional(), NumberRange(min=0, max=HOURS_MAX, message=_("Vul een aantal uren van 0 tot en met %(max)d in."))])
    hours_public = visibility_field(_("Wie mag het aantal uren zien?"))
    ex_officio = BooleanField(_("Vanwege het ambt (ambtshalve)"))
    estimated_value = DutchIntegerField(_("Geschatte waarde in euro"), validators=[
        Optional(), NumberRange(min=0, max=VALUE_MAX, message=_("Vul een bedrag van 0 tot en met 1.000.000 euro in."))])
    started_on = DutchDateField(_("Begonnen op"), validators=[InputRequired(_("Vul de datum in waarop het begon."))])
    ended_on = DutchDateField(_("Geëindigd op"), validators=[Optional()])
    explanation = optional_text(_("Toelichting"), _("De toelichting"))
    explanation_public = visibility_field(_("Wie mag de toelichting zien?"))
    concerns_family = BooleanField(_("Betreft een familielid"))
    # On the edit page: the version this form was filled in on (register/stale_forms.py).
    based_on = based_on_field()

    def __init__(self, kind: DeclarationKind, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.organisation.label.text = ORGANISATION_LABELS[kind]
        self.role.label.text = ROLE_LABELS[kind]
        self.role_hint = ROLE_HINTS[kind]
        if kind == DeclarationKind.gift:
            # A gift has a value, not pay, income or hours.
            for name in ("paid", "income_band", "income_public", "hours_per_month", "hours_public"):
                delattr(self, name)
        else:
            del self.estimated_value
        if kind != DeclarationKind.other:
            del self.concerns_family

    def validate_income_band(self, field):
        if field.data and self.paid.data != "betaald":
            raise ValidationError(_("Een inkomensklasse hoort alleen bij een betaalde functie. Kies \"Betaald\" of "
                                    "laat de inkomensklasse leeg."))

    def validate_started_on(self, field):
        check_date_range(field.data, _("begindatum"))

    def validate_ended_on(self, field):
        if field.data and self.started_on.data and field.data < self.started_on.data:
            raise ValidationError(_("De einddatum ligt vóór de begindatum."))
        check_date_range(field.data, _("einddatum"))

    def content(self) -> dict[str, Any]:
        """The declaration content for the services, from the fields this kind has."""
        content: dict[str, Any] = {
            "organisation": self.organisation.data.strip(),
            "kvk_number": (self.kvk_number.data or "").strip() or None,
            "role": self.role.data.strip(),
            "description": _text(self.description.data),
            "ex_officio": bool(self.ex_officio.data),
            "started_on": self.started_on.data,
            "ended_on": self.ended_on.data,
            "explanation": _text(self.explanation.data),
        }
        if self.paid is not None:
            content["paid"] = self.paid.data == "betaald"
            content["income_band"] = IncomeBand(self.income_band.data) if self.income_band.data else None
            content["hours_per_month"] = self.hours_per_month.data
        if self.estimated_value is not None:
            content["estimated_value"] = self.estimated_value.data
        if self.concerns_family is not None:
            content["concerns_family"] = bool(self.concerns_family.data)
        for name in VISIBILITY_FIELDS:
            if getattr(self, name) is not None:
                content[name] = getattr(self, name).data == PUBLIC
        return content


def form_data(version) -> dict[str, Any]:
    """Prefill values for the form from a stored version."""
    data = {name: getattr(version, name) for name in (
        "organisation", "kvk_number", "role", "description", "hours_per_month", "ex_officio", "estimated_value",
        "started_on", "ended_on", "explanation", "concerns_family")}
    data["paid"] = "betaald" if version.paid else "onbetaald"
    data["income_band"] = version.income_band.value if version.income_band else ""
    for name in VISIBILITY_FIELDS:
        data[name] = PUBLIC if getattr(version, name) else SHIELDED
    return data


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


class CorrectionForm(DeclarationForm):
    """A published declaration is corrected with a reason; the old version stays in the history."""
    reason = TextAreaField(_("Reden van de correctie"), validators=[
        DataRequired(_("Geef een reden voor de correctie.")),
        Length(max=REASON_MAX, message=_("De reden mag ten hoogste %(max)d tekens lang zijn."))])


class EndForm(FlaskForm):
    ended_on = DutchDateField(_("Geëindigd op"), validators=[
        InputRequired(_("Vul de datum in waarop het belang eindigde."))])
    reason = optional_text(_("Toelichting"), _("De toelichting"), REASON_MAX)
    based_on = based_on_field()  # the version the politician saw (register/stale_forms.py)

    def __init__(self, started_on: date, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def validate_ended_on(self, field):
        if field.data is None:
            return
        if field.data < self.started_on:
            raise ValidationError(_("De einddatum ligt vóór de begindatum."))
        check_date_range(field.data, _("einddatum"))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_("Reden van het intrekken"), validators=[
        DataRequired(_("Geef een reden voor het intrekken.")),
        Length(max=REASON_MAX, message=_("De reden mag ten hoogste %(max)d tekens lang zijn."))])
    based_on = based_on_field()
