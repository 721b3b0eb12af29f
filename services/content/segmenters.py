"""The word segmenters ``content.terms`` is handed: PyThaiNLP (``newmm``) for Thai, jieba for
Chinese. Each loads a dictionary the first time it cuts (seconds), so each is loaded once,
lazily, behind a lock, only when a text of its script comes (an English-only library never
loads either), and callers run the cutting off the event loop (``prepared``)."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
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

    @property
    def ready(self) -> bool:
        return self._segment is not None

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


_log = logging.getLogger(__name__)
_warming: list[threading.Thread] = []


def warm_logged(then: Callable[[], None] | None = None) -> bool:
    """``warm``, logged, then ``then()`` once both dictionaries are loaded; whether they are
    (a failure is logged, and ``then`` is not called)."""
    started = time.perf_counter()
    try:
        warm()
    except Exception:  # a failed load is retried by the first search that needs it
        _log.exception("content.segmenters.warm_failed")
        return False
    _log.info("content.segmenters.warmed seconds=%.2f", time.perf_counter() - started)
    if then is not None:
        then()
    return True


def warm_in_background(then: Callable[[], None] | None = None) -> threading.Thread:
    """Start ``warm_logged(then)`` in a daemon thread (once per process: a later call's
    ``then`` is not run) and return it: start-up and readiness never wait on it, and a
    search that comes first loads under the same lock. The server passes
    ``server.gc_tuning.freeze_warmed``: the dictionaries are hundreds of thousands of
    objects no collection need walk."""
    if not _warming:
        thread = threading.Thread(
            target=warm_logged, args=(then,), name="segmenters-warm", daemon=True
        )
        thread.start()
        _warming.append(thread)
    return _warming[0]


def loaded() -> bool:
    """True once both dictionaries are loaded."""
    return all(isinstance(s, _Lazy) and s.ready for s in _SEGMENTERS.values())


def warming_thread() -> threading.Thread | None:
    """The thread ``warm_in_background`` started, if it has."""
    return _warming[0] if _warming else None
