"""The fractie reviewer's queue."""
from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("review", __name__, url_prefix="/beoordelen")


@bp.get("/")
@login_required
def queue():
    """Items awaiting review."""
    return render_template("review/queue.html")
