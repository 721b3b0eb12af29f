"""``setEmailApprovals``: an approver who turned approval emails off gets none (the request
still awaits them in the app), and turns them on again."""

from __future__ import annotations

import asyncio

from tests.api.approvals.conftest import Flow
from tests.api.mail.conftest import MANAGER, Catcher, Db

SET = """mutation($input: SetEmailApprovalsInput!) { setEmailApprovals(input: $input) {
  user { email emailApprovals } userErrors { code field message } } }"""
ME = "query { me { emailApprovals } }"


async def test_an_approver_who_turned_emails_off_gets_none_and_on_again_gets_them(
    flow: Flow, catcher: Catcher, db: Db, mail_worker: None
) -> None:
    assert (await flow.manager.data(ME))["me"]["emailApprovals"] is True

    off = await flow.manager.mutate(SET, {"enabled": False})
    await flow.pending_request("15")
    await asyncio.sleep(2)  # the worker had time to send anything queued

    assert off == {"user": {"email": MANAGER, "emailApprovals": False}, "userErrors": []}
    assert (await flow.manager.data(ME))["me"]["emailApprovals"] is False
    assert catcher.to(MANAGER) == [] and await db.emails() == []
    assert await db.audits("setEmailApprovals") == 1

    await flow.manager.mutate(SET, {"enabled": True})
    await flow.pending_request("15")
    await catcher.wait_for(MANAGER)
