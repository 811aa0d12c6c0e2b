"""The griffie's management blueprint (/beheer), assembled: the blueprint is defined in blueprint.py and each
page module registers its pages on it when imported here. The page modules import only the blueprint and the
shared helpers of register/views.py, never each other."""
from __future__ import annotations

from register.admin import (  # noqa: F401  importing a page module registers its pages
    account_routes, body_routes, import_routes, logbook_routes, outbox_routes, politician_routes, reviewer_routes,
)
from register.admin.blueprint import bp

__all__ = ["bp"]
