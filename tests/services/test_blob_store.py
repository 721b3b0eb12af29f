"""The local attachment store: bytes named by their SHA-256, kept once, moved into place
whole, never at a path a client chose."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest

from services.storage.blobs import LocalBlobStore


async def _put(store: LocalBlobStore, data: bytes) -> str:
    writer = store.start()
    for start in range(0, len(data), 3):
        writer.write(data[start : start + 3])
    return await store.keep(writer)


async def test_the_same_bytes_are_kept_once_under_their_digest(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    first = await _put(store, b"same bytes")
    second = await _put(store, b"same bytes")
    assert first == second == hashlib.sha256(b"same bytes").hexdigest()
    kept = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert kept == [store.path(first)]  # no temporary file left behind
    assert b"".join([c async for c in store.chunks(first)]) == b"same bytes"
    assert await store.exists(first)


async def test_a_discarded_upload_leaves_nothing(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    writer = store.start()
    writer.write(b"refused")
    await store.discard(writer)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_only_a_hex_digest_names_a_path(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    for bad in ("../../etc/passwd", "A" * 64, "ab" * 31, ""):
        with pytest.raises(ValueError):
            store.path(bad)


async def test_a_sweep_finds_old_unnamed_blobs_and_spares_named_or_recent_ones(
    tmp_path: Path,
) -> None:
    store = LocalBlobStore(tmp_path)
    named, unnamed = await _put(store, b"named"), await _put(store, b"unnamed")
    assert store.unreferenced({named}, older_than_seconds=3600) == []  # too recent
    await asyncio.sleep(0.01)
    assert store.unreferenced({named}, older_than_seconds=0) == [store.path(unnamed)]
