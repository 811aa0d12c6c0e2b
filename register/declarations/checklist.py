"""The yearly confirmation as a checklist: each kind of interest confirmed on its own, not one click."""
from __future__ import annotations

from flask_babel import lazy_gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField


CONFIRM_ITEMS = (
    ("side_jobs", _("Mijn nevenfuncties, betaald en onbetaald, staan erin (ook mijn hoofdfunctie).")),
    ("financial", _("Mijn financiële belangen staan erin: aandelen, vastgoed en belangen in ondernemingen.")),
    ("gifts", _("De geschenken en uitnodigingen van de afgelopen 12 maanden staan erin.")),
    ("family", _("Familiebanden en andere belangen die voor mijn ambt van belang zijn, staan erin.")),
)


class ConfirmForm(FlaskForm):
    """The yearly confirmation as a checklist: each kind of interest confirmed on its own, not one click."""
    side_jobs = BooleanField(CONFIRM_ITEMS[0][1])
    financial = BooleanField(CONFIRM_ITEMS[1][1])
    gifts = BooleanField(CONFIRM_ITEMS[2][1])
    family = BooleanField(CONFIRM_ITEMS[3][1])

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name, _label in CONFIRM_ITEMS:
            if not self[name].data:
                self[name].errors.append(_("Vink dit aan als het klopt; anders vult u eerst uw opgaven aan."))
                ok = False
        return ok
