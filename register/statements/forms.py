"""The form in which the griffie (or the site administrator) writes a statement."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired

from register.stale_forms import based_on_field


class StatementForm(FlaskForm):
    text = TextAreaField(_l("Tekst"), validators=[InputRequired(message=_l("Vul de tekst van de verklaring in."))],
                         render_kw={"rows": 24})
    based_on = based_on_field()
