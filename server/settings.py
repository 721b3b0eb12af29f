"""One settings object, read from the environment (``DEALDESK_*`` plus ``DATABASE_URL``).

Nothing reads the environment at import time: the CLI and the tests build a
``Settings`` and hand it to the app factory.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from services.people.passwords import Argon2Parameters


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
    # WebSocket: a client must send connection_init this soon after connecting, and
    # may hold this many connections at once per user and per client address (per process).
    ws_connection_init_timeout_seconds: float = Field(default=5.0, gt=0)
    ws_max_connections_per_user: int = Field(default=10, ge=1)
    ws_max_connections_per_address: int = Field(default=100, ge=1)
    # New connections per client address (``limits`` notation), per process.
    ws_connect_rate: str = "60/minute"

    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    # Worst-case objects a query may return (lists counted at their bound, see schema/limits.py).
    max_query_cost: int = 1_000_000
    default_page_size: int = 50
    max_page_size: int = 200
    # Hard caps on any string / list in a request, whatever the field (each field's own
    # documented limit is usually far lower).
    max_string_length: int = 100_000
    max_list_length: int = 10_000

    default_discount_authority_percent: Decimal = Decimal("10")
    min_margin_percent: Decimal = Decimal("20")
    # The most lines a quote holds: priceQuote previews and createQuote/updateQuoteLines save
    # at most this many (one limit, so a preview can always be saved).
    max_quote_lines: int = Field(default=2000, ge=1, le=10_000)
    # Quote revisions whose last pricing each process keeps in memory, so saving an edit
    # reprices only what it touched (services.pricing.reprice_cache); 0 turns it off.
    reprice_cache_quotes: int = Field(default=32, ge=0, le=10_000)

    # Start the period close's worker processes (services.commissions.close_workers) in the
    # background when the server starts, so a close (the first after a deploy, usually) does
    # not wait about a second for them to import the app; about 80 MB per worker, two to four
    # per server process. Off, they start with the first close of 24 reps or more.
    warm_close_workers: bool = True
    # Load the Thai and Chinese word dictionaries (services.content.segmenters) in the
    # background when the server starts, so the first such search does not wait seconds for
    # them. Off, the first search that needs them loads them.
    warm_segmenters: bool = True

    # Request bodies over this many bytes are refused with 413 while they stream in.
    max_body_bytes: int = Field(default=1024 * 1024, gt=0)

    # Content attachments: stored under this folder (default: <data_dir>/attachments), each
    # file at most this many bytes (a multipart upload's body may be 1 MiB more), at most
    # this many per item; download links are valid this long.
    attachments_dir: Path | None = None
    attachment_max_bytes: int = Field(default=25 * 1024 * 1024, gt=0, le=2**31 - 1)
    attachments_per_item: int = Field(default=20, ge=1, le=1000)
    attachment_link_ttl_seconds: int = Field(default=900, ge=10, le=7 * 24 * 3600)

    # Printed at the top of every quote document; the address may span lines ("\n").
    seller_name: str = ""
    seller_address: str = ""

    # Prometheus text format at /metrics (see the README for several workers).
    metrics: bool = True
    # OpenTelemetry spans (needs the [tracing] extra); OTEL_* variables set the exporter.
    tracing: bool = False

    db_pool_size: int = 10
    # Every SQL statement is cancelled by PostgreSQL after this long (period close raises it).
    statement_timeout_seconds: float = 5.0
    # An HTTP request still running after this long is stopped, rolled back and answered TIMEOUT.
    request_deadline_seconds: float = 15.0
    # Both limits for work that is long by design (closing a commission period).
    long_operation_timeout_seconds: float = 600.0

    # CPU-bound work runs off the event loop: argon2 on threads, PDF layout in processes.
    # Per server process; more than the machine's cores only adds contention (each
    # argon2 hash already uses `argon2_parallelism` threads of its own).
    cpu_threads: int = 2
    cpu_processes: int = 2
    # argon2id cost (argon2-cffi's defaults); tests lower them.
    argon2_time_cost: int = 3
    argon2_memory_cost_kib: int = 65536
    argon2_parallelism: int = 4

    # Failed sign-ins allowed per window, per account (email) and per client address.
    sign_in_window_seconds: int = 300
    sign_in_max_failures_per_account: int = 5
    sign_in_max_failures_per_address: int = 30
    log_json: bool | None = None
    log_level: str = "INFO"
    # Adds an X-SQL-Statements header to every response (benchmarks, debugging).
    expose_sql_count: bool = False

    # Background and scheduled work (server.jobs). `dealdesk serve` runs one worker in each
    # server process unless `worker` is off (DEALDESK_WORKER=0: run `dealdesk worker` instead).
    worker: bool = True
    worker_concurrency: int = Field(default=2, ge=1, le=100)
    # Cron lines (a sixth column counts seconds): when the periodic tasks run (contests start
    # and end as their creator, see services.performance.contest_schedule).
    escalation_schedule: str = "* * * * *"
    quote_expiry_schedule: str = "*/5 * * * *"
    stalled_jobs_schedule: str = "* * * * *"
    contest_start_schedule: str = "* * * * *"
    contest_end_schedule: str = "* * * * *"
    badge_schedule: str = "5 * * * *"
    # A worker's heartbeat; a job whose worker has been silent `stalled_after` long is retried.
    worker_heartbeat_seconds: float = Field(default=10.0, gt=0)
    worker_stalled_after_seconds: float = Field(default=30.0, gt=0)
    # How often a worker looks for jobs that fell due with no notification to wake it (a retry
    # whose backoff ended); procrastinate's default. A new job wakes it at once.
    worker_poll_seconds: float = Field(default=5.0, gt=0, le=3600)
    # On a stop, running jobs get this long to finish before they are aborted (and retried).
    worker_shutdown_seconds: float = Field(default=10.0, ge=0)

    # --- Networks that drop (issue 17): persisted queries, trusted documents, compression ---
    # Automatic persisted queries (Apollo's protocol): documents known by their sha256, kept in
    # an in-process LRU of `apq_cache_size` in front of the `persisted_queries` table, which
    # holds at most `apq_max_stored` documents of at most `apq_max_document_bytes` each.
    apq_enabled: bool = True
    apq_cache_size: int = Field(default=1000, ge=1, le=100_000)
    apq_max_document_bytes: int = Field(default=100_000, ge=1, le=1024 * 1024)
    apq_max_stored: int = Field(default=10_000, ge=0, le=10_000_000)
    # Trusted documents: a manifest `{"<sha256>": "<document>"}` (GraphQL Code Generator's
    # client preset, `persistedDocuments`); with `trusted_documents_only` nothing else runs.
    trusted_documents: Path | None = None
    trusted_documents_only: bool = False
    # Responses of at least this many bytes are compressed (zstd, br or gzip, as accepted).
    compression_min_bytes: int = Field(default=1024, ge=0)

    @field_validator(
        "escalation_schedule",
        "quote_expiry_schedule",
        "stalled_jobs_schedule",
        "contest_start_schedule",
        "contest_end_schedule",
        "badge_schedule",
        "sync_prune_schedule",
        "period_close_reminder_schedule",
        "outbox_sweep_schedule",
        "contest_rank_schedule",
        "mail_digest_schedule",
        "outbox_prune_schedule",
    )
    @classmethod
    def _cron(cls, value: str) -> str:
        from croniter import croniter  # procrastinate's own cron parser

        if not croniter.is_valid(value):
            raise ValueError("not a cron line; expected five fields (a sixth for seconds)")
        return value

    @field_validator("database_url")
    @classmethod
    def _postgresql_url(cls, value: str | None) -> str | None:
        """A PostgreSQL URL, or None (empty counts as unset). The message never echoes the
        value: it may hold a password."""
        if value is None or not value.strip():
            return None
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        expected = "expected postgresql://user:password@host:5432/database"
        try:
            url = make_url(value.strip().replace("postgres://", "postgresql://", 1))
        except ArgumentError:
            raise ValueError(f"not a database URL; {expected}") from None
        if url.get_backend_name() != "postgresql":
            raise ValueError(
                f"names a {url.get_backend_name()} database, not PostgreSQL; {expected}"
            )
        return value.strip()

    def argon2_parameters(self) -> Argon2Parameters:
        from services.people.passwords import Argon2Parameters  # keeps this module light to import

        return Argon2Parameters(
            time_cost=self.argon2_time_cost,
            memory_cost_kib=self.argon2_memory_cost_kib,
            parallelism=self.argon2_parallelism,
        )

    @property
    def resolved_attachments_dir(self) -> Path:
        return self.attachments_dir or self.data_dir / "attachments"

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

    # Delta sync (`changes(since:)`, issue 17): the change log keeps this many days; an older
    # cursor gets `resetRequired`. The pruning job's cron line.
    sync_retention_days: int = Field(default=30, ge=1, le=3650)
    sync_prune_schedule: str = "17 3 * * *"

    # --- Outbox, webhooks, Web Push and period-close reminders (services/notifications) ---
    # A webhook attempt waits this long for the receiver; a failed one is retried after
    # base * 2 ** (attempt - 1) seconds (full jitter in its upper half, capped), and after
    # the last attempt the delivery is DEAD (listed for OPS, redeliverable).
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhook_max_attempts: int = Field(default=8, ge=1, le=30)
    webhook_backoff_base_seconds: float = Field(default=5.0, gt=0, le=3600)
    webhook_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    # Plain http:// endpoints (webhooks, push services) only to these hosts; None means
    # localhost in development and test, none in production (https:// is always allowed).
    webhook_http_hosts: list[str] | None = None
    webhook_max_endpoints: int = Field(default=50, ge=1, le=1000)
    # VAPID (Web Push): both keys base64url (raw P-256 private scalar, uncompressed public
    # point), from `dealdesk vapid-keys`; unset outside production, a pair is generated once
    # into the data folder.
    vapid_private_key: str | None = None
    vapid_public_key: str | None = None
    vapid_subject: str = "mailto:ops@dealdesk.example"
    push_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    push_max_subscriptions_per_user: int = Field(default=20, ge=1, le=200)
    # Reminders: this many days before an OPEN commission period ends, and on its end day.
    period_close_lead_days: int = Field(default=3, ge=0, le=60)
    period_close_reminder_schedule: str = "0 * * * *"
    # Safety net: events whose fan-out job was lost are fanned out by this sweep.
    outbox_sweep_schedule: str = "* * * * *"
    # Running contests' boards are compared with the last look (contest.rank_changed events).
    contest_rank_schedule: str = "* * * * *"

    # --- Approval by email (issue 18; services.mail, server.approval_mail, server.mail_inbound)
    # Mail goes out only with `smtp_host` set; the receiver for answers listens only with
    # `smtp_inbound_port` set (`dealdesk serve` starts it; MX or a relay forwards to it).
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    mail_from: str = "DealDesk <approvals@localhost>"
    # Where links in emails point (this server as users reach it), and the domain of the
    # reply address `approvals+<token>@<mail_reply_domain>` (delivered to the receiver).
    public_url: str = "http://127.0.0.1:8000"
    mail_reply_domain: str = "localhost"
    smtp_inbound_host: str = "127.0.0.1"
    smtp_inbound_port: int | None = Field(default=None, ge=0, le=65535)
    mail_max_inbound_bytes: int = Field(default=256 * 1024, ge=1024, le=10 * 1024 * 1024)
    mail_link_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60, le=90 * 24 * 3600)
    # From `mail_digest_threshold` messages to one approver within the window, the rest wait
    # and go as one digest once the window has passed (checked on `mail_digest_schedule`).
    mail_digest_window_seconds: int = Field(default=600, ge=1, le=24 * 3600)
    mail_digest_threshold: int = Field(default=3, ge=1, le=1000)
    mail_digest_schedule: str = "* * * * *"

    def resolved_webhook_http_hosts(self) -> tuple[str, ...]:
        if self.webhook_http_hosts is not None:
            return tuple(h.lower() for h in self.webhook_http_hosts)
        return () if self.is_production else ("localhost", "127.0.0.1", "::1")

    def resolved_vapid_keys(self) -> tuple[str, str] | None:
        """(private, public) VAPID keys: configured, or outside production generated once
        into the data folder; None in production when unset (Web Push is then off)."""
        if self.vapid_private_key and self.vapid_public_key:
            return self.vapid_private_key, self.vapid_public_key
        if self.is_production:
            return None
        from services.notifications.vapid import generate_vapid_keys

        path = self.data_dir / "vapid_keys"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(generate_vapid_keys()))
            path.chmod(0o600)
        private, public = path.read_text().split()
        self.vapid_private_key, self.vapid_public_key = private, public
        return private, public

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/")

    # --- Outbox upkeep and webhook address rules (issue 17 leftovers; services/notifications)
    # Delivered outbox events (every webhook delivery DELIVERED; DEAD ones stay for the
    # dead-letter view) older than this many days are pruned on `outbox_prune_schedule`.
    outbox_retention_days: int = Field(default=30, ge=1, le=3650)
    outbox_prune_schedule: str = "37 3 * * *"
    # Webhook URLs whose host is or resolves to a private, loopback, link-local or other
    # non-public address are refused (at registration, and again before every POST) unless
    # this is on: for a receiver inside your own network, and for tests' local receivers.
    webhook_allow_private_addresses: bool = False
