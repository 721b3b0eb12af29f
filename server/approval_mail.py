"""``/mail/approvals/{token}``: the one-tap links of an approval email.

GET shows the deal and a confirmation form and changes nothing, so a mail scanner that
follows every link decides nothing; POST (the signed token in the body, which is all the
authority the form carries: no cookie, so nothing for a cross-site form to borrow) decides
through the same use case as ``approveApprovalRequest``/``rejectApprovalRequest``. A forged,
expired, repeated or reassigned link gets a page saying why, with its status code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from services.mail.config import MailConfig
from services.mail.links import LinkAnswer, decide_by_link, link_page
from services.mail.messages import render
from services.transaction import in_transaction

HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",  # the token is in the URL: never hand it to another site
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
    ),
}
MAX_FORM_BYTES = 16 * 1024


def page(answer: LinkAnswer, token: str) -> HTMLResponse:
    body = render(
        "page.html.j2",
        title=answer.title,
        message=answer.message,
        deal=answer.deal,
        form=answer.form,
        action=answer.action,
        token=token,
    )
    headers = dict(HEADERS)
    if answer.code:
        headers["x-dealdesk-outcome"] = answer.code
    return HTMLResponse(body, status_code=answer.status, headers=headers)


def approval_mail_endpoint(
    sessions: async_sessionmaker[AsyncSession],
    config: MailConfig,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        token = request.path_params["token"]
        if request.method == "GET":
            async with sessions() as session:
                answer = await link_page(
                    session, config, token, request.query_params.get("action"), clock()
                )
            return page(answer, token)
        if int(request.headers.get("content-length") or 0) > MAX_FORM_BYTES:
            return page(LinkAnswer(413, "Too long", "The form is too long."), token)
        form = await request.form(max_files=0, max_fields=5)
        posted = form.get("token")
        if isinstance(posted, str) and posted and posted != token:
            return page(LinkAnswer(400, "Link not valid", "This link is not valid."), token)
        action = form.get("action")
        comment = form.get("comment")
        now = clock()
        outcome = await in_transaction(
            sessions.begin,
            lambda session: decide_by_link(
                session,
                config,
                token,
                action if isinstance(action, str) else None,
                comment if isinstance(comment, str) else "",
                now,
            ),
        )
        if outcome.value is None:
            message = "; ".join(r.message for r in outcome.refusals) or "Nothing was decided."
            answer = LinkAnswer(422, "Nothing was decided", message, outcome.refusals[0].code)
            async with sessions() as session:  # show the deal and the form again
                again = await link_page(
                    session, config, token, action if isinstance(action, str) else None, now
                )
            if again.form:
                answer = LinkAnswer(
                    422, again.title, message, answer.code, again.deal, True, again.action
                )
            return page(answer, token)
        return page(outcome.value, token)

    return endpoint
