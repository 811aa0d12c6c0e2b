"""Entry point for gunicorn: gunicorn wsgi:app

A worker does not start on a database whose schema is missing or behind the newest migration (run
`flask db upgrade` first). The flask command loads this file too (FLASK_APP=wsgi.py), and `flask db upgrade` must
run exactly then, so the check is left out when a flask command is loading the app.
"""
import click

from register import create_app
from register.readiness import require_schema_at_head

app = create_app()
if click.get_current_context(silent=True) is None:  # not inside a `flask …` command
    require_schema_at_head(app)
