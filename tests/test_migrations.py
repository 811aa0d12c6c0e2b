"""The schema is made only by Alembic: migrations match the models and run both ways."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from register.db_setup import include_in_autogenerate
from register.extensions import db


def _differences():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True,
                                                            "include_name": include_in_autogenerate})
        return compare_metadata(context, db.metadata)


def test_migrations_match_the_models(app):
    assert _differences() == []


def test_downgrade_to_base_and_upgrade_again(app):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade(revision="heads")
    assert "declaration_version" in inspect(db.engine).get_table_names()
    assert _differences() == []
