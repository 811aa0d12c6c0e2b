"""A database that cannot write (a read-only file or database, a full disk): 503 with a clear page, logged once.

Reading goes on as usual (public pages never write); a request that tries to save something gets the 503 page
"Het register is tijdelijk alleen te lezen; er is niets opgeslagen." and its transaction is rolled back. The first
refusal is logged as one clear ERROR line (no stack trace); later refusals are only counted, until a write
succeeds again, which is logged too. Any other database error stays a 500 with its stack trace. This module
recognises and counts such faults; register/errors.py turns them into the 503 page.
"""
from __future__ import annotations

import logging
import sqlite3
import threading

from flask import Flask
from flask_sqlalchemy.session import Session as AppSession
from sqlalchemy import event

log = logging.getLogger(__name__)

# PostgreSQL: read_only_sql_transaction (a read-only database or standby), disk_full.
READ_ONLY_SQLSTATES = {"25006", "53100"}
# SQLite's primary result codes SQLITE_READONLY and SQLITE_FULL, and their messages (for errors made in Python).
SQLITE_CODES = {8, 13}
SQLITE_MESSAGES = ("attempt to write a readonly database", "database or disk is full")

_lock = threading.Lock()
_refused = 0  # writes refused since the last successful one, in this process


def is_read_only_fault(error: BaseException) -> bool:
    """True for a database error that means 'cannot write now' rather than a fault in the request."""
    original = getattr(error, "orig", error)
    if getattr(original, "sqlstate", None) in READ_ONLY_SQLSTATES:
        return True
    if isinstance(original, sqlite3.Error):
        code = getattr(original, "sqlite_errorcode", None)
        return (code is not None and code & 0xFF in SQLITE_CODES) or str(original).startswith(SQLITE_MESSAGES)
    return False


def note_refused_write(error: BaseException) -> None:
    """Log the first refused write clearly (one line, no stack trace); count the ones after it."""
    global _refused
    with _lock:
        _refused += 1
        first = _refused == 1
    if first:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0][:300]
        log.error("De database weigert te schrijven (alleen-lezen of schijf vol: %s). Het register blijft "
                  "leesbaar; elke wijziging krijgt 503 tot dit is opgelost. Volgende weigeringen worden geteld, "
                  "niet apart gelogd.", reason)
    from register.metrics import WRITES_REFUSED
    WRITES_REFUSED.inc()


def _wrote(db_session, _flush_context) -> None:
    db_session.info["register.faults.wrote"] = True


def _committed(db_session) -> None:
    """A transaction that wrote something committed: the database writes again."""
    global _refused
    if not db_session.info.pop("register.faults.wrote", False) or not _refused:
        return
    with _lock:
        count, _refused = _refused, 0
    if count:
        log.warning("De database schrijft weer; in de tussentijd zijn %d wijzigingen geweigerd (503).", count)


def _rolled_back(db_session) -> None:
    db_session.info.pop("register.faults.wrote", None)


def init_faults(app: Flask) -> None:
    """Watch every session for writes, so that the first successful write after refusals is logged."""
    if not event.contains(AppSession, "after_flush", _wrote):
        event.listen(AppSession, "after_flush", _wrote)
        event.listen(AppSession, "after_commit", _committed)
        event.listen(AppSession, "after_rollback", _rolled_back)
