"""Forms for recording a recusal and for a public context note."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from register.declarations.forms import DutchDateField
from register.recusals.services import AGENDA_MAX, CONTEXT_MAX, NOTE_MAX
from register.stale_forms import based_on_field


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class RecusalForm(FlaskForm):
    meeting_date = DutchDateField(_l("Datum van de vergadering"), validators=[
        InputRequired(_l("Vul de datum van de vergadering in."))])
    agenda_item = StringField(_l("Agendapunt"), filters=[_strip], validators=[
        DataRequired(_l("Vul het agendapunt in.")),
        Length(max=AGENDA_MAX, message=_l("Het agendapunt mag ten hoogste %(max)d tekens lang zijn.",
                                          max=AGENDA_MAX))])
    # The choices are the politician's signed-off agreements; the service refuses any other with a clear message.
    agreement_id = SelectField(_l("Op grond van de afspraak"), coerce=str, validate_choice=False,
                               validators=[DataRequired(_l("Kies de afspraak waaruit de onthouding volgt."))])
    note = TextAreaField(_l("Toelichting"), filters=[_strip], validators=[
        Optional(), Length(max=NOTE_MAX, message=_l("De toelichting mag ten hoogste %(max)d tekens lang zijn.",
                                                    max=NOTE_MAX))])


class ContextNoteForm(FlaskForm):
    text = TextAreaField(_l("Uw toelichting"), filters=[_strip], validators=[
        DataRequired(_l("Schrijf uw toelichting.")),
        Length(max=CONTEXT_MAX, message=_l("De toelichting mag ten hoogste %(max)d tekens lang zijn.",
                                           max=CONTEXT_MAX))])
    based_on = based_on_field()  # the note shown (its id; 0 for none), register/stale_forms.py
