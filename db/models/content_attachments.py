"""Files attached to a content item (a PDF of the sheet, a deck, a demo video).

A row names the bytes by their SHA-256; the bytes live once in the attachment store
(``services.storage``), however many rows name them. The store is written before the
row's transaction commits, so a committed row always has its file.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Created, Keyed
from db.models.columns import belongs_to, refers_to

FILE_NAME_MAX = 255
MEDIA_TYPE_MAX = 100


class ContentAttachment(Base, Keyed, Created):
    __tablename__ = "content_attachments"
    __table_args__ = (
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
        CheckConstraint("length(trim(file_name)) > 0", name="file_name_not_blank"),
        UniqueConstraint("content_item_id", "sha256"),
    )

    content_item_id: Mapped[int] = belongs_to("content_items", index=True)
    file_name: Mapped[str] = mapped_column(String(FILE_NAME_MAX), nullable=False)
    """The name it was uploaded under (checked: no path parts, no control characters)."""
    media_type: Mapped[str] = mapped_column(String(MEDIA_TYPE_MAX), nullable=False)
    """The type its bytes were sniffed as (agreeing with the name's extension)."""
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    """Lower-case hex digest: the key of the bytes in the store, and the download's ETag."""
    uploaded_by_id: Mapped[int] = refers_to("users")
