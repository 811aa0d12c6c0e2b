"""The site administrator's operations: a new body, and a griffie for a body. Each writes its audit event."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from register.audit import record
from register.auth.invitations import invite_new_user
from register.auth.services import AccountError, find_user_by_email
from register.extensions import db
from register.models import Body, BodyKind, RoleGrant, RoleKind, User
from register.slugs import make_slug

# The words on the command line and in the form for each kind.
KIND_WORDS = {"gemeente": BodyKind.municipality, "provincie": BodyKind.province, "waterschap": BodyKind.water_board}
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
# Slugs that already mean something in the public addresses (/export/all.csv, /export/onthoudingen/…).
RESERVED_SLUGS = {"all", "onthoudingen", "static", "api"}


class SetupError(ValueError):
    """A refused set-up step, with a Dutch message."""


def suggested_slug(name: str) -> str:
    """The address name for a body, made from its name ('Provincie Zeeland' -> 'provincie-zeeland')."""
    return make_slug(name, "orgaan", SLUG_MAX)


def check_slug(slug: str) -> str:
    slug = (slug or "").strip().lower()
    if not SLUG_PATTERN.match(slug) or len(slug) > SLUG_MAX:
        raise SetupError(_("Een adresnaam bestaat uit kleine letters, cijfers en streepjes, zoals "
                           "provincie-zeeland (ten hoogste %(max)d tekens).", max=SLUG_MAX))
    if slug in RESERVED_SLUGS:
        raise SetupError(_("De adresnaam '%(slug)s' is gereserveerd; kies een andere.", slug=slug))
    if db.session.scalar(select(Body.id).where(Body.slug == slug)) is not None:
        raise SetupError(_("Er bestaat al een orgaan met de adresnaam '%(slug)s'.", slug=slug))
    return slug


def create_body(*, name: str, kind: BodyKind, slug: str | None = None, term_start: date | None = None,
                actor=None) -> Body:
    """A new body of this kind; the slug defaults to one made from the name."""
    name = (name or "").strip()
    if not name or len(name) > 160:
        raise SetupError(_("Vul de naam van het orgaan in (ten hoogste 160 tekens)."))
    slug = check_slug(slug or suggested_slug(name))
    body = Body(name=name, kind=kind, slug=slug, term_start=term_start)
    db.session.add(body)
    db.session.flush()
    record("body.created", body, actor=actor, body_id=body.id, name=name, slug=slug, kind=kind.value,
           term_start=term_start)
    return body


def add_griffie(body: Body, *, name: str, email: str, actor) -> tuple[User, bool]:
    """Make this person griffie of the body: a new account with an invitation, or a role for an existing one.
    Returns the account and whether it is new."""
    user = find_user_by_email(email or "")
    if user is None:
        return invite_new_user(body=body, email=email, name=name, actor=actor, griffie=True), True
    if not user.active:
        raise AccountError(_("Het account met dit e-mailadres is gedeactiveerd."))
    if user.is_griffie_of(body.id):
        raise AccountError(_("%(name)s is al griffie van %(body)s.", name=user.name, body=body.name))
    user.grants.append(RoleGrant(role=RoleKind.griffie, body_id=body.id))
    db.session.flush()
    record("account.role_granted", user, actor=actor, body_id=body.id, role=RoleKind.griffie.value)
    return user, False


def griffies_by_body() -> dict[int, list[User]]:
    """The active griffie accounts of every body (one query)."""
    result: dict[int, list[User]] = {}
    rows = db.session.execute(select(RoleGrant.body_id, User).join(User, RoleGrant.user_id == User.id)
                              .where(RoleGrant.role == RoleKind.griffie, RoleGrant.revoked_at.is_(None),
                                     User.active.is_(True)).order_by(User.name))
    for body_id, user in rows:
        result.setdefault(body_id, []).append(user)
    return result
