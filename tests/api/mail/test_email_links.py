"""An approval email on the loopback, decided with its one-tap link: GET changes nothing, POST
decides as the approver, a second POST says who decided and when; bad links change nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from server.settings import Settings
from services.mail.tokens import issue_link
from tests.api.approvals.conftest import Flow
from tests.api.mail.conftest import MANAGER, Catcher, Db, links, text_of
from tests.api.quotes.conftest import SUBMIT

pytestmark = pytest.mark.usefixtures("mail_worker")


async def test_an_approval_email_is_sent_and_its_link_approves_once(
    flow: Flow, catcher: Catcher, client: httpx.AsyncClient, db: Db
) -> None:
    quote = await flow.discounted_quote("15")
    request = await flow.request(await flow.quotes.move(SUBMIT, quote, note="Strategic logo."))

    mail = await catcher.wait_for(MANAGER)
    text = text_of(mail)
    assert "Acme Manufacturing" in text and "Strategic logo." in text
    assert "Discount:" in text and "Margin:" in text  # a manager may see the margin
    assert str(mail["Reply-To"]).startswith("approvals+")
    approve = links(mail)["APPROVE"]

    page = await client.get(approve)  # what a mail scanner does: nothing changes
    assert page.status_code == 200 and "<form" in page.text and "Acme Manufacturing" in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert await db.status(request["id"]) == "PENDING"

    token = approve.split("/")[-1].split("?")[0]
    decided = await client.post(approve, data={"token": token, "action": "APPROVE"})
    assert decided.status_code == 200, decided.text
    assert await db.status(request["id"]) == "APPROVED"
    assert await db.audits("approval.decidedByEmailLink") == 1

    again = await client.post(approve, data={"token": token, "action": "APPROVE"})
    assert again.status_code == 409
    assert again.headers["x-dealdesk-outcome"] == "ALREADY_DECIDED"
    assert re.search(
        r"Already decided: approved by Maya East at \d{4}-\d\d-\d\d \d\d:\d\d UTC", again.text
    )
    assert await db.audits("approval.decidedByEmailLink") == 1
    stale = await client.get(approve)
    assert stale.status_code == 409 and "<form" not in stale.text


async def test_a_rejection_needs_a_comment_and_then_rejects(
    flow: Flow, catcher: Catcher, client: httpx.AsyncClient, db: Db
) -> None:
    request = await flow.pending_request("15")
    reject = links(await catcher.wait_for(MANAGER))["REJECT"]

    bare = await client.post(reject, data={"action": "REJECT"})
    assert bare.status_code == 422 and "reason" in bare.text
    assert await db.status(request["id"]) == "PENDING"

    long = await client.post(reject, data={"action": "REJECT", "comment": "x" * 2001})
    nul = await client.post(reject, data={"action": "REJECT", "comment": "a\x00b"})
    assert long.status_code == nul.status_code == 422
    assert await db.status(request["id"]) == "PENDING"

    done = await client.post(reject, data={"action": "REJECT", "comment": "Too deep."})
    assert done.status_code == 200
    assert await db.status(request["id"]) == "REJECTED"


async def test_forged_expired_and_other_approvers_links_change_nothing(
    flow: Flow, catcher: Catcher, client: httpx.AsyncClient, db: Db, settings: Settings
) -> None:
    request = await flow.pending_request("15")
    approve = links(await catcher.wait_for(MANAGER))["APPROVE"]
    path, query = approve.split("?")
    token = path.split("/")[-1]
    email = (await db.emails())[0]
    secret = settings.resolved_secret_key()

    forged = path[: -len(token)] + token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    expired = issue_link(
        secret,
        request_id=email.request_id,
        step_ids=(email.step_id,),
        approver_id=email.recipient_id,
        email_id=email.id,
        now=datetime.now(UTC) - timedelta(days=30),
        ttl=timedelta(days=7),
    )
    finance = await db.user_id("finance@dealdesk.example")
    someone_else = issue_link(
        secret,
        request_id=email.request_id,
        step_ids=(email.step_id,),
        approver_id=finance,
        email_id=email.id,
        now=datetime.now(UTC),
        ttl=timedelta(days=7),
    )
    other_secret = issue_link(
        "not-our-secret-but-long-enough-for-hs256!",
        request_id=email.request_id,
        step_ids=(email.step_id,),
        approver_id=email.recipient_id,
        email_id=email.id,
        now=datetime.now(UTC),
        ttl=timedelta(days=7),
    )
    base = path[: -len(token)]
    answers = {
        "forged": await client.post(f"{forged}?{query}", data={"action": "APPROVE"}),
        "expired": await client.post(f"{base}{expired}", data={"action": "APPROVE"}),
        "someone else": await client.post(f"{base}{someone_else}", data={"action": "APPROVE"}),
        "other secret": await client.post(f"{base}{other_secret}", data={"action": "APPROVE"}),
        "garbage": await client.post(f"{base}%00%3Cscript%3E", data={"action": "APPROVE"}),
        "huge": await client.get(f"{base}{'x' * 5000}"),
        "no action": await client.post(approve, data={"action": "MAYBE"}),
        "swapped token": await client.post(approve, data={"action": "APPROVE", "token": expired}),
    }

    statuses = {name: response.status_code for name, response in answers.items()}
    assert statuses == {
        "forged": 400,
        "expired": 410,
        "someone else": 400,
        "other secret": 400,
        "garbage": 400,
        "huge": 400,
        "no action": 400,
        "swapped token": 400,
    }
    assert "<script>" not in answers["garbage"].text
    assert await db.status(request["id"]) == "PENDING"
    assert await db.audits("approval.decidedByEmailLink") == 0
