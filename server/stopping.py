"""Stop signals for the command line: Ctrl-C, ``kill`` and a closed terminal end a run the same way.

Python's default turns SIGINT into ``KeyboardInterrupt`` but lets SIGTERM and SIGHUP kill
the process on the spot, skipping every ``finally``: the embedded PostgreSQL started by
``dealdesk serve`` would then outlive the command. Here all three raise :class:`Stop`, so
the context managers that started something stop it on the way out.

Some steps must not be cut in half (starting the embedded server: a half-started
postmaster would be left behind); :func:`deferred` holds a signal until the step is done.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType
from typing import ClassVar, TypeVar

T = TypeVar("T")

STOP_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stop(BaseException):
    """A stop signal arrived. A ``BaseException``, like ``KeyboardInterrupt``, so no
    ``except Exception`` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        """The shell convention for "ended by signal N"."""
        return 128 + self.signum


class _State:
    deferring: ClassVar[int] = 0
    pending: ClassVar[list[int]] = []


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _State.deferring:
        _State.pending.append(signum)
        return
    raise Stop(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into :class:`Stop` while the block runs.

    Only the main thread may set signal handlers; elsewhere (a test calling ``main`` in a
    thread) the block runs with the handlers it has.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _on_signal) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold stop signals until the block is done, then raise the first one held."""
    _State.deferring += 1
    try:
        yield
    finally:
        _State.deferring -= 1
        if not _State.deferring and _State.pending:
            signum = _State.pending[0]
            _State.pending.clear()
            raise Stop(signum)


@contextlib.contextmanager
def uninterrupted(manager: contextlib.AbstractContextManager[T]) -> Iterator[T]:
    """Enter and leave ``manager`` with stop signals held: a second Ctrl-C while the
    embedded server starts or stops must not leave it half-started or running."""
    with deferred():
        value = manager.__enter__()
    try:
        yield value
    except BaseException:
        with deferred():
            if not manager.__exit__(*sys.exc_info()):
                raise
    else:
        with deferred():
            manager.__exit__(None, None, None)
