"""One instance per extension, bound to the app in create_app."""
import enum
from datetime import datetime, UTC
from typing import TYPE_CHECKING, ClassVar

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import DateTime, Enum, MetaData, Table
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

# Named constraints so that Alembic can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Stores UTC, returns timezone-aware UTC datetimes on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use register.models.base.utcnow()")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    # Every model maps a Table (none maps a select or a join), so say so to the type checker: SQLAlchemy's own
    # annotation is the wider FromClause, which has no .name, .insert() or .update().
    __table__: ClassVar[Table]
    # Enums as plain strings (no native PostgreSQL types to migrate); times always UTC.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING),
        type_annotation_map={
            enum.Enum: Enum(enum.Enum, native_enum=False, length=32, validate_strings=True),
            datetime: UTCDateTime(),
        },
    )


db = SQLAlchemy(model_class=Base)

# The models' base class. db.Model is made at run time (Base with Flask-SQLAlchemy's table names and session), so a
# type checker cannot see it; it is a Base, whose typed Mapped[...] columns and relationships mypy checks.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
