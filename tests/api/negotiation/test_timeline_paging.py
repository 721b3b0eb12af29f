"""``Quote.timeline`` is keyset-paged in SQL: paging forward through a long thread of events
and decisions (many at the same instant) returns each once, in (at, source, id) order; a
page costs the same statements whatever the thread's length; ``totalCount`` only when asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from strawberry.relay import from_base64

from tests.api.negotiation.conftest import Negotiation

BASE = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PAGE = """query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Quote {
  timeline(first: $first, after: $after) { pageInfo { hasNextPage endCursor }
    edges { node { kind at message actorKind } } } } } }"""
COUNTED = PAGE.replace("pageInfo {", "totalCount pageInfo {")
EVENT = text(
    "INSERT INTO quote_events (quote_id, revision, kind, message, at) "
    "SELECT :q, 1, 'COMMENT', 'e' || g, CAST(:base AS timestamptz) + ((g / 3) * interval '1 second') "
    "FROM generate_series(CAST(:start AS int), CAST(:stop AS int)) g"
)
REQUEST = text(
    "INSERT INTO approval_requests (quote_id, revision, status, submitted_by, submitted_at, "
    "facts, plan) SELECT :q, 1, 'APPROVED', owner_id, CAST(:base AS timestamptz), '{}', '{}' FROM quotes "
    "WHERE id = :q RETURNING id"
)
DECISION = text(
    "INSERT INTO approval_decisions (request_id, step_id, level, kind, decided_by, "
    "seat_user_id, seen, recorded, decided_at, reason) "
    "SELECT :r, 's' || g, 1, 'APPROVE', q.owner_id, g, '{}', '{}', "
    "CAST(:base AS timestamptz) + ((g * 2) * interval '1 second'), 'd' || g FROM quotes q, generate_series(1, CAST(:n AS int)) g "
    "WHERE q.id = :q"
)


async def _thread(negotiation: Negotiation, events: int, decisions: int) -> tuple[str, int]:
    quote = await negotiation.flow.quotes.create()
    async with negotiation.demo.sessions() as session:
        pk = int(from_base64(quote["id"])[1])
        await session.execute(EVENT, {"q": pk, "base": BASE, "start": 1, "stop": events})
        if decisions:
            request = await session.scalar(REQUEST, {"q": pk, "base": BASE})
            await session.execute(DECISION, {"r": request, "q": pk, "base": BASE, "n": decisions})
        await session.commit()
    return quote["id"], pk


async def _more_events(negotiation: Negotiation, pk: int, start: int, stop: int) -> None:
    async with negotiation.demo.sessions() as session:
        await session.execute(text("SET LOCAL statement_timeout = '120s'"))
        await session.execute(EVENT, {"q": pk, "base": BASE, "start": start, "stop": stop})
        await session.commit()


async def _page(negotiation: Negotiation, query: str, quote: str, first: int, after=None) -> dict:  # type: ignore[no-untyped-def]
    data = await negotiation.rep.data(query, {"id": quote, "first": first, "after": after})
    return dict(data["node"]["timeline"])


async def test_paging_forward_returns_every_entry_once_in_order(
    negotiation: Negotiation,
) -> None:
    quote, _ = await _thread(negotiation, events=120, decisions=25)

    seen: list[dict] = []
    after = None
    for _ in range(100):
        page = await _page(negotiation, PAGE, quote, 7, after)
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    everything = await _page(negotiation, COUNTED, quote, 200)

    messages = [entry["message"] for entry in seen]
    assert len(messages) == len(set(messages)) == everything["totalCount"]
    assert {f"e{i}" for i in range(1, 121)} | {f"d{i}" for i in range(1, 26)} <= set(messages)
    assert seen == [edge["node"] for edge in everything["edges"]]
    ats = [datetime.fromisoformat(entry["at"]) for entry in seen]
    assert ats == sorted(ats)
    # at the same instant, decisions (D) come before events (E), each by id
    tied = [e for e in seen if datetime.fromisoformat(e["at"]) == BASE + timedelta(seconds=4)]
    assert [e["message"] for e in tied] == ["d2", "e12", "e13", "e14"]
    assert tied[0]["kind"] == "DECISION_APPROVE" and tied[0]["actorKind"] == "APPROVER"


async def test_a_page_costs_the_same_whatever_the_thread_length_and_counts_only_when_asked(
    negotiation: Negotiation,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    quote, pk = await _thread(negotiation, events=30, decisions=5)
    first = await _page(negotiation, PAGE, quote, 10)
    cursor = first["pageInfo"]["endCursor"]

    statements.count = 0
    short = await _page(negotiation, PAGE, quote, 10, cursor)
    short_cost = statements.count
    await _more_events(negotiation, pk, 31, 2000)
    statements.count = 0
    long = await _page(negotiation, PAGE, quote, 10, cursor)
    long_cost = statements.count
    statements.count = 0
    counted = await _page(negotiation, COUNTED, quote, 10, cursor)
    counted_cost = statements.count

    assert short_cost == long_cost
    assert counted_cost == long_cost + 1
    assert len(short["edges"]) == len(long["edges"]) == 10
    assert short["edges"] == long["edges"]  # later events sort after the page
    assert counted["totalCount"] >= 2000 + 5


async def test_a_forged_cursor_is_a_bad_input_not_a_fault(negotiation: Negotiation) -> None:
    from schema.connection import encode_cursor

    quote, _ = await _thread(negotiation, events=3, decisions=0)
    for forged in (
        encode_cursor(["2026-03-01T09:00:00", "E", 1]),  # no offset
        encode_cursor([BASE.isoformat(), "X", 1]),
        encode_cursor([BASE.isoformat(), "E"]),
        "not-a-cursor",
    ):
        body = await negotiation.rep(PAGE, {"id": quote, "first": 2, "after": forged})
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", forged
