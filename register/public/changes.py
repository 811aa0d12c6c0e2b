"""Published changes, newest first: the one query home of the Atom feeds, the recent-changes pages (/wijzigingen)
and the e-mail alerts, so that all of them show the same changes.

A change is a declaration version published (new, corrected, ended, withdrawn), an agreement version signed off,
or a recusal under a public agreement. Drafts and versions never signed off have no publication time, so they never
appear; only politicians still on the public pages count (publicly_listed_clause).

Paging costs a fixed number of queries: each source gives the keys of its newest `offset + size + 1` changes in
an ordered, limited subquery (a walk down the index on its timestamp), one UNION ALL merges them, and one query
per source loads the rows of the page.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import literal, select, union_all
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import (
    Agreement, AgreementVersion, Body, Declaration, DeclarationChange, DeclarationVersion, Group, Politician, Recusal,
    SignOff,
)
from register.public.late import lateness_columns, row_days_late
from register.public.queries import publicly_listed_clause
from register.public.timeliness import correction_note
from register.templating import format_date

KINDS = ("new", "corrected", "ended", "withdrawn", "agreement", "recusal")
KIND_LABELS = {
    "new": _l("Nieuwe opgave"), "corrected": _l("Correctie"), "ended": _l("Beëindigd"),
    "withdrawn": _l("Ingetrokken"), "agreement": _l("Afspraak afgetekend"), "recusal": _l("Onthouding vastgelegd"),
}
DECLARATION_CHANGES = {"new": DeclarationChange.published, "corrected": DeclarationChange.corrected,
                       "ended": DeclarationChange.ended, "withdrawn": DeclarationChange.withdrawn}
KIND_OF_CHANGE = {change: kind for kind, change in DECLARATION_CHANGES.items()}
LATE_BATCH = 500  # rows fetched at a time while looking for late declarations


@dataclass(frozen=True)
class Scope:
    """Which changes: of one body, fractie or politician (or all), of some kinds, late only, after a moment."""
    body_id: int | None = None
    group_id: int | None = None
    politician_id: int | None = None
    kinds: tuple[str, ...] = ()  # empty: every kind
    late: bool = False  # only new declarations made after the body's deadline
    since: datetime | None = None  # only changes after this moment (the alerts)

    def wants(self, kind: str) -> bool:
        if self.late:
            return kind == "new"
        return not self.kinds or kind in self.kinds


@dataclass
class Change:
    """One published change as every output shows it; shielded fields are already left out."""
    kind: str
    at: datetime
    politician: Politician
    body: Body
    group: Group | None
    subject: str
    describe: Callable[[], list[str]]  # the facts, one per line (feeds, mails): made only when asked for
    anchor: str = ""  # the item on the politician's page
    history_anchor: str = ""  # the entry on the politician's history page
    tag: str = ""  # stable part of the Atom entry id
    days_late: int | None = None  # new declarations only

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def lines(self) -> list[str]:
        return self.describe()


@dataclass
class ChangePage:
    changes: list[Change]
    page: int
    per_page: int
    more: bool  # a next page exists


# --- anchors on the politician's history page (public/history.py uses the same) ----------------------------------

def declaration_history_anchor(declaration_id: int, number: int) -> str:
    return f"wijziging-opgave-{declaration_id}-{number}"


def agreement_history_anchor(agreement_id: int, number: int) -> str:
    return f"wijziging-afspraak-{agreement_id}-{number}"


def recusal_history_anchor(recusal_id: int) -> str:
    return f"wijziging-onthouding-{recusal_id}"


# --- which changes: keys in order ---------------------------------------------------------------------------------

def _people(statement, scope: Scope):
    statement = statement.where(publicly_listed_clause())
    for column, value in ((Politician.body_id, scope.body_id), (Politician.group_id, scope.group_id),
                          (Politician.id, scope.politician_id)):
        if value is not None:
            statement = statement.where(column == value)
    return statement


def _declaration_keys(scope: Scope, limit: int):
    changes = [change for kind, change in DECLARATION_CHANGES.items() if scope.wants(kind)]
    if not changes:
        return None
    at = DeclarationVersion.published_at
    statement = (select(literal("declaration").label("source"), DeclarationVersion.id.label("id"), at.label("at"))
                 .join(Declaration, DeclarationVersion.declaration_id == Declaration.id)
                 .join(Politician, Declaration.politician_id == Politician.id)
                 .where(at.is_not(None), DeclarationVersion.change.in_(changes)))
    if scope.since is not None:
        statement = statement.where(at > scope.since)
    return _people(statement, scope).order_by(at.desc(), DeclarationVersion.id.desc()).limit(limit)


def _agreement_keys(scope: Scope, limit: int):
    if not scope.wants("agreement"):
        return None
    at = AgreementVersion.signed_off_at
    statement = (select(literal("agreement").label("source"), AgreementVersion.id.label("id"), at.label("at"))
                 .join(Agreement, AgreementVersion.agreement_id == Agreement.id)
                 .join(Politician, Agreement.politician_id == Politician.id).where(at.is_not(None)))
    if scope.since is not None:
        statement = statement.where(at > scope.since)
    return _people(statement, scope).order_by(at.desc(), AgreementVersion.id.desc()).limit(limit)


def _recusal_keys(scope: Scope, limit: int):
    if not scope.wants("recusal"):
        return None
    at = Recusal.created_at
    statement = (select(literal("recusal").label("source"), Recusal.id.label("id"), at.label("at"))
                 .join(Agreement, Recusal.agreement_id == Agreement.id)
                 .join(Politician, Recusal.politician_id == Politician.id)
                 .where(Agreement.signed_number.is_not(None)))
    if scope.since is not None:
        statement = statement.where(at > scope.since)
    return _people(statement, scope).order_by(at.desc(), Recusal.id.desc()).limit(limit)


def _merged_keys(scope: Scope, limit: int) -> list[tuple[str, int]]:
    """The newest `limit` changes of every wanted source, merged newest first (one query)."""
    parts = [part for part in (_declaration_keys(scope, limit), _agreement_keys(scope, limit),
                               _recusal_keys(scope, limit)) if part is not None]
    if not parts:
        return []
    # Each part keeps its own ORDER BY and LIMIT inside a subquery (SQLite allows neither on a compound member).
    merged = union_all(*(select(part.subquery()) for part in parts)).subquery()
    rows = db.session.execute(select(merged.c.source, merged.c.id)
                              .order_by(merged.c.at.desc(), merged.c.source, merged.c.id.desc()).limit(limit))
    return [(source, id_) for source, id_ in rows]


def _late_keys(scope: Scope, limit: int) -> list[tuple[str, int]]:
    """The newest `limit` first publications of late declarations. Lateness is the model's rule in Python, so one
    streamed query walks the publications newest first until it has found enough."""
    at = DeclarationVersion.published_at
    statement = (select(DeclarationVersion.id, *lateness_columns())
                 .join(Declaration, DeclarationVersion.declaration_id == Declaration.id)
                 .join(Politician, Declaration.politician_id == Politician.id)
                 .where(at.is_not(None), DeclarationVersion.change == DeclarationChange.published))
    if scope.since is not None:
        statement = statement.where(at > scope.since)
    statement = _people(statement, scope).order_by(at.desc(), DeclarationVersion.id.desc())
    keys: list[tuple[str, int]] = []
    result = db.session.execute(statement.execution_options(yield_per=LATE_BATCH))
    try:
        for row in result:
            if (row_days_late(row) or 0) > 0:
                keys.append(("declaration", row.id))
                if len(keys) >= limit:
                    break
    finally:
        result.close()
    return keys


# --- the rows of one page -----------------------------------------------------------------------------------------

def _organisation_shown(declaration: Declaration, version: DeclarationVersion) -> bool:
    """Shown only when this version and the newest published one both allow it (a later shield counts back)."""
    newest = declaration.published_version or version
    return version.is_field_public("organisation") and newest.is_field_public("organisation")


def _declaration_lines(declaration: Declaration, version: DeclarationVersion, shown: bool) -> list[str]:
    lines = [_("Soort: %(kind)s", kind=declaration.kind_label),
             _("Organisatie: %(value)s", value=version.organisation if shown else _("afgeschermd")),
             _("Functie: %(value)s", value=version.role),
             _("Begonnen op: %(date)s", date=format_date(version.started_on))]
    if version.ended_on:
        lines.append(_("Beëindigd op: %(date)s", date=format_date(version.ended_on)))
    if version.reason and version.change != DeclarationChange.published:
        lines.append(_("Reden: %(reason)s", reason=version.reason))
    note = correction_note(declaration.lateness())
    newest = declaration.published_version or version
    if note and version.change == DeclarationChange.corrected and \
            version.started_on == newest.started_on:  # the deadline still counts from the first start date
        lines.append(note)
    return lines


def _declaration_changes(ids: list[int]) -> dict[int, Change]:
    rows = db.session.execute(
        select(DeclarationVersion, Declaration, Politician, Body, Group)
        .join(Declaration, DeclarationVersion.declaration_id == Declaration.id)
        .join(Politician, Declaration.politician_id == Politician.id)
        .join(Body, Politician.body_id == Body.id).outerjoin(Group, Politician.group_id == Group.id)
        .where(DeclarationVersion.id.in_(ids)).options(selectinload(Declaration.published_version)))
    found = {}
    for version, declaration, politician, body, group in rows:
        shown = _organisation_shown(declaration, version)
        kind = KIND_OF_CHANGE[version.change]
        found[version.id] = Change(
            kind=kind, at=version.published_at, politician=politician, body=body, group=group,
            subject=f"{version.role} — {version.organisation}" if shown else version.role,
            describe=partial(_declaration_lines, declaration, version, shown),
            anchor=f"opgave-{declaration.id}",
            history_anchor=declaration_history_anchor(declaration.id, version.number),
            tag=f"declaration:{declaration.id}:version:{version.number}",
            days_late=declaration.days_late() if kind == "new" else None)
    return found


def _agreement_lines(version: AgreementVersion) -> list[str]:
    signers = ", ".join(_("%(name)s op %(date)s", name=s.signer_name, date=format_date(s.created_at))
                        for s in version.approvals)
    return [version.text, _("Afgetekend door: %(signers)s", signers=signers)]


def _agreement_changes(ids: list[int]) -> dict[int, Change]:
    rows = db.session.execute(
        select(AgreementVersion, Agreement, Politician, Body, Group)
        .join(Agreement, AgreementVersion.agreement_id == Agreement.id)
        .join(Politician, Agreement.politician_id == Politician.id)
        .join(Body, Politician.body_id == Body.id).outerjoin(Group, Politician.group_id == Group.id)
        .where(AgreementVersion.id.in_(ids))
        .options(selectinload(AgreementVersion.sign_offs).selectinload(SignOff.reviewer)))
    found = {}
    for version, agreement, politician, body, group in rows:
        found[version.id] = Change(
            kind="agreement", at=version.signed_off_at, politician=politician, body=body, group=group,
            subject=version.title, describe=partial(_agreement_lines, version),
            anchor=f"afspraak-{agreement.id}", history_anchor=agreement_history_anchor(agreement.id, version.number),
            tag=f"agreement:{agreement.id}:version:{version.number}")
    return found


def _recusal_lines(recusal: Recusal, agreement: AgreementVersion) -> list[str]:
    return [_("Vergadering van %(date)s; volgt uit de afspraak “%(title)s”.",
              date=format_date(recusal.meeting_date), title=agreement.title)]


def _recusal_changes(ids: list[int]) -> dict[int, Change]:
    rows = db.session.execute(
        select(Recusal, Agreement, Politician, Body, Group)
        .join(Agreement, Recusal.agreement_id == Agreement.id)
        .join(Politician, Recusal.politician_id == Politician.id)
        .join(Body, Politician.body_id == Body.id).outerjoin(Group, Politician.group_id == Group.id)
        .where(Recusal.id.in_(ids)).options(selectinload(Agreement.signed_version)))
    found = {}
    for recusal, agreement, politician, body, group in rows:
        signed = agreement.signed_version
        if signed is None:  # never signed off, so not public (the keys ask for a signed-off agreement)
            continue
        found[recusal.id] = Change(
            kind="recusal", at=recusal.created_at, politician=politician, body=body, group=group,
            subject=recusal.agenda_item, describe=partial(_recusal_lines, recusal, signed),
            anchor=f"onthouding-{recusal.id}", history_anchor=recusal_history_anchor(recusal.id),
            tag=f"recusal:{recusal.id}")
    return found


LOADERS = {"declaration": _declaration_changes, "agreement": _agreement_changes, "recusal": _recusal_changes}


def _load(keys: list[tuple[str, int]]) -> list[Change]:
    loaded = {source: loader([id_ for s, id_ in keys if s == source]) if any(s == source for s, _ in keys) else {}
              for source, loader in LOADERS.items()}
    return [loaded[source][id_] for source, id_ in keys if id_ in loaded[source]]


def page_of_changes(scope: Scope, page: int = 1, per_page: int = 50) -> ChangePage:
    """One page of published changes, newest first (at most 5 queries, however deep the page)."""
    needed = page * per_page + 1
    keys = _late_keys(scope, needed) if scope.late else _merged_keys(scope, needed)
    shown = keys[(page - 1) * per_page:page * per_page]
    return ChangePage(_load(shown), page, per_page, more=len(keys) > page * per_page)
