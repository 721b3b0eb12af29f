"""Column types, mixins and check constraints that several models share.

A constraint comes from a function (not a mixin's ``__table_args__``) so a model
lists all of its constraints in one place; the names stay those of the
migrations (``ck_<table>_<name>`` through the naming convention).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, DateTime, Enum, ForeignKey, Numeric, func
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column

MONEY = Numeric(18, 6)  # unit prices carry more precision than any currency's minor unit
PERCENT = Numeric(9, 4)


def pg_enum(cls: type[enum.Enum], name: str) -> Enum:
    """A PostgreSQL enum type ``name`` holding the members' values."""
    return Enum(cls, name=name, values_callable=lambda e: [m.value for m in e])


def belongs_to(table: str, *, index: bool = False) -> MappedColumn[Any]:
    """The required id of the ``table`` row this one is part of; deleting that row deletes
    this one (``ON DELETE CASCADE``)."""
    return mapped_column(
        ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=False, index=index or None
    )


def refers_to(table: str, *, index: bool = False) -> MappedColumn[Any]:
    """The required id of a ``table`` row this one refers to; that row cannot be deleted
    while this one refers to it (``ON DELETE RESTRICT``)."""
    return mapped_column(
        ForeignKey(f"{table}.id", ondelete="RESTRICT"), nullable=False, index=index or None
    )


def stamped_on_insert() -> MappedColumn[datetime]:
    """A required instant the database stamps, by its clock in UTC, when the row is inserted
    (when a message was written, a period opened, an event recorded): the app never sets it."""
    return mapped_column(DateTime(timezone=True), server_default=func.now(), nullable=False)


def currency_iso() -> CheckConstraint:
    """The row's ``currency`` is an ISO 4217 code: three capital letters."""
    return CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso")


class EffectiveDated:
    """In effect from ``valid_from`` until ``valid_to`` (exclusive; null means open-ended)."""

    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_to: Mapped[date | None] = mapped_column(Date)


def dates_ordered() -> CheckConstraint:
    """An ``EffectiveDated`` row ends after it starts."""
    return CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="dates_ordered")


class QuantityBand:
    """Quantities from ``from_quantity`` to ``to_quantity`` (inclusive; null means no cap)."""

    from_quantity: Mapped[int] = mapped_column(nullable=False)
    to_quantity: Mapped[int | None] = mapped_column()


def bounds_ordered() -> CheckConstraint:
    """A ``QuantityBand`` does not end before it starts."""
    return CheckConstraint(
        "to_quantity IS NULL OR to_quantity >= from_quantity", name="bounds_ordered"
    )
