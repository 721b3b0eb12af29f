"""``dealdesk`` command line: serve, worker, migrate, demo, create-user, export-schema,
vapid-keys.

:func:`main` is the one error boundary: a known mistake prints one line, ``error: …``, that
says what to do, and exits 1 (2 for a bad argument or setting); anything unexpected prints
its type and first line with a hint to re-run with ``--debug`` for the traceback. Ctrl-C,
``kill`` and a closed terminal stop whatever the command started (see ``server.stopping``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import os
import sys
import traceback
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from server.cli_errors import USAGE, CliError, settings_problem, unexpected
from server.settings import Settings, SettingsError
from server.stopping import Stop, stop_on_signals, uninterrupted

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "schema.graphql"
ROLES = ["REP", "MANAGER", "OPS", "FINANCE", "ADMIN"]

T = TypeVar("T")


def say(message: str) -> None:
    """Progress for the person at the terminal (stdout, line by line even when piped)."""
    print(message, flush=True)


@contextlib.contextmanager
def database(settings: Settings) -> Iterator[str]:
    """The configured database once we know we can reach it, or the embedded one for as
    long as we need it."""
    if settings.database_url:
        from db.reachability import check_database

        check_database(settings.database_url)
        yield settings.database_url
        return
    from db.embedded import embedded_postgres

    first_run = not (settings.data_dir / "pgdata" / "PG_VERSION").exists()
    say(
        f"starting the embedded PostgreSQL in {settings.data_dir}"
        f"{' (first run: creating it)' if first_run else ''}… (DATABASE_URL is not set)"
    )
    # A start or stop cut in half would leave a postmaster nobody stops.
    with uninterrupted(embedded_postgres(settings.data_dir)) as url:
        yield url


def _migrate(url: str) -> None:
    from db.migrate import upgrade

    say("migrating…")
    upgrade(url)


def _require_migrated(url: str) -> None:
    """Serving an unmigrated external database would fail on every request: say what to run."""
    from db.migrate import applied_revisions, head_revisions
    from db.reachability import describe

    applied = applied_revisions(url)
    if applied == head_revisions():
        return
    state = (
        "has no DealDesk tables yet"
        if not applied
        else f"is at revision {', '.join(sorted(applied))}, not the code's"
    )
    raise CliError(
        f"the database {describe(url)} {state}: run `dealdesk migrate` first, or add --migrate"
    )


def _with_sessions(url: str, work: Callable[[Any], Awaitable[T]]) -> T:
    from db.engine import create_engine, create_session_factory

    async def run() -> T:
        engine = create_engine(url, pool_size=2)
        try:
            return await work(create_session_factory(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _load_demo(url: str, settings: Settings) -> None:
    from server.demo import load_demo

    say("loading the demo…")
    files = settings.resolved_attachments_dir
    summary = _with_sessions(url, lambda sessions: load_demo(sessions, attachments_dir=files))
    say(
        f"\nDemo data loaded: {len(summary.logins)} users, {summary.accounts} accounts, "
        f"{summary.products} products."
    )
    say(f"Every demo user's password is: {summary.password}")
    for email, name, roles in summary.logins:
        say(f"  {email:<34} {name:<16} {roles}")
    say("")


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> None:
    with database(settings) as url:
        _migrate(url)
    say("Migrations applied.")


def cmd_demo(settings: Settings, args: argparse.Namespace) -> None:
    with database(settings) as url:
        _migrate(url)
        _load_demo(url, settings)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    from server import listening, serving

    settings.resolved_secret_key()  # production without a secret stops here, clearly
    sock = listening.bind(args.host, args.port)  # a busy port fails now, before anything starts
    running: list[bool] = []

    def announce() -> None:
        running.append(True)
        first, *others = listening.urls(args.host, args.port)
        say(f"DealDesk is running at {first} (Ctrl-C to stop)")
        for url in others:
            say(f"  from another device on your network: {url}")
        if settings.graphiql:
            say("  open that address in a browser for GraphiQL")

    try:
        with sock, database(settings) as url:
            if not settings.database_url or args.migrate:
                _migrate(url)
            else:
                _require_migrated(url)
            if args.demo:
                _load_demo(url, settings)
            # The app (and every worker) reads its settings from the environment.
            os.environ["DATABASE_URL"] = url
            if settings.secret_key:
                os.environ.setdefault("DEALDESK_SECRET_KEY", settings.secret_key)
            config = uvicorn.Config(
                serving.APP,
                factory=True,
                host=args.host,
                port=args.port,
                workers=args.workers,
                log_level="warning",
                timeout_graceful_shutdown=10,
                ws_max_size=settings.max_body_bytes,  # a WebSocket message is bounded like a body
            )
            serving.serve(config, sock, announce)
    except Stop:
        if not running:
            raise
        say("DealDesk stopped.")


def cmd_worker(settings: Settings, args: argparse.Namespace) -> None:
    from server.jobs.cli import work

    with database(settings) as url:
        if not settings.database_url or args.migrate:
            _migrate(url)
        else:
            _require_migrated(url)
        say(f"DealDesk worker is running ({settings.worker_concurrency} at once; Ctrl-C to stop)")
        work(settings, url, args.tasks_module or ())
    say("DealDesk worker stopped.")


def _password(args: argparse.Namespace) -> str:
    if args.password is not None:
        return str(args.password)
    if not sys.stdin.isatty():
        raise CliError(
            "there is no terminal to ask for the password; pass --password", exit_code=USAGE
        )
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise CliError("the two passwords differ; run the command again", exit_code=USAGE)
    return password


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> None:
    from server.users import CreateUserError, check_new_user, check_password, create_user

    try:  # every argument is checked before the password prompt and the database
        new = check_new_user(args.email, args.name)
        password = _password(args)
        check_password(password)
    except CreateUserError as exc:
        raise CliError(str(exc), exit_code=USAGE) from None
    with database(settings) as url:
        _migrate(url)
        user_id = _with_sessions(
            url,
            lambda sessions: create_user(
                sessions,
                email=new.email,
                name=new.name,
                password=password,
                roles=args.role,
                manager_email=args.manager_email,
                parameters=settings.argon2_parameters(),
            ),
        )
    say(f"Created user {new.email} (id {user_id}).")


def cmd_recompute_kpis(settings: Settings, args: argparse.Namespace) -> None:
    """Recompute KPI rollups from the activity log and report drift (``--repair`` fixes it)."""
    from services.performance.recompute import recompute

    async def work(sessions: Any) -> list[Any]:
        async with sessions.begin() as session:
            return await recompute(session, args.metric or None, repair=args.repair)

    with database(settings) as url:
        _require_migrated(url)
        drift = _with_sessions(url, work)
    for row in drift[:20]:
        say(f"  {row.metric} v{row.version} rep {row.rep_id} {row.day}: "
            f"stored {row.stored} computed {row.computed}")  # fmt: skip
    repaired = " (repaired)" if args.repair and drift else ""
    say(f"KPI rollups recomputed: {len(drift)} drifted rows{repaired}.")


def cmd_export_schema(settings: Settings, args: argparse.Namespace) -> None:
    path = Path(args.path)
    if not path.parent.is_dir():  # said before importing the whole schema (seconds)
        raise CliError(
            f"the folder {path.parent} does not exist; create it or choose another --path",
            exit_code=USAGE,
        )
    from schema.assembly import build_schema

    try:
        path.write_text(build_schema().as_str() + "\n")
    except OSError as exc:
        raise CliError(
            f"cannot write {path}: {exc.strerror or exc}; choose another --path"
        ) from exc
    say(f"Wrote {path}")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a port; use a whole number from 1 to 65535"
        )
    return port


def _workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        workers = 0
    if workers < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of worker processes; use 1 or more"
        )
    return workers


def _migrate_flag(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--migrate",
        action="store_true",
        help="apply database migrations first (always done on the embedded database)",
    )


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows an option's default, except for on/off flags (always off) and options without one."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False, argparse.SUPPRESS):
            return action.help
        return super()._get_help_string(action)


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug",
        action="store_true",
        help="print the full traceback when something fails (or set DEALDESK_DEBUG=1)",
    )
    root = argparse.ArgumentParser(
        prog="dealdesk",
        description="DealDesk CPQ and commissions server. Without DATABASE_URL it runs an embedded "
        "PostgreSQL in DEALDESK_DATA_DIR (default .dealdesk, relative to where you run it).",
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="command")

    def command(
        name: str, run: Callable[..., Any], help: str, **options: Any
    ) -> argparse.ArgumentParser:
        """The sub-command ``name`` running ``run``, with the common options."""
        sub = commands.add_parser(
            name, parents=[common], formatter_class=_HelpFormatter, help=help, **options
        )
        sub.set_defaults(run=run)
        return sub

    serve = command(
        "serve",
        cmd_serve,
        "run the GraphQL server",
        description="Run the GraphQL server under uvicorn. "
        "Ctrl-C (or closing the terminal) stops it and the embedded PostgreSQL.",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for every interface "
        "(so a phone on the same network can connect)",
    )
    serve.add_argument("--port", type=_port, default=8000, help="TCP port, 1-65535")
    serve.add_argument("--workers", type=_workers, default=1, help="worker processes")
    serve.add_argument(
        "--demo", action="store_true", help="load the demo sales org first (safe to repeat)"
    )
    _migrate_flag(serve)

    worker = command(
        "worker",
        cmd_worker,
        "run background and scheduled jobs (SLA escalation, quote expiry, contests, badges, "
        "webhook and push deliveries, period-close reminders, contest rank changes, approval "
        "emails)",
        description="Run a job worker. `serve` already runs one in each server process unless "
        "DEALDESK_WORKER=0; run more here, on any machine that reaches the database. SIGTERM or "
        "Ctrl-C lets running jobs finish (DEALDESK_WORKER_SHUTDOWN_SECONDS) before it stops.",
    )
    _migrate_flag(worker)
    worker.add_argument(
        "--tasks-module",
        action="append",
        metavar="MODULE",
        help="also load the tasks of this module (its register(app) adds them); repeat for several",
    )

    command("migrate", cmd_migrate, "apply database migrations")
    command("demo", cmd_demo, "load the demo sales org (safe to repeat)")

    create = command("create-user", cmd_create_user, "add a user")
    create.add_argument("--email", required=True, help="sign-in email (unique, ignoring case)")
    create.add_argument("--name", required=True, help="full name")
    create.add_argument(
        "--role", action="append", required=True, choices=ROLES, help="a role; repeat for several"
    )
    create.add_argument("--manager-email", help="email of the user's manager, who must exist")
    create.add_argument(
        "--password",
        help="asked for twice when left out (safer: a password on the command line stays in the "
        "shell's history)",
    )

    kpis = command(
        "recompute-kpis",
        cmd_recompute_kpis,
        "recompute KPI rollups from the activity log and report drift",
    )
    kpis.add_argument("--metric", action="append", help="only this metric key; repeat for several")
    kpis.add_argument("--repair", action="store_true", help="rebuild the drifted rollups")

    export = command("export-schema", cmd_export_schema, "write the GraphQL SDL")
    export.add_argument("--path", default=str(SCHEMA_PATH), help="file to write")

    command(
        "vapid-keys",
        cmd_vapid_keys,
        "print a new VAPID key pair for Web Push (as environment variables)",
    )
    return root


def cmd_vapid_keys(settings: Settings, args: argparse.Namespace) -> None:
    """Print a fresh VAPID pair; set both in production (browsers subscribed with the public
    key must subscribe again if it changes)."""
    from services.notifications.vapid import generate_vapid_keys

    private, public = generate_vapid_keys()
    say(f"DEALDESK_VAPID_PRIVATE_KEY={private}")
    say(f"DEALDESK_VAPID_PUBLIC_KEY={public}")


def _known_problem(exc: BaseException) -> tuple[str, int] | None:
    """The line to print and the exit status for a failure the user can fix, else None."""
    from pydantic import ValidationError

    from db.embedded import EmbeddedDatabaseError
    from db.reachability import DatabaseUnavailable

    if isinstance(exc, CliError):
        return str(exc), exc.exit_code
    if isinstance(exc, ValidationError):
        return settings_problem(exc), USAGE
    if isinstance(exc, SettingsError):
        return str(exc), USAGE
    if isinstance(exc, DatabaseUnavailable | EmbeddedDatabaseError):
        return str(exc), 1
    if type(exc).__name__ == "CreateUserError":  # imported lazily by create-user
        return str(exc), 1
    return None


def run(args: argparse.Namespace, *, debug: bool = False) -> int:
    """Run the parsed command; the exit status."""
    try:
        with stop_on_signals():
            args.run(Settings(), args)
    except Stop as stop:
        print(
            f"stopped by {stop} before finishing; nothing it started is left running",
            file=sys.stderr,
        )
        return stop.exit_code
    except Exception as exc:
        if debug:
            traceback.print_exc()
        known = _known_problem(exc)
        if known is not None:
            print(f"error: {known[0]}", file=sys.stderr)
            return known[1]
        print(
            f"error: {unexpected(exc)} "
            "(run again with --debug, or DEALDESK_DEBUG=1, for the traceback)",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    debug = args.debug or os.environ.get("DEALDESK_DEBUG", "").lower() in ("1", "true", "yes")
    status = run(args, debug=debug)
    if status:
        raise SystemExit(status)


if __name__ == "__main__":
    main()
