"""The Te-doen page, where everyone lands after logging in, and the counts in the navigation."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import Blueprint, current_app, g, render_template
from flask_babel import format_timedelta
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from register.extensions import db
from register.models.base import utcnow
from register.todo import sections

bp = Blueprint("todo", __name__)
CACHES = ("todo_counts", "todo_reviewer_bodies", "todo_griffie_bodies")


@bp.before_app_request
def _forget_counts():
    """Counts are kept for one request; an app context can outlive a request (tests, CLI)."""
    for name in CACHES:
        g.pop(name, None)


@bp.app_template_filter("age")
def age(since: datetime) -> str:
    """How long something has waited, in words of the page's language: '4 jaar', '3 dagen'."""
    return format_timedelta(max(utcnow() - since, timedelta(0)), granularity="day", threshold=1.0)


@bp.app_template_filter("overdue")
def overdue(since: datetime | None, body) -> bool:
    """Waiting longer than the body's deadline."""
    return sections.is_overdue(since, body)


@bp.app_template_global()
def todo_counts() -> dict[str, int]:
    """What waits per role of the logged-in user (the navigation shows it on every page). An error page must still
    render when the database is the problem: then the navigation shows no counts."""
    if not current_user.is_authenticated:
        return {}
    try:
        return sections.counts(current_user._get_current_object())
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("Te-doen-tellingen voor het menu niet beschikbaar.", exc_info=True)
        return {}


@bp.app_template_global()
def todo_lists(*roles: str):
    """The sections of these roles (or all of the user's roles) with their items, for the landing pages."""
    return sections.role_lists(current_user._get_current_object(), roles or None)


@bp.get("/te-doen")
@login_required
def index():
    """Everything that waits for the user, per role."""
    return render_template("todo/index.html", lists=sections.role_lists(current_user._get_current_object()),
                           titles=sections.ROLE_TITLES)
