"""The published versions of a content item: what readers saw, and when.

An item is edited in place (``content_items``); each edit that changes what a reader sees
closes the item's current version (``retire_at`` = the instant of the edit) and adds the
next, so the history keeps every text that was ever published. Rows are written by
``services.content.versions`` only; the open version (``retire_at`` null, or the item's
own retire instant) is the item's current text.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from content.rules import TITLE_MAX
from db.base import Base, Created, Keyed
from db.models.columns import belongs_to, refers_to

CHANGE_NOTE_MAX = 500


class ContentItemVersion(Base, Keyed, Created):
    __tablename__ = "content_item_versions"
    __table_args__ = (
        UniqueConstraint("item_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("retire_at IS NULL OR retire_at >= publish_at", name="window_ordered"),
        CheckConstraint(f"length(change_note) <= {CHANGE_NOTE_MAX}", name="change_note_bounded"),
    )

    item_id: Mapped[int] = belongs_to("content_items")
    """Indexed by the unique (item_id, number), which a page of versions reads backwards."""
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    """1 for the text the item was created with, then 2, 3… with no gaps."""
    title: Mapped[str] = mapped_column(String(TITLE_MAX), nullable=False)
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    body_html: Mapped[str] = mapped_column(Text, nullable=False)
    language: Mapped[str] = mapped_column(String(20), nullable=False)
    tags: Mapped[list[str]] = mapped_column(ARRAY(String(50)), nullable=False)
    product_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), nullable=False)
    competitors: Mapped[list[str]] = mapped_column(ARRAY(String(100)), nullable=False)
    publish_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    """When readers first saw this text."""
    retire_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When the next version replaced it or the item was retired; null while current."""
    changed_by_id: Mapped[int] = refers_to("users")
    change_note: Mapped[str | None] = mapped_column(String(CHANGE_NOTE_MAX))
    """Why OPS changed it, as they wrote it; null when they gave no reason."""
