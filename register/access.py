"""Who may reach which page: one table for every endpoint, enforced before any view runs.

This is the coarse check (is the visitor logged in, and do they hold a role that page is for). The views still
ask the models the object-level questions (`declaration.can_edit(user)` and so on): the table stops a reviewer
from reaching the griffie's pages at all, the model stops a griffie from reaching another body's politician.
tests/test_access_inventory.py fails for any endpoint that is missing here, so a new route needs a rule.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Flask, abort, current_app, request
from flask_login import current_user

from register.extensions import login_manager

if TYPE_CHECKING:
    from register.models import User

log = logging.getLogger(__name__)

PUBLIC = "public"        # anyone, also without an account
STATIC = "static"        # files under /static
LOGIN = "login"          # any logged-in user; the view decides per object
POLITICIAN = "politician"
REVIEWER = "reviewer"
GRIFFIE = "griffie"
OPERATOR = "operator"    # no login: only METRICS_ALLOWED_IPS or METRICS_TOKEN (register/metrics.py); others get 404
SITE_ADMIN = "site_admin"

Rule = str | tuple[str, ...]  # one of the names above, or a tuple of roles of which the user needs one

ROLE_CHECKS: dict[str, Callable[[User], bool]] = {
    POLITICIAN: lambda user: user.is_politician,
    REVIEWER: lambda user: user.is_reviewer,
    GRIFFIE: lambda user: user.is_griffie,
    SITE_ADMIN: lambda user: user.site_admin,
}
OPEN = {PUBLIC, STATIC}

# endpoint -> rule, for every route of the app.
ACCESS: dict[str, Rule] = {
    "static": STATIC,

    # The public register, its search, open data and API: no login, only published data.
    "public.index": PUBLIC,
    "public.body": PUBLIC,
    "public.politician": PUBLIC,
    "public.history": PUBLIC,
    "public.stats": PUBLIC,
    "public.healthz": PUBLIC,
    "ops.readyz": PUBLIC,
    "ops.metrics": OPERATOR,
    "search.search": PUBLIC,
    "search.organisation": PUBLIC,
    "opendata.index": PUBLIC,
    "opendata.export": PUBLIC,
    "opendata.export_recusals": PUBLIC,
    "opendata.feed": PUBLIC,
    "opendata.body_feed": PUBLIC,
    "api.openapi": PUBLIC,
    "api.bodies": PUBLIC,
    "api.body": PUBLIC,
    "api.body_politicians": PUBLIC,
    "api.politician": PUBLIC,
    "api.declarations": PUBLIC,
    "api.agreements": PUBLIC,
    "api.unknown": PUBLIC,
    "api.index": PUBLIC,
    # Anyone may report a signal; it is never published.
    "signals.new_for_body": PUBLIC,
    "signals.new_for_politician": PUBLIC,
    "signals.received": PUBLIC,
    # Following by e-mail (issue 11): no account; the token in the link is the only key.
    "alerts.follow_body": PUBLIC,
    "alerts.follow_group": PUBLIC,
    "alerts.follow_politician": PUBLIC,
    "alerts.requested": PUBLIC,
    "alerts.confirm": PUBLIC,
    "alerts.unsubscribe": PUBLIC,
    "alerts.one_click": PUBLIC,

    # Accounts.
    "auth.login": PUBLIC,
    "auth.logout": LOGIN,
    "auth.change_password": LOGIN,
    # One-time links: whoever holds the link (a hash is checked; nothing else is shown without it).
    "auth.forgot_password": PUBLIC,
    "auth.accept_invitation": PUBLIC,
    "auth.reset_password": PUBLIC,
    "todo.index": LOGIN,

    # The politician's own declarations and agreements (griffie and reviewers read them through the model's rules).
    "declarations.dashboard": POLITICIAN,
    "declarations.new": POLITICIAN,
    "declarations.detail": LOGIN,
    "declarations.edit": POLITICIAN,
    "declarations.publish": POLITICIAN,
    "declarations.end": POLITICIAN,
    "declarations.withdraw": POLITICIAN,
    "declarations.confirm": POLITICIAN,
    "agreements.new": POLITICIAN,
    "agreements.detail": LOGIN,
    "agreements.edit": POLITICIAN,
    "agreements.submit": POLITICIAN,
    "agreements.end": POLITICIAN,
    "agreements.withdraw_submission": POLITICIAN,
    "signals.mine": POLITICIAN,
    "signals.mine_detail": POLITICIAN,
    "recusals.mine": POLITICIAN,
    "recusals.new": POLITICIAN,
    "recusals.notes": POLITICIAN,
    "recusals.declaration_note": POLITICIAN,
    "recusals.agreement_note": POLITICIAN,

    # The fractie reviewer; the griffie also reads agreements and declarations of its body here.
    "review.queue": REVIEWER,
    "review.agreement": (REVIEWER, GRIFFIE),
    "review.sign_off": REVIEWER,
    "review.request_changes": REVIEWER,
    "review.declaration": (REVIEWER, GRIFFIE),

    # The griffie's management of its body.
    "admin.index": GRIFFIE,
    "admin.archive": GRIFFIE,
    "admin.body": GRIFFIE,
    "admin.settings": GRIFFIE,
    "admin.groups": GRIFFIE,
    "admin.group_new": GRIFFIE,
    "admin.group_edit": GRIFFIE,
    "admin.group_activate": GRIFFIE,
    "admin.group_deactivate": GRIFFIE,
    "admin.politicians": GRIFFIE,
    "admin.politician_new": GRIFFIE,
    "admin.politician_edit": GRIFFIE,
    "admin.politician_activate": GRIFFIE,
    "admin.politician_deactivate": GRIFFIE,
    "admin.accounts": GRIFFIE,
    "admin.account_new": GRIFFIE,
    "admin.account_edit": GRIFFIE,
    "admin.account_activate": GRIFFIE,
    "admin.account_deactivate": GRIFFIE,
    "admin.account_invite": GRIFFIE,
    "admin.politician_mistake": GRIFFIE,
    "admin.people_import": GRIFFIE,
    "admin.people_import_preview": GRIFFIE,
    "admin.people_import_confirm": GRIFFIE,
    "admin.people_import_template": GRIFFIE,
    "admin.group_reviewer": GRIFFIE,
    "admin.agreement_griffie_sign_off": GRIFFIE,
    "admin.audit": GRIFFIE,
    "admin.outbox": GRIFFIE,
    "admin.audit_csv": GRIFFIE,
    "signals.body_list": GRIFFIE,
    "signals.detail": GRIFFIE,
    "signals.dismiss": GRIFFIE,
    "signals.open_signal": GRIFFIE,
    "signals.outcome": GRIFFIE,
    "recusals.body_overview": GRIFFIE,
    "recusals.for_politician": GRIFFIE,

    # Issue 16: the belangencheck (answered only by the politician; reviewers and griffie read it through the
    # model), the body's relations with organisations, agendas and their matches; public meeting pages.
    "risk.index": POLITICIAN,
    "risk.start": POLITICIAN,
    "risk.check": LOGIN,
    "risk.propose": POLITICIAN,
    "risk.griffie_list": GRIFFIE,
    "risk.resolve": GRIFFIE,
    "relations.upload": GRIFFIE,
    "relations.mapping": GRIFFIE,
    "agenda.upload": GRIFFIE,
    "agenda.meetings": GRIFFIE,
    "agenda.meeting": GRIFFIE,
    "agenda.match": LOGIN,
    "agenda.recuse": LOGIN,
    "agenda.decline": LOGIN,
    "agenda.public_meetings": PUBLIC,
    "agenda.public_meeting": PUBLIC,
    # The site administrator: every body, and the set-up of a new one.
    "siteadmin.index": SITE_ADMIN,
    "siteadmin.body_new": SITE_ADMIN,
    "siteadmin.griffie_new": SITE_ADMIN,
    # Popolo export of the people (public data only: no e-mail addresses).
    "opendata.export_popolo": PUBLIC,
    # Issue 11: recent changes as HTML, one politician's feed.
    "public.changes": PUBLIC,
    "public.body_changes": PUBLIC,
    "opendata.politician_feed": PUBLIC,
    # Issue 11: privacy statement, colofon and accessibility statement, read by anyone, written by the griffie
    # (for its body) or the site administrator (for the register as a whole); favicon; the API's index.
    "statements.register_statement": PUBLIC,
    "statements.body_statement": PUBLIC,
    "statements.admin_list": GRIFFIE,
    "statements.admin_edit": GRIFFIE,
    "statements.site_edit": SITE_ADMIN,
    "site.favicon": PUBLIC,
}


def roles_of(rule: Rule) -> tuple[str, ...]:
    return (rule,) if isinstance(rule, str) else tuple(rule)


def is_valid_rule(rule: Rule) -> bool:
    """A single open/login rule, or one or more known roles."""
    if isinstance(rule, str) and rule in OPEN | {LOGIN, OPERATOR}:
        return True
    roles = roles_of(rule)
    return bool(roles) and all(role in ROLE_CHECKS for role in roles)


def unlisted_endpoints(app: Flask) -> list[str]:
    """Endpoints of the app without a rule in ACCESS (the inventory test demands none)."""
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()} - set(ACCESS))


def check_access():
    """before_request: anonymous visitors of a non-public page log in first; a user without the role gets 403."""
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: the 404 or 405 follows
        return None
    rule = ACCESS.get(endpoint)
    if rule is None:
        if current_app.config.get("ACCESS_DENY_UNLISTED"):
            abort(403)
        log.warning("Geen toegangsregel voor endpoint %s (register/access.py)", endpoint)
        return None
    if rule in OPEN:
        return None  # no user lookup: public pages (and /healthz) do not touch the session's user
    if rule == OPERATOR:
        from register.metrics import operator_allowed
        if not operator_allowed():
            abort(404)  # the same answer as for a page that does not exist: nothing to learn here
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if rule == LOGIN:
        return None
    user = current_user._get_current_object()
    if not any(ROLE_CHECKS[role](user) for role in roles_of(rule)):
        abort(403)
    return None


def init_access(app: Flask) -> None:
    """Enforce ACCESS for every request; register after the session limits so an expired login counts as none."""
    app.config.setdefault("ACCESS_DENY_UNLISTED", True)
    bad = sorted(endpoint for endpoint, rule in ACCESS.items() if not is_valid_rule(rule))
    if bad:
        raise RuntimeError(f"Onbekende toegangsregel voor: {', '.join(bad)}")
    app.before_request(check_access)
