"""The customer's link: see the sent revision, accept, reject or comment; bad links change
nothing."""

from __future__ import annotations

import jwt

from tests.api.conftest import Api
from tests.api.quotes.conftest import LINES, SEND, SUBMIT, Quotes

SHARE = "mutation($input: ShareQuoteInput!) { shareQuote(input: $input) { token expiresAt documentPath userErrors { code } } }"
VIEW = """query($token: String!) { sharedQuote(token: $token) {
  number status revision accountName preparedBy netTotal { amount currency }
  lines { name sku quantity netAmount { amount } steps { kind label } }
  clauses { title } comments { author message }
} }"""
ACCEPT = "mutation($input: SharedQuoteAnswerInput!) { acceptSharedQuote(input: $input) { quote { status } userErrors { code message } } }"
REJECT = "mutation($input: SharedQuoteAnswerInput!) { rejectSharedQuote(input: $input) { quote { status } userErrors { code } } }"
COMMENT = "mutation($input: SharedQuoteCommentInput!) { commentOnSharedQuote(input: $input) { quote { comments { author message } } userErrors { code } } }"


async def sent_quote(quotes: Quotes) -> dict:
    return await quotes.move(SEND, await quotes.move(SUBMIT, await quotes.create()))


async def share(quotes: Quotes, quote: dict) -> str:
    result = (await quotes.rep.data(SHARE, {"input": {"id": quote["id"]}}))["shareQuote"]
    assert result["userErrors"] == []
    return result["token"]


def anonymous(quotes: Quotes) -> Api:
    return quotes.rep.as_(None)


async def refusals(quotes: Quotes, token: str, name: str) -> tuple[str, str]:
    """Viewing and accepting (as ``name``) with a bad ``token``: the view's error code and the
    acceptance's userError code."""
    view = await anonymous(quotes)(VIEW, {"token": token})
    accept = await anonymous(quotes).data(ACCEPT, {"input": {"token": token, "name": name}})
    return (
        view["errors"][0]["extensions"]["code"],
        accept["acceptSharedQuote"]["userErrors"][0]["code"],
    )


async def status_of(quotes: Quotes, quote: dict) -> str:
    data = await quotes.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { status } } }", {"id": quote["id"]}
    )
    return data["node"]["status"]


async def test_the_customer_sees_the_sent_offer_without_internal_figures(quotes: Quotes) -> None:
    token = await share(quotes, await sent_quote(quotes))

    body = await anonymous(quotes)(VIEW, {"token": token})

    view = body["data"]["sharedQuote"]
    assert view["status"] == "SENT" and view["accountName"] == "Acme Manufacturing"
    assert view["netTotal"] == {"amount": "108.00", "currency": "USD"}
    assert view["lines"][0]["sku"] == "SW-SEC"
    forbidden = anonymous(quotes)
    leak = await forbidden(VIEW.replace("preparedBy", "preparedBy marginPercent"), {"token": token})
    assert leak["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_the_customer_accepts_through_the_link(quotes: Quotes) -> None:
    quote = await sent_quote(quotes)
    token = await share(quotes, quote)

    accepted = await anonymous(quotes).data(
        ACCEPT, {"input": {"token": token, "name": "Jane Buyer", "message": "Go"}}
    )

    assert accepted["acceptSharedQuote"]["quote"]["status"] == "ACCEPTED"
    history = await quotes.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { history { kind customerName } } } }",
        {"id": quote["id"]},
    )
    assert {"kind": "ACCEPT", "customerName": "Jane Buyer"} in history["node"]["history"]


async def test_the_customer_can_comment_and_decline(quotes: Quotes) -> None:
    quote = await sent_quote(quotes)
    token = await share(quotes, quote)

    commented = await anonymous(quotes).data(
        COMMENT, {"input": {"token": token, "name": "Jane", "message": "Can you do 5% more?"}}
    )
    declined = await anonymous(quotes).data(REJECT, {"input": {"token": token, "name": "Jane"}})

    assert commented["commentOnSharedQuote"]["quote"]["comments"] == [
        {"author": "Jane", "message": "Can you do 5% more?"}
    ]
    assert declined["rejectSharedQuote"]["quote"]["status"] == "REJECTED"


async def test_a_tampered_token_is_refused_and_changes_nothing(quotes: Quotes) -> None:
    quote = await sent_quote(quotes)
    token = await share(quotes, quote)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    assert await refusals(quotes, tampered, "Mallory") == ("INVALID_TOKEN", "INVALID_TOKEN")
    assert await status_of(quotes, quote) == "SENT"


async def test_an_expired_token_is_refused(quotes: Quotes, settings) -> None:  # type: ignore[no-untyped-def]
    from strawberry.relay import from_base64

    quote = await sent_quote(quotes)
    expired = jwt.encode(
        {"typ": "quote-share", "qid": int(from_base64(quote["id"])[1]), "rev": 1, "exp": 1_000_000},
        settings.secret_key,
        algorithm="HS256",
    )

    assert await refusals(quotes, expired, "Late") == ("TOKEN_EXPIRED", "INVALID_TOKEN")
    assert await status_of(quotes, quote) == "SENT"


async def test_a_token_for_an_older_revision_is_superseded(quotes: Quotes) -> None:
    quote = await sent_quote(quotes)
    token = await share(quotes, quote)
    await quotes.move(LINES, quote, update=[{"key": "L1", "quantity": 50}])

    assert await refusals(quotes, token, "Jane") == ("SUPERSEDED", "INVALID_TOKEN")
    assert await status_of(quotes, quote) == "DRAFT"


async def test_a_draft_cannot_be_shared(quotes: Quotes) -> None:
    quote = await quotes.create()

    result = (await quotes.rep.data(SHARE, {"input": {"id": quote["id"]}}))["shareQuote"]

    assert result["token"] is None and result["userErrors"][0]["code"] == "INVALID_STATE"
