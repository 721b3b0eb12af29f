"""The customer's proposal reaches the rep the moment it is saved, over graphql-transport-ws
(through PostgreSQL LISTEN/NOTIFY, from the process that saved it to the one the rep
listens on); someone who may not see the quote cannot follow it."""

from __future__ import annotations

from decimal import Decimal

from tests.api.approvals.test_delegation_subscriptions import one_server  # noqa: F401
from tests.api.approvals.test_realtime import next_message, refused, subscription
from tests.api.negotiation.conftest import ACCEPT, Negotiation
from tests.live import ws_client
from tests.support.subscribers import listening, subscribers

FOLLOW = """subscription($q: ID!) { quoteTimeline(quoteId: $q) {
  kind actorKind customerName message changeRequest { status optionKey counterPrice { amount } } } }"""


async def test_the_rep_hears_the_customers_proposal_live(
    negotiation: Negotiation,
    one_server: str,  # noqa: F811
) -> None:
    quote = await negotiation.three_options()
    _, token = await negotiation.sent_and_shared(quote)

    before = await subscribers(one_server)
    async with ws_client(one_server) as rep:
        assert (await rep.init(negotiation.rep.token))["type"] == "connection_ack"  # type: ignore[index]
        await rep.subscribe(FOLLOW, {"q": quote["id"]})
        await listening(one_server, before, rep.messages)  # before the customer acts
        proposed = await negotiation.propose(
            token,
            optionKey="O2",
            counterPrice={"amount": "150.00", "currency": "USD"},
            comment="Better at 150?",
        )
        heard = await rep.next()
        [request] = await negotiation.requests(quote)
        fresh = await negotiation.fresh(quote)
        await negotiation.rep.mutate(ACCEPT, {"id": request["id"], "version": fresh["version"]})
        after = [(await rep.next())["payload"]["data"]["quoteTimeline"] for _ in range(3)]

    assert proposed["userErrors"] == []
    assert heard["type"] == "next", heard
    entry = heard["payload"]["data"]["quoteTimeline"]
    assert entry["kind"] == "CHANGE_PROPOSED" and entry["actorKind"] == "CUSTOMER"
    assert entry["customerName"] == "Jane Buyer" and entry["message"] == "Better at 150?"
    assert entry["changeRequest"]["optionKey"] == "O2"
    assert Decimal(entry["changeRequest"]["counterPrice"]["amount"]) == Decimal("150.00")
    kinds = [e["kind"] for e in after]
    assert kinds == ["REVISED", "CHANGE_ACCEPTED", "SUBMIT"]


async def test_another_team_cannot_follow_the_quote(
    negotiation: Negotiation,
    one_server: str,  # noqa: F811
) -> None:
    quote = await negotiation.three_options()
    other = await negotiation.demo.sign_in("rep5@dealdesk.example")

    async with subscription(one_server, other.token, FOLLOW, {"q": quote["id"]}) as messages:
        refusal = await next_message(messages)
    async with subscription(one_server, None, FOLLOW, {"q": quote["id"]}) as messages:
        anonymous = await next_message(messages)

    assert refused(refusal, "NOT_FOUND")
    assert refused(anonymous, "UNAUTHENTICATED")


FOLLOWERS = {
    "quoteTimeline": "subscription($q: ID!) { quoteTimeline(quoteId: $q) { kind } }",
    "quoteUpdated": "subscription($q: ID!) { quoteUpdated(id: $q) { status } }",
    "contestRankChanged": "subscription($q: ID!) { contestRankChanged(id: $q) { changes { rank } } }",
    "approvalRequestUpdated": "subscription($q: ID!) { approvalRequestUpdated(id: $q) { status } }",
}
A_CONTEST = "Q29udGVzdDox"  # Contest:1, another type's id for the quote subscriptions


async def test_every_follow_subscription_opens_with_the_same_refusals(
    negotiation: Negotiation,
    one_server: str,  # noqa: F811
) -> None:
    """One helper (``visible_pk``): no token is UNAUTHENTICATED; a malformed id, another
    type's id, and an object the viewer may not see are all NOT_FOUND, alike."""
    quote = await negotiation.three_options()
    stranger = await negotiation.demo.sign_in("rep5@dealdesk.example")
    rep = negotiation.rep.token
    replies: dict[tuple[str, str], dict] = {}
    for name, document in FOLLOWERS.items():
        other_type = A_CONTEST if name.startswith("quote") else quote["id"]
        for who, token, target in (
            ("anonymous", None, quote["id"]),
            ("malformed", rep, "not-an-id"),
            ("other type", rep, other_type),
            ("stranger", stranger.token, quote["id"]),
        ):
            async with subscription(one_server, token, document, {"q": target}) as messages:
                replies[(name, who)] = await next_message(messages)

    for (name, who), reply in replies.items():
        expected = "UNAUTHENTICATED" if who == "anonymous" else "NOT_FOUND"
        assert refused(reply, expected), (name, who, reply)
