"""The one form of the alerts: an e-mail address (and the CSRF token); the unsubscribe button has only the token."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Email, Length

EMAIL_MAX = 254


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class SubscribeForm(FlaskForm):
    email = StringField(_l("Uw e-mailadres"), filters=[_strip], validators=[
        DataRequired(_l("Vul uw e-mailadres in.")),
        Length(max=EMAIL_MAX, message=_l("Het e-mailadres is te lang.")),
        Email(_l("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."))])


class UnsubscribeForm(FlaskForm):
    """Only the CSRF token: the button confirms, so that a mail scanner opening the link unsubscribes nobody."""
