"""The logbook's filters: a GET form (no CSRF: it changes nothing), with Dutch messages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, ValidationError

from register.admin.logbook import CATEGORIES, Filters
from register.admin.services import accounts_of
from register.declarations.forms import DutchDateField
from register.extensions import db
from register.models import Body, Politician, User


class LogbookFilterForm(FlaskForm):
    class Meta:
        csrf = False

    persoon = SelectField(_l("Persoon"), validate_choice=False, default="")
    soort = SelectField(_l("Soort handeling"), validate_choice=False, default="")
    van = DutchDateField(_l("Van"), validators=[])
    tot = DutchDateField(_l("Tot en met"), validators=[])

    def __init__(self, body: Body, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = db.session.execute(select(Politician.id, Politician.name).where(Politician.body_id == body.id)
                                    .order_by(Politician.sort_name)).all()
        accounts = db.session.execute(accounts_of(body).where(User.politician_id.is_(None))
                                      .with_only_columns(User.id, User.name).order_by(User.name)).all()
        self.persoon.choices = [("", _l("Iedereen"))] + [(f"p{i}", name) for i, name in people] + [
            (f"u{i}", _l("%(name)s (account)", name=name)) for i, name in accounts]
        self.soort.choices = [("", _l("Alle handelingen"))] + [(key, label) for key, (label, _t) in
                                                                 CATEGORIES.items()]
        self._politician_accounts = dict(db.session.execute(
            select(User.politician_id, User.id).join(Politician, User.politician_id == Politician.id)
            .where(Politician.body_id == body.id)).all())

    def validate_persoon(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Kies een persoon uit de lijst."))

    def validate_soort(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Kies een soort handeling uit de lijst."))

    def validate_tot(self, field):
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError(_l("De einddatum ligt vóór de begindatum."))

    def filters(self) -> tuple[Filters, int | None]:
        """The filters from the valid fields (a wrong field is ignored, with its message on the page), and the
        account of the chosen politician (what that account did is about them too)."""
        valid = lambda name: not self[name].errors  # noqa: E731
        person = self.persoon.data if valid("persoon") else ""
        politician_id = int(person[1:]) if person.startswith("p") else None
        filters = Filters(politician_id=politician_id, user_id=int(person[1:]) if person.startswith("u") else None,
                          category=self.soort.data if valid("soort") and self.soort.data else None,
                          start=self.van.data if valid("van") else None,
                          end=self.tot.data if valid("tot") else None)
        return filters, self._politician_accounts.get(politician_id)
