"""The recent-changes pages (/wijzigingen, /register/<body>/wijzigingen): filters from the query string, the page.

The changes themselves come from register/public/changes.py, the query the Atom feeds use too.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from register.models import Body
from register.public import changes
from register.text import clean_value

PER_PAGE = 50
MAX_PAGE = 200  # 10,000 changes back; older ones are in the history pages and the open data
SHOWN_VALUE = 80


@dataclass
class RecentChanges:
    body: Body | None
    kind: str | None
    late: bool
    page: changes.ChangePage
    notices: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # the filters, for the paging links


def _kind(args, notices: list[str]) -> str | None:
    kind = clean_value(args.get("kind"), SHOWN_VALUE)
    if kind and kind not in changes.KINDS:
        notices.append(_("Onbekende soort wijziging „%(value)s”: dit filter is genegeerd.", value=kind))
        return None
    return kind or None


def _page_number(value) -> int:
    try:
        return min(MAX_PAGE, max(1, int(value)))
    except (TypeError, ValueError):
        return 1


def recent_changes(body: Body | None, args) -> RecentChanges:
    """The changes of the register or one body that the query string asks for (at most 5 queries)."""
    notices: list[str] = []
    kind, late = _kind(args, notices), args.get("late") == "1"
    if late and kind not in (None, "new"):
        notices.append(_("Te laat opgegeven gaat alleen over nieuwe opgaven: de soort „%(kind)s” is genegeerd.",
                         kind=changes.KIND_LABELS[kind]))
        kind = "new"
    scope = changes.Scope(body_id=body.id if body else None, kinds=(kind,) if kind else (), late=late)
    page = changes.page_of_changes(scope, _page_number(args.get("page")), PER_PAGE)
    kept = {key: value for key, value in (("kind", kind), ("late", "1" if late else None)) if value}
    return RecentChanges(body, kind, late, page, notices, kept)
