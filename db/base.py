"""Declarative base shared by every model, with named constraints so Alembic diffs stay stable."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # Server-made values (timestamps, versions) come back with RETURNING, so a
        # row stays readable after flush without a lazy load the async driver forbids.
        args: dict[str, Any] = {"eager_defaults": True}
        if issubclass(cls, Versioned):
            args["version_id_col"] = cls.__table__.c.version  # type: ignore[attr-defined]
        return args


class Keyed:
    """The integer surrogate key ``id``, the table's primary key (first of its columns)."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)


class Created:
    """The creation instant, stored in UTC by the database's clock."""

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )


class Timestamped(Created):
    """Creation and last-change instants, stored in UTC by the database's clock."""

    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


class Versioned:
    """Optimistic concurrency: SQLAlchemy bumps ``version`` on every UPDATE and
    adds ``WHERE version = :old`` so a concurrent writer's commit makes ours fail
    instead of silently overwriting it."""

    version: Mapped[int] = mapped_column(nullable=False, server_default="1")
