"""The ``dealdesk`` command line: create-user, migrate, export-schema."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.users import Role, User
from schema.assembly import build_schema
from server.cli import main
from server.settings import Settings
from tests.conftest import truncate_all


def test_export_schema_writes_the_sdl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "schema.graphql"

    main(["export-schema", "--path", str(target)])

    assert target.read_text() == build_schema().as_str() + "\n"


async def test_create_user_adds_an_admin_who_can_sign_in(
    app: Starlette, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url or "")
    monkeypatch.setenv("DEALDESK_DATA_DIR", str(settings.data_dir))
    try:
        await asyncio.to_thread(
            main,
            [
                "create-user",
                "--email",
                "first.admin@example.com",
                "--name",
                "First Admin",
                "--role",
                "ADMIN",
                "--password",
                "a-long-password",
            ],
        )
        async with create_session_factory(app.state.engine)() as session:
            user = await session.scalar(select(User).where(User.email == "first.admin@example.com"))
    finally:
        await truncate_all(app)

    assert user is not None and user.roles == [Role.ADMIN]


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("migrate", "Migrations applied."),
        ("recompute-kpis", "KPI rollups recomputed: 0 drifted rows."),
    ],
)
async def test_migrate_is_idempotent_and_recompute_kpis_finds_no_drift(
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    said: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url or "")

    await asyncio.to_thread(main, [command])

    assert said in capsys.readouterr().out
