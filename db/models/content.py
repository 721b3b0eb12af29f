"""Enablement content: product sheets, battlecards, case studies… that reps search.

The ``terms_*`` columns hold what is indexed (Thai and Chinese runs cut into words and
character pairs by ``content.terms``), weighted A (title), B (tags, summary), C (body); the
database computes ``search_vector`` from them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Computed,
    DateTime,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from content.rules import BODY_MAX, SUMMARY_MAX, TITLE_MAX, ContentKind
from db.base import Base, Keyed, Timestamped, Versioned
from db.models.columns import refers_to

KINDS = ", ".join(f"'{kind.value}'" for kind in ContentKind)


class ContentItem(Base, Keyed, Timestamped, Versioned):
    __tablename__ = "content_items"
    __table_args__ = (
        CheckConstraint(f"kind IN ({KINDS})", name="kind_known"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint(f"length(title) <= {TITLE_MAX}", name="title_bounded"),
        CheckConstraint(f"length(summary) <= {SUMMARY_MAX}", name="summary_bounded"),
        CheckConstraint(f"length(body) <= {BODY_MAX}", name="body_bounded"),
        CheckConstraint("retire_at IS NULL OR retire_at >= publish_at", name="window_ordered"),
        Index("ix_content_items_search", "search_vector", postgresql_using="gin"),
        Index("ix_content_items_product_ids", "product_ids", postgresql_using="gin"),
        Index("ix_content_items_competitors", "competitors", postgresql_using="gin"),
    )

    kind: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    """Markdown, as OPS wrote it."""
    body_html: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    """``body`` rendered and sanitised when written."""
    language: Mapped[str] = mapped_column(String(20), nullable=False)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(50)), nullable=False, default=list)
    product_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), nullable=False, default=list)
    families: Mapped[list[str]] = mapped_column(ARRAY(String(100)), nullable=False, default=list)
    competitors: Mapped[list[str]] = mapped_column(ARRAY(String(100)), nullable=False, default=list)
    audience_roles: Mapped[list[str]] = mapped_column(
        ARRAY(String(20)), nullable=False, default=list
    )
    """Empty: everyone signed in; otherwise only holders of one of these roles (and OPS)."""
    publish_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    retire_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int] = refers_to("users")
    terms_a: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    terms_b: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    terms_c: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    snippet_text: Mapped[str] = mapped_column(Text, nullable=False, server_default="")
    """The body's opening with Thai and Chinese runs as words: what snippets highlight."""
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "setweight(to_tsvector('simple', terms_a), 'A') || "
            "setweight(to_tsvector('simple', terms_b), 'B') || "
            "setweight(to_tsvector('simple', terms_c), 'C')",
            persisted=True,
        ),
    )
