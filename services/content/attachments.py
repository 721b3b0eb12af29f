"""OPS attaches files to content items, and removes them.

An upload is checked before a byte is kept: its name (a plain file name with an allowed
extension), the item (there, not retired, not full), its size (read a chunk at a time and
stopped at the limit, never held whole in memory), and its bytes (sniffed: they must be the
type the extension stands for). Only then is the file moved into the store under its
SHA-256 and the row written; a refused upload leaves neither. Hashing and writing run in a
worker thread, a chunk at a time, so the event loop never waits on a large file.

Attaching the same bytes to the same item again returns the first attachment (a phone's
retry is safe); the same bytes on another item are a new row over the one stored file.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import quote

import jwt
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from content.window import ContentStatus, status
from db.actor import Actor
from db.models.content import ContentItem
from db.models.content_attachments import ContentAttachment
from db.queries.audit import record
from db.queries.content_attachments import attachment_count
from services.audit import current_request_id, image, record_new
from services.content.attachment_rules import (
    ALLOWED,
    SNIFF_BYTES,
    TextCheck,
    agrees,
    expected_type,
    file_name_problem,
    ooxml_has_folder,
    sniffed_type,
)
from services.refusal import Code, refuse
from services.rows import get_or_refuse
from services.storage.blobs import CHUNK, BlobStore, BlobWriter

FILE = ("input", "file")
ITEM = ("input", "contentItemId")
PURPOSE = "content-attachment"
"""The ``typ`` claim of a download link's token."""
PATH = "/attachments/{token}/{name}"
"""The download route; ``name`` is the file's name, for the client's benefit only."""


@dataclass(frozen=True, slots=True)
class Attachments:
    """The attachment store and its limits, from the settings; one per process."""

    store: BlobStore
    max_bytes: int = 25 * 1024 * 1024
    max_per_item: int = 20
    link_secret: str = ""
    """Signs download links (``attachment_downloads``)."""
    link_ttl: timedelta = timedelta(minutes=15)

    def download_path(self, attachment_id: int, file_name: str, user_id: int, now: datetime) -> str:
        """The path (from the server's root) that serves the attachment to this user for
        ``link_ttl`` (see ``attachment_downloads``, which checks it when used)."""
        claims = {
            "typ": PURPOSE,
            "aid": attachment_id,
            "sub": str(user_id),
            "iat": int(now.timestamp()),
            "exp": int((now + self.link_ttl).timestamp()),
        }
        token = jwt.encode(claims, self.link_secret, algorithm="HS256")
        return PATH.format(token=token, name=quote(file_name, safe=""))


class Upload(Protocol):
    """An uploaded file as the web framework hands it over (starlette's ``UploadFile``)."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Received:
    head: bytes
    text_ok: bool


def _write(writer: BlobWriter, text: TextCheck, chunk: bytes) -> None:
    writer.write(chunk)
    text.feed(chunk, final=not chunk)


async def _receive(upload: Upload, writer: BlobWriter, max_bytes: int) -> Received:
    """Copy the upload into ``writer`` a chunk at a time; FILE_TOO_LARGE past the limit."""
    head = b""
    text = TextCheck()
    while chunk := await upload.read(CHUNK):
        if writer.size + len(chunk) > max_bytes:
            raise refuse(Code.FILE_TOO_LARGE, f"A file may be at most {max_bytes:,} bytes.", FILE)
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        await asyncio.to_thread(_write, writer, text, chunk)
    text.feed(b"", final=True)
    return Received(head, text.ok)


async def _check_type(writer: BlobWriter, expected: str, received: Received) -> None:
    sniffed = sniffed_type(received.head)
    verdict = agrees(expected, sniffed, received.text_ok)
    if verdict is None:
        verdict = await asyncio.to_thread(ooxml_has_folder, writer.staged_path, expected)
    if not verdict:
        raise refuse(
            Code.UNSUPPORTED_FILE_TYPE,
            f"The file's contents are not {expected}, as its name says"
            + (f" (they look like {sniffed})." if sniffed else "."),
            FILE,
        )


def _checked_name(name: str | None) -> tuple[str, str]:
    """The file's name and the media type its extension allows; refuses anything else."""
    name = (name or "").strip()
    problem = file_name_problem(name)
    if problem is not None:
        raise refuse(Code.INVALID, problem, FILE)
    expected = expected_type(name)
    if expected is None:
        allowed = ", ".join(sorted(ALLOWED))
        raise refuse(Code.UNSUPPORTED_FILE_TYPE, f"Allowed file types: {allowed}.", FILE)
    return name, expected


async def _attachable(
    session: AsyncSession, attachments: Attachments, item_id: int, now: datetime
) -> ContentItem:
    """The item, locked (two uploads at once count one after the other)."""
    item = await get_or_refuse(
        session, ContentItem, item_id, name="ContentItem", lock=True, field=ITEM
    )
    if status(item.publish_at, item.retire_at, now) is ContentStatus.RETIRED:
        raise refuse(Code.INVALID_STATE, "This item is retired.", ITEM)
    if await attachment_count(session, item.id) >= attachments.max_per_item:
        raise refuse(
            Code.LIMIT_REACHED,
            f"An item holds at most {attachments.max_per_item} attachments.",
            ITEM,
        )
    return item


async def _existing(session: AsyncSession, item_id: int, digest: str) -> ContentAttachment | None:
    stmt = select(ContentAttachment).where(
        ContentAttachment.content_item_id == item_id, ContentAttachment.sha256 == digest
    )
    return (await session.scalars(stmt)).first()


async def add_content_attachment(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    attachments: Attachments,
    item_id: int,
    upload: Upload,
) -> ContentAttachment:
    """Attach ``upload`` to the item; refused (and nothing kept) when any check fails."""
    if not callable(getattr(upload, "read", None)):  # a JSON value where a file part belongs
        raise refuse(Code.REQUIRED, "Send the file as a multipart upload part.", FILE)
    name, expected = _checked_name(upload.filename)
    item = await _attachable(session, attachments, item_id, now)
    store = attachments.store
    writer = await asyncio.to_thread(store.start)
    try:
        received = await _receive(upload, writer, attachments.max_bytes)
        if writer.size == 0:
            raise refuse(Code.INVALID, "The file is empty.", FILE)
        await _check_type(writer, expected, received)
        same = await _existing(session, item.id, writer.digest())
        if same is not None:
            await store.discard(writer)
            return same
        digest = await store.keep(writer)  # before the row: a committed row has its file
    except BaseException:
        await store.discard(writer)
        raise
    row = ContentAttachment(
        content_item_id=item.id,
        file_name=name,
        media_type=expected,
        size=writer.size,
        sha256=digest,
        uploaded_by_id=actor.user_id,
    )
    return await record_new(session, actor, "addContentAttachment", row)


async def remove_content_attachment(
    session: AsyncSession, actor: Actor, now: datetime, attachment_id: int
) -> ContentItem:
    """Remove the attachment; the item back. The stored file stays until a sweep finds no
    row naming it (another item may share it, or an upload of the same bytes be under way)."""
    row = await get_or_refuse(
        session, ContentAttachment, attachment_id, name="ContentAttachment", lock=True
    )
    item = await get_or_refuse(session, ContentItem, row.content_item_id, name="ContentItem")
    before = image(row)
    await session.delete(row)
    await session.flush()
    record(
        session,
        actor_id=actor.user_id,
        action="removeContentAttachment",
        entity_type="ContentAttachment",
        entity_id=attachment_id,
        before=before,
        request_id=current_request_id(),
    )
    return item
