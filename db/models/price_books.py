"""Price books and their effective-dated entries, and account-contracted prices.

Overlapping effective dates for one product in one book (or one contract) are
refused by a trigger in the migration; pgserver's PostgreSQL has no btree_gist,
so an exclusion constraint is not available everywhere.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed, Timestamped, Versioned
from db.models.columns import (
    MONEY,
    EffectiveDated,
    belongs_to,
    currency_iso,
    dates_ordered,
    refers_to,
)


class PriceBook(Base, Keyed, Timestamped, Versioned):
    __tablename__ = "price_books"
    __table_args__ = (
        currency_iso(),
        CheckConstraint(
            "NOT is_standard OR (segment IS NULL AND region IS NULL AND channel IS NULL)",
            name="standard_is_unscoped",
        ),
        Index(
            "uq_price_books_standard_currency",
            "currency",
            unique=True,
            postgresql_where=text("is_standard AND active"),
        ),
    )

    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    is_standard: Mapped[bool] = mapped_column(nullable=False, server_default="false")
    segment: Mapped[str | None] = mapped_column(String(50))
    region: Mapped[str | None] = mapped_column(String(50))
    channel: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(nullable=False, server_default="true")


class PriceBookEntry(Base, Keyed, EffectiveDated, Timestamped):
    __tablename__ = "price_book_entries"
    __table_args__ = (
        CheckConstraint("unit_price >= 0", name="price_not_negative"),
        CheckConstraint("floor_price IS NULL OR floor_price >= 0", name="floor_not_negative"),
        dates_ordered(),
        Index("ix_price_book_entries_book_product", "price_book_id", "product_id"),
    )

    price_book_id: Mapped[int] = belongs_to("price_books")
    product_id: Mapped[int] = refers_to("products")
    unit_price: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
    floor_price: Mapped[Decimal | None] = mapped_column(MONEY)


class ContractedPrice(Base, Keyed, EffectiveDated, Timestamped):
    __tablename__ = "contracted_prices"
    __table_args__ = (
        CheckConstraint("unit_price >= 0", name="price_not_negative"),
        currency_iso(),
        dates_ordered(),
        Index("ix_contracted_prices_account_product", "account_id", "product_id"),
    )

    account_id: Mapped[int] = belongs_to("accounts")
    product_id: Mapped[int] = refers_to("products")
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    unit_price: Mapped[Decimal] = mapped_column(MONEY, nullable=False)
