"""The public register: no login, only published and public data."""
from flask import Blueprint, render_template

from register.public import queries

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    """The bodies, a search box, what the register is."""
    return render_template("public/index.html", bodies=queries.active_bodies())


@bp.get("/register/<body_slug>/")
def body(body_slug):
    """A body: its fracties and politicians, each with counts."""
    return render_template("public/body.html", register=queries.body_register(body_slug))


@bp.get("/register/<body_slug>/<politician_slug>/")
def politician(body_slug, politician_slug):
    """A politician: current declarations, signed-off agreements, ended and withdrawn items."""
    page = queries.politician_register(body_slug, politician_slug)
    return render_template("public/politician.html", page=page)


@bp.get("/healthz")
def healthz():
    """Liveness check; touches neither the session nor the database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
