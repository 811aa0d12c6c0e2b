"""Open data: streamed exports, the page that documents them, and Atom feeds. Public, no login."""
from __future__ import annotations


from flask import Blueprint, Response, abort, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _

from register.models import Body
from register.models.base import AMSTERDAM, utcnow
from register.opendata import feeds, serialize
from register.opendata.rows import export_rows
from register.public.queries import all_bodies
from register.search.queries import find_body

bp = Blueprint("opendata", __name__)
ALL = "all"
MIMETYPES = {"csv": "text/csv; charset=utf-8; header=present", "json": "application/json; charset=utf-8"}


def _body_or_404(body_slug: str) -> Body:
    body = find_body(body_slug)
    if body is None:
        abort(404)
    return body


def _separator() -> str:
    """The CSV separator asked for: ?sep=; gives a file for spreadsheets with Dutch settings; comma by default."""
    separator = request.args.get("sep", ",")
    if separator not in serialize.SEPARATORS:
        message = _("Onbekend scheidingsteken. Laat sep weg voor komma's, of gebruik sep=; voor puntkomma's.")
        abort(Response(render_template("errors/error.html", code=400, title=_("Ongeldig verzoek"), text=message),
                       400))
    return separator


def _file_name(stem: str, separator: str, fmt: str) -> str:
    return f"{stem}-puntkomma.{fmt}" if fmt == "csv" and separator == ";" else f"{stem}.{fmt}"


@bp.get("/export/<body_slug>.<any(csv, json):fmt>")
def export(body_slug, fmt):
    """One body's published declarations, or all bodies' ('all'), as CSV (?sep=; for Dutch spreadsheets) or
    JSON."""
    body = None if body_slug == ALL else _body_or_404(body_slug)
    separator = _separator()
    now = utcnow()
    rows = export_rows(body)
    if fmt == "csv":
        chunks = serialize.csv_stream(rows, separator)
    else:
        chunks = serialize.json_stream(rows, body_slug=body.slug if body else None, generated_at=now,
                                       page_url=url_for(".index", _external=True))
    name = _file_name(f"belangenregister-{body.slug if body else 'alle-organen'}-{now.astimezone(AMSTERDAM).date()}",
                      separator, fmt)
    return Response(stream_with_context(chunks), content_type=MIMETYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/export/<body_slug>.popolo.json")
def export_popolo(body_slug):
    """One body's people, fracties and memberships as Popolo JSON (public data only)."""
    import json

    from register.opendata.popolo import popolo

    body = _body_or_404(body_slug)
    name = f"belangenregister-{body.slug}.popolo.json"
    return Response(json.dumps(popolo(body), ensure_ascii=False, indent=1), content_type=MIMETYPES["json"],
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


@bp.get("/export/onthoudingen/<body_slug>.<any(csv, json):fmt>")
def export_recusals(body_slug, fmt):
    """One body's public recusals, or all bodies' ('all'), as CSV (?sep=; for Dutch spreadsheets) or JSON."""
    from register.opendata.recusals import recusal_records, recusals_csv, recusals_json

    body = None if body_slug == ALL else _body_or_404(body_slug)
    separator = _separator()
    records = recusal_records(body)
    content = recusals_csv(records, separator) if fmt == "csv" else recusals_json(records,
                                                                                  body.slug if body else None)
    name = _file_name(f"belangenregister-onthoudingen-{body.slug if body else 'alle-organen'}", separator, fmt)
    return Response(content, content_type=MIMETYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/open-data")
def index():
    """What can be downloaded, every column with its meaning, the formats and the licence."""
    bodies = all_bodies()
    from register.opendata.recusals import RECUSAL_COLUMNS
    return render_template("opendata/index.html", bodies=bodies, columns=serialize.COLUMNS,
                           recusal_columns=RECUSAL_COLUMNS, licence_url=serialize.LICENCE_URL)


def _atom(body: Body | None, politician=None) -> Response:
    return Response(feeds.atom(body, politician), mimetype="application/atom+xml",
                    headers={"Content-Type": "application/atom+xml; charset=utf-8"})


@bp.get("/feed.atom")
def feed():
    """The newest published changes in the whole register."""
    return _atom(None)


@bp.get("/register/<body_slug>/feed.atom")
def body_feed(body_slug):
    """The newest published changes in one body."""
    return _atom(_body_or_404(body_slug))


@bp.get("/register/<body_slug>/<politician_slug>/feed.atom")
def politician_feed(body_slug, politician_slug):
    """The newest published changes of one politician (404 unknown, 410 past the retention period)."""
    from register.models.base import amsterdam_today
    from register.public.queries import SlugMoved, find_listed_politician

    try:
        body, politician = find_listed_politician(body_slug, politician_slug, amsterdam_today())
    except SlugMoved as moved:
        return redirect(url_for(".politician_feed", body_slug=body_slug, politician_slug=moved.slug), 301)
    return _atom(body, politician)
