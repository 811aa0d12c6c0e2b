"""Applying a people import, all or nothing, through the same services the admin pages use (each audited); and
keeping the uploaded file between preview and confirmation."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, update

from register.admin import services
from register.admin.import_plan import CREATE, SKIPPED, UNCHANGED, UPDATE, Plan, PlannedRow, group_slug
from register.admin.services import AdminError
from register.audit import record
from register.auth.invitations import invite_new_user
from register.extensions import db
from register.models import Body, Group, ImportBatch, Politician
from register.models.base import utcnow

BATCH_HOURS = 24


def _portfolio(planned: PlannedRow, politician: Politician | None) -> str | None:
    if planned.row.portfolio is None:
        return politician.portfolio if politician is not None else None
    return planned.row.portfolio


def _account(planned: PlannedRow, politician: Politician, body: Body, actor) -> None:
    if planned.user is not None:
        services.link_politician(planned.user, body, politician, actor=actor)
    elif planned.invite:
        invite_new_user(body=body, email=planned.row.email, name=planned.row.name, actor=actor, politician=politician)


def _create(planned: PlannedRow, body: Body, group: Group | None, actor) -> None:
    politician = services.create_politician(
        body, actor=actor, name=planned.row.name, sort_name=None, office=planned.office, group=group,
        term_start=planned.start, term_end=None, portfolio=_portfolio(planned, None))
    politician.external_id = planned.row.external_id or None
    _account(planned, politician, body, actor)


def _update(planned: PlannedRow, body: Body, group: Group | None, actor) -> None:
    politician = planned.politician
    assert politician is not None  # an update is always about a matched politician
    renamed = planned.row.name != politician.name
    if planned.row.group is None:
        group = politician.group
    services.update_politician(
        politician, actor=actor, name=planned.row.name, sort_name=None if renamed else politician.sort_name,
        office=planned.office, group=group, term_start=planned.start or politician.term_start,
        term_end=politician.term_end, portfolio=_portfolio(planned, politician))
    if planned.row.external_id:
        politician.external_id = planned.row.external_id
    _account(planned, politician, body, actor)


def apply_plan(plan: Plan, *, actor, filename: str) -> dict[str, int]:
    """Create the new fracties, politicians and invitations and make the changes; refuses a plan with refused
    rows (nothing half-imported). The caller commits once, or rolls back on AdminError."""
    if plan.refused:
        raise AdminError(_("%(count)d regel(s) geweigerd: er is niets geïmporteerd. Verbeter het bestand en "
                           "upload het opnieuw.", count=len(plan.refused)))
    body = plan.body
    new_groups = {group_slug(name): services.create_group(body, name=name, actor=actor) for name in plan.new_groups}
    for planned in plan.rows:
        group = planned.group or (new_groups.get(group_slug(planned.new_group)) if planned.new_group else None)
        if planned.action == CREATE:
            _create(planned, body, group, actor)
        elif planned.action == UPDATE:
            _update(planned, body, group, actor)
    counts = {action: plan.count(action) for action in (CREATE, UPDATE, UNCHANGED, SKIPPED)}
    counts["groups"] = len(new_groups)
    if plan.has_work:
        record("people.imported", body, actor=actor, body_id=body.id, file=filename[:200], **counts)
    return counts


# ------------------------------------------------------------------------------------------------ the upload

def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def store_upload(body: Body, *, actor, filename: str, text: str) -> ImportBatch:
    """Keep the previewed file; earlier unconfirmed uploads older than a day go (they hold e-mail addresses)."""
    db.session.execute(delete(ImportBatch).where(ImportBatch.applied_at.is_(None),
                                                 ImportBatch.created_at < utcnow() - timedelta(hours=BATCH_HOURS)))
    batch = ImportBatch(body_id=body.id, created_by_id=getattr(actor, "id", None), filename=filename[:200],
                        content=text, content_hash=content_hash(text))
    db.session.add(batch)
    db.session.flush()
    return batch


def stored_upload(body: Body, batch_id: int | None, posted_hash: str) -> ImportBatch:
    """The upload being confirmed: of this body, unchanged since the preview (hash), not yet applied, recent."""
    batch = db.session.get(ImportBatch, batch_id) if batch_id else None
    if batch is None or batch.body_id != body.id or batch.content_hash != posted_hash:
        raise AdminError(_("Deze voorvertoning is niet (meer) geldig. Upload het bestand opnieuw."))
    if batch.applied_at is not None:
        raise AdminError(_("Dit bestand is al geïmporteerd."))
    if content_hash(batch.content) != batch.content_hash:
        raise AdminError(_("Deze voorvertoning is niet (meer) geldig. Upload het bestand opnieuw."))
    if batch.created_at < utcnow() - timedelta(hours=BATCH_HOURS):
        raise AdminError(_("Deze voorvertoning is ouder dan een dag. Upload het bestand opnieuw."))
    return batch


def mark_applied(batch: ImportBatch) -> None:
    """Applied once only; the stored copy is emptied (the audit trail says what was done)."""
    claimed = db.session.execute(update(ImportBatch).where(ImportBatch.id == batch.id, ImportBatch.applied_at.is_(None))
                                 .values(applied_at=utcnow(), content="").execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise AdminError(_("Dit bestand is al geïmporteerd."))


