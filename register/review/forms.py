"""Forms for a reviewer's decisions: sign off or request changes on an agreement, assess a declaration."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from register.models import ReviewOutcome
from register.models.declarations import OUTCOME_LABELS

COMMENT_MAX = 2000
COMMENT_LENGTH = Length(max=COMMENT_MAX, message=f"De opmerking mag ten hoogste {COMMENT_MAX} tekens lang zijn.")
PUBLIC_LABEL = "Opmerking openbaar maken"
PUBLIC_HINT = ("Alleen een openbare opmerking staat in het openbare register. Anders zien alleen de ambtsdrager, "
               "de fractie en de griffie haar.")


# Both agreement forms are on one page: their fields get distinct ids, so every label points at its own input.
class SignOffForm(FlaskForm):
    comment = TextAreaField("Opmerking bij het aftekenen", id="aftekenen-opmerking",
                            validators=[Optional(), COMMENT_LENGTH])
    comment_public = BooleanField(PUBLIC_LABEL, id="aftekenen-openbaar")
    submit = SubmitField("Afspraak aftekenen", id="aftekenen-knop")


class RequestChangesForm(FlaskForm):
    comment = TextAreaField("Welke wijziging vraagt u?", id="wijziging-opmerking", validators=[
        DataRequired("Licht toe welke wijziging u vraagt."), COMMENT_LENGTH])
    comment_public = BooleanField(PUBLIC_LABEL, id="wijziging-openbaar")
    submit = SubmitField("Wijziging vragen", id="wijziging-knop")


class DeclarationReviewForm(FlaskForm):
    # validate_choice is off so that a hand-made value gets the Dutch message below, not WTForms' English one.
    outcome = RadioField("Uitkomst van de beoordeling", validate_choice=False,
                         choices=[(o.value, label) for o, label in OUTCOME_LABELS.items()],
                         validators=[InputRequired("Kies een uitkomst.")])
    # No Optional(): it would stop the chain before validate_comment, which requires a comment for some outcomes.
    comment = TextAreaField("Opmerking", validators=[COMMENT_LENGTH])
    comment_public = BooleanField(PUBLIC_LABEL)
    submit = SubmitField("Beoordeling vastleggen")

    def validate_outcome(self, field):
        if field.data not in {o.value for o in ReviewOutcome}:
            raise ValidationError("Kies een van de genoemde uitkomsten.")

    def validate_comment(self, field):
        needs_comment = self.outcome.data in (ReviewOutcome.agreement_needed.value, ReviewOutcome.incompatible.value)
        if needs_comment and not (field.data or "").strip():
            raise ValidationError("Licht de uitkomst toe: bij een afspraak nodig of onverenigbaarheid is een "
                                  "opmerking verplicht.")

    @property
    def outcome_value(self) -> ReviewOutcome:
        return ReviewOutcome(self.outcome.data)
