"""``dealdesk serve`` as a real process: it claims to run only once it answers, and every
way of stopping it (Ctrl-C during start-up, SIGTERM, a closed terminal) stops what it
started, the embedded PostgreSQL included, with one line of output."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from tests.server.cli_process import environment, free_port, postgres_processes, running

RUNNING = "DealDesk is running at"


@pytest.fixture(scope="module")
def embedded_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder for the embedded-server tests, so the cluster is created once."""
    return tmp_path_factory.mktemp("embedded")


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_announces_only_once_it_answers_and_stops_on_sigterm(
    workers: int, database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    env = environment(
        tmp_path,
        DATABASE_URL=database_url,
        DEALDESK_SECRET_KEY="s" * 40,
        # One server as it runs by default, warming its close workers and dictionaries as
        # SIGTERM comes.
        DEALDESK_WARM_CLOSE_WORKERS=None if workers == 1 else "false",
        DEALDESK_WARM_SEGMENTERS=None if workers == 1 else "false",
    )
    with running(
        "serve", "--port", str(port), "--workers", str(workers), env=env, cwd=tmp_path
    ) as server:
        announced = server.wait_for_line(RUNNING)
        status = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code
        server.process.send_signal(signal.SIGTERM)
        done = server.finish()

    assert f"http://localhost:{port}/graphql" in announced
    assert status == 200
    assert done.returncode == 0, done
    assert done.stdout.strip().endswith("DealDesk stopped.")
    assert "Traceback" not in done.output


def test_ctrl_c_during_start_up_is_one_line_and_leaves_no_postgres(embedded_folder: Path) -> None:
    env = environment(embedded_folder)  # no DATABASE_URL: the embedded server
    with running(
        "serve", "--demo", "--port", str(free_port()), env=env, cwd=embedded_folder
    ) as server:
        server.wait_for_line("starting the embedded PostgreSQL")
        server.wait_for_line("migrating…")
        server.signal_group(signal.SIGINT)  # what Ctrl-C in a terminal does
        done = server.finish()

    assert done.returncode == 128 + signal.SIGINT, done
    assert done.stderr.strip().splitlines() == [
        "stopped by SIGINT before finishing; nothing it started is left running"
    ]
    assert RUNNING not in done.stdout
    assert postgres_processes(embedded_folder.resolve() / "pgdata") == 0


def test_closing_the_terminal_stops_the_embedded_postgres(embedded_folder: Path) -> None:
    env = environment(embedded_folder)
    port = free_port()
    with running("serve", "--port", str(port), env=env, cwd=embedded_folder) as server:
        server.wait_for_line(RUNNING)
        status = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code
        serving = postgres_processes(embedded_folder.resolve() / "pgdata")
        server.signal_group(signal.SIGHUP)  # what closing the terminal does
        done = server.finish()

    assert status == 200 and serving == 1
    assert done.returncode == 0, done
    assert "DealDesk stopped." in done.stdout
    assert postgres_processes(embedded_folder.resolve() / "pgdata") == 0
    assert "XDG_RUNTIME_DIR" not in done.stderr  # pgserver gets a private runtime folder
