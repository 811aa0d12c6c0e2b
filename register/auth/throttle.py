"""Slowing down password guessing: failed logins counted per account and per client, in the database.

After LOGIN_MAX_FAILURES_PER_ACCOUNT failures for one e-mail address (5) or LOGIN_MAX_FAILURES_PER_CLIENT failures
from one client (20) within LOGIN_THROTTLE_MINUTES (15), further attempts are refused for LOGIN_THROTTLE_MINUTES
after the failure that reached the limit. The count lives in the database, so gunicorn workers and app servers
share it. The account key is the typed e-mail address, whether or not an account has it: an unknown address is
throttled exactly like a known one, so the answer reveals nothing about which accounts exist.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select

from register.extensions import db
from register.metrics import LOGINS_FAILED
from register.models.base import utcnow
from register.models.security import LoginFailure
from register.security import keyed_hash


@dataclass(frozen=True)
class Attempt:
    """Who is trying: keyed hashes of the typed e-mail address and of the client's address."""
    account_key: str
    client_key: str


def attempt_for(email: str, client_address: str | None) -> Attempt:
    return Attempt(account_key=keyed_hash("account", (email or "").strip().lower()),
                   client_key=keyed_hash("client", client_address or ""))


def _period() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_THROTTLE_MINUTES"])


def _lock_end(times: list[datetime], limit: int, period: timedelta) -> datetime | None:
    """The end of the latest lockout: `limit` failures within `period` lock for `period` after the last of them."""
    end = None
    for last in range(limit - 1, len(times)):
        if times[last] - times[last - limit + 1] <= period:
            end = times[last] + period
    return end


def blocked_until(attempt: Attempt) -> datetime | None:
    """When this account or client may try again; None when it may try now."""
    now, period, config = utcnow(), _period(), current_app.config
    rows = db.session.execute(
        select(LoginFailure.account_key, LoginFailure.client_key, LoginFailure.created_at)
        .where(LoginFailure.created_at > now - 2 * period,
               or_(LoginFailure.account_key == attempt.account_key, LoginFailure.client_key == attempt.client_key))
        .order_by(LoginFailure.created_at)).all()
    ends = [
        _lock_end([r.created_at for r in rows if r.account_key == attempt.account_key],
                  config["LOGIN_MAX_FAILURES_PER_ACCOUNT"], period),
        _lock_end([r.created_at for r in rows if r.client_key == attempt.client_key],
                  config["LOGIN_MAX_FAILURES_PER_CLIENT"], period),
    ]
    until = max((end for end in ends if end is not None), default=None)
    return until if until is not None and until > now else None


def record_failure(attempt: Attempt) -> None:
    """Count a failure; failures too old to matter are removed on the way."""
    now = utcnow()
    db.session.execute(delete(LoginFailure).where(LoginFailure.created_at < now - 2 * _period()))
    db.session.add(LoginFailure(created_at=now, account_key=attempt.account_key, client_key=attempt.client_key))
    db.session.flush()
    LOGINS_FAILED.labels("failed").inc()


def forget_account_failures(attempt: Attempt) -> None:
    """After a successful login the account starts afresh; the client's count stays (it may be guessing others)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.account_key == attempt.account_key))
