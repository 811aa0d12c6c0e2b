"""The public register: no login, only published and public data."""
from flask import Blueprint, render_template

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    """The bodies, a search box, what the register is."""
    return render_template("public/index.html")


@bp.get("/healthz")
def healthz():
    """Liveness check; touches neither the session nor the database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
