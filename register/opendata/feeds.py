"""Atom feeds of published changes: a declaration version published (new, correction, ended, withdrawn) or an
agreement version signed off. Drafts and versions that were never signed off have no publication time, so they
never appear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import current_app, request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementVersion, Body, Declaration, DeclarationChange, DeclarationVersion, Politician, SignOff,
)
from register.models.base import utcnow
from register.public.queries import publicly_listed_clause
from register.public.timeliness import correction_note
from register.templating import format_date

FEED_SIZE = 50
TAG_DATE = "2026"
PUBLISHED_CHANGES = (DeclarationChange.published, DeclarationChange.corrected, DeclarationChange.ended,
                     DeclarationChange.withdrawn)
# XML 1.0 cannot carry these; a stray control character must not break the whole feed.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class Entry:
    tag: str
    title: str
    updated: datetime
    link: str
    text: str


def _clean(text: str | None) -> str:
    return NOT_XML.sub("", text or "")


def _authority() -> str:
    """The tag: URI authority: configurable, so that entry ids stay the same whatever host serves the feed."""
    return current_app.config.get("FEED_TAG_AUTHORITY") or request.host.split(":")[0] or "belangenregister"


def _in_body(statement: Select, body: Body | None) -> Select:
    """Only politicians still on the public pages; of one body, or of all."""
    statement = statement.where(publicly_listed_clause())
    return statement.where(Politician.body_id == body.id) if body is not None else statement


def _declaration_title(version: DeclarationVersion, shown: bool) -> str:
    return f"{version.role} — {version.organisation}" if shown else version.role


def _organisation_shown(declaration: Declaration, version: DeclarationVersion) -> bool:
    """Shown only when this version and the newest published one both allow it (a later shield counts back)."""
    newest = declaration.published_version or version
    return version.is_field_public("organisation") and newest.is_field_public("organisation")


def _declaration_entries(body: Body | None) -> list[Entry]:
    rows = db.session.execute(_in_body(
        select(DeclarationVersion, Declaration, Politician, Body)
        .join(Declaration, DeclarationVersion.declaration_id == Declaration.id)
        .join(Politician, Declaration.politician_id == Politician.id)
        .join(Body, Politician.body_id == Body.id)
        .where(DeclarationVersion.published_at.is_not(None), DeclarationVersion.change.in_(PUBLISHED_CHANGES))
        .options(selectinload(Declaration.published_version))
        .order_by(DeclarationVersion.published_at.desc(), DeclarationVersion.id.desc()).limit(FEED_SIZE),
        body)).all()
    titles = {DeclarationChange.published: _("Nieuwe opgave"), DeclarationChange.corrected: _("Correctie"),
              DeclarationChange.ended: _("Beëindigd"), DeclarationChange.withdrawn: _("Ingetrokken")}
    entries = []
    for version, declaration, politician, body_ in rows:
        shown = _organisation_shown(declaration, version)
        lines = [_("Soort: %(kind)s", kind=declaration.kind_label),
                 _("Organisatie: %(value)s", value=version.organisation if shown else _("afgeschermd")),
                 _("Functie: %(value)s", value=version.role),
                 _("Begonnen op: %(date)s", date=format_date(version.started_on))]
        if version.ended_on:
            lines.append(_("Beëindigd op: %(date)s", date=format_date(version.ended_on)))
        if version.reason and version.change != DeclarationChange.published:
            lines.append(_("Reden: %(reason)s", reason=version.reason))
        note = correction_note(declaration.lateness())
        if note and version.change == DeclarationChange.corrected and version.started_on == \
                declaration.published_version.started_on:
            lines.append(note)
        link = url_for("public.politician", body_slug=body_.slug, politician_slug=politician.slug,
                       _external=True) + f"#opgave-{declaration.id}"
        entries.append(Entry(
            tag=f"tag:{_authority()},{TAG_DATE}:declaration:{declaration.id}:version:{version.number}",
            title=f"{titles[version.change]}: {politician.name} ({body_.name}) — "
                  f"{_declaration_title(version, shown)}",
            updated=version.published_at, link=link, text="\n".join(lines)))
    return entries


def _agreement_entries(body: Body | None) -> list[Entry]:
    rows = db.session.execute(_in_body(
        select(AgreementVersion, Agreement, Politician, Body)
        .join(Agreement, AgreementVersion.agreement_id == Agreement.id)
        .join(Politician, Agreement.politician_id == Politician.id)
        .join(Body, Politician.body_id == Body.id)
        .where(AgreementVersion.signed_off_at.is_not(None))
        .options(selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer))
        .order_by(AgreementVersion.signed_off_at.desc(), AgreementVersion.id.desc()).limit(FEED_SIZE),
        body)).all()
    entries = []
    for version, agreement, politician, body_ in rows:
        signers = ", ".join(_("%(name)s op %(date)s", name=s.signer_name, date=format_date(s.created_at))
                            for s in version.approvals)
        link = url_for("public.politician", body_slug=body_.slug, politician_slug=politician.slug,
                       _external=True) + f"#afspraak-{agreement.id}"
        entries.append(Entry(
            tag=f"tag:{_authority()},{TAG_DATE}:agreement:{agreement.id}:version:{version.number}",
            title=_("Afspraak afgetekend: %(name)s (%(body)s) — %(title)s", name=politician.name,
                    body=body_.name, title=version.title),
            updated=version.signed_off_at, link=link,
            text=version.text + "\n" + _("Afgetekend door: %(signers)s", signers=signers)))
    return entries


def newest_changes(body: Body | None) -> list[Entry]:
    """The newest FEED_SIZE published changes, newest first (2 to 4 queries)."""
    entries = _declaration_entries(body) + _agreement_entries(body)
    return sorted(entries, key=lambda e: (e.updated, e.tag), reverse=True)[:FEED_SIZE]


def atom(body: Body | None) -> bytes:
    """The Atom document for the whole register or one body."""
    entries = newest_changes(body)
    feed = FeedGenerator()
    if body is None:
        feed.id(f"tag:{_authority()},{TAG_DATE}:feed")
        feed.title(_("Belangenregister: nieuwe en gewijzigde opgaven en afspraken"))
        self_url = url_for("opendata.feed", _external=True)
        page_url = url_for("public.index", _external=True)
    else:
        feed.id(f"tag:{_authority()},{TAG_DATE}:feed:{body.slug}")
        feed.title(_("Belangenregister %(body)s: nieuwe en gewijzigde opgaven en afspraken", body=body.name))
        self_url = url_for("opendata.body_feed", body_slug=body.slug, _external=True)
        page_url = url_for("public.body", body_slug=body.slug, _external=True)
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.author({"name": "Belangenregister"})
    feed.language("nl")
    feed.rights(_("Vrij te hergebruiken (CC0)"))
    feed.updated(entries[0].updated if entries else (body.created_at if body is not None else utcnow()))
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(item.tag)
        entry.title(_clean(item.title))
        entry.updated(item.updated)
        entry.published(item.updated)
        entry.link(href=item.link, rel="alternate", type="text/html")
        entry.content(_clean(item.text), type="text")
    return feed.atom_str(pretty=True)
