"""The public register: no login, only published and public data."""
from flask import Blueprint, redirect, render_template, request, url_for

from register.public import queries
from register.public.history import politician_history
from register.public.changes import KIND_LABELS
from register.public.recent import recent_changes
from register.public.stats import body_stats, stats_charts
from register.public.late import late_count

bp = Blueprint("public", __name__)


@bp.errorhandler(queries.NoLongerPublic)
def no_longer_public(error: queries.NoLongerPublic):
    """A former member past the retention period: 410 Gone, with the reason in Dutch."""
    politician = error.politician
    return render_template("public/gone.html", body=politician.body, term_end=politician.term_end,
                           retention_months=politician.body.retention_months), 410


@bp.errorhandler(queries.SlugMoved)
def slug_moved(error: queries.SlugMoved):
    """A politician's former address: a permanent redirect to the same page (and query) at the current slug."""
    arguments = {**request.args.to_dict(flat=True), **(request.view_args or {}), "politician_slug": error.slug}
    return redirect(url_for(request.endpoint or "public.index", **arguments), 301)


@bp.get("/")
def index():
    """The bodies, a search box, what the register is."""
    return render_template("public/index.html", bodies=queries.active_bodies())


@bp.get("/register/<body_slug>/")
def body(body_slug):
    """A body: its fracties and politicians with counts, timeliness and confirmation; former members."""
    register = queries.body_register(body_slug)
    return render_template("public/body.html", register=register, late=late_count(register.body))


@bp.get("/register/<body_slug>/statistieken")
def stats(body_slug):
    """A body's statistics per fractie: charts drawn on the server, each with a table of the same numbers."""
    numbers = body_stats(body_slug)
    return render_template("public/stats.html", stats=numbers, charts=stats_charts(numbers))


@bp.get("/wijzigingen")
def changes():
    """The newest published changes in the whole register, paged, filtered by kind or lateness."""
    return render_template("public/changes.html", recent=recent_changes(None, request.args),
                           kind_labels=KIND_LABELS)


@bp.get("/register/<body_slug>/wijzigingen")
def body_changes(body_slug):
    """The newest published changes in one body."""
    return render_template("public/changes.html", recent=recent_changes(queries.find_body(body_slug), request.args),
                           kind_labels=KIND_LABELS)


@bp.get("/register/<body_slug>/<politician_slug>/")
def politician(body_slug, politician_slug):
    """A politician: current declarations, signed-off agreements, ended and withdrawn items."""
    page = queries.politician_register(body_slug, politician_slug)
    return render_template("public/politician.html", page=page)


@bp.get("/register/<body_slug>/<politician_slug>/history")
def history(body_slug, politician_slug):
    """Every published change of a politician, newest first, with what changed from what to what."""
    return render_template("public/history.html", history=politician_history(body_slug, politician_slug))


@bp.get("/healthz")
def healthz():
    """Liveness check; touches neither the session nor the database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
