"""The data version of the public register: what moves it, and how a worker knows it without asking every time.

What moves it. A flush that adds, changes or deletes a row that can reach a public page, export, feed or API bumps
`content_version` in the same transaction, and so does an INSERT, UPDATE or DELETE statement run through the
session. "Can reach" is decided the safe way round: every mapped model counts, a model added later included, except
what PRIVATE_MODELS and PRIVATE_COLUMNS name (data no public output shows: accounts' e-mail addresses and passwords,
the audit trail, signals, mail, throttling counts). tests/test_cache_invalidation.py proves every entry by changing,
adding and deleting it in a register that uses every model and comparing every public output before and after; so
a login, a failed login, a signal or a mail sent leaves every worker's page cache warm. Raw SQL text and statements
on a connection outside the session are not seen: `flask restore` (below) and migrations are the only such writers
(a migration comes with a new release of the code, and every ETag changes with that: register/cache.py).

Knowing it. Each worker keeps the version it last read and reads it again only when that is older than
CACHE_VERSION_CHECK_MS (default 1000 ms; 0 reads it for every request), so a page from the worker's response cache
costs no database work in between. A change committed by the worker itself is visible at once on that worker (the
commit makes it forget what it read); a change committed by another worker or app server is visible on this one
within CACHE_VERSION_CHECK_MS. That is the freshness bound of the app; a shared cache adds PUBLIC_SHARED_MAX_AGE
(register/cache.py).

Restoring a backup puts back the version of the backup: lower than numbers already used, so that later changes
would reuse them (an old ETag would match again, a worker would serve its stored page of data that is gone).
`flask restore` therefore moves the version past every number used before (advance_past).
"""
from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from flask import current_app, has_app_context
from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from register.extensions import db
from register.models import (
    AccountToken, AuditEvent, ContentVersion, ImportBatch, ImportUpload, LoginFailure, MatchSuppression,
    OutboxMessage, RateLimitHit, Signal, SignalResponse, Subscription, User,
)

# Never shown publicly (see the module docstring; each entry is proven by tests/test_cache_invalidation.py).
PRIVATE_MODELS = (AuditEvent, LoginFailure, RateLimitHit, OutboxMessage, Signal, SignalResponse, ContentVersion,
                  AccountToken, ImportBatch, ImportUpload, MatchSuppression, Subscription)
PRIVATE_COLUMNS = {User: frozenset({"email", "password_hash", "session_token", "last_login_at"})}
_PRIVATE_TABLES = frozenset(model.__table__.name for model in PRIVATE_MODELS)
_CHANGED = "public_data_changed"  # session.info flag: this transaction moved the version

_TABLE = ContentVersion.__table__
_VERSION_QUERY = select(_TABLE.c.version, _TABLE.c.changed_at).where(_TABLE.c.id == 1)


# --- what moves it --------------------------------------------------------------------------------------------

def touch(session: Session) -> None:
    """Bump the data version in the session's current transaction (insert the row if it is missing)."""
    connection = session.connection()
    now = datetime.now(UTC)
    result = connection.execute(update(_TABLE).where(_TABLE.c.id == 1)
                                .values(version=_TABLE.c.version + 1, changed_at=now))
    if result.rowcount == 0:  # the row was removed (tests empty every table): start above any earlier number
        connection.execute(insert(_TABLE).values(id=1, version=int(now.timestamp()), changed_at=now))
    session.info[_CHANGED] = True


def is_public_change(obj, *, changed_in_place: bool) -> bool:
    """Whether adding or deleting `obj` (or, changed_in_place, its pending changes) can alter a public output."""
    if isinstance(obj, PRIVATE_MODELS):
        return False
    if not changed_in_place:
        return True
    private = PRIVATE_COLUMNS.get(type(obj), frozenset())
    return any(attr.history.has_changes() for attr in inspect(obj).attrs if attr.key not in private)


def _changes_public_data(session: Session) -> bool:
    return (any(is_public_change(obj, changed_in_place=False) for obj in (*session.new, *session.deleted))
            or any(is_public_change(obj, changed_in_place=True) for obj in session.dirty))


@event.listens_for(Session, "after_flush")
def _bump_after_flush(session: Session, _context) -> None:
    if _changes_public_data(session):
        touch(session)


@event.listens_for(Session, "do_orm_execute")
def _bump_for_statements(state) -> None:
    """INSERT/UPDATE/DELETE statements bypass the flush: count them by the table they write."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) not in _PRIVATE_TABLES:
        touch(state.session)


@event.listens_for(Session, "after_commit")
def _forget_after_own_commit(session: Session) -> None:
    # This worker's next request reads the new version: its own change is visible to it at once.
    if session.info.pop(_CHANGED, False) and has_app_context():
        clock = current_app.extensions.get("data_version")
        if clock is not None:
            clock.forget()


@event.listens_for(Session, "after_rollback")
def _clear_after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


# --- knowing it -----------------------------------------------------------------------------------------------

def read_version() -> tuple[int, datetime] | None:
    """The current data version and when it changed, from the database; None when the row is missing."""
    # Core on the session's connection (not an ORM select): cheap, and it starts the request's transaction.
    row = db.session.connection().execute(_VERSION_QUERY).first()
    return (row.version, row.changed_at) if row else None


class VersionClock:
    """The data version as this worker last read it; read again when older than `interval_ms`."""

    def __init__(self, interval_ms: int):
        self.interval = max(0, interval_ms) / 1000
        self.clock = time.monotonic  # tests replace it to step through the interval
        self._state: tuple[int, datetime] | None = None
        self._read_at: float | None = None
        self._generation = 0
        self._lock = threading.Lock()

    def current(self) -> tuple[int, datetime] | None:
        now = self.clock()
        with self._lock:
            if self._read_at is not None and now - self._read_at < self.interval:
                return self._state
            generation = self._generation
        state = read_version()
        with self._lock:
            # A commit on this worker while we read may not be in what we read: then keep nothing.
            if generation == self._generation:
                self._state, self._read_at = state, now
        return state

    def forget(self) -> None:
        with self._lock:
            self._generation += 1
            self._read_at = None


def current_version() -> tuple[int, datetime] | None:
    """The data version as this worker knows it (within CACHE_VERSION_CHECK_MS of the database)."""
    clock: VersionClock | None = current_app.extensions.get("data_version")
    return clock.current() if clock is not None else read_version()


def init_data_version(app, interval_ms: int) -> None:
    app.extensions["data_version"] = VersionClock(interval_ms)


# --- after a restore ------------------------------------------------------------------------------------------

def read_with(connection: Connection) -> int | None:
    """The version on this connection; None without the row or the table (an empty or older database)."""
    if not inspect(connection).has_table(_TABLE.name):
        return None
    row = connection.execute(_VERSION_QUERY).first()
    return row.version if row else None


def advance_past(connection: Connection, used: int | None) -> int | None:
    """Set the version above `used` (the number before a restore) and above the restored one; return it.

    A backup from before the data version existed has no table; `flask db upgrade` makes it, starting at 1: not
    past earlier numbers, so restart the app servers after that upgrade (their stored pages go with them)."""
    if not inspect(connection).has_table(_TABLE.name):
        return None
    restored = read_with(connection)
    version = max(used or 0, restored or 0) + 1
    now = datetime.now(UTC)
    if restored is None:
        connection.execute(insert(_TABLE).values(id=1, version=version, changed_at=now))
    else:
        connection.execute(update(_TABLE).where(_TABLE.c.id == 1).values(version=version, changed_at=now))
    return version
