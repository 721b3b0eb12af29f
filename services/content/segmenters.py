"""The word segmenters ``content.terms`` is handed: PyThaiNLP (``newmm``) for Thai, jieba for
Chinese. Each loads a dictionary the first time it cuts (seconds), so each is loaded once,
lazily, behind a lock, only when a text of its script comes (an English-only library never
loads either), and callers run the cutting off the event loop (``prepared``)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from content.terms import Script, Segmenter, Segmenters

T = TypeVar("T")


def _thai() -> Segmenter:
    from pythainlp.tokenize import word_tokenize

    def thai(run: str) -> Sequence[str]:
        return list(word_tokenize(run, engine="newmm", keep_whitespace=False))

    return thai


def _chinese() -> Segmenter:
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict…" at INFO otherwise
    jieba.initialize()

    def chinese(run: str) -> Sequence[str]:
        return list(jieba.cut(run, HMM=True))

    return chinese


class _Lazy:
    """A segmenter made by ``load`` on its first call, once, whichever thread calls first."""

    def __init__(self, load: Callable[[], Segmenter]) -> None:
        self._load = load
        self._segment: Segmenter | None = None
        self._lock = threading.Lock()

    def __call__(self, run: str) -> Sequence[str]:
        if self._segment is None:
            with self._lock:
                if self._segment is None:
                    self._segment = self._load()
        return self._segment(run)


_SEGMENTERS: Segmenters = {Script.THAI: _Lazy(_thai), Script.CJK: _Lazy(_chinese)}


def segmenters() -> Segmenters:
    """Thai and Chinese word segmenters; the first cut of each script loads its dictionary
    (blocking: cut in a worker thread, as ``prepared`` does)."""
    return _SEGMENTERS


async def prepared(work: Callable[[Segmenters], T]) -> T:
    """``work(segmenters)`` in a worker thread: dictionary loading and segmenting are CPU and
    file work the event loop must not wait on."""
    return await asyncio.to_thread(work, _SEGMENTERS)


def warm() -> None:
    """Load both dictionaries now (seconds, blocking): for a server's start-up, in a worker
    thread, so the first Thai or Chinese request does not pay for it."""
    for segment in _SEGMENTERS.values():
        segment("ทดสอบ测试")
