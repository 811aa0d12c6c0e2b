"""What an import would do, row by row, before anything is saved: create, change, leave unchanged, skip or
refuse (with the reason). People are matched by e-mail address, then by their Popolo id, then by name among this
body's politicians without an account, so importing the same file again changes nothing."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from register.admin.importer import ParsedFile, PersonRow
from register.admin.services import belongs_to, derive_sort_name, fully_manages, today_local
from register.extensions import db
from register.models import Body, Group, Office, Politician, User
from register.models.people import EXECUTIVE_OFFICES, OFFICE_LABELS, offices_for
from register.slugs import make_slug

CREATE, UPDATE, UNCHANGED, SKIPPED, REFUSED = "create", "update", "unchanged", "skipped", "refused"
ACTION_LABELS = {CREATE: "nieuw", UPDATE: "gewijzigd", UNCHANGED: "ongewijzigd", SKIPPED: "overgeslagen",
                 REFUSED: "geweigerd"}
# Office names people write, besides the labels and the codes.
OFFICE_ALIASES = {"commissaris van de koning": Office.commissaris, "cdk": Office.commissaris,
                  "algemeen bestuurslid": Office.ab_lid, "ab-lid": Office.ab_lid, "lid ab": Office.ab_lid,
                  "dagelijks bestuurslid": Office.db_lid, "db-lid": Office.db_lid, "lid db": Office.db_lid,
                  "burgerlid": Office.burgerlid, "commissielid": Office.burgerlid}
DATE_FORMATS = (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$"), re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"))


@dataclass
class PlannedRow:
    row: PersonRow
    action: str = CREATE
    reasons: list[str] = field(default_factory=list)
    changes: dict[str, tuple] = field(default_factory=dict)
    office: Office | None = None
    group: Group | None = None
    new_group: str | None = None
    start: date | None = None
    politician: Politician | None = None
    user: User | None = None       # an existing account to link
    invite: bool = False           # a new account is made and invited

    @property
    def label(self) -> str:
        return _(ACTION_LABELS[self.action])

    def refuse(self, reason: str) -> None:
        self.action = REFUSED
        self.reasons.append(reason)


@dataclass
class Plan:
    body: Body
    kind: str
    rows: list[PlannedRow]
    notes: list[str]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def new_groups(self) -> list[str]:
        return list(dict.fromkeys(r.new_group for r in self.rows if r.new_group and r.action in (CREATE, UPDATE)))

    @property
    def refused(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == REFUSED]

    @property
    def has_work(self) -> bool:
        return any(r.action in (CREATE, UPDATE) for r in self.rows)


def office_from(text: str) -> Office | None:
    key = " ".join(text.lower().split())
    for office, label in OFFICE_LABELS.items():
        if key in (office.value, str(label).lower()):
            return office
    return OFFICE_ALIASES.get(key)


def parse_date(text: str) -> date:
    """dd-mm-jjjj (also with / or .) or jjjj-mm-dd; ValueError when it is no date."""
    text = text.strip()
    for pattern in DATE_FORMATS:
        match = pattern.match(text)
        if match:
            a, b, c = (int(x) for x in match.groups())
            return date(c, b, a) if pattern is DATE_FORMATS[0] else date(a, b, c)
    raise ValueError(text)


@dataclass
class _Context:
    body: Body
    groups: dict[str, Group]
    by_external: dict[str, Politician]
    by_name: dict[str, Politician]
    users: dict[str, User]


def _context(body: Body, parsed: ParsedFile) -> _Context:
    """Everything the plan looks at, in a fixed number of queries."""
    groups = {make_slug(g.name, "fractie"): g
              for g in db.session.scalars(select(Group).where(Group.body_id == body.id))}
    people = list(db.session.scalars(select(Politician).where(Politician.body_id == body.id)
                                     .options(selectinload(Politician.user), selectinload(Politician.group))))
    emails = {r.email.strip().lower() for r in parsed.rows if r.email}
    users = {u.email: u for u in db.session.scalars(
        select(User).where(func.lower(User.email).in_(emails)).options(selectinload(User.politician),
                                                                       selectinload(User.grants)))} if emails else {}
    return _Context(body, groups, {p.external_id: p for p in people if p.external_id},
                    {p.name.casefold(): p for p in people if p.user is None and p.active}, users)


def group_slug(name: str) -> str:
    return make_slug(name, "fractie")


def _check_fields(planned: PlannedRow, body: Body) -> None:
    row = planned.row
    if not row.name:
        planned.refuse(_("De naam ontbreekt."))
    elif len(row.name) > 160 or any(ord(c) < 32 for c in row.name):
        planned.refuse(_("De naam is te lang of bevat stuurtekens."))
    planned.office = office_from(row.office) if row.office else None
    allowed = offices_for(body.kind)
    if planned.office not in allowed:
        planned.refuse(_("Onbekend ambt '%(office)s' voor een %(kind)s; kies uit: %(choices)s.",
                         office=row.office or "—", kind=body.kind_label.lower(),
                         choices=", ".join(str(OFFICE_LABELS[o]).lower() for o in allowed)))
    if row.portfolio and planned.office is not None and planned.office not in EXECUTIVE_OFFICES:
        planned.refuse(_("Alleen bestuurders hebben een portefeuille (niet een %(office)s).",
                         office=str(OFFICE_LABELS[planned.office]).lower()))
    if row.email:
        try:
            row.email = validate_email(row.email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            planned.refuse(_("Ongeldig e-mailadres '%(email)s'.", email=row.email))


def _check_dates(planned: PlannedRow, body: Body) -> None:
    row = planned.row
    for text, end in ((row.start, False), (row.end, True)):
        if not text:
            continue
        try:
            value = parse_date(text)
        except ValueError:
            planned.refuse(_("Ongeldige datum '%(date)s'; schrijf dd-mm-jjjj, bijvoorbeeld 30-03-2022.", date=text))
            continue
        if end and value < today_local():
            planned.action = SKIPPED if planned.action != REFUSED else REFUSED
            planned.reasons.append(_("Lidmaatschap beëindigd op %(date)s: niet geïmporteerd.",
                                     date=value.strftime("%d-%m-%Y")))
        elif not end:
            planned.start = value


def _check_group(planned: PlannedRow, context: _Context) -> None:
    name = planned.row.group
    if not name:
        return
    group = context.groups.get(make_slug(name, "fractie"))
    if group is None:
        planned.new_group = name[:160]
    elif not group.active:
        planned.refuse(_("Fractie '%(name)s' is gedeactiveerd; activeer haar eerst of kies een andere.",
                         name=group.name))
    else:
        planned.group = group


def _duplicates(planned: list[PlannedRow]) -> None:
    """An address or id twice in one file: which line is right is not for the import to guess."""
    for attr, message in (("email", _("Het e-mailadres %(value)s staat ook op regel %(lines)s.")),
                          ("external_id", _("Het id %(value)s staat ook bij persoon %(lines)s."))):
        seen: dict[str, list[int]] = {}
        for p in planned:
            value = getattr(p.row, attr).lower()
            if value:
                seen.setdefault(value, []).append(p.row.line)
        for p in planned:
            lines = seen.get(getattr(p.row, attr).lower(), [])
            if len(lines) > 1:
                p.refuse(message % {"value": getattr(p.row, attr),
                                    "lines": ", ".join(str(n) for n in lines if n != p.row.line)})


def _match(planned: PlannedRow, context: _Context) -> None:
    """Find the person this row is about: by e-mail, by Popolo id, or by name (a politician without account)."""
    row, body = planned.row, context.body
    user = context.users.get(row.email) if row.email else None
    if user is not None:
        if user.politician is not None and user.politician.body_id != body.id:
            return planned.refuse(_("Het e-mailadres %(email)s hoort bij een ambtsdrager van een ander orgaan.",
                                    email=row.email))
        if user.politician is None and not (belongs_to(user, body) and fully_manages(user, body)):
            return planned.refuse(_("Het e-mailadres %(email)s is in gebruik bij een ander orgaan.", email=row.email))
        planned.politician, planned.user = user.politician, (user if user.politician is None else None)
        return None
    politician = context.by_external.get(row.external_id) if row.external_id else None
    politician = politician or context.by_name.get(row.name.casefold())
    if politician is not None and politician.user is not None:
        return planned.refuse(_("%(name)s heeft al een account met een ander e-mailadres (%(email)s).",
                                name=politician.name, email=politician.user.email))
    planned.politician, planned.invite = politician, bool(row.email)
    if not row.email:
        planned.reasons.append(_("Geen e-mailadres: er wordt geen account gemaakt en geen uitnodiging gestuurd."))
    return None


def _wanted(planned: PlannedRow) -> dict:
    """The stored values this row asks for (a start date or portfolio the file leaves out stays as it is)."""
    row = planned.row
    wanted: dict[str, object] = {"name": row.name, "office": planned.office}
    if planned.start is not None:
        wanted["term_start"] = planned.start
    if row.portfolio is not None:
        wanted["portfolio"] = ", ".join(t.strip() for t in row.portfolio.split(",") if t.strip()) or None
    if row.external_id:
        wanted["external_id"] = row.external_id
    return wanted


def _compare(planned: PlannedRow, context: _Context) -> None:
    politician = planned.politician
    if politician is None:
        planned.start = planned.start or context.body.term_start
        if planned.start is None:
            planned.refuse(_("De begindatum ontbreekt (en het orgaan heeft geen begin van de zittingsperiode)."))
        return None
    if politician.created_in_error:
        return planned.refuse(_("%(name)s is gemarkeerd als aangemaakt in vergissing.", name=politician.name))
    changes = {key: (getattr(politician, key), value) for key, value in _wanted(planned).items()
               if getattr(politician, key) != value}
    if planned.row.group is not None:
        old = politician.group.name if politician.group else None
        new = planned.group.name if planned.group else planned.new_group
        if old != new:
            changes["group"] = (old, new)
    if planned.user is not None or planned.invite:
        changes["account"] = (None, planned.row.email)
    if not politician.active:
        planned.action = SKIPPED
        return planned.reasons.append(_("De zittingsperiode van %(name)s is beëindigd; niets gewijzigd.",
                                        name=politician.name))
    planned.action, planned.changes = (UPDATE, changes) if changes else (UNCHANGED, {})
    return None


def make_plan(body: Body, parsed: ParsedFile) -> Plan:
    """The preview: every row with what would happen and why (a fixed number of queries)."""
    context = _context(body, parsed)
    rows = [PlannedRow(row=r) for r in parsed.rows]
    for planned in rows:
        _check_fields(planned, body)
        _check_dates(planned, body)
        _check_group(planned, context)
    _duplicates(rows)
    for planned in rows:
        if planned.action == CREATE:
            _match(planned, context)
        if planned.action == CREATE:
            _compare(planned, context)
    return Plan(body, parsed.kind, rows, parsed.notes)


def sort_name_for(planned: PlannedRow) -> str:
    return derive_sort_name(planned.row.name)
