"""Forms for submitting a signal, the griffie's triage and outcome, and the politician's response."""
from __future__ import annotations

from urllib.parse import urlparse

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from register.models.signals import SIGNAL_OUTCOME_LABELS, SignalOutcome
from register.signals.services import REASON_MAX, RESPONSE_MAX, TEXT_MAX, TEXT_MIN

URL_MAX = 500
EMAIL_MAX = 254


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SignalForm(FlaskForm):
    text = TextAreaField(_l("Wat wilt u melden?"), filters=[_strip], validators=[
        DataRequired(_l("Beschrijf wat u wilt melden.")),
        Length(min=TEXT_MIN, max=TEXT_MAX, message=_l("Beschrijf uw melding in %(min)d tot %(max)d tekens.",
                                                      min=TEXT_MIN, max=TEXT_MAX))])
    source_url = StringField(_l("Link naar een bron"), filters=[_strip], validators=[
        Optional(), Length(max=URL_MAX, message=_l("De link mag ten hoogste %(max)d tekens lang zijn.",
                                                   max=URL_MAX))])
    contact_email = StringField(_l("Uw e-mailadres"), filters=[_strip], validators=[
        Optional(), Length(max=EMAIL_MAX, message=_l("Het e-mailadres is te lang.")),
        Email(_l("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."))])
    # Honeypot: hidden from people (CSS, aria-hidden, no tab stop); a robot that fills it in is ignored.
    website = StringField(_l("Laat dit veld leeg"), filters=[_strip])

    def validate_source_url(self, field):
        parsed = urlparse(field.data or "")
        if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in field.data:
            raise ValidationError(_l("Vul een volledige link in die begint met http:// of https://."))

    @property
    def is_spam(self) -> bool:
        return bool(self.website.data)


class DismissForm(FlaskForm):
    reason = TextAreaField(_l("Waarom wordt de melding niet in behandeling genomen?"), id="afwijzen-reden",
                           filters=[_strip], validators=[
                               DataRequired(_l("Geef een reden waarom de melding niet in behandeling wordt "
                                               "genomen.")),
                               Length(max=REASON_MAX, message=_l("De reden mag ten hoogste %(max)d tekens lang "
                                                                 "zijn.", max=REASON_MAX))])


class OpenForm(FlaskForm):
    # Choices are the body's politicians; the service refuses one from another body with a clear message.
    politician_id = SelectField(_l("Over welke ambtsdrager gaat de melding?"), id="openen-ambtsdrager",
                                coerce=str, validate_choice=False)


class OutcomeForm(FlaskForm):
    outcome = RadioField(_l("Uitkomst"), validate_choice=False,
                         choices=[(o.value, label) for o, label in SIGNAL_OUTCOME_LABELS.items()],
                         validators=[DataRequired(_l("Kies een uitkomst."))])
    reason = TextAreaField(_l("Reden van de uitkomst"), id="uitkomst-reden", filters=[_strip], validators=[
        DataRequired(_l("Geef een reden voor de uitkomst.")),
        Length(max=REASON_MAX, message=_l("De reden mag ten hoogste %(max)d tekens lang zijn.", max=REASON_MAX))])
    declaration_id = SelectField(_l("Toegevoegde opgave (bij uitkomst \"opgave toegevoegd\")"), coerce=str,
                                 validate_choice=False)
    agreement_id = SelectField(_l("Gemaakte afspraak (bij uitkomst \"afspraak gemaakt\")"), coerce=str,
                               validate_choice=False)
    # Hoor en wederhoor: the politician's response the griffie was shown ("0": none), so that an outcome is never
    # recorded without a response that arrived after the page was opened.
    response_seen = HiddenField()

    def validate_outcome(self, field):
        if field.data not in {o.value for o in SignalOutcome}:
            raise ValidationError(_l("Kies een van de uitkomsten."))

    def validate_declaration_id(self, field):
        if self.outcome.data == SignalOutcome.declaration_added.value and not as_id(field.data):
            raise ValidationError(_l("Kies de opgave die na de melding is gedaan."))

    def validate_agreement_id(self, field):
        if self.outcome.data == SignalOutcome.agreement_made.value and not as_id(field.data):
            raise ValidationError(_l("Kies de afspraak die is gemaakt."))

    @property
    def chosen_outcome(self) -> SignalOutcome:
        return SignalOutcome(self.outcome.data)


class ResponseForm(FlaskForm):
    text = TextAreaField(_l("Uw reactie"), filters=[_strip], validators=[
        DataRequired(_l("Schrijf uw reactie.")),
        Length(max=RESPONSE_MAX, message=_l("Uw reactie mag ten hoogste %(max)d tekens lang zijn.",
                                            max=RESPONSE_MAX))])


def as_id(value) -> int | None:
    """A positive whole number from a select's value, else None (also beyond an id column's range: a hand-made
    99999999999999999999 must not reach the database, which would refuse it with a 500)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None
