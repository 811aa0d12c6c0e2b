"""The small helpers every blueprint needs: who acts, which body or politician a URL names, and how a
service's refusal reaches the user.

A view stays thin: it finds its objects here (404 when missing, 403 when not the user's), calls one service
function and, when that service raises its domain error (a ValueError subclass with a Dutch message), undoes the
whole request and shows the message, on the form when there is one, else as a flash.
"""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from sqlalchemy import select

from register.extensions import db
from register.models import Body, Politician, User


def actor() -> User:
    """The logged-in user as a model object (services record it in the audit trail)."""
    return current_user._get_current_object()


def managed_body(body_slug: str) -> Body:
    """The body the URL names, or 404; 403 unless the user is its griffie."""
    body = db.first_or_404(select(Body).where(Body.slug == body_slug))
    if not body.can_manage(current_user):
        abort(403)
    return body


def of_body(model, object_id: int, body: Body):
    """A group or politician (anything with a body_id) by id, or 404; 403 when it belongs to another body."""
    obj = db.get_or_404(model, object_id)
    if obj.body_id != body.id:
        abort(403)
    return obj


def own_politician() -> Politician:
    """The politician linked to the logged-in account, or 403."""
    politician = current_user.politician
    if politician is None:
        abort(403)
    return politician


def done(message: str, endpoint: str, body: Body):
    """The service succeeded: commit, say so, and go to the body's page at endpoint."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, body_slug=body.slug))


def refused(error: Exception, form=None) -> None:
    """A service refused: undo everything of this request and show why (on the form, else as a flash)."""
    db.session.rollback()
    if form is not None:
        form.form_errors.append(str(error))
    else:
        flash(str(error), "error")
