"""Everyday mistakes at the command line: one line saying what to do, a non-zero exit,
no traceback, never a password or its hash.

Each case runs ``dealdesk`` as a real process. The processes are started together, once
per module (a Python start-up costs a second or two), and each test reads its outcome.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.server.cli_process import (
    Outcome,
    assert_one_line_error,
    dealdesk,
    environment,
    free_port,
)

PASSWORD = "correct-horse-battery"
SECRET_IN_URL = "hunter2-secret"
PARALLEL = 8


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    env: dict[str, str]


def user(email: str, name: str, *extra: str, password: str | None = PASSWORD) -> tuple[str, ...]:
    args = ("create-user", "--email", email, "--name", name, *extra)
    return args if password is None else (*args, "--password", password)


async def _execute(url: str, sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@dataclass(frozen=True)
class Runs:
    outcomes: dict[str, Outcome]
    taken_email: str
    busy_port: int
    folder: Path

    def __getitem__(self, name: str) -> Outcome:
        return self.outcomes[name]


@pytest.fixture(scope="module")
def runs(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    folder = tmp_path_factory.mktemp("cli")
    on_db = environment(folder, DATABASE_URL=database_url, DEALDESK_SECRET_KEY="s" * 40)
    plain = environment(folder)
    url = make_url(database_url)
    admin = url.set(database="postgres").render_as_string(hide_password=False)
    suffix = uuid.uuid4().hex[:8]
    taken, new_rep, empty_db = (
        f"taken.{suffix}@example.com",
        f"rep.{suffix}@example.com",
        f"dealdesk_empty_{suffix}",
    )

    first = dealdesk(*user(taken, "Taken", "--role", "MANAGER"), env=on_db, cwd=folder)
    assert first.returncode == 0, first
    asyncio.run(_execute(admin, f'CREATE DATABASE "{empty_db}"'))
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    busy_port = busy.getsockname()[1]
    closed_port = free_port()  # nothing listens there once the probe socket is closed
    missing_db = url.set(database=f"missing_{suffix}").render_as_string(hide_password=False)
    unmigrated = url.set(database=empty_db).render_as_string(hide_password=False)
    folder_as_file = folder / "a-folder.graphql"
    folder_as_file.mkdir()

    cases = {
        "bad email": Case(user("not-an-email", "Ann", "--role", "ADMIN"), on_db),
        "taken email": Case(user(taken, "Twin", "--role", "REP"), on_db),
        "taken email, other case": Case(user(taken.upper(), "Twin", "--role", "REP"), on_db),
        "blank name": Case(user("blank@example.com", "   ", "--role", "REP"), on_db),
        "unknown manager": Case(
            user("r@example.com", "R", "--role", "REP", "--manager-email", "nobody@example.com"),
            on_db,
        ),
        "known manager, other case": Case(
            user(new_rep, "Rep", "--role", "REP", "--manager-email", taken.upper()), on_db
        ),
        "short password": Case(
            user("s@example.com", "S", "--role", "REP", password="tiny-pw"), on_db
        ),
        "no terminal": Case(user("p@example.com", "P", "--role", "REP", password=None), on_db),
        "missing database": Case(("migrate",), environment(folder, DATABASE_URL=missing_db)),
        "closed port": Case(
            ("migrate",),
            environment(
                folder, DATABASE_URL=f"postgresql://u:{SECRET_IN_URL}@127.0.0.1:{closed_port}/d"
            ),
        ),
        "not a url": Case(("migrate",), environment(folder, DATABASE_URL=SECRET_IN_URL)),
        "not postgresql": Case(
            ("migrate",),
            environment(folder, DATABASE_URL=f"mysql://root:{SECRET_IN_URL}@localhost/db"),
        ),
        "env prod": Case(("migrate",), environment(folder, DEALDESK_ENV="prod")),
        "production without secret": Case(
            ("serve",), environment(folder, DEALDESK_ENV="production")
        ),
        "export into missing folder": Case(
            ("export-schema", "--path", str(folder / "no" / "such" / "s.graphql")), plain
        ),
        "export onto a folder, debug": Case(
            ("export-schema", "--path", str(folder_as_file), "--debug"), plain
        ),
        "port too big": Case(("serve", "--port", "99999"), plain),
        "port zero": Case(("serve", "--port", "0"), plain),
        "port not a number": Case(("serve", "--port", "http"), plain),
        "no workers": Case(("serve", "--workers", "0"), plain),
        "busy port": Case(("serve", "--port", str(busy_port)), on_db),
        "unknown host": Case(
            ("serve", "--host", "no-such-host.invalid", "--port", str(free_port())), on_db
        ),
        "unmigrated demo": Case(
            ("serve", "--demo", "--port", str(free_port())),
            environment(folder, DATABASE_URL=unmigrated),
        ),
    }
    try:
        with concurrent.futures.ThreadPoolExecutor(PARALLEL) as pool:
            futures = {
                name: pool.submit(dealdesk, *case.args, env=case.env, cwd=folder)
                for name, case in cases.items()
            }
            outcomes = {name: future.result() for name, future in futures.items()}
    finally:
        busy.close()
        asyncio.run(_execute(admin, f'DROP DATABASE IF EXISTS "{empty_db}" WITH (FORCE)'))
    yield Runs(outcomes, taken, busy_port, folder)
    asyncio.run(
        _execute(
            url.render_as_string(hide_password=False),
            f"DELETE FROM users WHERE email IN ('{new_rep}'); DELETE FROM users WHERE email = '{taken}'",
        )
    )


def test_a_bad_email_is_one_line_and_never_prints_the_password_or_its_hash(runs: Runs) -> None:
    assert_one_line_error(runs["bad email"], mentions="not an email address", secrets=(PASSWORD,))
    assert runs["bad email"].returncode == 2


@pytest.mark.parametrize("case", ["taken email", "taken email, other case"])
def test_a_taken_email_in_any_case_is_one_line(case: str, runs: Runs) -> None:
    assert_one_line_error(runs[case], mentions="already exists", secrets=(PASSWORD,))


def test_a_blank_name_is_one_line(runs: Runs) -> None:
    assert_one_line_error(runs["blank name"], mentions="--name", secrets=(PASSWORD,))


def test_an_unknown_manager_is_one_line(runs: Runs) -> None:
    assert_one_line_error(
        runs["unknown manager"], mentions="nobody@example.com", secrets=(PASSWORD,)
    )


def test_a_known_manager_is_found_in_any_case(runs: Runs) -> None:
    done = runs["known manager, other case"]

    assert done.returncode == 0, done
    assert "Created user rep." in done.stdout


def test_a_short_password_is_one_line_and_not_echoed(runs: Runs) -> None:
    assert_one_line_error(
        runs["short password"], mentions="at least 10 characters", secrets=("tiny-pw",)
    )


def test_no_terminal_for_the_password_prompt_is_one_line(runs: Runs) -> None:
    assert_one_line_error(runs["no terminal"], mentions="--password")


def test_database_url_naming_a_missing_database_says_how_to_create_it(runs: Runs) -> None:
    assert_one_line_error(runs["missing database"], mentions="does not exist")
    assert "createdb" in runs["missing database"].stderr


def test_database_url_on_a_closed_port_is_one_line_without_the_password(runs: Runs) -> None:
    assert_one_line_error(
        runs["closed port"], mentions="connection refused", secrets=(SECRET_IN_URL,)
    )


@pytest.mark.parametrize("case", ["not a url", "not postgresql"])
def test_database_url_that_is_not_a_postgresql_url_is_one_line_without_its_value(
    case: str, runs: Runs
) -> None:
    assert_one_line_error(runs[case], mentions="DATABASE_URL", secrets=(SECRET_IN_URL,))
    assert runs[case].returncode == 2


def test_an_unknown_environment_name_lists_the_valid_ones(runs: Runs) -> None:
    assert_one_line_error(runs["env prod"], mentions="DEALDESK_ENV")
    assert "'production'" in runs["env prod"].stderr


def test_production_without_a_secret_is_one_line(runs: Runs) -> None:
    assert_one_line_error(runs["production without secret"], mentions="DEALDESK_SECRET_KEY")


def test_export_schema_into_a_missing_folder_is_one_line(runs: Runs) -> None:
    assert_one_line_error(runs["export into missing folder"], mentions="does not exist")


def test_debug_adds_the_traceback_to_the_one_line(runs: Runs) -> None:
    done = runs["export onto a folder, debug"]

    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: cannot write")


@pytest.mark.parametrize(
    ("case", "option"),
    [
        ("port too big", "--port"),
        ("port zero", "--port"),
        ("port not a number", "--port"),
        ("no workers", "--workers"),
    ],
)
def test_serve_refuses_out_of_range_options_before_doing_anything(
    case: str, option: str, runs: Runs
) -> None:
    done = runs[case]

    assert done.returncode == 2
    assert f"argument {option}" in done.stderr.splitlines()[-1]
    assert "Traceback" not in done.output
    assert not (runs.folder / "pgdata").exists()  # the embedded server was never started


def test_serve_on_a_busy_port_says_so_and_never_claims_to_be_running(runs: Runs) -> None:
    done = runs["busy port"]

    assert_one_line_error(
        done, mentions=f"port {runs.busy_port} is in use on 127.0.0.1; choose another with --port"
    )
    assert "running" not in done.output


def test_serve_on_an_unknown_host_says_so(runs: Runs) -> None:
    assert_one_line_error(runs["unknown host"], mentions="no-such-host.invalid")
    assert "running" not in runs["unknown host"].output


def test_serve_demo_on_an_unmigrated_database_says_what_to_run(runs: Runs) -> None:
    assert_one_line_error(
        runs["unmigrated demo"], mentions="run `dealdesk migrate` first, or add --migrate"
    )
    assert "running" not in runs["unmigrated demo"].output


def test_serve_help_explains_every_option_with_its_default(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", "serve", "--help"],
        env=environment(tmp_path),
        cwd=tmp_path,
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "(default: 127.0.0.1)" in text and "(default: 8000)" in text and "(default: 1)" in text
    assert "0.0.0.0 for every interface" in text


def test_an_unexpected_database_error_prints_its_first_line_only() -> None:
    """PostgreSQL's DETAIL line and SQLAlchemy's parameters echo the row: a password hash."""
    from sqlalchemy.exc import IntegrityError

    from server.cli_errors import unexpected

    driver_error = Exception(
        'new row for relation "users" violates check constraint "x"\nDETAIL:  Failing row contains ($argon2id$v=19$secret).'
    )
    error = IntegrityError(
        "INSERT INTO users ...", {"password_hash": "$argon2id$v=19$secret"}, driver_error
    )

    assert (
        unexpected(error)
        == 'IntegrityError: new row for relation "users" violates check constraint "x"'
    )


def test_the_command_line_checks_emails_as_the_api_does() -> None:
    from server.users import EMAIL
    from services.validation import EMAIL as API_EMAIL

    assert EMAIL.pattern == API_EMAIL.pattern
