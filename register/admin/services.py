"""The griffie's operations on a body: settings, fracties, politicians and accounts; each writes its audit event."""
from __future__ import annotations

from datetime import date, datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from register.audit import record
from register.auth.invitations import invite_new_user
from register.auth.services import (
    AccountError, end_sessions, find_user_by_email,
)
from register.extensions import db
from register.models import Body, FormerSlug, Group, Office, Politician, RoleGrant, RoleKind, User
from register.models.people import EXECUTIVE_OFFICES, OFFICE_LABELS, offices_for
from register.models.base import utcnow
from register.slugs import make_slug, unique_slug


class AdminError(ValueError):
    """A refused management operation, with a Dutch message for the user."""


# ---------------------------------------------------------------------------------------------------- helpers

def derive_sort_name(name: str) -> str:
    """Last word first, for sorting lists: 'Anna de Vries' -> 'Vries, Anna de'."""
    words = name.split()
    sort_name = f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name.strip()
    return sort_name[:160]


def today_local() -> date:
    """Today's date in the Netherlands (a term that ends 'today' ends on the Dutch date)."""
    return datetime.now(ZoneInfo(current_app.config.get("DISPLAY_TIMEZONE", "Europe/Amsterdam"))).date()


def _apply(obj, values: dict) -> dict[str, list]:
    """Set the attributes that differ; return {field: [old, new]} for the audit trail."""
    changes = {}
    for attr, new in values.items():
        old = getattr(obj, attr)
        if old != new:
            changes[attr] = [old, new]
            setattr(obj, attr, new)
    return changes


# ---------------------------------------------------------------------------------------------------- body

def update_body_settings(body: Body, *, name: str, declaration_deadline_days: int, required_sign_offs: int,
                         actor, griffie_may_sign_off: bool | None = None) -> dict[str, list]:
    """Change the body's name and rules; returns the changes (empty when nothing changed)."""
    if not 1 <= declaration_deadline_days <= 365:
        raise AdminError(_("De termijn moet tussen 1 en 365 dagen liggen."))
    if not 1 <= required_sign_offs <= 5:
        raise AdminError(_("Het aantal aftekeningen moet tussen 1 en 5 liggen."))
    values = dict(name=name.strip(), declaration_deadline_days=declaration_deadline_days,
                  required_sign_offs=required_sign_offs)
    if griffie_may_sign_off is not None:
        values["griffie_may_sign_off"] = bool(griffie_may_sign_off)
    changes = _apply(body, values)
    if changes:
        db.session.flush()
        record("body.settings_updated", body, actor=actor, body_id=body.id, changes=changes)
    return changes


# ---------------------------------------------------------------------------------------------------- fracties

def _check_group_name(body: Body, name: str, exclude: Group | None = None) -> None:
    wanted = make_slug(name, "fractie")
    for group in db.session.scalars(select(Group).where(Group.body_id == body.id)):
        if group is not exclude and make_slug(group.name, "fractie") == wanted:
            raise AdminError(_("Er bestaat in dit orgaan al een fractie met de naam '%(name)s'.", name=group.name))


def create_group(body: Body, *, name: str, actor) -> Group:
    """A new fractie in this body; its slug comes from the name."""
    name = name.strip()
    _check_group_name(body, name)
    taken = set(db.session.scalars(select(Group.slug).where(Group.body_id == body.id)))
    group = Group(body=body, name=name, slug=unique_slug(make_slug(name, "fractie"), taken, 80))
    db.session.add(group)
    db.session.flush()
    record("group.created", group, actor=actor, body_id=body.id, name=name, slug=group.slug)
    return group


def update_group(group: Group, *, name: str, actor) -> dict[str, list]:
    """Rename a fractie; the slug stays, so links to it keep working."""
    name = name.strip()
    _check_group_name(group.body, name, exclude=group)
    changes = _apply(group, {"name": name})
    if changes:
        record("group.updated", group, actor=actor, body_id=group.body_id, changes=changes)
    return changes


