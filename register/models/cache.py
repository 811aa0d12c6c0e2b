"""The data version of the public register, kept in the database so every worker and app server agrees on it."""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from register.extensions import Model
from register.models.base import utcnow


class ContentVersion(Model):
    """One row (id 1): a counter bumped in the same transaction as any change to public data.

    Public pages, exports and the API derive their ETag and the response cache key from it, so a publish is
    visible at once on every worker (see register/cache.py).
    """
    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=1)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
