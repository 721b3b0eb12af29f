"""Enablement content: product sheets, battlecards, case studies… that reps search.

The ``terms_*`` columns hold what is indexed (Thai and Chinese runs cut into words and
character pairs by ``content.terms``), weighted A (title), B (tags, summary), C (body); the
database computes ``search_vector`` from them, with the ``english`` configuration (stemming:
"pricing" and "price" meet) for an English item and ``simple`` for any other (Thai and
Chinese words are segmented already; a stemmer would only mangle their Latin words).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from content.rules import BODY_MAX, SUMMARY_MAX, TITLE_MAX, ContentKind
from db.base import Base, Keyed, Timestamped, Versioned
from db.models.columns import refers_to

KINDS = ", ".join(f"'{kind.value}'" for kind in ContentKind)

ROW_CONFIG = (
    "(CASE WHEN split_part(language, '-', 1) = 'en' "
    "THEN 'english'::regconfig ELSE 'simple'::regconfig END)"
)
"""The text search configuration of a row, by its language: what its vector is made with
and what its snippet is highlighted with."""

SEARCH_VECTOR = " || ".join(
    f"setweight(to_tsvector({ROW_CONFIG}, terms_{weight.lower()}), '{weight}')" for weight in "ABC"
)


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
    segments: Mapped[list[str]] = mapped_column(
        ARRAY(String(100)), nullable=False, default=list, server_default="{}"
    )
    """Customer segments it is for, as keys (lower-cased), e.g. "mid-market"."""
    industries: Mapped[list[str]] = mapped_column(
        ARRAY(String(100)), nullable=False, default=list, server_default="{}"
    )
    """Customer industries it is for, as keys (lower-cased), e.g. "food & beverage"."""
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
        Computed(SEARCH_VECTOR, persisted=True),
    )


class ContentItemLinks(Base):
    """What ranking content for deals reads of an item, one narrow row per item: a copy the
    database keeps (a trigger on ``content_items``, revision 0021), never written by the app.
    Scoring thousands of candidates reads these small rows, not the items' wide ones."""

    __tablename__ = "content_item_links"
    __table_args__ = (
        *(
            Index(f"ix_content_item_links_{c}", c, postgresql_using="gin")
            for c in ("product_ids", "families", "competitors", "segments", "industries", "tags")
        ),
        Index("ix_content_item_links_publish_at", "publish_at"),
    )

    item_id: Mapped[int] = mapped_column(
        ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    publish_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    retire_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    audience_roles: Mapped[list[str]] = mapped_column(ARRAY(String(20)), nullable=False)
    product_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), nullable=False)
    families: Mapped[list[str]] = mapped_column(ARRAY(String(100)), nullable=False)
    competitors: Mapped[list[str]] = mapped_column(ARRAY(String(100)), nullable=False)
    segments: Mapped[list[str]] = mapped_column(ARRAY(String(100)), nullable=False)
    industries: Mapped[list[str]] = mapped_column(ARRAY(String(100)), nullable=False)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(50)), nullable=False)


class ContentTerm(Base):
    """A word the items' indexed text holds, as written (Latin script, three letters or
    more, lower-cased, unstemmed): the vocabulary a misspelt query word is corrected
    against. Kept by triggers on ``content_items`` as items are written (revision 0022);
    never pruned (a word no live item still holds finds nothing)."""

    __tablename__ = "content_terms"

    term: Mapped[str] = mapped_column(Text(collation="C"), primary_key=True)
    """In byte order ("C"), so the words starting with a letter are one range of the key."""


class ContentEvent(Base, Keyed):
    """A rep read an item (VIEW) or shared it with a quote's customer (SHARE); append-only.
    An item is shared once per quote and rep (a re-share finds the first)."""

    __tablename__ = "content_events"
    __table_args__ = (
        CheckConstraint("action IN ('VIEW', 'SHARE')", name="action_known"),
        CheckConstraint("action = 'VIEW' OR quote_id IS NOT NULL", name="share_names_quote"),
        Index(
            "uq_content_events_share",
            "rep_id",
            "content_item_id",
            "quote_id",
            unique=True,
            postgresql_where=text("action = 'SHARE'"),
        ),
        Index("ix_content_events_quote", "quote_id", postgresql_where=text("action = 'SHARE'")),
    )

    action: Mapped[str] = mapped_column(String(10), nullable=False)
    content_item_id: Mapped[int] = refers_to("content_items", index=True)
    rep_id: Mapped[int] = refers_to("users", index=True)
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id", ondelete="RESTRICT"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ContentQuiz(Base, Timestamped, Versioned):
    """A training module's quiz (one per item): questions with choices and correct ones."""

    __tablename__ = "content_quizzes"
    __table_args__ = (CheckConstraint("pass_mark BETWEEN 1 AND 100", name="pass_mark_percent"),)

    content_item_id: Mapped[int] = mapped_column(
        ForeignKey("content_items.id", ondelete="CASCADE"), primary_key=True
    )
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False)
    """``[{"prompt", "choices": [...], "correct": [indexes]}]``."""
    pass_mark: Mapped[int] = mapped_column(Integer, nullable=False)


class ContentQuizAttempt(Base, Keyed):
    """A rep's scored attempt at a quiz; append-only."""

    __tablename__ = "content_quiz_attempts"

    content_item_id: Mapped[int] = refers_to("content_items", index=True)
    rep_id: Mapped[int] = refers_to("users", index=True)
    answers: Mapped[list[list[int]]] = mapped_column(JSONB, nullable=False)
    right: Mapped[int] = mapped_column(Integer, nullable=False)
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    percent: Mapped[int] = mapped_column(Integer, nullable=False)
    passed: Mapped[bool] = mapped_column(Boolean, nullable=False)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
