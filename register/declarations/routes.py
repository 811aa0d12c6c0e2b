"""A politician's own declarations."""
from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("declarations", __name__, url_prefix="/mijn")


@bp.get("/")
@login_required
def dashboard():
    """The politician's overview."""
    return render_template("declarations/dashboard.html")
