"""Who gets approval email and when: a stand-in once their delegation is in force (and whose
link stops when it ends), a digest for an approver flooded within the window, and a down SMTP
server that neither fails nor slows the approval."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta

import httpx
from sqlalchemy import text
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.users import Role
from server.app import pricing_policy
from server.jobs.runtime import JobRuntime
from server.settings import Settings
from services.approvals.escalation import escalate_approval_requests
from services.mail.config import SmtpServer
from tests.api.approvals.conftest import Flow
from tests.api.approvals.test_delegation_over_time import delegate, end_delegation
from tests.api.jobs.conftest import (
    EVERY_SECOND,
    NEVER,
    FakeClock,
    eventually,
    fast_worker,
    overdue_request,
)
from tests.api.mail.conftest import MANAGER, Catcher, Db, free_port, links, reply, text_of


async def test_a_stand_in_is_emailed_and_their_link_stops_when_the_delegation_ends(
    flow: Flow, catcher: Catcher, client: httpx.AsyncClient, db: Db, mail_worker: None
) -> None:
    deputy = await flow.quotes.demo.people.add("Dee Deputy", Role.MANAGER)
    request = await flow.pending_request("15")
    await catcher.wait_for(MANAGER)
    delegation = await delegate(flow, deputy.id, -timedelta(minutes=1), timedelta(days=1))

    deputy_mail = await catcher.wait_for(deputy.email)
    approve = links(deputy_mail)["APPROVE"]
    assert (await client.get(approve)).status_code == 200
    await end_delegation(flow, delegation, ago=timedelta(seconds=6))

    refused = await client.post(approve, data={"action": "APPROVE"})

    assert refused.status_code == 403
    assert refused.headers["x-dealdesk-outcome"] == "NOT_YOURS"
    assert await db.status(request["id"]) == "PENDING"
    own = links(catcher.to(MANAGER)[0])["APPROVE"]
    assert (await client.post(own, data={"action": "APPROVE"})).status_code == 200
    assert await db.status(request["id"]) == "APPROVED"


async def test_past_the_threshold_an_approvers_emails_wait_and_go_as_one_digest(
    app: Starlette,
    flow: Flow,
    catcher: Catcher,
    client: httpx.AsyncClient,
    db: Db,
    settings: Settings,
    runtime: JobRuntime,
    clock: FakeClock,
) -> None:
    async with fast_worker(settings, runtime, mail_digest_schedule=EVERY_SECOND):
        requests = [await flow.pending_request("15") for _ in range(5)]

        async def three_sent_two_held() -> bool:
            """three emails sent, two held for the digest"""
            statuses = sorted(e.status for e in await db.emails())
            return statuses.count("SENT") >= 3 and len(catcher.to(MANAGER)) == 3

        await eventually(three_sent_two_held)
        await clock.runs_finish(2)  # the digest sweep ran, within the window: nothing more
        assert len(catcher.to(MANAGER)) == 3
        clock.advance(timedelta(seconds=settings.mail_digest_window_seconds + 60))

        digest = await catcher.wait_for(MANAGER, count=4)

        assert str(digest["Subject"]) == "2 approval requests await you"
        assert len(text_of(digest).split("Approve: ")) == 3  # two requests, a link each

        async def all_sent() -> bool:
            """every email marked SENT (the job commits after the catcher has the digest)"""
            return {e.status for e in await db.emails()} == {"SENT"}

        await eventually(all_sent)
        last_approve = [line for line in text_of(digest).splitlines() if "action=APPROVE" in line]
        path = last_approve[-1].split("http://test", 1)[1]
        assert (await client.post(path, data={"action": "APPROVE"})).status_code == 200
        statuses = [await db.status(r["id"]) for r in requests]
        assert statuses.count("APPROVED") == 1 and statuses.count("PENDING") == 4
        await reply(
            app, MANAGER, str(digest["Reply-To"]), "APPROVE", In_Reply_To=str(digest["Message-ID"])
        )
        answer = await catcher.wait_for(MANAGER, count=5)
        assert "a digest lists several requests" in text_of(answer)
        assert [await db.status(r["id"]) for r in requests].count("APPROVED") == 1


async def test_a_down_smtp_server_neither_fails_nor_slows_the_submission(
    app: Starlette, flow: Flow, catcher: Catcher, db: Db, settings: Settings, runtime: JobRuntime
) -> None:
    assert runtime.mail is not None
    down = SmtpServer("127.0.0.1", free_port(), timeout_seconds=2)
    broken = dataclasses.replace(runtime, mail=dataclasses.replace(runtime.mail, smtp=down))
    async with fast_worker(settings, broken, mail_digest_schedule=NEVER):
        quote = await flow.discounted_quote("15")
        started = time.perf_counter()
        request = await flow.request(await flow.submit(quote))
        took = time.perf_counter() - started

        async def tried() -> bool:
            """the sending job failed once and waits for its retry"""
            async with db.sessions()() as session:
                row = (
                    await session.execute(
                        text(
                            "SELECT status, attempts FROM procrastinate_jobs "
                            "WHERE task_name = 'send_approval_emails'"
                        )
                    )
                ).first()
            return row is not None and row.attempts >= 1 and row.status == "todo"

        await eventually(tried)

    assert took < 2.0
    assert await db.status(request["id"]) == "PENDING"
    assert {e.status for e in await db.emails()} == {"PENDING"}
    assert catcher.to(MANAGER) == []


async def test_an_escalation_emails_the_manager_the_step_moves_up_to(
    app: Starlette,
    flow: Flow,
    catcher: Catcher,
    client: httpx.AsyncClient,
    db: Db,
    settings: Settings,
    mail_worker: None,
) -> None:
    _, due = await overdue_request(flow)
    await catcher.wait_for(MANAGER)
    async with create_session_factory(app.state.engine).begin() as session:
        run = await escalate_approval_requests(
            session, None, due + timedelta(minutes=1), pricing_policy(settings)
        )
    assert run.escalated == 1

    vp_mail = await catcher.wait_for("vic.president@example.com")

    assert "Acme Manufacturing" in text_of(vp_mail)
    assert (
        await client.post(links(vp_mail)["APPROVE"], data={"action": "APPROVE"})
    ).status_code == 200
    manager_link = links(catcher.to(MANAGER)[0])["APPROVE"]
    late = await client.post(manager_link, data={"action": "APPROVE"})
    assert late.status_code == 409 and "Vic President" in late.text
    assert len(catcher.to(MANAGER)) == 1  # escalating told the manager nothing new
