"""Writing the audit trail: every service calls record() for the change it makes."""
from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from register.extensions import db
from register.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def record(action: str, obj: Any = None, *, actor=None, body_id: int | None = None,
           **data: Any) -> AuditEvent:
    """Add an AuditEvent for `action` on `obj` to the session; the caller's transaction commits it."""
    actor_id = getattr(actor, "id", None) if actor is not None and getattr(actor, "is_authenticated", True) else None
    event = AuditEvent(
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "id", None),
        actor_id=actor_id,
        body_id=body_id,
        data=_plain(data),
    )
    db.session.add(event)
    return event
