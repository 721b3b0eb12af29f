"""Approval mail on the loopback: an ``aiosmtpd`` mail catcher the app sends to, the app's own
receiver for answers (on a free port), and a worker running the mail jobs with a test clock."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session
from sqlalchemy import func, select
from starlette.applications import Starlette
from strawberry.relay import from_base64

from db.engine import create_session_factory
from db.models.approval_mail import ApprovalEmail
from db.models.approvals import ApprovalRequest
from db.models.audit import AuditEvent
from db.models.users import User
from server.jobs.runtime import JobRuntime
from server.settings import Settings
from tests.api.approvals.conftest import Flow, flow  # noqa: F401  (fixture)
from tests.api.jobs.conftest import (  # noqa: F401  (fixtures clock, runtime)
    NEVER,
    FakeClock,
    clock,
    eventually,
    fast_worker,
    runtime,
)
from tests.api.pricing.conftest import demo  # noqa: F401  (fixture)
from tests.api.quotes.conftest import quotes  # noqa: F401  (fixture)

REPLY_DOMAIN = "reply.dealdesk.test"
MANAGER = "east.manager@dealdesk.example"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Catcher:
    """Keeps every message the app sends (``aiosmtpd`` in a thread of its own)."""

    def __init__(self) -> None:
        self.messages: list[tuple[Envelope, EmailMessage]] = []
        self.lock = threading.Lock()
        self.port = free_port()

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.messages.append((envelope, parsed))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for e, m in self.messages if address in e.rcpt_tos]

    async def wait_for(self, address: str, count: int = 1, seconds: float = 20.0) -> EmailMessage:
        """The ``count``-th message to ``address``, once it has come."""

        async def arrived() -> bool:
            """the message arrived"""
            return len(self.to(address)) >= count

        await eventually(arrived, seconds)
        return self.to(address)[count - 1]

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


@pytest.fixture(scope="session")
def catcher() -> Iterator[Catcher]:
    handler = Catcher()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture(scope="session")
def settings(settings: Settings, catcher: Catcher) -> Settings:  # the parent's, with mail on
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": catcher.port,
            "smtp_inbound_host": "127.0.0.1",
            "smtp_inbound_port": 0,
            "public_url": "http://test",
            "mail_reply_domain": REPLY_DOMAIN,
            "mail_from": "DealDesk <approvals@dealdesk.test>",
            "mail_digest_threshold": 3,
            "mail_digest_window_seconds": 600,
        }
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    from server.app import create_app

    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(autouse=True)
def _empty_catcher(catcher: Catcher) -> Iterator[None]:
    catcher.clear()
    yield


@pytest.fixture
async def mail_worker(
    settings: Settings,
    runtime: JobRuntime,  # noqa: F811  (the fixture of tests/api/jobs/conftest.py)
    flow: Flow,  # noqa: F811  (the demo org is loaded, or restored, before the worker starts)
) -> AsyncIterator[None]:
    async with fast_worker(settings, runtime, mail_digest_schedule=NEVER):
        yield


def receiver_port(app: Starlette) -> int:
    server: asyncio.Server = app.state.mail_receiver
    return int(server.sockets[0].getsockname()[1])


async def reply(app: Starlette, sender: str, to: str, body: str, **headers: str) -> str:
    """Send an answer to the app's receiver through a real SMTP client on the loopback; the
    server's answer to DATA."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = headers.pop("Subject", "Re: Approval needed")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    errors, response = await aiosmtplib.send(
        message, hostname="127.0.0.1", port=receiver_port(app), timeout=10
    )
    assert not errors, errors
    return response


LINK = re.compile(r"http://test(/mail/approvals/[A-Za-z0-9._-]+)\?action=(APPROVE|REJECT)")


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    content = body.get_content()
    assert isinstance(content, str)
    return content


def links(message: EmailMessage) -> dict[str, str]:
    """``APPROVE``/``REJECT`` -> the link's path and query, as the test client requests it."""
    return {action: f"{path}?action={action}" for path, action in LINK.findall(text_of(message))}


@dataclass
class Db:
    app: Starlette

    def sessions(self):  # type: ignore[no-untyped-def]
        return create_session_factory(self.app.state.engine)

    async def status(self, request_gid: str) -> str:
        async with self.sessions()() as session:
            row = await session.get(ApprovalRequest, int(from_base64(request_gid)[1]))
            assert row is not None
            return row.status.value

    async def recorded(self, message_id: str) -> None:
        """Until the email with ``message_id`` is recorded as sent. The app sends, then
        records the Message-ID in the same transaction, which commits just after the catcher
        has the email: a reply matched by that id alone, sent at once, could come first (no
        person answers within those milliseconds)."""
        for _ in range(200):
            async with self.sessions()() as session:
                found = await session.scalar(
                    select(func.count())
                    .select_from(ApprovalEmail)
                    .where(ApprovalEmail.message_id == message_id)
                )
            if found:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"no email recorded with Message-ID {message_id}")

    async def audits(self, action: str) -> int:
        async with self.sessions()() as session:
            return int(
                await session.scalar(
                    select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
                )
                or 0
            )

    async def user_id(self, email: str) -> int:
        async with self.sessions()() as session:
            found = await session.scalar(select(User.id).where(User.email == email))
            assert found is not None
            return int(found)

    async def emails(self) -> list[ApprovalEmail]:
        async with self.sessions()() as session:
            return list(
                (await session.scalars(select(ApprovalEmail).order_by(ApprovalEmail.id))).all()
            )


@pytest.fixture
def db(app: Starlette) -> Db:
    return Db(app)
