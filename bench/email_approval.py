"""Approval by email through the loopback, on a real ``dealdesk serve`` (its in-process worker
sends, its ``aiosmtpd`` receiver takes answers) and an ``aiosmtpd`` mail catcher:

* submitted → the approval email in the approver's mailbox (the job queue and SMTP);
* a one-tap link's confirming POST → decided (HTTP answer, decision committed);
* an answer ``APPROVE`` sent by SMTP → decided (the receiver answers 250 once committed);
* and, for both, the approval email arriving → the request APPROVED (what an approver feels).

    python bench/email_approval.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

import aiosmtplib
import harness
import httpx
from aiosmtpd.controller import Controller

ROUNDS = int(os.environ.get("ROUNDS", "20"))  # each way
MANAGER = "east.manager@dealdesk.example"
CREATE = """mutation CreateQuote($i: CreateQuoteInput!) {
  createQuote(input: $i) { quote { id version number } userErrors { code message } } }"""
SUBMIT = harness.operation("submit_quote_for_approval")
REQUESTS = "query($q: ID!) { approvalRequestsForQuote(quoteId: $q) { id status } }"
LINK = re.compile(r"https?://[^/\s]+(/mail/approvals/[A-Za-z0-9._-]+)\?action=APPROVE")


class Catcher:
    def __init__(self) -> None:
        self.arrived: list[tuple[float, EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)  # type: ignore[attr-defined]
        with self.lock:
            self.arrived.append((time.perf_counter(), parsed))  # type: ignore[arg-type]
        return "250 OK"

    async def quiet(self, for_seconds: float = 3.0, at_most: float = 60.0) -> None:
        """Wait until no message has come for ``for_seconds``."""
        started = last_change = time.perf_counter()
        count = -1
        while time.perf_counter() - last_change < for_seconds:
            if time.perf_counter() - started > at_most:
                raise TimeoutError("the mail never went quiet")
            with self.lock:
                if len(self.arrived) != count:
                    count, last_change = len(self.arrived), time.perf_counter()
            await asyncio.sleep(0.1)

    async def next_after(
        self, seen: int, number: int, seconds: float = 30.0
    ) -> tuple[float, EmailMessage]:
        """The approval email of quote ``number`` (the demo org's own come too)."""
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            with self.lock:  # skip the answers to replies ("Done: you approved …")
                for at, message in self.arrived[seen:]:
                    body = message.get_body(preferencelist=("plain",))
                    if (
                        str(message["Subject"]).startswith("Approval needed")
                        and body is not None
                        and f"quote #{number} " in body.get_content()
                    ):
                        return at, message
            await asyncio.sleep(0.002)
        raise TimeoutError("no approval email arrived")


async def submit(
    http: httpx.AsyncClient, rep: dict[str, str], account: str, product: str
) -> tuple[str, int]:
    line = {"productId": product, "quantity": 1, "discount": {"percent": "15"}}
    created = await harness.data(http, rep, CREATE, {"i": {"accountId": account, "lines": [line]}})
    quote = created["createQuote"]["quote"]
    await harness.data(http, rep, SUBMIT, {"i": {"id": quote["id"], "version": quote["version"]}})
    return str(quote["id"]), int(str(quote["number"]).rsplit("-", 1)[-1])


async def status(http: httpx.AsyncClient, rep: dict[str, str], quote_id: str) -> str:
    found = await harness.data(http, rep, REQUESTS, {"q": quote_id})
    return str(found["approvalRequestsForQuote"][0]["status"])


async def run(base: str, catcher: Catcher, inbound_port: int) -> None:
    to_inbox: list[float] = []
    link_post: list[float] = []
    link_total: list[float] = []
    reply_smtp: list[float] = []
    reply_total: list[float] = []
    await catcher.quiet()  # the demo org's own pending requests are emailed first
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        rep = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, rep)
        for round_ in range(2 * ROUNDS):
            seen = len(catcher.arrived)
            quote_id, number = await submit(http, rep, account, products["SVC-INST"])
            submitted = time.perf_counter()
            arrived, mail = await catcher.next_after(seen, number)
            to_inbox.append((arrived - submitted) * 1000)
            if round_ % 2 == 0:
                body = mail.get_body(preferencelist=("plain",))
                assert body is not None
                found = LINK.findall(body.get_content())
                if not found:
                    raise RuntimeError(f"no link in {mail['Subject']}: {body.get_content()[:2000]}")
                path = found[0]
                tapped = time.perf_counter()
                answer = await http.post(path, data={"action": "APPROVE"})
                decided = time.perf_counter()
                assert answer.status_code == 200, answer.text
                link_post.append((decided - tapped) * 1000)
                link_total.append((decided - arrived) * 1000)
            else:
                message = EmailMessage()
                message["From"] = MANAGER
                message["To"] = str(mail["Reply-To"])
                message["In-Reply-To"] = str(mail["Message-ID"])
                message["Subject"] = f"Re: {mail['Subject']}"
                message.set_content("APPROVE\nFine by me.\n\n> quoted original\n")
                sent = time.perf_counter()
                await aiosmtplib.send(message, hostname="127.0.0.1", port=inbound_port)
                decided = time.perf_counter()
                reply_smtp.append((decided - sent) * 1000)
                reply_total.append((decided - arrived) * 1000)
            assert await status(http, rep, quote_id) == "APPROVED"
    print(f"approval emails: {2 * ROUNDS}, load average {os.getloadavg()[0]:.2f}")
    print(f"submitted → email in the approver's mailbox    {harness.percentiles(to_inbox)}")
    print(f"link POST → decided (HTTP answer)              {harness.percentiles(link_post)}")
    print(f"reply sent by SMTP → decided (250 answer)      {harness.percentiles(reply_smtp)}")
    print(f"email arrived → decided, by link               {harness.percentiles(link_total)}")
    print(f"email arrived → decided, by reply              {harness.percentiles(reply_total)}")


def main() -> None:
    catcher = Catcher()
    catcher_port, inbound_port = harness.free_port(), harness.free_port()
    controller = Controller(catcher, hostname="127.0.0.1", port=catcher_port)
    controller.start()
    os.environ.update(
        {
            "DEALDESK_SMTP_HOST": "127.0.0.1",
            "DEALDESK_SMTP_PORT": str(catcher_port),
            "DEALDESK_SMTP_INBOUND_PORT": str(inbound_port),
            "DEALDESK_MAIL_REPLY_DOMAIN": "reply.bench.test",
            "DEALDESK_PUBLIC_URL": "http://bench.invalid",
            # every email goes out on its own: the bench is about latency, not digests
            "DEALDESK_MAIL_DIGEST_THRESHOLD": "1000",
        }
    )
    try:
        with harness.fresh_database("dealdesk_bench_email") as url:
            harness.load_demo(url)
            with harness.running_server(url) as base:
                asyncio.run(run(base, catcher, inbound_port))
    except subprocess.TimeoutExpired:  # the figures are printed; a loaded machine stops slowly
        print("(the server took more than 15 s to stop)")
    finally:
        controller.stop()


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
