"""Refuse control characters in every form field and every address, and normalise every submitted text, once,
for the whole app.

PostgreSQL refuses a NUL byte in text (the request would end in a 500), and the open-data feeds are XML, which
cannot hold the other C0 control characters either: one such character in a declaration would break the Atom
feed for everyone. Nobody types them; they come from hand-made requests or odd copy-paste. So:
- every field of every form (Flask-WTF) gets one more validator, with a Dutch message next to the field;
- an address (path or query string) holding one gets a Dutch 400 page before any view runs.
Tab, line feed and carriage return stay allowed (text areas). Nothing is saved in either case.
Every text a form receives is then normalised (register/text.py: NFC, invisible format characters removed)
before any validator sees it, so a "required" name made only of invisible characters counts as empty. Passwords
are left exactly as typed.
"""
from __future__ import annotations

import re
from itertools import chain

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import StopValidation

from register.text import normalise

# C0 controls except tab (09), line feed (0A) and carriage return (0D); U+FFFE and U+FFFF are not characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FIELD_MESSAGE = _l("Dit veld bevat een onzichtbaar stuurteken (bijvoorbeeld een NUL-teken) dat niet kan worden "
                   "opgeslagen. Verwijder het, of typ de tekst opnieuw.")


def has_forbidden(value) -> bool:
    return isinstance(value, str) and FORBIDDEN.search(value) is not None


def no_control_characters(form, field) -> None:
    """WTForms validator on the raw posted values, so also a date or number field that could not be parsed.
    It stops the field's validation: the form's own validate_<field> checks run after the field's validators, and
    one of them (say, "is this e-mail address taken?") would otherwise take the value to the database."""
    if any(has_forbidden(value) for value in field.raw_data or ()):
        raise StopValidation(FIELD_MESSAGE)


def normalised(value):
    """WTForms filter: a text normalised (register/text.py); any other value (a date, a number) as it is."""
    return normalise(value) if isinstance(value, str) else value


def _bind_guarded_field(meta, form, unbound_field, options):
    """Meta.bind_field for every FlaskForm: the field as declared, then the control-character check, and its text
    normalised first (filters run before validators)."""
    field = unbound_field.bind(form=form, **options)
    field.validators = [*field.validators, no_control_characters]
    if not isinstance(field, PasswordField):
        field.filters = (normalised, *field.filters)
    return field


def refuse_control_characters_in_address():
    """before_request: a 400 page in Dutch for a path or query string with control characters."""
    values = chain([request.path], request.args.keys(), *request.args.listvalues(),
                   (request.view_args or {}).values())
    if any(has_forbidden(value) for value in values):
        message = _("Het adres bevat een onzichtbaar stuurteken (bijvoorbeeld een NUL-teken). Controleer het adres "
                    "of de zoekterm en probeer het opnieuw.")
        if request.blueprint == "api":  # the API answers every error in JSON, as its OpenAPI document says
            return jsonify(error=message), 400
        return render_template("errors/error.html", code=400, title=_("Ongeldige tekens"), text=message), 400
    return None


def init_input_guard(app: Flask) -> None:
    # Meta.bind_field is WTForms' hook for every field a form binds; set once on Flask-WTF's base Meta so that
    # every form of the app, also one added later, is covered without each module having to remember it.
    FlaskForm.Meta.bind_field = _bind_guarded_field
    app.before_request(refuse_control_characters_in_address)
