"""Persisted queries (Apollo's automatic persisted queries): a document known by its sha256.

The row is written once, the first time a client sends the document with its hash, and read
by every worker after: a phone's GET with only the hash hits after a restart or on another
worker. Rows are never updated; the hash is the document's, so a row cannot go stale.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created

MAX_DOCUMENT_BYTES = 1024 * 1024
"""The table's own bound on a document (the setting ``apq_max_document_bytes`` is lower)."""


class PersistedQuery(Base, Created):
    __tablename__ = "persisted_queries"
    __table_args__ = (
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
        CheckConstraint(f"octet_length(document) <= {MAX_DOCUMENT_BYTES}", name="document_bounded"),
    )

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    document: Mapped[str] = mapped_column(Text, nullable=False)
