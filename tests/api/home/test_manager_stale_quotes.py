"""``managerHome.staleQuotes``: the team's stale quotes a page at a time, the longest untouched
first, with the count and the amounts of all of them computed on the server; the cursor
walks every one exactly once. ``TeamMember.staleQuotes`` (deprecated) still lists them all
and ``staleDeals`` counts them per rep."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from tests.api.conftest import Api
from tests.api.home.conftest import AGE, EAST_TEAM, Home

EAST = "east.manager@dealdesk.example"
PAGE = """query($first: Int, $after: String, $days: Int! = 14) { managerHome {
  staleQuotes(first: $first, after: $after, staleAfterDays: $days) {
    totalCount totals { count amount { amount currency } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { daysSinceTouch lastTouchedAt
      quote { id owner { email } netTotal { amount currency } } } } } } }"""
EVERY = """query($days: Int! = 14) { managerHome { team(staleAfterDays: $days) {
  rep { email } staleDeals { count amount { amount currency } }
  staleQuotes { daysSinceTouch quote { id netTotal { amount currency } } } } } }"""


async def aged(home: Home, emails: set[str], days: list[int]) -> list[int]:
    """Open quotes of ``emails`` made untouched for ``days`` days (one quote each), by id."""
    rows = await home.sql(
        "SELECT q.id FROM quotes q JOIN users u ON u.id = q.owner_id WHERE u.email = ANY(:e) "
        "AND q.status IN ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'ACCEPTED') "
        "ORDER BY q.id LIMIT :n",
        e=sorted(emails),
        n=len(days),
    )
    assert len(rows) == len(days)
    for (quote_id,), back in zip(rows, days, strict=True):
        await home.sql(AGE.format(days=back, id=quote_id))
    return [quote_id for (quote_id,) in rows]


async def pages(api: Api, first: int, days: int = 14) -> list[dict[str, Any]]:
    """Every page of the stale quotes, following ``endCursor`` until ``hasNextPage`` is false."""
    found, after = [], None
    while True:
        page = (await api.data(PAGE, {"first": first, "after": after, "days": days}))[
            "managerHome"
        ]["staleQuotes"]
        found.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]
        assert len(found) < 50, "the cursor does not advance"


def summed(amounts: list[dict[str, str]]) -> dict[str, tuple[int, Decimal]]:
    counts = Counter(a["currency"] for a in amounts)
    return {
        currency: (
            count,
            sum((Decimal(a["amount"]) for a in amounts if a["currency"] == currency), Decimal(0)),
        )
        for currency, count in counts.items()
    }


async def test_the_cursor_walks_every_stale_quote_once_oldest_first_with_server_totals(
    home: Home,
) -> None:
    ids = await aged(home, EAST_TEAM, [20, 30, 45, 60, 90, 120, 200])
    await aged(home, {"rep5@dealdesk.example"}, [300])  # West's: never in East's list
    api = await home.as_(EAST)
    every = (await api.data(EVERY))["managerHome"]["team"]
    listed = [s for member in every for s in member["staleQuotes"]]

    walked = await pages(api, first=2)
    edges = [edge for page in walked for edge in page["edges"]]
    quotes = [edge["node"]["quote"] for edge in edges]

    assert None not in quotes  # a manager may open every quote of their team
    assert {q["id"] for q in quotes} == {s["quote"]["id"] for s in listed}
    assert len(quotes) == len({q["id"] for q in quotes}) >= len(ids)
    assert {q["owner"]["email"] for q in quotes} <= EAST_TEAM
    touched = [edge["node"]["lastTouchedAt"] for edge in edges]
    assert touched == sorted(touched)  # the longest untouched first
    assert [e["node"]["daysSinceTouch"] for e in edges][:3] == [200, 120, 90]
    assert all(len(page["edges"]) == 2 for page in walked[:-1])
    assert [page["pageInfo"]["hasPreviousPage"] for page in walked] == [False] + [True] * (
        len(walked) - 1
    )
    for page in walked:
        assert page["totalCount"] == len(quotes)
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        totals = {
            t["amount"]["currency"]: (t["count"], Decimal(t["amount"]["amount"]))
            for t in page["totals"]
        }
        assert totals == summed([q["netTotal"] for q in quotes])
    per_rep: Counter[str] = Counter()
    for member in every:
        for tally in member["staleDeals"]:
            per_rep[tally["amount"]["currency"]] += tally["count"]
        assert sum(t["count"] for t in member["staleDeals"]) == len(member["staleQuotes"])
    assert dict(per_rep) == {c: n for c, (n, _) in summed([q["netTotal"] for q in quotes]).items()}


async def test_stale_after_days_narrows_the_list_and_its_totals(home: Home) -> None:
    await aged(home, EAST_TEAM, [20, 30, 100, 150])
    api = await home.as_(EAST)

    (older,) = await pages(api, first=50, days=99)

    assert older["totalCount"] == 2
    assert [e["node"]["daysSinceTouch"] for e in older["edges"]] == [150, 100]
    assert not older["pageInfo"]["hasNextPage"]
    first = (await api.data(PAGE, {"first": 1, "days": 99}))["managerHome"]["staleQuotes"]
    assert first["totalCount"] == 2 and first["pageInfo"]["hasNextPage"]
    assert first["totals"] == older["totals"]
    rest = (
        await api.data(PAGE, {"first": 5, "days": 99, "after": first["pageInfo"]["endCursor"]})
    )["managerHome"]["staleQuotes"]
    assert [e["node"]["daysSinceTouch"] for e in rest["edges"]] == [100]
    assert not rest["pageInfo"]["hasNextPage"]


async def test_a_bad_page_size_cursor_or_age_is_bad_user_input(home: Home) -> None:
    api = await home.as_(EAST)
    for variables, argument in (
        ({"first": 201}, "first"),
        ({"first": -1}, "first"),
        ({"first": 5, "after": "not-a-cursor"}, "after"),
        ({"first": 5, "after": "Y3Vyc29yOlsieCIsMV0="}, "after"),  # cursor:["x",1]
        ({"first": 5, "days": 0}, "staleAfterDays"),
    ):
        body = await api(PAGE, variables)

        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", body
        assert error["extensions"].get("argument") in (argument, "cursor"), body


SLIPS = """query($team: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  managerHome { slippageAlerts(first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id at reason rep { email } amount { amount currency } } } } }
  slippageEvents(team: $team, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id at reason rep { email } amount { amount currency } } } } }"""
MORE_SLIPS = """
INSERT INTO slippage_events (quote_id, rep_id, amount, currency, from_date, to_date,
  from_period, to_period, quarters, reason, actor_id, at)
