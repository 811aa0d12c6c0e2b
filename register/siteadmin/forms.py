"""Forms of the site administrator."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional

from register.admin.forms import ChoiceField, single_line, strip


def _email_field():
    return EmailField(_l("E-mailadres"), filters=[strip], validators=[
        DataRequired(_l("Vul het e-mailadres in.")), Length(max=254, message=_l("Het e-mailadres is te lang.")),
        Email(_l("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."))])


def _name_field(label, what):
    return StringField(label, filters=[strip], validators=[
        DataRequired(_l("Vul %(what)s in.", what=what)),
        Length(max=160, message=_l("De naam mag ten hoogste %(max)d tekens lang zijn.")), single_line])


class GriffieForm(FlaskForm):
    griffie_name = _name_field(_l("Naam van de griffier"), _l("de naam van de griffier"))
    griffie_email = _email_field()
    submit = SubmitField(_l("Griffie toevoegen en uitnodigen"))


class BodyForm(FlaskForm):
    name = _name_field(_l("Naam van het orgaan"), _l("de naam van het orgaan"))
    kind = ChoiceField(_l("Soort"), message=_l("Kies de soort orgaan uit de lijst."),
                       choices=[("", _l("Kies…")), ("gemeente", _l("Gemeente (gemeenteraad)")),
                                ("provincie", _l("Provincie (Provinciale Staten)")),
                                ("waterschap", _l("Waterschap (algemeen bestuur)"))],
                       validators=[DataRequired(_l("Kies de soort orgaan."))])
    slug = StringField(_l("Adresnaam"), filters=[strip], validators=[Optional(), Length(max=80)])
    term_start = DateField(_l("Begin van de zittingsperiode"), validators=[Optional()])
    # The first griffie, in the same form (declared after the body's fields: the error summary follows the page).
    griffie_name = _name_field(_l("Naam van de griffier"), _l("de naam van de griffier"))
    griffie_email = _email_field()
    submit = SubmitField(_l("Orgaan aanmaken en griffie uitnodigen"))
