"""JSON representations for the API. Only public data: published versions, signed-off agreement versions,
public comments, names (never e-mail addresses). The schemas in openapi.py describe exactly these shapes.
"""
from __future__ import annotations

from typing import Any

from flask import url_for

from register.models import Agreement, AgreementStatus, AgreementVersion, Body, Declaration, Group, Politician
from register.models.base import AMSTERDAM
from register.opendata.serialize import public_fields
from register.search.queries import Hit


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _local_iso(moment) -> str | None:
    return moment.astimezone(AMSTERDAM).isoformat(timespec="seconds") if moment is not None else None


def fractie(group: Group | None) -> dict[str, str] | None:
    return {"slug": group.slug, "name": group.name} if group is not None else None


def body(item: Body) -> dict[str, Any]:
    return {
        "slug": item.slug, "name": item.name, "kind": item.kind.value, "active": item.active,
        "declaration_deadline_days": item.declaration_deadline_days, "required_sign_offs": item.required_sign_offs,
        "links": {
            "self": url_for("api.body", slug=item.slug, _external=True),
            "politicians": url_for("api.body_politicians", slug=item.slug, _external=True),
            "html": url_for("public.body", body_slug=item.slug, _external=True),
            "export_csv": url_for("opendata.export", body_slug=item.slug, fmt="csv", _external=True),
            "export_json": url_for("opendata.export", body_slug=item.slug, fmt="json", _external=True),
            "feed": url_for("opendata.body_feed", body_slug=item.slug, _external=True),
        },
    }


def politician_ref(politician: Politician, item: Body, group: Group | None) -> dict[str, Any]:
    """Who, where, and links: enough to find the politician's full record."""
    return {
        "slug": politician.slug, "name": politician.name, "office": politician.office.value,
        "body": {"slug": item.slug, "name": item.name}, "fractie": fractie(group),
        "links": {
            "self": url_for("api.politician", body_slug=item.slug, politician_slug=politician.slug, _external=True),
            "html": url_for("public.politician", body_slug=item.slug, politician_slug=politician.slug,
                            _external=True),
        },
    }


def politician_summary(politician: Politician, item: Body, group: Group | None, *, declarations: int,
                       agreements: int) -> dict[str, Any]:
    return {
        **politician_ref(politician, item, group),
        "active": politician.active,
        "term_start": _iso(politician.term_start), "term_end": _iso(politician.term_end),
        "last_confirmed_at": _local_iso(politician.last_confirmed_at),
        "current_declarations": declarations, "current_agreements": agreements,
    }


def declaration(hit: Hit, *, with_politician: bool = True, reviews=None) -> dict[str, Any]:
    fields = public_fields(hit)
    version = hit.version
    result = {
        "id": hit.declaration.id,
        "state": hit.state,
        **{k: v for k, v in fields.items() if k != "status"},
        "estimated_value": version.estimated_value,
        "explanation": version.explanation if version.is_field_public("explanation") else None,
        "declared_at": _local_iso(hit.declaration.declared_at),
        "corrected": version.change.value == "corrected",
        "correction_reason": version.reason if version.change.value == "corrected" else None,
    }
    if with_politician:
        result["politician"] = politician_ref(hit.politician, hit.body, hit.group)
    if reviews is not None:
        result["reviews"] = [{"reviewer": r.reviewer.name, "reviewed_at": _local_iso(r.created_at),
                              "outcome": r.outcome.value, "outcome_label": r.outcome_label,
                              "comment": r.comment if r.comment_public else None,
                              "accepted_started_on": _iso(r.accepted_started_on),
                              "replaces_earlier_review": hit.declaration.replaced_review(r) is not None}
                             for r in reviews]
    return result


def agreement(item: Agreement, version: AgreementVersion, *, politician: dict | None = None) -> dict[str, Any]:
    """The signed-off version only: a newer draft or submitted version is not public."""
    result: dict[str, Any] = {
        "id": item.id,
        "state": "ended" if item.status == AgreementStatus.ended else "current",
        "version": version.number,
        "title": version.title,
        "text": version.text,
        "signed_off_at": _local_iso(version.signed_off_at),
        "signed_off_by": [{"name": s.signer_name, "signed_off_at": _local_iso(s.created_at),
                           "comment": s.comment if s.comment_public else None} for s in version.approvals],
        "declarations": [d.id for d in version.declarations if _is_public(d)],
        "ended_at": _local_iso(item.ended_at) if item.status == AgreementStatus.ended else None,
        "end_reason": item.end_reason if item.status == AgreementStatus.ended else None,
    }
    if politician is not None:
        result["politician"] = politician
    return result


def _is_public(item: Declaration) -> bool:
    return item.published_number is not None and item.is_public
