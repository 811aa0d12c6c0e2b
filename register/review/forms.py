"""Forms for a reviewer's decisions: sign off or request changes on an agreement, assess a declaration."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from register.models import ReviewOutcome
from register.models.declarations import OUTCOME_LABELS
from register.stale_forms import based_on_field

COMMENT_MAX = 2000
PUBLIC_LABEL = _l("Opmerking openbaar maken")
PUBLIC_HINT = _l("Alleen een openbare opmerking staat in het openbare register. Anders zien alleen de "
                 "ambtsdrager, de fractie en de griffie haar.")
OUTCOMES_NEEDING_COMMENT = {ReviewOutcome.agreement_needed.value, ReviewOutcome.incompatible.value}


def _comment_length() -> Length:
    return Length(max=COMMENT_MAX, message=_l("De opmerking mag ten hoogste %(max)d tekens lang zijn.",
                                              max=COMMENT_MAX))


# Both agreement forms are on one page: their fields get distinct ids, so every label points at its own input.
class SignOffForm(FlaskForm):
    comment = TextAreaField(_l("Opmerking bij het aftekenen"), id="aftekenen-opmerking",
                            validators=[Optional(), _comment_length()])
    comment_public = BooleanField(PUBLIC_LABEL, id="aftekenen-openbaar")
    based_on = based_on_field(id="aftekenen-versie")  # the version the reviewer decides on


class RequestChangesForm(FlaskForm):
    comment = TextAreaField(_l("Welke wijziging vraagt u?"), id="wijziging-opmerking", validators=[
        DataRequired(_l("Licht toe welke wijziging u vraagt.")), _comment_length()])
    comment_public = BooleanField(PUBLIC_LABEL, id="wijziging-openbaar")
    based_on = based_on_field(id="wijziging-versie")


class DeclarationReviewForm(FlaskForm):
    # validate_choice is off so that a hand-made value gets the Dutch message below, not WTForms' English one.
    outcome = RadioField(_l("Uitkomst van de beoordeling"), validate_choice=False,
                         choices=[(outcome.value, label) for outcome, label in OUTCOME_LABELS.items()],
                         validators=[InputRequired(_l("Kies een uitkomst."))])
    # No Optional(): it would end the chain before validate_comment, which requires a comment for some outcomes.
    comment = TextAreaField(_l("Opmerking"), validators=[_comment_length()])
    comment_public = BooleanField(PUBLIC_LABEL)
    # Offered only when the start date was corrected after the first declaration (models/lateness.py).
    accept_start = BooleanField(_l("De fractie aanvaardt de gecorrigeerde begindatum"))
    based_on = based_on_field()  # the published version the reviewer assesses
    replaces = HiddenField()  # the reviewer's own current review of that version, shown on the page (or empty)

    def validate_outcome(self, field):
        if field.data not in {outcome.value for outcome in ReviewOutcome}:
            raise ValidationError(_l("Kies een van de genoemde uitkomsten."))

    def validate_comment(self, field):
        if self.outcome.data in OUTCOMES_NEEDING_COMMENT and not (field.data or "").strip():
            raise ValidationError(_l("Licht de uitkomst toe: bij een afspraak nodig of onverenigbaarheid is een "
                                     "opmerking verplicht."))

    @property
    def outcome_value(self) -> ReviewOutcome:
        return ReviewOutcome(self.outcome.data)
