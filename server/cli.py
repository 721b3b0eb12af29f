"""``dealdesk`` command line: serve, migrate, demo, create-user, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from server.settings import Settings, SettingsError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "schema.graphql"


@contextlib.contextmanager
def database(settings: Settings) -> Iterator[str]:
    """The configured database, or the embedded one started for as long as we need it."""
    if settings.database_url:
        yield settings.database_url
        return
    from db.embedded import embedded_postgres

    print(f"DATABASE_URL is not set: starting the embedded PostgreSQL in {settings.data_dir}/pgdata")
    with embedded_postgres(settings.data_dir) as url:
        yield url


def _migrate(url: str) -> None:
    from db.migrate import upgrade

    upgrade(url)


async def _with_sessions(url: str, work):  # type: ignore[no-untyped-def]
    from db.engine import create_engine, create_session_factory

    engine = create_engine(url, pool_size=2)
    try:
        return await work(create_session_factory(engine))
    finally:
        await engine.dispose()


def _load_demo(url: str) -> None:
    from server.demo import load_demo

    summary = asyncio.run(_with_sessions(url, load_demo))
    print(f"\nDemo data loaded: {len(summary.logins)} users, {summary.accounts} accounts, {summary.products} products.")
    print(f"Every demo user's password is: {summary.password}")
    for email, name, roles in summary.logins:
        print(f"  {email:<34} {name:<16} {roles}")


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> None:
    with database(settings) as url:
        _migrate(url)
    print("Migrations applied.")


def cmd_demo(settings: Settings, args: argparse.Namespace) -> None:
    with database(settings) as url:
        _migrate(url)
        _load_demo(url)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    settings.resolved_secret_key()  # production without a secret stops here, clearly
    with database(settings) as url:
        if not settings.database_url or args.migrate:
            _migrate(url)
        if args.demo:
            _load_demo(url)
        os.environ["DATABASE_URL"] = url  # the workers read their settings from here
        if settings.secret_key:
            os.environ.setdefault("DEALDESK_SECRET_KEY", settings.secret_key)
        host = "localhost" if args.host in ("127.0.0.1", "0.0.0.0") else args.host
        print(f"\nDealDesk is running. GraphQL endpoint: http://{host}:{args.port}/graphql")
        if settings.graphiql:
            print(f"Open GraphiQL in a browser: http://{host}:{args.port}/graphql\n")
        # uvicorn re-raises SIGTERM after its graceful shutdown; turning it into SystemExit
        # lets the embedded database above stop cleanly instead of being orphaned.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        uvicorn.run(
            "server.app:app_from_environment",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            timeout_graceful_shutdown=10,
        )


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> None:
    from db.models.users import Role
    from server.users import create_user

    password = args.password or getpass.getpass("Password: ")
    with database(settings) as url:
        _migrate(url)
        user_id = asyncio.run(
            _with_sessions(
                url,
                lambda sessions: create_user(
                    sessions,
                    email=args.email,
                    name=args.name,
                    password=password,
                    roles=[Role(r) for r in args.role],
                    manager_email=args.manager_email,
                    parameters=settings.argon2_parameters(),
                ),
            )
        )
    print(f"Created user {args.email} (id {user_id}).")


def cmd_export_schema(settings: Settings, args: argparse.Namespace) -> None:
    from schema.assembly import build_schema

    path = Path(args.path)
    path.write_text(build_schema().as_str() + "\n")
    print(f"Wrote {path}")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="dealdesk", description="DealDesk CPQ and commissions server")
    commands = root.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the GraphQL server under uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--demo", action="store_true", help="load the demo data first")
    serve.add_argument("--migrate", action="store_true", help="apply migrations first (always on the embedded database)")
    serve.set_defaults(run=cmd_serve)

    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=cmd_migrate)
    commands.add_parser("demo", help="load the demo sales org (safe to repeat)").set_defaults(run=cmd_demo)

    create = commands.add_parser("create-user", help="add a user")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--role", action="append", required=True, choices=["REP", "MANAGER", "OPS", "FINANCE", "ADMIN"])
    create.add_argument("--manager-email")
    create.add_argument("--password", help="prompted for when left out")
    create.set_defaults(run=cmd_create_user)

    export = commands.add_parser("export-schema", help="write the GraphQL SDL")
    export.add_argument("--path", default=str(SCHEMA_PATH))
    export.set_defaults(run=cmd_export_schema)
    return root


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        args.run(Settings(), args)
    except SettingsError as exc:
        print(f"dealdesk: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


if __name__ == "__main__":
    main()