SELECT s.quote_id, s.rep_id, s.amount + g, s.currency, s.from_date, s.to_date, s.from_period,
  s.to_period, s.quarters, s.reason || ' #' || g, s.actor_id,
  s.at - make_interval(hours => g % 3)
FROM slippage_events s CROSS JOIN generate_series(1, 6) g
"""


async def test_slippage_alerts_page_as_the_slippage_events_of_the_team(home: Home) -> None:
    await home.sql(MORE_SLIPS)  # ties on `at`: the id breaks them
    api = await home.as_(EAST)
    me = (await api.data("{ me { id } }"))["me"]["id"]

    forward, after = [], None
    while True:
        data = await api.data(SLIPS, {"team": me, "first": 3, "after": after})
        mine, general = data["managerHome"]["slippageAlerts"], data["slippageEvents"]
        assert mine == general
        forward += [e["node"]["id"] for e in mine["edges"]]
        if not mine["pageInfo"]["hasNextPage"]:
            break
        after = mine["pageInfo"]["endCursor"]
    backward, before = [], None
    while True:
        data = await api.data(SLIPS, {"team": me, "last": 4, "before": before})
        mine, general = data["managerHome"]["slippageAlerts"], data["slippageEvents"]
        assert mine == general
        backward = [e["node"]["id"] for e in mine["edges"]] + backward
        if not mine["pageInfo"]["hasPreviousPage"]:
            break
        before = mine["pageInfo"]["startCursor"]

    assert len(forward) == mine["totalCount"] >= 7
    assert backward == forward
    bad = await api(SLIPS, {"team": me, "first": 2, "after": "Y3Vyc29yOlsieCIsMV0="})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
