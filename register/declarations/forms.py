"""Forms for entering, correcting, ending and withdrawing a declaration; every message in Dutch."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from register.models import DeclarationKind, IncomeBand
from register.models.declarations import (
    GIFT_OUTCOME_LABELS, GIFT_VALUE_LABELS, HOLDING_LABELS, INCOME_LABELS, GiftOutcome, GiftValueBand, HoldingBand,
)
from register.models.visibility import FIELD_LABELS
from register.stale_forms import based_on_field

ORGANISATION_MAX = ROLE_MAX = 200
TEXT_MAX = 2000
REASON_MAX = 1000
LATE_EXPLANATION_MAX = 1000
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
    DeclarationKind.financial: _("Wat bezit u?"),
    DeclarationKind.gift: _("Wat heeft u gekregen?"),
    DeclarationKind.other: _("Aard van het belang"),
}
STARTED_LABELS = {
    DeclarationKind.gift: _("Ontvangen op"),
    DeclarationKind.financial: _("In bezit sinds"),
}
# The fields each kind asks for beyond the common ones (organisation, role, dates, explanation): a gift has a giver,
# a value band and what became of it; a financial interest what is held and how large it is; a side job pay and
# hours; an other interest pay, hours and whether it concerns a family member.
KIND_FIELDS = {
    DeclarationKind.side_job: ("kvk_number", "description", "description_public", "paid", "income_band",
                               "income_public", "hours_per_month", "hours_public", "ex_officio", "ended_on"),
    DeclarationKind.financial: ("kvk_number", "description", "description_public", "holding_band", "ended_on"),
    DeclarationKind.gift: ("gift_value_band", "gift_outcome"),
    DeclarationKind.other: ("kvk_number", "description", "description_public", "paid", "income_band",
                            "income_public", "hours_per_month", "hours_public", "ex_officio", "ended_on",
                            "concerns_family"),
}
OPTIONAL_KIND_FIELDS = ("kvk_number", "description", "description_public", "paid", "income_band", "income_public",
                        "hours_per_month", "hours_public", "ex_officio", "ended_on", "concerns_family",
                        "gift_value_band", "gift_outcome", "holding_band")
ROLE_HINTS = {
    DeclarationKind.side_job: _("Bijvoorbeeld: bestuurslid, voorzitter, adviseur."),
    DeclarationKind.financial: _("Bijvoorbeeld: aandelen, obligaties, een pand, een aandeel in een onderneming."),
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
    """A date from the browser's date picker (yyyy-mm-dd) or typed the Dutch way (dd-mm-jjjj), with a Dutch parse
    error. The first format is also the one the date input is given back."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Vul een geldige datum in, bijvoorbeeld 01-03-2026.")) from None


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
    data: object  # both given by the WTForms choice field this is mixed into
    choices: list[tuple[str, str]]

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(self.choice_message)


