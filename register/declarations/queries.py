"""Loading for the politician's own pages (/mijn): their declarations and agreements, every status."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from register.extensions import db
from register.models import Agreement, Declaration, DeclarationStatus, Politician


def own_declarations(politician: Politician) -> list[Declaration]:
    """Every declaration of the politician, newest declared first, drafts included (2 more queries for versions)."""
    return list(db.session.scalars(
        select(Declaration).where(Declaration.politician_id == politician.id)
        .options(selectinload(Declaration.current_version), selectinload(Declaration.published_version))
        .order_by(Declaration.declared_at.desc(), Declaration.created_at.desc(), Declaration.id.desc())))


def own_agreements(politician: Politician) -> list[Agreement]:
    """Every agreement of the politician, newest first, with its current version."""
    return list(db.session.scalars(
        select(Agreement).where(Agreement.politician_id == politician.id)
        .options(selectinload(Agreement.current_version))
        .order_by(Agreement.created_at.desc(), Agreement.id.desc())))


def current_by_kind(politician: Politician) -> dict[str, int]:
    """How many published declarations of each kind the politician has now (the checklist says so)."""
    rows = db.session.execute(select(Declaration.kind, func.count()).where(
        Declaration.politician_id == politician.id, Declaration.status == DeclarationStatus.published)
        .group_by(Declaration.kind)).all()
    return {kind.value: count for kind, count in rows}
