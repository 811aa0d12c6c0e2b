"""Careful destructive actions on politicians: what ending a term means for the public register, and marking a
politician as created by mistake (never public, never counted, still in the audit trail)."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from register.admin.services import AdminError
from register.audit import record
from register.models import Politician, RoleKind
from register.models.base import utcnow
from register.public.periods import public_until


def former_member_until(politician: Politician, term_end: date) -> date | None:
    """The last day the politician is still shown as a former member, when the term ends on `term_end`."""
    return public_until(term_end, politician.body.retention_months)


def mark_created_in_error(politician: Politician, *, actor, reason: str) -> None:
    """The politician was created by mistake: off every public page, export and count at once; on the record."""
    if politician.created_in_error:
        raise AdminError(_("Deze ambtsdrager is al gemarkeerd als aangemaakt in vergissing."))
    reason = (reason or "").strip()
    if not reason:
        raise AdminError(_("Geef een reden; die komt in het logboek."))
    politician.created_in_error_at = utcnow()
    politician.created_in_error_reason = reason
    politician.active = False
    record("politician.marked_created_in_error", politician, actor=actor, body_id=politician.body_id,
           name=politician.name, reason=reason)


def appoint_reviewer(group, user, *, actor) -> None:
    """Give an account of this body the reviewer role for this fractie (e.g. a second reviewer)."""
    from register.admin.services import _grant, belongs_to

    if group.body_id is None or not belongs_to(user, group.body) or not user.active:
        raise AdminError(_("Kies een actief account van dit orgaan."))
    if user.is_reviewer_of(group.id):
        raise AdminError(_("%(name)s is al beoordelaar van %(group)s.", name=user.name, group=group.name))
    _grant(user, group.body, RoleKind.reviewer, group, actor)
