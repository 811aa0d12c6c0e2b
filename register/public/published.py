"""Published declarations as rows: the one join that every public list of declarations starts from (search, the
exports, the body page's count of late declarations)."""
from __future__ import annotations

from sqlalchemy import Select, String, and_, literal_column, type_coerce

from register.models import Body, Declaration, DeclarationVersion, Group, Politician
from register.models.declarations import PUBLIC_STATUSES
from register.public.queries import publicly_listed_clause


def joined(statement: Select, *, status_index: bool = True) -> Select:
    """Join a declaration select to its published version, politician, body and fractie: public statuses only,
    and only politicians still on the public pages (in office, or a former member within the retention period).

    status_index=False hides the status from indexes (`status || ''`): a search that has its candidates from
    the search index must start from those, and SQLite without table statistics would otherwise start from
    the status index, that is from every declaration."""
    if status_index:
        public = Declaration.status.in_(PUBLIC_STATUSES)
    else:
        hidden = type_coerce(Declaration.status, String).op("||")(literal_column("''"))
        public = hidden.in_([s.name for s in PUBLIC_STATUSES])
    return (statement.select_from(Declaration)
            .join(DeclarationVersion, and_(DeclarationVersion.declaration_id == Declaration.id,
                                           DeclarationVersion.number == Declaration.published_number))
            .join(Politician, Declaration.politician_id == Politician.id)
            .join(Body, Politician.body_id == Body.id)
            .outerjoin(Group, Politician.group_id == Group.id)
            .where(public, publicly_listed_clause()))
