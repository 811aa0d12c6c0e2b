"""The griffie's management pages."""
from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.get("/")
@login_required
def index():
    """The bodies this griffie manages."""
    return render_template("admin/index.html")
