"""Editing from a stale form: the form carries the version it was based on, and a save on an older one is refused.

Without this, a save from a second browser tab (or by a second person) silently overwrites whatever was saved
in between: a lost update. The edit pages put the current version number in a hidden field `based_on`; when the
POST arrives and the object has moved on, nothing is saved and the page shows the current version beside the
user's own input, with the hidden field now holding the new number, so that saving again is a deliberate choice.

Decisions (a sign-off, a review, publishing, ending, withdrawing, submitting) work the same way: the form names the
version the person saw, and a decision for another version is refused with the current version beside it.
"""
from __future__ import annotations

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