class DutchRadioField(ChoiceCheckMixin, RadioField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type = "RadioField"  # the field() macro renders radios as a fieldset with a legend by this name


class IncomeBandField(ChoiceCheckMixin, SelectField):
    choice_message = _("Kies een inkomensklasse uit de lijst.")


class BandField(ChoiceCheckMixin, SelectField):
    """A required choice of band, with an empty first option that is refused."""
    choice_message = _("Kies een klasse uit de lijst.")

    def __init__(self, label, labels: dict, *, required_message, **kwargs):
        choices = [("", _("Kies een klasse"))] + [(band.value, text) for band, text in labels.items()]
        super().__init__(label, choices=choices, default="", validators=[DataRequired(required_message)], **kwargs)


def visibility_field(label: str) -> DutchRadioField:
    return DutchRadioField(label, choices=VISIBILITY_CHOICES, default=PUBLIC)


def optional_text(label: str, what: str, maximum: int = TEXT_MAX) -> TextAreaField:
    return TextAreaField(label, validators=[
        Optional(), Length(max=maximum, message=_("%(what)s mag ten hoogste %(maximum)s tekens lang zijn.", what=what,
                                                 maximum=maximum))])


def late_explanation_field() -> TextAreaField:
    return optional_text(_("Toelichting op de late opgave"), _("De toelichting"), LATE_EXPLANATION_MAX)


class DeclarationForm(FlaskForm):
    """The content of a declaration; which fields are shown depends on the kind."""
    organisation = StringField(_("Organisatie"), validators=[
        DataRequired(_("Vul de organisatie in.")),
        Length(max=ORGANISATION_MAX, message=_("De organisatie mag ten hoogste %(max)d tekens lang zijn."))])
    organisation_public = visibility_field(_("Wie mag de organisatie zien?"))
    kvk_number = StringField(FIELD_LABELS["kvk_number"], validators=[
        Optional(), Regexp(r"^\d{8}$", message=_("Een KvK-nummer bestaat uit precies 8 cijfers."))])
    role = StringField(_("Functie"), validators=[
        DataRequired(_("Vul dit veld in.")),
        Length(max=ROLE_MAX, message=_("Dit veld mag ten hoogste %(max)d tekens lang zijn."))])
    description = optional_text(FIELD_LABELS["description"], _("De toelichting op de functie"))
    description_public = visibility_field(_("Wie mag de toelichting op de functie zien?"))
    paid = DutchRadioField(FIELD_LABELS["paid"],
                           choices=[("betaald", _("Betaald")), ("onbetaald", _("Onbetaald"))],
                           default="onbetaald")
    income_band = IncomeBandField(
        FIELD_LABELS["income_band"],
        choices=[("", _("Geen opgave"))] + [(b.value, label) for b, label in INCOME_LABELS.items()],
        default="")
    income_public = visibility_field(_("Wie mag het inkomen zien?"))
    hours_per_month = DutchIntegerField(FIELD_LABELS["hours_per_month"], validators=[
        Optional(), NumberRange(min=0, max=HOURS_MAX, message=_("Vul een aantal uren van 0 tot en met %(max)d in."))])
    hours_public = visibility_field(_("Wie mag het aantal uren zien?"))
    ex_officio = BooleanField(FIELD_LABELS["ex_officio"])
    started_on = DutchDateField(FIELD_LABELS["started_on"],
                                validators=[InputRequired(_("Vul de datum in waarop het begon."))])
    ended_on = DutchDateField(FIELD_LABELS["ended_on"], validators=[Optional()])
    explanation = optional_text(FIELD_LABELS["explanation"], _("De toelichting"))
    explanation_public = visibility_field(_("Wie mag de toelichting zien?"))
    concerns_family = BooleanField(FIELD_LABELS["concerns_family"])
    gift_value_band = BandField(FIELD_LABELS["gift_value_band"], GIFT_VALUE_LABELS,
                                required_message=_("Kies de geschatte waarde van het geschenk."))
    gift_outcome = DutchRadioField(FIELD_LABELS["gift_outcome"], validators=[
        InputRequired(_("Kies wat u met het geschenk heeft gedaan."))],
        choices=[(outcome.value, label) for outcome, label in GIFT_OUTCOME_LABELS.items()])
    holding_band = BandField(FIELD_LABELS["holding_band"], HOLDING_LABELS,
                             required_message=_("Kies de omvang van het belang."))
    # Shown (and read) when publishing would make the declaration late: the politician's public explanation.
    late_explanation = late_explanation_field()
    # On the edit page: the version this form was filled in on (register/stale_forms.py).
    based_on = based_on_field()

    def __init__(self, kind: DeclarationKind, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.organisation.label.text = ORGANISATION_LABELS[kind]
        self.role.label.text = ROLE_LABELS[kind]
        self.started_on.label.text = STARTED_LABELS.get(kind, self.started_on.label.text)
        self.role_hint = ROLE_HINTS[kind]
        # Only the questions that fit the kind: a field the kind does not ask is neither shown nor read.
        for name in OPTIONAL_KIND_FIELDS:
            if name not in KIND_FIELDS[kind]:
                delattr(self, name)

    def validate_income_band(self, field):
        if field.data and self.paid is not None and self.paid.data != "betaald":
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
            "role": self.role.data.strip(),
            "started_on": self.started_on.data,
            "explanation": _text(self.explanation.data),
        }
        if self.kvk_number is not None:
            content["kvk_number"] = (self.kvk_number.data or "").strip() or None
        if self.description is not None:
            content["description"] = _text(self.description.data)
        if self.ex_officio is not None:
            content["ex_officio"] = bool(self.ex_officio.data)
        if self.ended_on is not None:
            content["ended_on"] = self.ended_on.data
        if self.paid is not None:
            content["paid"] = self.paid.data == "betaald"
            # Unpaid has no income band, also when a hand-made request sends one along.
            content["income_band"] = IncomeBand(self.income_band.data) if content["paid"] and \
                self.income_band.data else None
            content["hours_per_month"] = self.hours_per_month.data
        if self.concerns_family is not None:
            content["concerns_family"] = bool(self.concerns_family.data)
        content.update(self._kind_content())
        for name in VISIBILITY_FIELDS:
            if getattr(self, name) is not None:
                content[name] = getattr(self, name).data == PUBLIC
        return content

    def _kind_content(self) -> dict[str, Any]:
        content: dict[str, Any] = {}
        if self.gift_value_band is not None:
            content["gift_value_band"] = GiftValueBand(self.gift_value_band.data)
            content["gift_outcome"] = GiftOutcome(self.gift_outcome.data)
        if self.holding_band is not None:
            content["holding_band"] = HoldingBand(self.holding_band.data)
        return content


def form_data(version) -> dict[str, Any]:
    """Prefill values for the form from a stored version."""
    data = {name: getattr(version, name) for name in (
        "organisation", "kvk_number", "role", "description", "hours_per_month", "ex_officio", "estimated_value",
        "started_on", "ended_on", "explanation", "concerns_family")}
    data["paid"] = "betaald" if version.paid else "onbetaald"
    for name in ("income_band", "gift_value_band", "gift_outcome", "holding_band"):
        value = getattr(version, name)
        data[name] = value.value if value else ""
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
    ended_on = DutchDateField(FIELD_LABELS["ended_on"], validators=[
        InputRequired(_("Vul de datum in waarop het belang eindigde."))])
    reason = optional_text(_("Toelichting"), _("De toelichting"), REASON_MAX)
    based_on = based_on_field()  # the version the politician saw (register/stale_forms.py)

    def __init__(self, started_on: date | None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started_on = started_on  # None on the page that only shows the form; the POST sets it before validating

    def validate_ended_on(self, field):
        if field.data is None:
            return
        if self.started_on is not None and field.data < self.started_on:
            raise ValidationError(_("De einddatum ligt vóór de begindatum."))
        check_date_range(field.data, _("einddatum"))


class PublishForm(FlaskForm):
    """Publishing a draft; when it will show as late, with room for the public explanation."""
    late_explanation = late_explanation_field()
    based_on = based_on_field()  # the draft version shown (register/stale_forms.py)


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_("Reden van het intrekken"), validators=[
        DataRequired(_("Geef een reden voor het intrekken.")),
        Length(max=REASON_MAX, message=_("De reden mag ten hoogste %(max)d tekens lang zijn."))])
    based_on = based_on_field()

