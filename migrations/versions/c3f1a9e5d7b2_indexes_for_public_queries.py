"""indexes for the public queries at national scale

Revision ID: c3f1a9e5d7b2
Revises: a7e3c1d95b20
Create Date: 2026-11-30 18:30:00.000000

Found by an index review of the public pages, the API, the feeds and the exports on national data (375
bodies, 50,000 declarations, 108,000 versions, 5,000 agreements); figures in bench/indexes.md.

- ix_declaration_version_published_at: the Atom feeds list the newest published versions first
  (ORDER BY published_at DESC LIMIT 50). Without it both databases read and sorted every version
  (PostgreSQL: a sort spilling to disk, 80 ms); with it they read the newest 50 from the index (2 ms).
- ix_agreement_version_signed_off_at: the same for signed-off agreements (feeds, /api/v1/agreements,
  ORDER BY signed_off_at DESC): a top-N sort of every agreement becomes an index walk.
- ix_declaration_politician_id_status (politician_id, status) replaces ix_declaration_politician_id: the
  per-politician counts of public declarations (body pages, API body and politician lists, dashboard) are
  answered from the index alone. It starts with politician_id, so it serves every lookup by politician_id
  (foreign key, joins) that the old index served.

SQLite only: ANALYZE once, in full. SQLite's planner uses a new index only as well as its statistics let it;
the sampled statistics that PRAGMA optimize keeps (analysis_limit) left the feeds on a full scan even with
the index, full statistics let them use it. PostgreSQL keeps its own statistics (autovacuum).
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3f1a9e5d7b2'
down_revision = 'a7e3c1d95b20'
branch_labels = None
depends_on = None


def _analyze_sqlite():
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    limit = connection.exec_driver_sql("PRAGMA analysis_limit").scalar()
    connection.exec_driver_sql("PRAGMA analysis_limit=0")
    connection.exec_driver_sql("ANALYZE")
    connection.exec_driver_sql(f"PRAGMA analysis_limit={int(limit or 0)}")


def upgrade():
    op.create_index(op.f('ix_declaration_version_published_at'), 'declaration_version', ['published_at'],
                    unique=False)
    op.create_index(op.f('ix_agreement_version_signed_off_at'), 'agreement_version', ['signed_off_at'],
                    unique=False)
    op.create_index('ix_declaration_politician_id_status', 'declaration', ['politician_id', 'status'],
                    unique=False)
    op.drop_index('ix_declaration_politician_id', table_name='declaration')
    _analyze_sqlite()


def downgrade():
    op.create_index('ix_declaration_politician_id', 'declaration', ['politician_id'], unique=False)
    op.drop_index('ix_declaration_politician_id_status', table_name='declaration')
    op.drop_index(op.f('ix_agreement_version_signed_off_at'), table_name='agreement_version')
    op.drop_index(op.f('ix_declaration_version_published_at'), table_name='declaration_version')
