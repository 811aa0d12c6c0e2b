"""The griffie's management blueprint (/beheer). Its pages live in the *_routes modules of this package, which
import the blueprint from here; register/admin/routes.py imports them all, so that they are registered."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from register.extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.before_request
def _require_login():
    """Every page here needs a logged-in user; anonymous visitors go to the login page."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
