"""Error pages in Dutch, in the site's layout."""
from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Ongeldig verzoek", "Het verzoek kon niet worden verwerkt. Controleer de invoer en probeer het opnieuw."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina of handeling."),
    404: ("Niet gevonden", "Deze pagina bestaat niet (meer). Controleer het adres."),
    405: ("Methode niet toegestaan", "Deze pagina kan niet op deze manier worden opgevraagd."),
    413: ("Te groot", "De verzonden gegevens zijn te groot."),
    429: ("Te veel verzoeken", "U heeft te veel verzoeken gedaan. Wacht even en probeer het opnieuw."),
    500: ("Er ging iets mis", "Er ging aan onze kant iets mis. Er is niets opgeslagen; probeer het later opnieuw."),
}


def _page(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, ("Fout", "Er ging iets mis."))
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return _page(400, "Het formulier is verlopen of ongeldig (CSRF-controle). Laad de pagina opnieuw en "
                          "probeer het nog eens.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _page(error.code or 500)

    @app.errorhandler(500)
    def server_error(_error):
        from register.extensions import db
        db.session.rollback()
        return _page(500)
