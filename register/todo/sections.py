""""Te doen": what waits for each role, as sections of a list. A section is a count and its items, usually from one
select (register/todo/base.py); adding a section is one line in the role's list.

Every count is one query and every item list one or two (with selectinload), whatever the data: the navigation
shows the counts on every page behind the login, the Te-doen page the items.
"""
from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l

from register.todo import politician, reviewing
from register.todo.base import Item, Section, is_overdue  # noqa: F401  (used by the templates' filters)
from register.todo.reviewing import unreviewed_declarations  # noqa: F401  (the reviewer's queue uses it)

SECTIONS = {
    "politician": politician.SECTIONS,
    "reviewer": reviewing.REVIEWER_SECTIONS,
    "griffie": reviewing.GRIFFIE_SECTIONS,
}
ROLE_TITLES = {"politician": _l("Als ambtsdrager"), "reviewer": _l("Als fractiebeoordelaar"),
               "griffie": _l("Als griffie")}
ROLE_CHECKS = {"politician": lambda user: user.is_politician, "reviewer": lambda user: user.is_reviewer,
               "griffie": lambda user: user.is_griffie}


def roles_of(user) -> list[str]:
    return [role for role, check in ROLE_CHECKS.items() if check(user)]


def counts(user) -> dict[str, int]:
    """Per role of the user: how many things wait (once per request: the navigation asks on every page)."""
    cached = g.get("todo_counts")
    if cached is None:
        cached = g.todo_counts = {role: sum(s.count(user) for s in SECTIONS[role]) for role in roles_of(user)}
    return cached


def role_lists(user, roles=None) -> list[tuple[str, list[tuple[Section, int, list[Item]]]]]:
    """Per role: the sections with their count and items (sections with nothing waiting are left out)."""
    result = []
    for role in roles or roles_of(user):
        sections = [(s, s.count(user)) for s in SECTIONS[role]]
        result.append((role, [(s, n, s.items(user)) for s, n in sections if n]))
    return result
