"""The things a page of logbook events is about, by name, with a link: one query per kind of object.

An event names its object by table and id; this module turns that into "Afspraak 'Geen besluitvorming over
Sportpark De Horst' van Jeroen Bakker" and the page where the griffie reads it.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import and_, select

from register.extensions import db
from register.models import (
    Agreement, AgreementVersion, AuditEvent, Body, ContextNote, Declaration, DeclarationVersion, Group,
    OutboxMessage, Politician, Recusal, Signal, User,
)
from register.models.declarations import KIND_LABELS

ID_KEYS = {"politician_id": "politician", "declaration_id": "declaration", "agreement_id": "agreement",
           "group_id": "group"}


class Names:
    """Names and links of the objects a list of events is about (and of the ids their data holds)."""

    def __init__(self, events: list[AuditEvent], body: Body):
        self.body = body
        wanted = _wanted(events)
        self.groups = dict(db.session.execute(select(Group.id, Group.name).where(Group.body_id == body.id))
                           .tuples().all())
        self.notes = _rows(wanted["contextnote"], select(
            ContextNote.id, ContextNote.politician_id, ContextNote.declaration_id, ContextNote.agreement_id),
            ContextNote.id)
        self.mails = _rows(wanted["outboxmessage"], select(
            OutboxMessage.id, OutboxMessage.subject, OutboxMessage.recipient, OutboxMessage.ref), OutboxMessage.id)
        for note in self.notes.values():
            wanted["declaration"].add(note[2])
            wanted["agreement"].add(note[3])
            wanted["politician"].add(note[1])
        for mail in self.mails.values():
            kind, _sep, ident = (mail[3] or "").partition(":")
            if ident.isdigit():
                wanted[kind].add(int(ident))
        self._load_owned(wanted)
        self.users = dict(db.session.execute(select(User.id, User.name)
                                             .where(User.id.in_(_ids(wanted["user"])))).tuples().all())
        self.people = dict(db.session.execute(select(Politician.id, Politician.name)
                                              .where(Politician.id.in_(_ids(wanted["politician"])))).tuples().all())

    def _load_owned(self, wanted) -> None:
        """Declarations, agreements, signals and recusals with the name of the politician they belong to."""
        current = and_(DeclarationVersion.declaration_id == Declaration.id,
                       DeclarationVersion.number == Declaration.current_number)
        self.declarations = _rows(wanted["declaration"], select(
            Declaration.id, Declaration.kind, DeclarationVersion.role, DeclarationVersion.organisation,
            Politician.name).join(DeclarationVersion, current).join(Politician, Declaration.politician_id ==
                                                                   Politician.id), Declaration.id)
        latest = and_(AgreementVersion.agreement_id == Agreement.id,
                      AgreementVersion.number == Agreement.current_number)
        self.agreements = _rows(wanted["agreement"], select(Agreement.id, AgreementVersion.title, Politician.name)
                                .join(AgreementVersion, latest).join(Politician, Agreement.politician_id ==
                                                                     Politician.id), Agreement.id)
        self.signals = _rows(wanted["signal"], select(Signal.id, Signal.reference, Politician.name)
                             .outerjoin(Politician, Signal.politician_id == Politician.id), Signal.id)
        self.recusals = _rows(wanted["recusal"], select(Recusal.id, Recusal.agenda_item, Politician.name,
                                                        Recusal.politician_id)
                              .join(Politician, Recusal.politician_id == Politician.id), Recusal.id)

    # ----------------------------------------------------------------------------------------- names of ids

    def politician(self, ident) -> str | None:
        return self.people.get(ident)

    def group(self, ident) -> str | None:
        return self.groups.get(ident)

    def declaration(self, ident) -> str | None:
        row = self.declarations.get(ident)
        if row is None:
            return None
        return _("%(kind)s '%(role)s (%(organisation)s)' van %(name)s", kind=KIND_LABELS[row[1]], role=row[2],
                 organisation=row[3], name=row[4])

    def agreement(self, ident) -> str | None:
        row = self.agreements.get(ident)
        return _("Afspraak '%(title)s' van %(name)s", title=row[1], name=row[2]) if row else None

    def signal(self, ident) -> str | None:
        row = self.signals.get(ident)
        if row is None:
            return None
        about = row[2] or self.body.name
        return _("Melding %(reference)s over %(about)s", reference=row[1] or "", about=about)

    # ----------------------------------------------------------------------------------------- the event's object

    def thing(self, event: AuditEvent) -> tuple[str | None, str | None]:
        """The event's object as words, and the address of its page (either may be None)."""
        kind, ident = event.object_type, event.object_id
        handler = getattr(self, f"_thing_{kind}", None)
        return handler(ident, event) if handler is not None and ident is not None else (None, None)

    def _thing_declaration(self, ident, _event):
        return self.declaration(ident), url_for("declarations.detail", declaration_id=ident)

    def _thing_agreement(self, ident, _event):
        return self.agreement(ident), url_for("agreements.detail", agreement_id=ident)

    def _thing_signal(self, ident, _event):
        return self.signal(ident), url_for("signals.detail", body_slug=self.body.slug, signal_id=ident)

    def _thing_recusal(self, ident, _event):
        row = self.recusals.get(ident)
        if row is None:
            return None, None
        return (_("Onthouding van %(name)s bij '%(item)s'", name=row[2], item=row[1]),
                url_for("recusals.for_politician", body_slug=self.body.slug, politician_id=row[3]))

    def _thing_contextnote(self, ident, _event):
        row = self.notes.get(ident)
        if row is None:
            return None, None
        target = self.declaration(row[2]) if row[2] else self.agreement(row[3])
        link = url_for("declarations.detail", declaration_id=row[2]) if row[2] else \
            url_for("agreements.detail", agreement_id=row[3])
        return _("Openbare toelichting bij %(target)s", target=target or _("een opgave of afspraak")), link

    def _thing_outboxmessage(self, ident, _event):
        row = self.mails.get(ident)
        if row is None:
            return None, None
        kind, _sep, ref = (row[3] or "").partition(":")
        link = url_for("signals.detail", body_slug=self.body.slug, signal_id=int(ref)) \
            if kind == "signal" and ref.isdigit() else None
        return _("E-mail '%(subject)s' aan %(recipient)s", subject=row[1], recipient=row[2]), link

    def _thing_politician(self, ident, event):
        name = self.people.get(ident)
        if name is None:
            return None, None
        text = _("Register van %(name)s", name=name) if event.action.startswith("register.") else \
            _("Ambtsdrager %(name)s", name=name)
        return text, url_for("admin.politician_edit", body_slug=self.body.slug, politician_id=ident)

    def _thing_user(self, ident, event):
        name = self.users.get(ident)
        if name is None:
            return None, None
        text = name if event.action.startswith("auth.") else _("Account van %(name)s", name=name)
        return text, url_for("admin.account_edit", body_slug=self.body.slug, user_id=ident)

    def _thing_group(self, ident, _event):
        name = self.groups.get(ident)
        return (_("Fractie '%(name)s'", name=name), url_for("admin.group_edit", body_slug=self.body.slug,
                                                             group_id=ident)) if name else (None, None)

    def _thing_body(self, ident, event):
        if ident != self.body.id:
            return None, None
        text = _("Instellingen van %(name)s", name=self.body.name) if event.action == "body.settings_updated" \
            else _("Orgaan %(name)s", name=self.body.name)
        return text, url_for("admin.settings" if event.action == "body.settings_updated" else "admin.body",
                             body_slug=self.body.slug)

    def _thing_statement(self, _ident, event):
        """A privacy statement, colofon or accessibility statement of the body, linked to its public page."""
        from register.models.statements import STATEMENT_SLUGS, STATEMENT_TITLES, StatementKind
        kind = next((k for k in StatementKind if k.value == (event.data or {}).get("kind")), None)
        if kind is None:
            return None, None
        return (_("%(title)s van %(body)s", title=STATEMENT_TITLES[kind], body=self.body.name),
                url_for("statements.body_statement", body_slug=self.body.slug, slug=STATEMENT_SLUGS[kind]))


def _ids(values) -> list[int]:
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def _rows(ids, statement, key_column) -> dict[int, Any]:
    ids = _ids(ids)
    if not ids:
        return {}
    return {row[0]: row for row in db.session.execute(statement.where(key_column.in_(ids))).all()}


def _wanted(events: list[AuditEvent]) -> dict[str, set]:
    """The ids per kind of object that the events name, as object or in their data."""
    wanted: dict[str, set] = defaultdict(set)
    for event in events:
        if event.object_id is not None:
            wanted[event.object_type].add(event.object_id)
        if event.actor_id is not None:
            wanted["user"].add(event.actor_id)
        data = event.data or {}
        for key, kind in ID_KEYS.items():
            if isinstance(data.get(key), int):
                wanted[kind].add(data[key])
        if isinstance(data.get("declarations"), list):
            wanted["declaration"].update(data["declarations"])
    return wanted
