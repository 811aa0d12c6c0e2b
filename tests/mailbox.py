"""A real SMTP server on 127.0.0.1 for the mail tests (aiosmtpd), and what it received."""
from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

from tests.helpers import free_port


class Inbox:
    """Collects what the SMTP server received: recipients, sender, subject, body and headers."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append({"to": list(envelope.rcpt_tos), "from": envelope.mail_from,
                              "subject": str(parsed["Subject"]), "body": parsed.get_content(),
                              "headers": dict(parsed.items())})
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[dict]:
        return [m for m in self.messages if address in m["to"]]


def serve_smtp(app, **config) -> Iterator[Inbox]:
    """For a fixture: start the server, point the app at it (plus `config`), yield its inbox, stop it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_STARTTLS=False, **config)
    try:
        yield inbox
    finally:
        controller.stop()
