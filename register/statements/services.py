"""Reading and changing the statements; a change is audited with the text it replaced."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.audit import record
from register.extensions import db
from register.models import AuditEvent, Body, Statement, StatementKind, User
from register.statements.defaults import default_text
from register.statements.text import looks_like_html

MAX_LENGTH = 20_000


class StatementError(ValueError):
    """A statement that cannot be saved; the message is Dutch and shown next to the text."""


class StaleStatement(StatementError):
    """Someone else saved the statement after the form was opened: saving would overwrite their text unseen."""


@dataclass
class Shown:
    """A statement as it is shown: the saved text, or the default while there is none."""
    kind: StatementKind
    body: Body | None
    text: str
    is_default: bool
    updated_at: datetime | None
    version: int

    @property
    def title(self) -> str:
        from register.models.statements import STATEMENT_TITLES
        return str(STATEMENT_TITLES[self.kind])


def saved(kind: StatementKind, body: Body | None = None, *, for_update: bool = False) -> Statement | None:
    """The saved statement of this kind for the body (None: the register as a whole), if any; locked until the
    transaction ends when it is about to be changed."""
    where = Statement.body_id == body.id if body is not None else Statement.body_id.is_(None)
    query = select(Statement).where(where, Statement.kind == kind)
    return db.session.scalar(query.with_for_update() if for_update else query)


def current(kind: StatementKind, body: Body | None = None) -> Shown:
    """The statement to show: the saved text, or the default for this body."""
    statement = saved(kind, body)
    if statement is None:
        return Shown(kind, body, default_text(kind, body), True, None, 0)
    return Shown(kind, body, statement.text, False, statement.updated_at, statement.version)


def changes(kind: StatementKind, body: Body | None = None) -> list[AuditEvent]:
    """Every saved change of the statement, newest first, from the audit trail (each with the text it replaced):
    for a register-wide statement the only place it can be read back, since the bodies' logbooks do not hold it."""
    statement = saved(kind, body)
    if statement is None:
        return []
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "statement.updated", AuditEvent.object_type == "statement",
                                 AuditEvent.object_id == statement.id)
        .options(selectinload(AuditEvent.actor)).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())))


def check_text(text: str) -> str:
    """The text as it will be saved (trimmed), or a StatementError saying what is wrong with it."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise StatementError(_("Vul de tekst van de verklaring in."))
    if len(text) > MAX_LENGTH:
        limit = f"{MAX_LENGTH:,}".replace(",", ".")  # Dutch thousands separator
        raise StatementError(_("De tekst is te lang: ten hoogste %(max)s tekens.", max=limit))
    if looks_like_html(text):
        raise StatementError(_("Gebruik geen HTML-code zoals <p> of <a>: typ gewone tekst. Een witregel begint een "
                               "nieuwe alinea, een regel die begint met \"# \" wordt een kop, \"- \" een opsomming."))
    return text


def save_statement(kind: StatementKind, text: str, *, actor: User, body: Body | None = None,
                   based_on: int | None = None) -> Statement | None:
    """Save a new text for the statement; None when the text did not change (nothing is recorded then).

    `based_on` is the version the writer saw (0: the default text); checked again under the row lock, so two
    griffiers saving at the same moment cannot overwrite each other unseen. Two first saves at the same moment
    meet the unique index instead: the caller treats that IntegrityError as stale too."""
    text = check_text(text)
    statement = saved(kind, body, for_update=True)
    if based_on is not None and based_on != (statement.version if statement is not None else 0):
        raise StaleStatement(_("Iemand anders heeft deze verklaring intussen gewijzigd."))
    previous = statement.text if statement is not None else None
    if previous == text:
        return None
    if statement is None:
        statement = Statement(kind=kind, body=body, text=text, updated_by=actor, version=1)
        db.session.add(statement)
    else:
        statement.text, statement.updated_by, statement.version = text, actor, statement.version + 1
    db.session.flush()
    record("statement.updated", statement, actor=actor, body_id=body.id if body is not None else None,
           kind=kind, version=statement.version, previous=previous)
    return statement