def set_group_active(group: Group, active: bool, *, actor) -> None:
    """Deactivate or reactivate a fractie; it is never deleted."""
    if group.active == active:
        raise AdminError(_("Deze fractie is al actief.") if active else _("Deze fractie is al gedeactiveerd."))
    group.active = active
    record("group.reactivated" if active else "group.deactivated", group, actor=actor, body_id=group.body_id,
           name=group.name)


# ---------------------------------------------------------------------------------------------------- ambtsdragers

def _politician_values(body: Body, *, name: str, sort_name: str | None, office: Office, group: Group | None,
                       term_start: date | None, term_end: date | None, portfolio: str | None = None,
                       current_office: Office | None = None) -> dict:
    if group is not None and group.body_id != body.id:
        raise AdminError(_("Deze fractie hoort niet bij dit orgaan."))
    if office not in offices_for(body.kind) and office != current_office:
        raise AdminError(_("Het ambt %(office)s bestaat niet in een %(kind)s.", office=OFFICE_LABELS[office],
                           kind=body.kind_label.lower()))
    portfolio = ", ".join(t.strip() for t in (portfolio or "").split(",") if t.strip()) or None
    if portfolio and office not in EXECUTIVE_OFFICES:
        raise AdminError(_("Alleen bestuurders (zoals wethouder, gedeputeerde, dijkgraaf) hebben een portefeuille."))
    if term_start and term_end and term_end < term_start:
        raise AdminError(_("Het einde van de zittingsperiode ligt vóór het begin."))
    name = name.strip()
    return dict(name=name, sort_name=(sort_name or "").strip() or derive_sort_name(name), office=office,
                group_id=group.id if group else None, term_start=term_start, term_end=term_end, portfolio=portfolio)


def create_politician(body: Body, *, actor, **fields) -> Politician:
    """A new ambtsdrager in this body; the slug comes from the name (with -2, -3 … when taken)."""
    values = _politician_values(body, **fields)
    # A former slug stays reserved: it redirects to its politician's page and must not start to mean another.
    taken = set(db.session.scalars(select(Politician.slug).where(Politician.body_id == body.id)))
    taken |= set(db.session.scalars(select(FormerSlug.slug).where(FormerSlug.body_id == body.id)))
    politician = Politician(body=body, slug=unique_slug(make_slug(values["name"], "ambtsdrager", 120), taken, 120),
                            **values)
    db.session.add(politician)
    db.session.flush()
    record("politician.created", politician, actor=actor, body_id=body.id, slug=politician.slug, **values)
    return politician


def update_politician(politician: Politician, *, actor, **fields) -> dict[str, list]:
    """Change an ambtsdrager's details; the slug stays, so public links keep working."""
    changes = _apply(politician, _politician_values(politician.body, current_office=politician.office, **fields))
    if changes:
        db.session.flush()
        record("politician.updated", politician, actor=actor, body_id=politician.body_id, name=politician.name,
               changes=changes)
    return changes


def deactivate_politician(politician: Politician, *, actor, reason: str, term_end: date | None = None) -> None:
    """End the ambtsdrager's term on `term_end` (default: today, or the end date already set), with a reason for
    the audit trail; the record stays, and the public pages show a former member for the retention period."""
    if not politician.active:
        raise AdminError(_("Deze ambtsdrager is al gedeactiveerd."))
    reason = (reason or "").strip()
    if not reason:
        raise AdminError(_("Geef een reden voor het beëindigen van de zittingsperiode."))
    end = term_end or politician.term_end or today_local()
    if politician.term_start and end < politician.term_start:
        raise AdminError(_("De laatste dag ligt vóór het begin van de zittingsperiode (%(date)s).",
                           date=politician.term_start.strftime("%d-%m-%Y")))
    if end > today_local():
        raise AdminError(_("De laatste dag ligt in de toekomst. Vul dan bij Wijzigen het einde van de "
                           "zittingsperiode in; deactiveer op of na die dag."))
    politician.active = False
    politician.term_end = end
    record("politician.deactivated", politician, actor=actor, body_id=politician.body_id, name=politician.name,
           term_end=politician.term_end, reason=reason)


