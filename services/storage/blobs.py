"""A content-addressed store of files, and its local-filesystem backend.

Bytes are named by their SHA-256, so the same file uploaded twice (to two items, or by two
people) is stored once. Writing goes to a temporary file beside the store, hashed as it is
written; ``keep`` then moves it under its digest with one ``os.replace`` (atomic on a local
filesystem), so a reader never sees half a file. No path ever comes from user input: the
only name a stored file has is its hex digest.

A kept blob that no row names (its upload's transaction rolled back, or its last row was
removed) is harmless and stays until ``unreferenced`` finds it for a sweep; the opposite, a
row naming a missing file, cannot happen because the file is kept before the row commits.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import AsyncIterator, Collection
from pathlib import Path
from typing import BinaryIO, Protocol

DIGEST = re.compile(r"[0-9a-f]{64}")
CHUNK = 1024 * 1024
"""Bytes read or written per step (each step runs in a worker thread)."""


class BlobWriter(Protocol):
    """A file being written: ``write`` (blocking: call it in a thread) hashes as it goes."""

    @property
    def size(self) -> int: ...

    @property
    def staged_path(self) -> Path:
        """The local temporary file (for checks that must read it back, e.g. a ZIP's names)."""
        ...

    def write(self, chunk: bytes) -> None: ...

    def digest(self) -> str: ...


class BlobStore(Protocol):
    """What the attachment use cases need of a storage backend."""

    def start(self) -> BlobWriter:
        """A new temporary file to write into."""
        ...

    async def keep(self, writer: BlobWriter) -> str:
        """Store the written bytes under their digest (once); the digest."""
        ...

    async def discard(self, writer: BlobWriter) -> None:
        """Throw the written bytes away (a refused upload)."""
        ...

    async def exists(self, digest: str) -> bool: ...

    def chunks(self, digest: str) -> AsyncIterator[bytes]:
        """The stored bytes, a chunk at a time, read off the event loop."""
        ...


class LocalWriter:
    def __init__(self, file: BinaryIO, path: Path) -> None:
        self._file = file
        self._path = path
        self._hash = hashlib.sha256()
        self._size = 0

    @property
    def size(self) -> int:
        return self._size

    @property
    def staged_path(self) -> Path:
        return self._path

    def write(self, chunk: bytes) -> None:
        self._hash.update(chunk)
        self._file.write(chunk)
        self._size += len(chunk)

    def digest(self) -> str:
        return self._hash.hexdigest()

    def close(self) -> None:
        if not self._file.closed:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()


class LocalBlobStore:
    """Blobs under ``root/ab/cd/<digest>``; temporary files under ``root/.incoming``
    (the same filesystem, so the final rename is atomic)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.incoming = root / ".incoming"

    def path(self, digest: str) -> Path:
        """Where the blob named ``digest`` lives (refuses anything but a hex digest)."""
        if not DIGEST.fullmatch(digest):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / digest[:2] / digest[2:4] / digest

    def start(self) -> LocalWriter:
        self.incoming.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.incoming, prefix="upload-")
        return LocalWriter(os.fdopen(handle, "wb"), Path(name))

    async def keep(self, writer: BlobWriter) -> str:
        assert isinstance(writer, LocalWriter)
        return await asyncio.to_thread(self._keep, writer)

    def _keep(self, writer: LocalWriter) -> str:
        writer.close()
        digest = writer.digest()
        final = self.path(digest)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            # Stored already: keep the first copy, and touch it so a sweep running now
            # (which spares recent files) does not take it from under the new row.
            writer.staged_path.unlink(missing_ok=True)
            os.utime(final)
        else:
            os.replace(writer.staged_path, final)
        return digest

    async def discard(self, writer: BlobWriter) -> None:
        assert isinstance(writer, LocalWriter)
        await asyncio.to_thread(self._discard, writer)

    @staticmethod
    def _discard(writer: LocalWriter) -> None:
        with contextlib.suppress(OSError):
            writer.close()
        writer.staged_path.unlink(missing_ok=True)

    async def exists(self, digest: str) -> bool:
        return await asyncio.to_thread(self.path(digest).is_file)

    async def chunks(self, digest: str) -> AsyncIterator[bytes]:
        file = await asyncio.to_thread(self.path(digest).open, "rb")
        try:
            while chunk := await asyncio.to_thread(file.read, CHUNK):
                yield chunk
        finally:
            await asyncio.to_thread(file.close)

    def unreferenced(self, referenced: Collection[str], older_than_seconds: float) -> list[Path]:
        """Stored blobs no row names and not touched for ``older_than_seconds``, with
        abandoned temporary files as old: what a sweep may delete (blocking: run in a thread)."""
        cutoff = time.time() - older_than_seconds
        found = []
        for path in self.root.glob("*/*/*"):
            if DIGEST.fullmatch(path.name) and path.name not in referenced:
                found.append(path)
        found += list(self.incoming.glob("upload-*")) if self.incoming.exists() else []
        return [p for p in found if p.stat().st_mtime < cutoff]
