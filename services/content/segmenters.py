"""The word segmenters ``content.terms`` is handed: PyThaiNLP (``newmm``) for Thai, jieba for
Chinese. Both load a dictionary the first time (seconds), so they are loaded once, lazily,
behind a lock, and callers run the cutting off the event loop (``prepared``)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from content.terms import Script, Segmenters

T = TypeVar("T")

_lock = threading.Lock()
_loaded: dict[Script, Callable[[str], Sequence[str]]] = {}


def _load() -> None:
    import jieba
    from pythainlp.tokenize import word_tokenize

    jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict…" at INFO otherwise
    jieba.initialize()

    def thai(run: str) -> Sequence[str]:
        return list(word_tokenize(run, engine="newmm", keep_whitespace=False))

    def chinese(run: str) -> Sequence[str]:
        return list(jieba.cut(run, HMM=True))

    thai("ทดสอบ")  # newmm reads its dictionary on first use
    _loaded.update({Script.THAI: thai, Script.CJK: chinese})


def segmenters() -> Segmenters:
    """Thai and Chinese word segmenters, loaded on the first call (blocking: call it from a
    worker thread, as ``prepared`` does)."""
    if not _loaded:
        with _lock:
            if not _loaded:
                _load()
    return dict(_loaded)


async def prepared(work: Callable[[Segmenters], T]) -> T:
    """``work(segmenters)`` in a worker thread: dictionary loading and segmenting are CPU and
    file work the event loop must not wait on."""
    return await asyncio.to_thread(lambda: work(segmenters()))
