"""Refuse control characters in any request input, once, for every form and query string of the app.

PostgreSQL refuses a NUL byte in text (the request would end in a 500), and the open-data feeds are XML, which
cannot hold the other C0 control characters either: one such character in a declaration would break the Atom
feed for everyone. Nobody types them; they come from hand-made requests or odd copy-paste. So they are refused
before any view runs, with a Dutch explanation, and nothing is saved. Tab, line feed and carriage return stay
allowed (text areas).
"""
from __future__ import annotations

import re
from itertools import chain

from flask import Flask, render_template, request
from flask_babel import gettext as _

# C0 controls except tab (09), line feed (0A) and carriage return (0D); U+FFFE and U+FFFF are not characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def has_forbidden(value) -> bool:
    return isinstance(value, str) and FORBIDDEN.search(value) is not None


def _inputs():
    """Every text the client sent: the path, query string and form values and names (not uploaded files)."""
    view_args = (request.view_args or {}).values()
    return chain([request.path], request.args.keys(), *request.args.listvalues(),
                 request.form.keys(), *request.form.listvalues(), view_args)


def refuse_control_characters():
    """before_request: a 400 page in Dutch for input with control characters."""
    if any(has_forbidden(value) for value in _inputs()):
        message = _("Uw invoer bevat een onzichtbaar stuurteken (bijvoorbeeld een NUL-teken) dat niet kan worden "
                    "opgeslagen. Er is niets opgeslagen. Ga terug, verwijder het teken (typ de tekst zo nodig "
                    "opnieuw) en probeer het nog eens.")
        return render_template("errors/error.html", code=400, title=_("Ongeldige tekens"), text=message), 400
    return None


def init_input_guard(app: Flask) -> None:
    app.before_request(refuse_control_characters)
