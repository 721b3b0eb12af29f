"""Running ``dealdesk`` as a real process, the way a person at a terminal does."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT = 120.0


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def environment(data_dir: Path, **extra: str | None) -> dict[str, str]:
    """The caller's environment without anything DealDesk reads, plus ``extra`` (None removes).

    ``serve`` warms neither its close workers (``DEALDESK_WARM_CLOSE_WORKERS=false``: each is
    a spawned process importing the commission modules, seconds of CPU per server, twice with
    ``--workers 2``, and stopping a server that has just started waits for them to finish
    starting) nor the word dictionaries (``DEALDESK_WARM_SEGMENTERS=false``: over a second of
    CPU, and the collector walks them again on the way out). A test that wants the default
    (on) passes ``None`` for them; ``tests/api/commissions/test_close_workers.py`` and
    ``tests/api/content/test_warm_up.py`` test them."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DEALDESK_") and key not in ("DATABASE_URL", "XDG_RUNTIME_DIR")
    }
    env["DEALDESK_DATA_DIR"] = str(data_dir)
    env["DEALDESK_LOG_LEVEL"] = "WARNING"
    env["DEALDESK_WARM_CLOSE_WORKERS"] = "false"
    env["DEALDESK_WARM_SEGMENTERS"] = "false"
    env["PYTHONPATH"] = str(ROOT)
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Running:
    """A ``dealdesk`` command (``serve``, say) in its own session (so a signal can reach its
    whole process group, as Ctrl-C in a terminal does), with its output read line by line."""

    def __init__(self, *args: str, env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", *args],
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.stdout: list[str] = []
        self.stderr = ""

    def wait_for_line(self, fragment: str, timeout: float = RUN_TIMEOUT) -> str:
        assert self.process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not selector.select(timeout=0.5):
                continue
            line = self.process.stdout.readline()
            if not line:
                break
            self.stdout.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"no line with {fragment!r}; got {self.stdout!r}")

    def signal_group(self, signum: int) -> None:
        os.killpg(self.process.pid, signum)

    def finish(self, timeout: float = 60) -> Outcome:
        out, err = self.process.communicate(timeout=timeout)
        self.stdout.append(out)
        return Outcome(self.process.returncode, "".join(self.stdout), err)

    def kill(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


@contextlib.contextmanager
def running(*args: str, env: dict[str, str], cwd: Path) -> Iterator[Running]:
    server = Running(*args, env=env, cwd=cwd)
    try:
        yield server
    finally:
        server.kill()


def dealdesk(*args: str, env: dict[str, str], cwd: Path) -> Outcome:
    """Run one command to its end (killed with its process group if it outlasts the timeout)."""
    with running(*args, env=env, cwd=cwd) as command:
        return command.finish(RUN_TIMEOUT)


def postgres_processes(pgdata: Path) -> int:
    """Postmasters serving ``pgdata`` (their command line names the folder). A backend the
    postmaster has just forked shows the same command line until it sets its own title, so
    a process whose parent is one of them is not counted."""
    import psutil

    found: dict[int, int] = {}
    for process in psutil.process_iter(["cmdline", "ppid"]):
        cmdline = process.info["cmdline"] or []
        if cmdline and "postgres" in cmdline[0] and str(pgdata) in cmdline:
            found[process.pid] = process.info["ppid"]
    return sum(1 for parent in found.values() if parent not in found)


def assert_one_line_error(
    outcome: Outcome, *, mentions: str, secrets: tuple[str, ...] = ()
) -> None:
    """A non-zero exit with one ``error:`` line on stderr naming ``mentions``; no
    traceback and no secret anywhere in the output."""
    lines = outcome.stderr.strip().splitlines()
    assert outcome.returncode != 0, outcome
    assert len(lines) == 1 and lines[0].startswith("error: "), outcome.stderr
    assert mentions in lines[0], lines[0]
    assert "Traceback" not in outcome.output
    assert "$argon2" not in outcome.output
    for secret in secrets:
        assert secret not in outcome.output