def reactivate_politician(politician: Politician, *, actor) -> None:
    """Undo a deactivation; an end date in the past is cleared."""
    if politician.active:
        raise AdminError(_("Deze ambtsdrager is al actief."))
    if politician.created_in_error:
        raise AdminError(_("Deze ambtsdrager is aangemaakt in vergissing en kan niet weer actief worden. Voeg "
                           "de persoon zo nodig opnieuw toe."))
    politician.active = True
    old_end = politician.term_end
    if old_end is not None and old_end <= today_local():
        politician.term_end = None
    record("politician.reactivated", politician, actor=actor, body_id=politician.body_id, name=politician.name,
           changes={"term_end": [old_end, politician.term_end]} if old_end != politician.term_end else {})


# ---------------------------------------------------------------------------------------------------- accounts

def _body_group_ids(body: Body):
    return select(Group.id).where(Group.body_id == body.id)


def accounts_of(body: Body):
    """A select of the users that belong to this body: a role (also a revoked one) there, or one of its politicians."""
    grant = select(RoleGrant.user_id).where(or_(RoleGrant.body_id == body.id,
                                                RoleGrant.group_id.in_(_body_group_ids(body))))
    politician = select(Politician.id).where(Politician.body_id == body.id)
    return select(User).where(or_(User.id.in_(grant), User.politician_id.in_(politician)))


def belongs_to(user: User, body: Body) -> bool:
    return db.session.scalar(accounts_of(body).where(User.id == user.id).with_only_columns(User.id)) is not None


def other_bodies(user: User, body: Body) -> set[int]:
    """The other bodies where this account has a current role or politician: its griffie manages it there too."""
    ids = {_grant_body_id(g) for g in user.grants if g.revoked_at is None}
    if user.politician is not None:
        ids.add(user.politician.body_id)
    ids.discard(body.id)
    return {i for i in ids if i is not None}


def _grant_body_id(grant: RoleGrant) -> int | None:
    """The body of a griffie grant, or of the fractie of a reviewer grant."""
    if grant.body_id:
        return grant.body_id
    return grant.group.body_id if grant.group is not None else None


def fully_manages(user: User, body: Body) -> bool:
    """A griffie may change the login (name, e-mail, password, active) only of accounts of their body alone."""
    return not other_bodies(user, body)


def create_account(body: Body, *, name: str, email: str, actor, politician: Politician | None,
                   reviewer_of: Iterable[Group], griffie: bool) -> User:
    """An account with roles in this body only; it gets an invitation to choose its own password."""
    reviewer_of = list(reviewer_of)
    if (politician is not None and politician.body_id != body.id) or any(g.body_id != body.id for g in reviewer_of):
        raise AccountError(_("Een rol hoort niet bij dit orgaan."))
    if politician is None and not reviewer_of and not griffie:
        raise AccountError(_("Kies ten minste één rol voor dit account."))
    return invite_new_user(body=body, email=email, name=name, actor=actor, politician=politician,
                           reviewer_of=reviewer_of, griffie=griffie)


def update_profile(user: User, body: Body, *, name: str, email: str, actor) -> dict[str, list]:
    """Change the name and e-mail address of an account."""
    email = email.strip().lower()
    other = find_user_by_email(email)
    if other is not None and other.id != user.id:
        raise AccountError(_("Er bestaat al een account met dit e-mailadres."))
    changes = _apply(user, {"name": name.strip(), "email": email})
    if changes:
        record("account.updated", user, actor=actor, body_id=body.id, changes=changes)
    return changes


