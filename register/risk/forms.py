"""Forms of the belangencheck: the answers are read per question (their number depends on the office)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length

from register.models import AnswerValue
from register.risk.services import Given

ANSWER_VALUES = {"ja": AnswerValue.yes, "nee": AnswerValue.no, "weet-niet": AnswerValue.unknown}


class StartForm(FlaskForm):
    trigger = HiddenField()
    declaration_id = HiddenField()


class AnswersForm(FlaskForm):
    """CSRF for the answers; the answers themselves are fields q-<code>, d-<code>, n-<code> (see given())."""


def given(formdata, codes: list[str]) -> dict[str, Given]:
    """The submitted answers; a hand-made value counts as no answer, a hand-made declaration id as none."""
    result = {}
    for code in codes:
        value = ANSWER_VALUES.get(formdata.get(f"q-{code}", ""))
        raw = formdata.get(f"d-{code}", "").strip()
        declaration_id = int(raw) if raw.isdecimal() and len(raw) < 10 else None
        result[code] = Given(value, declaration_id, formdata.get(f"n-{code}", "")[:5000])
    return result


class ResolveForm(FlaskForm):
    resolution = TextAreaField(_l("Hoe is de vraag afgehandeld?"), validators=[
        DataRequired(_l("Schrijf hoe de vraag is afgehandeld.")),
        Length(max=2000, message=_l("De toelichting mag ten hoogste %(max)d tekens lang zijn."))])
