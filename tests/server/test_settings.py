"""Secrets: generated and kept in development, required in production."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.app import create_app
from server.settings import Settings, SettingsError


def test_development_generates_a_secret_once_and_keeps_it(tmp_path: Path) -> None:
    first = Settings(env="development", data_dir=tmp_path).resolved_secret_key()
    second = Settings(env="development", data_dir=tmp_path).resolved_secret_key()

    assert first == second and len(first) == 64


def test_production_without_a_secret_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="DEALDESK_SECRET_KEY"):
        create_app(Settings(env="production", data_dir=tmp_path, database_url="postgresql://x/y"))


def test_database_url_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://somewhere/db")

    assert Settings().database_url == "postgresql://somewhere/db"


@pytest.mark.parametrize("seconds", ["0", "-1", "nan", "inf", "1e400", "3601"])
def test_a_worker_poll_interval_out_of_range_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, seconds: str
) -> None:
    """A worker that never looks again (inf, a day) would leave retries undelivered."""
    monkeypatch.setenv("DEALDESK_WORKER_POLL_SECONDS", seconds)
    with pytest.raises(ValueError, match="worker_poll_seconds"):
        Settings()
