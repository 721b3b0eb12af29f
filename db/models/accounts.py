"""Customer accounts, owned by a rep."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed, Timestamped, Versioned
from db.models.columns import currency_iso, refers_to


class Account(Base, Keyed, Timestamped, Versioned):
    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        currency_iso(),
    )

    name: Mapped[str] = mapped_column(String(300), nullable=False)
    segment: Mapped[str] = mapped_column(String(50), nullable=False)
    industry: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[str | None] = mapped_column(String(500))
    """Postal address printed on quotes; lines separated by newlines."""
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    owner_id: Mapped[int] = refers_to("users", index=True)
    active: Mapped[bool] = mapped_column(nullable=False, default=True, server_default="true")
