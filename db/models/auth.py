"""Refresh tokens: stored as hashes, rotated on use, revocable per family."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.models.columns import belongs_to, stamped_on_insert


class RefreshToken(Base, Keyed):
    """One issued refresh token. A rotation revokes it and issues the next one in the
    same ``family_id``; presenting a revoked token revokes the whole family, since
    that means the token was stolen or replayed."""

    __tablename__ = "refresh_tokens"

    user_id: Mapped[int] = belongs_to("users", index=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, index=True)
    issued_at: Mapped[datetime] = stamped_on_insert()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SignInFailure(Base):
    """One failed sign-in, counted against the account's email and the client's address.

    Kept in PostgreSQL because it is the one store every server process shares:
    a counter in each process's memory would give an attacker ``workers`` times
    the allowance. Rows older than the throttling window are pruned as new ones
    are written.
    """

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        Index("ix_sign_in_failures_scope_key_failed_at", "scope", "key", "failed_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), nullable=False)  # "account" | "address"
    key: Mapped[str] = mapped_column(String(320), nullable=False)
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
