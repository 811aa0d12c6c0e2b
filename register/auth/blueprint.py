"""The login blueprint (/login, /logout, the one-time links). Its pages live in routes.py and link_routes.py, which
both import the blueprint from here; routes.py imports link_routes, so that its pages are registered."""
from __future__ import annotations

from flask import Blueprint, url_for

bp = Blueprint("auth", __name__)


def home_for(user) -> str:
    """Everyone lands on "Te doen": what waits for each of their roles (a site administrator without another role
    on the site administration)."""
    if user.site_admin and not (user.is_griffie or user.is_politician or user.is_reviewer):
        return url_for("siteadmin.index")
    return url_for("todo.index")
