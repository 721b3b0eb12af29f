"""Two files for the demo library, made here (no binary in the repository): the Edge
Server sheet's chassis table as CSV, and a small PNG chart on the Security Suite overview.
Attached through the use case as OPS; the bytes are the same on every load, and the same
bytes on the same item give back the first attachment, so loading twice changes nothing."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.queries.content import item_titled
from services.content.attachments import Attachments, add_content_attachment
from services.storage.blobs import LocalBlobStore

CHASSIS_CSV = (
    b"chassis,drives,gpus,power supply\n"
    b"Compact 1U,up to 2 TB,0,standard\n"
    b"Large 2U,up to 16 TB,up to 2,High-Power Supply\n"
)


def bar_chart_png(values: tuple[int, ...] = (3, 5, 8, 6, 9), height: int = 40) -> bytes:
    """A grey-on-white bar chart as a PNG (8-bit greyscale), written with zlib alone."""
    bar, gap = 12, 4
    width = len(values) * (bar + gap) + gap
    top = max(values)
    rows = []
    for y in range(height):
        line = bytearray([255] * width)
        for n, value in enumerate(values):
            if height - y <= value * (height - 4) // top:
                start = gap + n * (bar + gap)
                line[start : start + bar] = bytes([90] * bar)
        rows.append(b"\x00" + bytes(line))  # filter type 0 per row

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


@dataclass
class MemoryUpload:
    """Bytes in memory, read like an uploaded file."""

    filename: str
    data: bytes
    position: int = 0

    async def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.position + size
        part = self.data[self.position : end]
        self.position += len(part)
        return part


FILES = (
    ("Edge Server Bundle data sheet", "edge-server-chassis.csv", CHASSIS_CSV),
    ("Security Suite overview", "security-suite-growth.png", bar_chart_png()),
)


def demo_attachments(root: Path) -> Attachments:
    return Attachments(store=LocalBlobStore(root))


async def load_content_attachments(
    session: AsyncSession, ops: Actor, now: datetime, attachments: Attachments
) -> int:
    """Attach the demo files to their items (how many files are attached)."""
    done = 0
    for title, name, data in FILES:
        item_id = await item_titled(session, title)
        if item_id is not None:
            await add_content_attachment(
                session, ops, now, attachments, item_id, MemoryUpload(name, data)
            )
            done += 1
    return done
