"""One settings object, read from the environment (``DEALDESK_*`` plus ``DATABASE_URL``).

Nothing reads the environment at import time: the CLI and the tests build a
``Settings`` and hand it to the app factory.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(RuntimeError):
    """A setting is missing or wrong in a way that must stop start-up."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DEALDESK_", extra="ignore")

    env: Literal["development", "production", "test"] = "development"
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "DEALDESK_DATABASE_URL")
    )
    data_dir: Path = Path(".dealdesk")

    secret_key: str | None = None
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 60 * 60 * 24 * 30

    graphiql: bool = True
    introspection: bool = True
    allowed_origins: list[str] = Field(default_factory=list)

    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_query_cost: int = 50_000
    default_page_size: int = 50
    max_page_size: int = 200
    # Hard caps on any string / list in a request, whatever the field (each field's own
    # documented limit is usually far lower).
    max_string_length: int = 100_000
    max_list_length: int = 10_000

    default_discount_authority_percent: Decimal = Decimal("10")
    min_margin_percent: Decimal = Decimal("20")

    db_pool_size: int = 10
    log_json: bool | None = None
    log_level: str = "INFO"
    # Adds an X-SQL-Statements header to every response (benchmarks, debugging).
    expose_sql_count: bool = False

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def json_logs(self) -> bool:
        return self.is_production if self.log_json is None else self.log_json

    def resolved_secret_key(self) -> str:
        """The JWT signing secret.

        Production must configure it; elsewhere one is generated once and kept in
        the data folder, so tokens survive restarts on a developer's machine.
        """
        if self.secret_key:
            return self.secret_key
        if self.is_production:
            raise SettingsError(
                "DEALDESK_SECRET_KEY is not set. In production the signing secret must be "
                "configured explicitly (e.g. `openssl rand -hex 32`)."
            )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "secret_key"
        if not path.exists():
            path.write_text(secrets.token_hex(32))
            path.chmod(0o600)
        self.secret_key = path.read_text().strip()
        return self.secret_key
