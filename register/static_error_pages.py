"""`flask error-pages DIR`: the app's own error pages as static files, for the web server in front of it.

nginx (deploy/nginx) answers some requests without the app: a client over its request limit (429), a request body
beyond nginx's limit (413), and every request while the app is down or too slow (502, 503, 504). It then serves
these copies, rendered at deploy time with the site's layout, in Dutch (DIR/nl/) and English (DIR/en/), so that a
visitor sees the register's own page.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app, g, render_template
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from register.errors import MESSAGES
from register.i18n import LANGUAGES

UNAVAILABLE = (_l("Tijdelijk niet bereikbaar"),
               _l("Het register is tijdelijk niet bereikbaar. Er is niets opgeslagen; probeer het over een paar "
                  "minuten opnieuw."))
PAGES = {413: MESSAGES[413], 429: MESSAGES[429], 502: UNAVAILABLE, 503: UNAVAILABLE, 504: UNAVAILABLE}


def render_page(code: int, lang: str) -> str:
    """One error page as the app would show it to an anonymous visitor on the start page."""
    title, text = PAGES[code]
    with current_app.test_request_context("/", headers={"Accept-Language": lang}), force_locale(lang):
        g.lang = lang  # the CLI's app context (and its g) outlives each page's request context
        return render_template("errors/error.html", code=code, title=str(title), text=str(text))


def write_pages(directory: Path) -> list[Path]:
    written = []
    for lang in LANGUAGES:
        (directory / lang).mkdir(parents=True, exist_ok=True)
        for code in PAGES:
            path = directory / lang / f"{code}.html"
            path.write_text(render_page(code, lang), encoding="utf-8")
            written.append(path)
    return written


@click.command("error-pages")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def error_pages_command(directory: Path):
    """Write the 413, 429, 502, 503 and 504 pages (Dutch and English) for nginx into DIRECTORY."""
    try:
        written = write_pages(directory)
    except OSError as error:
        raise click.ClickException(f"De foutpagina's konden niet worden geschreven in {directory}: "
                                   f"{error.strerror}.") from None
    click.echo(f"{len(written)} foutpagina's geschreven in {directory}.")
