"""The griffie's list of e-mail that has not gone out: waiting for a mail server, failing, or given up."""
from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l

from register.admin.blueprint import bp
from register.admin.queries import unsent_for_body
from register.mail import smtp_configured
from register.models.signals import MAX_ATTEMPTS
from register.views import managed_body

# What each kind of message (OutboxMessage.kind, register/mail.py) is, in the griffie's words.
KIND_LABELS = {
    "agreement_submitted": _l("Afspraak ter aftekening"),
    "declaration_published": _l("Nieuwe of gecorrigeerde opgave"),
    "changes_requested": _l("Wijziging gevraagd in een afspraak"),
    "signal_received": _l("Nieuwe melding"),
    "signal_opened": _l("Verzoek om reactie op een melding"),
    "signal_responded": _l("Reactie op een melding"),
    "confirmation_reminder": _l("Herinnering om de opgaven te bevestigen"),
    "alert_confirm": _l("Bevestiging van een aanmelding voor e-mailberichten"),
    "alert_digest": _l("Dagelijks bericht over wijzigingen"),
}


@bp.get("/<body_slug>/e-mail")
def outbox(body_slug: str):
    """E-mail of this body that has not been sent, with why, so that nothing goes missing unseen."""
    body = managed_body(body_slug)
    return render_template("admin/outbox.html", body=body, messages=unsent_for_body(body.id),
                           kind_labels=KIND_LABELS, max_attempts=MAX_ATTEMPTS, smtp_configured=smtp_configured())
