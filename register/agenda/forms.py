"""Forms for acting on a match: record the recusal, or record why it does not apply."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class RecuseForm(FlaskForm):
    agreement_id = SelectField(_l("Op grond van de afspraak"), validators=[DataRequired(_l("Kies de afspraak."))])
    note = TextAreaField(_l("Toelichting"), validators=[
        Optional(), Length(max=1000, message=_l("De toelichting mag ten hoogste %(max)d tekens lang zijn."))])


class DeclineForm(FlaskForm):
    kind = RadioField(_l("Wat is er aan de hand?"), default="not_applicable", choices=[
        ("not_applicable", _l("Het punt raakt mijn belang, maar een onthouding is niet nodig")),
        ("false_positive", _l("Onterecht gesignaleerd: het punt gaat over iets anders"))])
    reason = TextAreaField(_l("Waarom?"), validators=[
        DataRequired(_l("Schrijf waarom dit agendapunt niet tot een onthouding leidt.")),
        Length(max=1000, message=_l("De reden mag ten hoogste %(max)d tekens lang zijn."))])
    suppress = BooleanField(_l("Deze woorden of nummers bij mij niet meer signaleren"))


class ConfirmImportForm(FlaskForm):
    """CSRF for 'import this file now'."""


class RematchForm(FlaskForm):
    """CSRF for 'match this meeting again'."""
