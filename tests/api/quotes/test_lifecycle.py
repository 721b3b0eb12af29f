"""A quote's life through GraphQL: each transition, each refusal, and revisions."""

from __future__ import annotations

from tests.api.quotes.conftest import ACCEPT, LINES, LOSE, REJECT, SEND, SUBMIT, UPDATE, WIN, Quotes


async def test_a_new_quote_is_a_priced_draft_with_the_standard_clauses(quotes: Quotes) -> None:
    quote = await quotes.create()

    assert quote["status"] == "DRAFT" and quote["number"].startswith("Q-")
    # 10 × 10.80 enterprise price
    assert quote["netTotal"] == {"amount": "108.00", "currency": "USD"}
    assert [c["title"] for c in quote["revision"]["clauses"]] == [
        "Payment terms",
        "Limitation of liability",
        "Governing law",
        "Data processing addendum",
    ]
    assert quote["revision"]["nonStandard"] is False
    assert quote["lines"][0]["priced"]["netAmount"] == {"amount": "108.00"}


async def test_submit_without_breaches_is_approved_then_sent_accepted_and_won(
    quotes: Quotes,
) -> None:
    quote = await quotes.create()

    approved = await quotes.move(SUBMIT, quote)
    sent = await quotes.move(SEND, approved)
    accepted = await quotes.move(ACCEPT, sent)
    won = await quotes.move(WIN, accepted, closeDate="2026-11-01")

    assert [q["status"] for q in (approved, sent, accepted, won)] == [
        "APPROVED",
        "SENT",
        "ACCEPTED",
        "WON",
    ]
    assert [(e["fromStatus"], e["toStatus"]) for e in won["history"]][-4:] == [
        ("DRAFT", "APPROVED"),
        ("APPROVED", "SENT"),
        ("SENT", "ACCEPTED"),
        ("ACCEPTED", "WON"),
    ]


async def test_a_breach_sends_the_quote_to_approval_and_it_cannot_be_sent(quotes: Quotes) -> None:
    quote = await quotes.create([await quotes.line("SVC-INST", 1, discount={"percent": "25"})])

    pending = await quotes.move(SUBMIT, quote)
    refused = await quotes.do(SEND, pending)

    assert pending["status"] == "PENDING_APPROVAL"
    assert refused["userErrors"][0]["code"] == "INVALID_STATE"


async def test_the_customer_declining_and_losing_the_deal(quotes: Quotes) -> None:
    sent = await quotes.move(SEND, await quotes.move(SUBMIT, await quotes.create()))

    rejected = await quotes.move(REJECT, sent, note="Too expensive")
    lost = await quotes.move(LOSE, rejected, reason="Went with a competitor")

    assert rejected["status"] == "REJECTED" and lost["status"] == "LOST"


async def test_illegal_transitions_are_typed_errors(quotes: Quotes) -> None:
    quote = await quotes.create()

    cannot_send_draft = await quotes.do(SEND, quote)
    cannot_win_draft = await quotes.do(WIN, quote)

    assert cannot_send_draft["userErrors"][0]["code"] == "INVALID_STATE"
    assert cannot_win_draft["userErrors"][0]["code"] == "INVALID_STATE"
    assert cannot_send_draft["quote"] is None


async def test_a_stale_version_is_a_conflict_and_changes_nothing(quotes: Quotes) -> None:
    quote = await quotes.create()
    await quotes.move(UPDATE, quote, name="First edit")

    stale = await quotes.do(UPDATE, quote, name="Second edit")

    assert stale["userErrors"][0]["code"] == "CONFLICT"


async def test_editing_a_sent_quote_starts_a_new_revision_and_keeps_the_old(quotes: Quotes) -> None:
    sent = await quotes.move(SEND, await quotes.move(SUBMIT, await quotes.create()))

    edited = await quotes.move(LINES, sent, update=[{"key": "L1", "quantity": 20}])

    assert edited["status"] == "DRAFT" and edited["revisionNumber"] == 2
    assert edited["netTotal"]["amount"] == "216.00"
    revisions = await quotes.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { revisions { number frozenAt lines { quantity } } } } }",
        {"id": sent["id"]},
    )
    assert [(r["number"], r["lines"][0]["quantity"]) for r in revisions["node"]["revisions"]] == [
        (2, 20),
        (1, 10),
    ]
    assert revisions["node"]["revisions"][1]["frozenAt"] is not None


async def test_a_pending_quote_must_be_recalled_before_editing(quotes: Quotes) -> None:
    pending = await quotes.move(
        SUBMIT, await quotes.create([await quotes.line("SVC-INST", 1, discount={"percent": "25"})])
    )

    refused = await quotes.do(LINES, pending, update=[{"key": "L1", "quantity": 2}])

    assert refused["userErrors"][0]["code"] == "INVALID_STATE"


async def test_an_expired_quote_cannot_be_accepted_and_is_marked_expired(quotes: Quotes) -> None:
    from datetime import UTC, date, datetime, timedelta

    from sqlalchemy import update
    from strawberry.relay import from_base64

    from db.models.quotes import Quote

    sent = await quotes.move(SEND, await quotes.move(SUBMIT, await quotes.create()))
    async with quotes.demo.sessions() as session, session.begin():
        await session.execute(
            update(Quote)
            .where(Quote.id == int(from_base64(sent["id"])[1]))
            .values(valid_until=datetime.now(UTC).date() - timedelta(days=1))
        )

    refused = await quotes.do(ACCEPT, sent)
    after = await quotes.rep.data(
        "query($id: ID!) { node(id: $id) { ... on Quote { status } } }", {"id": sent["id"]}
    )

    assert refused["userErrors"][0]["code"] == "EXPIRED"
    assert after["node"]["status"] == "EXPIRED"
    assert isinstance(date.today(), date)
