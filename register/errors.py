"""Error pages in Dutch, in the site's layout; a refused access is kept in the audit trail."""
import logging

from flask import Flask, g, render_template, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from register.faults import init_faults, is_read_only_fault, note_refused_write

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 120  # a read-only database or a full disk: the 503 page asks to come back after this

MESSAGES = {
    400: (_l("Ongeldig verzoek"),
          _l("Het verzoek kon niet worden verwerkt. Controleer de invoer en probeer het opnieuw.")),
    403: (_l("Geen toegang"), _l("U heeft geen toegang tot deze pagina of handeling.")),
    404: (_l("Niet gevonden"), _l("Deze pagina bestaat niet (meer). Controleer het adres.")),
    405: (_l("Methode niet toegestaan"), _l("Deze pagina kan niet op deze manier worden opgevraagd.")),
    413: (_l("Te groot"), _l("De verzonden gegevens zijn te groot. Er is niets opgeslagen.")),
    429: (_l("Te veel verzoeken"), _l("U heeft te veel verzoeken gedaan. Wacht even en probeer het opnieuw.")),
    500: (_l("Er ging iets mis"),
          _l("Er ging aan onze kant iets mis. Er is niets opgeslagen; probeer het later opnieuw.")),
    503: (_l("Tijdelijk alleen te lezen"), _l("Het register is tijdelijk alleen te lezen; er is niets opgeslagen.")),
}


def error_page(code: int, detail: str | None = None):
    """The error page; a fault on our side (5xx) shows the request id (register/logs.py) as the reference that
    finds its log lines."""
    title, text = MESSAGES.get(code, (_l("Fout"), _l("Er ging iets mis.")))
    reference = g.get("request_id") if code >= 500 else None
    return render_template("errors/error.html", code=code, title=title, text=detail or text,
                           reference=reference), code


def record_refused_access() -> None:
    """Keep a refused access (403) in the audit trail, in its own transaction: the request's work is undone."""
    from register.audit import record
    from register.extensions import db

    db.session.rollback()
    try:
        actor = current_user._get_current_object() if current_user.is_authenticated else None
        record("access.refused", None, actor=actor, path=request.path[:500], method=request.method,
               endpoint=request.endpoint)
        db.session.commit()
    except SQLAlchemyError as error:  # the refusal page must still be shown when the database is unavailable
        db.session.rollback()
        if is_read_only_fault(error):
            note_refused_write(error)  # logged once, not a stack trace for every refused request
        else:
            log.exception("access.refused could not be recorded")


def handle_database_error(error: DBAPIError):
    """503 for a database that cannot write (register/faults.py); anything else goes on to the 500 page with its
    stack trace."""
    if not is_read_only_fault(error):
        raise error
    from register.extensions import db
    db.session.rollback()
    note_refused_write(error)
    session.modified = False  # nothing is saved, a login or a form token in the session cookie neither
    body, code = error_page(503)
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return error_page(400, _("Het formulier is verlopen of ongeldig (CSRF-controle). Laad de pagina opnieuw "
                                 "en probeer het nog eens."))

    @app.errorhandler(403)
    def forbidden(_error):
        record_refused_access()
        return error_page(403)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        body, code = error_page(error.code or 500)
        # Keep the exception's own headers, such as Allow on 405 and Retry-After on 429.
        return body, code, [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]

    @app.errorhandler(500)
    def server_error(_error):
        from register.extensions import db
        db.session.rollback()
        return error_page(500)

    app.register_error_handler(DBAPIError, handle_database_error)  # a database that cannot write: 503, not 500
    init_faults(app)
