"""A form's POST-only address asked with GET: a refresh after a refused form, or the language switch on that page.

Such a page was rendered at the address the form posts to; asking that address again must not end in
"Methode niet toegestaan". The view answers a GET with a redirect to the page that holds the form, in the language
that was asked for.
"""
from __future__ import annotations

from flask import redirect, request, url_for


def back_to_form(endpoint: str, **values):
    """Redirect to the page with the form (keeping ?lang=)."""
    lang = request.args.get("lang")
    if lang:
        values["lang"] = lang
    return redirect(url_for(endpoint, **values))
