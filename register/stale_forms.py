"""Editing from a stale form: the form carries the version it was based on, and a save on an older one is refused.

Without this, a save from a second browser tab (or by a second person) silently overwrites whatever was saved
in between: a lost update. The edit pages put the current version number in a hidden field `based_on`; when the
POST arrives and the object has moved on, nothing is saved and the page shows the current version beside the
user's own input, with the hidden field now holding the new number, so that saving again is a deliberate choice.

Decisions (a sign-off, a review, publishing, ending, withdrawing, submitting) work the same way: the form names the
version the person saw, and a decision for another version is refused with the current version beside it.

Objects without version numbers (a body's settings, a fractie, a politician, an account in the griffie's pages)
carry the values the form showed instead (`values_shown`); a save after someone else changed one of them is refused
with what changed.
"""
from __future__ import annotations

import json

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import HiddenField


def based_on_field(**kwargs) -> HiddenField:
    return HiddenField(**kwargs)


class DecisionForm(FlaskForm):
    """A decision taken with one button (publish a draft, submit an agreement): it posts the version shown."""
    based_on = HiddenField()


def posted_version(field: HiddenField) -> int | None:
    """The version number the form was based on; None for a form without one (an older page)."""
    value = field.data.strip() if isinstance(field.data, str) else ""
    return int(value) if value.isdecimal() and len(value) < 10 else None


def is_stale(field: HiddenField, current_number: int) -> bool:
    """Whether the form was filled in on a version that is no longer the current one."""
    posted = posted_version(field)
    return posted is not None and posted != current_number


def is_stale_decision(field: HiddenField, current_number: int) -> bool:
    """Whether a decision (sign-off, review, publication, ending …) was taken on another version than the current
    one. Stricter than is_stale: a decision must name the version it decided on, so a form without one is stale."""
    return posted_version(field) != current_number


def stamp(field: HiddenField, current_number: int) -> None:
    """Base the (re-rendered) form on the current version."""
    field.data = str(current_number)


def values_shown(field: HiddenField, values: dict[str, str]) -> None:
    """Remember in the form the stored values it showed (for objects without a version number)."""
    field.data = json.dumps(values, sort_keys=True, ensure_ascii=False)


def changed_since_shown(form, field: HiddenField, values: dict[str, str]) -> list[str]:
    """'Naam: A → B' for each stored value that changed since the form was shown. Empty when none did, and for a
    form without the hidden field (a page from before this check), as is_stale does."""
    try:
        shown = json.loads(field.data) if isinstance(field.data, str) and field.data else None
    except (ValueError, RecursionError):  # anything a hand-made request may hold: treated as changed
        shown = {}
    if shown is None:
        return []
    shown = shown if isinstance(shown, dict) else {}
    return [f"{form[name].label.text}: {_display(form[name], shown.get(name))} → {_display(form[name], value)}"
            for name, value in values.items() if shown.get(name) != value and name in form]


def _display(field, value) -> str:
    """A stored value as the form shows it: a choice's label, ja/nee for a checkbox."""
    if not isinstance(value, str) or value == "":
        return "—" if field.type != "BooleanField" else _("nee")
    if field.type == "BooleanField":
        return _("ja")
    choices = {str(k): str(label) for k, label in (getattr(field, "choices", None) or [])}
    return ", ".join(choices.get(part, part) for part in value.split(",")) if choices else value


def changed_meanwhile(form, values: dict[str, str]) -> bool:
    """For a form with a `shown` field: on a GET remember the stored `values` it shows; on a POST tell whether any
    changed since, and if so put what changed on the form and base it on the values now (the caller answers 409)."""
    if not form.is_submitted():
        values_shown(form.shown, values)
        return False
    changes = changed_since_shown(form, form.shown, values)
    if changes:
        form.form_errors.append(_(
            "Deze gegevens zijn gewijzigd sinds u deze pagina opende, bijvoorbeeld door een collega: %(changes)s. "
            "Er is niets opgeslagen. Controleer uw invoer hieronder en sla opnieuw op om haar te bewaren.",
            changes="; ".join(changes)))
        values_shown(form.shown, values)
    return bool(changes)
