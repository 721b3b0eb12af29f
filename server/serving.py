"""Run uvicorn on a socket the command line has already bound, and say when it is serving.

``on_ready`` is called once the app's start-up has finished (every worker's, with
several), so "DealDesk is running" is never printed before it is true. A closed
terminal (SIGHUP) stops the server like Ctrl-C does: uvicorn alone ignores it in a
single process and, with workers, takes it as "restart the workers".
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Callable, Generator

import uvicorn
from uvicorn.server import HANDLED_SIGNALS
from uvicorn.supervisors.multiprocess import Multiprocess

from server.cli_errors import CliError
from server.stopping import Stop

APP = "server.served:app"
WORKER_START_SECONDS = 120.0


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and not self.should_exit:
            self.on_ready()

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        """uvicorn's own, with SIGHUP among the signals that shut down gracefully."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (*HANDLED_SIGNALS, signal.SIGHUP)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)
        # As uvicorn does: hand the signal on, so the caller's handler stops the rest.
        for captured in reversed(self._captured_signals):
            signal.raise_signal(captured)


class _Supervisor(Multiprocess):
    def __init__(
        self, config: uvicorn.Config, sockets: list[socket.socket], on_ready: Callable[[], None]
    ) -> None:
        super().__init__(config, sockets=sockets)
        self.on_ready = on_ready
        self.ready = False
        self.stop_signal: int | None = None

    def init_processes(self) -> None:
        super().init_processes()
        if self._workers_started():
            self.ready = True
            self.on_ready()

    def _workers_started(self) -> bool:
        """Wait for every worker's start-up, still answering stop signals meanwhile.

        A fresh worker imports the whole app, which on a busy machine takes longer than
        uvicorn's five-second health check.
        """
        deadline = time.monotonic() + WORKER_START_SECONDS
        waiting = list(self.processes)
        while waiting and time.monotonic() < deadline:
            self.handle_signals()
            if self.should_exit.is_set() or not waiting[0].process.is_alive():
                return False  # stopped, or the worker died (the main loop reports it)
            if waiting[0].is_ready(timeout=0.5):
                waiting.pop(0)
        return not waiting

    def handle_int(self) -> None:
        self.stop_signal = self.stop_signal or signal.SIGINT
        super().handle_int()

    def handle_term(self) -> None:
        self.stop_signal = self.stop_signal or signal.SIGTERM
        super().handle_term()

    def handle_hup(self) -> None:
        """A closed terminal stops every worker (uvicorn would restart them)."""
        self.stop_signal = self.stop_signal or signal.SIGHUP
        super().handle_term()


def serve(config: uvicorn.Config, sock: socket.socket, on_ready: Callable[[], None]) -> None:
    """Serve on ``sock`` until a stop signal; raise :class:`CliError` if the app does not start."""
    if config.workers > 1:
        previous = {
            sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        }
        supervisor = _Supervisor(config, [sock], on_ready)
        try:
            supervisor.run()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if supervisor.stop_signal is not None:
            raise Stop(supervisor.stop_signal)  # as in one process: the caller stops the rest
        if not supervisor.ready:
            raise CliError("the server's workers did not start; see the messages above")
        return
    server = _Server(config, on_ready)
    try:
        server.run(sockets=[sock])
    except SystemExit as exc:  # uvicorn exits when the app's start-up fails
        raise CliError("the server did not start; see the messages above") from exc
