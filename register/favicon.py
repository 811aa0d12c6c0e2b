"""/favicon.ico: browsers, feed readers and bookmarks ask for it at the root, whatever a page's <link rel="icon">."""
from __future__ import annotations

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("site", __name__)


@bp.get("/favicon.ico")
def favicon():
    """The register's icon (static/favicon.ico, made from static/favicon.svg), cached for a day."""
    return send_from_directory(current_app.static_folder or "static", "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=86400)