def link_politician(user: User, body: Body, politician: Politician | None, *, actor) -> bool:
    """Link the account to a politician of this body without an account, or unlink it; True when changed."""
    old = user.politician
    if old is politician:
        return False
    if old is not None and old.body_id != body.id:
        raise AccountError(_("Dit account hoort bij een ambtsdrager van een ander orgaan."))
    if politician is not None:
        if politician.body_id != body.id:
            raise AccountError(_("Deze ambtsdrager hoort niet bij dit orgaan."))
        if politician.user is not None:
            raise AccountError(_("Deze ambtsdrager heeft al een account."))
    user.politician = politician
    db.session.flush()
    if old is not None:
        record("account.politician_unlinked", user, actor=actor, body_id=body.id, politician_id=old.id,
               politician=old.name)
    if politician is not None:
        record("account.politician_linked", user, actor=actor, body_id=body.id, politician_id=politician.id,
               politician=politician.name)
    return True


def _grant(user: User, body: Body, role: RoleKind, group: Group | None, actor) -> None:
    user.grants.append(RoleGrant(role=role, body_id=body.id, group=group))
    record("account.role_granted", user, actor=actor, body_id=body.id, role=role.value,
           group_id=group.id if group else None, group=group.name if group else None)


def _revoke(grant: RoleGrant, body: Body, actor) -> None:
    grant.revoked_at = utcnow()
    record("account.role_revoked", grant.user, actor=actor, body_id=body.id, role=grant.role.value,
           group_id=grant.group_id, group=grant.group.name if grant.group else None)


def set_roles(user: User, body: Body, *, reviewer_of: Iterable[Group], griffie: bool, actor) -> int:
    """Grant and revoke this body's roles so that they match; other bodies' roles stay. Returns the number changed."""
    wanted = {g.id: g for g in reviewer_of}
    if any(g.body_id != body.id for g in wanted.values()):
        raise AccountError(_("Een fractie hoort niet bij dit orgaan."))
    current_griffie = [g for g in user.active_grants(RoleKind.griffie) if g.body_id == body.id]
    if current_griffie and not griffie and user.id == getattr(actor, "id", None) \
            and user.griffie_body_ids == {body.id}:
        raise AccountError(_("U kunt uw eigen laatste griffierol niet intrekken. Laat een andere griffier dit doen."))
    current_reviewer = {g.group_id: g for g in user.active_grants(RoleKind.reviewer)
                        if g.group is not None and g.group.body_id == body.id}
    changed = 0
    for group_id, grant in current_reviewer.items():
        if group_id not in wanted:
            _revoke(grant, body, actor)
            changed += 1
    for group_id, group in wanted.items():
        if group_id not in current_reviewer:
            _grant(user, body, RoleKind.reviewer, group, actor)
            changed += 1
    if griffie and not current_griffie:
        _grant(user, body, RoleKind.griffie, None, actor)
        changed += 1
    for grant in current_griffie if not griffie else []:
        _revoke(grant, body, actor)
        changed += 1
    db.session.flush()
    return changed


def update_account(user: User, body: Body, *, profile: dict | None, link: dict | None,
                   reviewer_of: Iterable[Group], griffie: bool, actor) -> int:
    """One edit of an account: name and e-mail (profile), politician link, and this body's roles.

    profile or link is None when this griffie may not change it; returns the number of changes."""
    changed = len(update_profile(user, body, actor=actor, **profile)) if profile is not None else 0
    if link is not None:
        changed += link_politician(user, body, link["politician"], actor=actor)
    return changed + set_roles(user, body, reviewer_of=reviewer_of, griffie=griffie, actor=actor)


def set_account_active(user: User, body: Body, active: bool, *, actor, reason: str | None = None) -> None:
    """Deactivate (ending every session, with a reason) or reactivate an account; it is never deleted."""
    if user.active == active:
        raise AccountError(_("Dit account is al actief.") if active else _("Dit account is al gedeactiveerd."))
    if not active and user.id == getattr(actor, "id", None):
        raise AccountError(_("U kunt uw eigen account niet deactiveren. Laat een andere griffier dit doen."))
    reason = (reason or "").strip()
    if not active and not reason:
        raise AccountError(_("Geef een reden voor het deactiveren."))
    user.active = active
    if not active:
        end_sessions(user)
    record("account.reactivated" if active else "account.deactivated", user, actor=actor, body_id=body.id,
           email=user.email, **({"reason": reason} if reason else {}))
