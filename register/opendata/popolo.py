"""A body's people as Popolo JSON (persons, organizations, memberships): the body, its fracties and the publicly
listed politicians with their office. Public data only: no e-mail address, no one created by mistake, no former
member past the retention period (register.public.queries.publicly_listed_clause decides, as everywhere)."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Body, Group, Politician
from register.models.people import EXECUTIVE_OFFICES
from register.public.queries import publicly_listed_clause

SCHEME = "belangenregister"
CLASSIFICATION = {"municipality": "gemeenteraad", "province": "provinciale staten", "water_board": "algemeen bestuur"}


def _org_id(body: Body, group: Group | None = None) -> str:
    return f"{body.slug}/fractie/{group.slug}" if group else body.slug


def _person(body: Body, politician: Politician) -> dict:
    page = url_for("public.politician", body_slug=body.slug, politician_slug=politician.slug, _external=True)
    return {"id": f"{body.slug}/{politician.slug}", "name": politician.name, "sort_name": politician.sort_name,
            "identifiers": [{"scheme": SCHEME, "identifier": f"{body.slug}/{politician.slug}"}],
            "links": [{"url": page, "note": "Belangenregister"}]}


def _membership(body: Body, politician: Politician) -> dict:
    membership = {"id": f"{body.slug}/{politician.slug}/{politician.office.value}",
                  "person_id": f"{body.slug}/{politician.slug}", "organization_id": _org_id(body),
                  "role": politician.office_label,
                  "start_date": politician.term_start.isoformat() if politician.term_start else None,
                  "end_date": politician.term_end.isoformat() if politician.term_end else None}
    if politician.group is not None:
        membership["on_behalf_of_id"] = _org_id(body, politician.group)
    if politician.office in EXECUTIVE_OFFICES and politician.portfolio:
        membership["label"] = f"{politician.office_label}: {politician.portfolio}"
        membership["portfolio"] = politician.portfolio  # read back by the import
    return membership


def popolo(body: Body) -> dict:
    """The Popolo document for one body (3 queries)."""
    people = list(db.session.scalars(
        select(Politician).where(Politician.body_id == body.id, publicly_listed_clause())
        .options(selectinload(Politician.group)).order_by(Politician.sort_name)))
    groups = {p.group.id: p.group for p in people if p.group is not None}
    groups.update({g.id: g for g in db.session.scalars(select(Group).where(Group.body_id == body.id,
                                                                         Group.active.is_(True)))})
    organizations = [{"id": _org_id(body), "name": body.name, "classification": CLASSIFICATION[body.kind.value],
                      "identifiers": [{"scheme": SCHEME, "identifier": body.slug}]}]
    organizations += [{"id": _org_id(body, g), "name": g.name, "classification": "party",
                       "parent_id": _org_id(body)} for g in sorted(groups.values(), key=lambda g: g.name)]
    return {"persons": [_person(body, p) for p in people], "organizations": organizations,
            "memberships": [_membership(body, p) for p in people]}
