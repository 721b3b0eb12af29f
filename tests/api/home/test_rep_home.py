"""``repHome``: one query for a rep's home screen, every section the rep's own, open quotes
in the documented urgency order, the next tier as the plan makes it, the rep's own today."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.api.conftest import gid
from tests.api.home.conftest import AGE, Home

REP1, REP2 = "rep1@dealdesk.example", "rep2@dealdesk.example"
DEMO_QUOTA = Decimal("30000")  # server/demo/commissions.py: the rep plan's quota
ACCELERATOR_FLOOR = Decimal("1")  # the Accelerator tier starts at 100 % of quota ...
ACCELERATOR_RATE = "1.500000"  # ... and pays 1.5 times

RETURNED_AT = """
DO $$ BEGIN
  SET LOCAL session_replication_role = replica;
  UPDATE approval_requests SET updated_at = now() - make_interval(days => {days})
  WHERE id = (SELECT id FROM approval_requests WHERE quote_id = {id}
              ORDER BY submitted_at DESC, id DESC LIMIT 1);
END $$;
"""


def number(quote: dict[str, Any]) -> int:
    return int(quote["quote"]["number"].removeprefix("Q-"))


async def quote_id(home: Home, quote: dict[str, Any]) -> int:
    rows = await home.sql("SELECT id FROM quotes WHERE number = :n", n=number(quote))
    return int(rows[0][0])


async def test_every_section_of_a_reps_home_is_theirs_only(home: Home) -> None:
    for email in (REP1, REP2):
        mine = await home.rep_home(email, first=50)

        assert mine["me"]["email"] == email
        quotes = mine["urgentQuotes"]["quotes"]
        assert quotes and {q["quote"]["owner"]["email"] for q in quotes} == {email}
        open_count = await home.sql(
            "SELECT count(*) FROM quotes JOIN users u ON u.id = owner_id WHERE u.email = :e "
            "AND status IN ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SENT', 'ACCEPTED')",
            e=email,
        )
        assert mine["urgentQuotes"]["totalCount"] == open_count[0][0] == len(quotes)
        waiting = [e["node"] for e in mine["approvalsWaiting"]["edges"]]
        assert {w["quote"]["owner"]["email"] for w in waiting} <= {email}
        assert {w["status"] for w in waiting} <= {"PENDING", "COUNTERED"}
        assert mine["commission"]["rep"]["email"] == email
        rep_id = (await home.sql("SELECT id FROM users WHERE email = :e", e=email))[0][0]
        kpis = mine["todayKpis"]["kpis"]
        assert kpis and {k["repId"] for k in kpis} == {gid("User", rep_id)}
        assert {k["periodStart"] for k in kpis} == {mine["today"]}
        standings = mine["contestStandings"]
        assert standings and {s["standing"]["participant"]["email"] for s in standings} == {email}
        for item in mine["newContent"]["items"]:
            assert {q["quote"]["owner"]["email"] for q in item["quotes"]} == {email}

    rep1 = await home.rep_home(REP1)
    waiting = {e["node"]["status"] for e in rep1["approvalsWaiting"]["edges"]}
    assert waiting == {"PENDING", "COUNTERED"}  # the demo's rep1 waits on one and is countered


async def test_open_quotes_come_returned_then_expiring_then_stale_then_the_rest(
    home: Home,
) -> None:
    before = (await home.rep_home(REP1, first=50))["urgentQuotes"]
    returned = [q for q in before["quotes"] if q["urgency"] == "RETURNED"]
    calm = sorted((q for q in before["quotes"] if q["urgency"] == "OPEN"), key=number)
    assert {q["approvalStatus"] for q in returned} == {"COUNTERED", "REJECTED"}
    assert len(calm) >= 6
    soon, past, untouched, quiet = calm[0], calm[1], calm[2], calm[3]
    today = date.fromisoformat(before["today"])
    # The returned ones: the one waiting longer first.
    late, early = sorted(returned, key=number)
    await home.sql(RETURNED_AT.format(days=1, id=await quote_id(home, late)))
    await home.sql(RETURNED_AT.format(days=3, id=await quote_id(home, early)))
    # Expiring: past its date but not marked expired, then in 5 days.
    for quote, days in ((soon, 5), (past, -1)):
        await home.sql(
            "UPDATE quotes SET valid_until = :d WHERE id = :id",
            d=today + timedelta(days=days),
            id=await quote_id(home, quote),
        )
    # Stale: untouched for 40 days, then for 20.
    await home.sql(AGE.format(days=40, id=await quote_id(home, untouched)))
    await home.sql(AGE.format(days=20, id=await quote_id(home, quiet)))

    after = (await home.rep_home(REP1, first=50))["urgentQuotes"]

    ordered = [(q["urgency"], number(q)) for q in after["quotes"]]
    rest = sorted(
        ((q["quote"]["validUntil"], number(q)) for q in calm[4:]),
    )
    assert ordered == [
        ("RETURNED", number(early)),
        ("RETURNED", number(late)),
        ("EXPIRING", number(past)),
        ("EXPIRING", number(soon)),
        ("STALE", number(untouched)),
        ("STALE", number(quiet)),
        *(("OPEN", n) for _, n in rest),
    ]
    assert (after["returnedCount"], after["expiringCount"], after["staleCount"]) == (2, 2, 2)
    by_number = {number(q): q for q in after["quotes"]}
    assert by_number[number(past)]["daysToExpiry"] == -1
    assert by_number[number(soon)]["daysToExpiry"] == 5
    assert by_number[number(untouched)]["daysSinceTouch"] >= 40
    assert 20 <= by_number[number(quiet)]["daysSinceTouch"] < 40
    assert by_number[number(early)]["returnedAt"] < by_number[number(late)]["returnedAt"]

    page = (await home.rep_home(REP1, first=3))["urgentQuotes"]
    assert [(q["urgency"], number(q)) for q in page["quotes"]] == ordered[:3]
    assert page["totalCount"] == after["totalCount"] == len(ordered)


async def test_the_next_tier_is_the_plans_accelerator_and_what_it_still_needs(
    home: Home,
) -> None:
    for email in (REP1, "rep3@dealdesk.example"):
        commission = (await home.rep_home(email))["commission"]
        period = commission["period"]
        credited = (
            await home.sql(
                "SELECT coalesce(sum(c.amount), 0) FROM commission_credits c "
                "JOIN users u ON u.id = c.rep_id WHERE u.email = :e "
                "AND c.credit_date >= :start AND c.credit_date < :end",
                e=email,
                start=date.fromisoformat(period["start"]),
                end=date.fromisoformat(period["end"]),
            )
        )[0][0]

        needed = DEMO_QUOTA * ACCELERATOR_FLOOR - credited
        assert Decimal(commission["quota"]["amount"]) == DEMO_QUOTA
        assert Decimal(commission["creditedRevenue"]["amount"]) == credited
        assert Decimal(commission["attainmentPercent"]) == (credited / DEMO_QUOTA * 100).quantize(
            Decimal("0.01")
        )
        assert commission["tier"]["name"] == "Base"
        assert commission["nextTier"]["current"]["name"] == "Base"
        assert commission["nextTier"]["next"]["name"] == "Accelerator"
        assert commission["nextTier"]["next"]["multiplier"] == ACCELERATOR_RATE
        assert commission["nextTier"]["revenueNeeded"] == {
            "amount": f"{needed:.2f}",
            "currency": "USD",
        }


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
async def test_today_is_the_day_in_the_reps_time_zone(home: Home, zone: str) -> None:
    await home.sql("UPDATE users SET time_zone = :z WHERE email = :e", z=zone, e=REP1)

    mine = await home.rep_home(REP1)

    today = datetime.now(UTC).astimezone(ZoneInfo(zone)).date().isoformat()
    assert mine["today"] == mine["urgentQuotes"]["today"] == today
    assert {k["periodStart"] for k in mine["todayKpis"]["kpis"]} == {today}


async def test_the_contest_gap_is_the_score_of_the_rank_above_less_yours(home: Home) -> None:
    board_query = (
        "query($id: ID!) { contest(id: $id) { direction standings { rank score "
        "participant { email } } } }"
    )
    for n in range(1, 9):
        email = f"rep{n}@dealdesk.example"
        api = await home.as_(email)
        for standing in (await home.rep_home(email))["contestStandings"]:
            contest = (await api.data(board_query, {"id": standing["contest"]["id"]}))["contest"]
            board = contest["standings"]
            mine = next(r for r in board if r["participant"]["email"] == email)
            above = [r for r in board if r["rank"] < mine["rank"]]

            assert standing["entrants"] == len(board)
            assert standing["standing"]["rank"] == mine["rank"]
            if not above:
                assert standing["gapToNext"] is None
            else:
                gap = abs(Decimal(above[-1]["score"]) - Decimal(mine["score"]))
                assert Decimal(standing["gapToNext"]) == gap > 0


OUT_OF_RANGE = [
    ("first: 0", "first"),
    ("first: 51", "first"),
    ("expiringWithinDays: -1", "expiringWithinDays"),
    ("expiringWithinDays: 91", "expiringWithinDays"),
    ("staleAfterDays: 0", "staleAfterDays"),
    ("staleAfterDays: 366", "staleAfterDays"),
]


async def test_urgent_quote_arguments_out_of_range_are_typed_errors(home: Home) -> None:
    api = await home.as_(REP1)
    for arguments, argument in OUT_OF_RANGE:
        body = await api(f"{{ repHome {{ urgentQuotes({arguments}) {{ totalCount }} }} }}")

        error = body["errors"][0]
        assert (error["extensions"]["code"], error["extensions"]["argument"]) == (
            "BAD_USER_INPUT",
            argument,
        ), arguments
        assert body["data"] is None


async def test_new_content_first_is_bounded_and_the_home_needs_a_sign_in(home: Home) -> None:
    api = await home.as_(REP1)

    too_many = await api("{ repHome { newContent(first: 11) { count } } }")
    anonymous = await home.people.api("{ repHome { today } }")

    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_today_kpis_first_lists_the_first_kpis_and_counts_them_all(home: Home) -> None:
    api = await home.as_(REP1)
    card = "kpiCount kpis { metric { key } value } profile { level standing attainment }"

    every = (await api.data(f"{{ repHome {{ todayKpis {{ {card} }} }} }}"))["repHome"]
    few = (await api.data(f"{{ repHome {{ todayKpis(first: 3) {{ {card} }} }} }}"))["repHome"]
    bad = await api("{ repHome { todayKpis(first: 0) { kpiCount } } }")

    assert every["todayKpis"]["kpiCount"] == len(every["todayKpis"]["kpis"]) > 3
    assert few["todayKpis"]["kpiCount"] == every["todayKpis"]["kpiCount"]
    assert few["todayKpis"]["kpis"] == every["todayKpis"]["kpis"][:3]
    assert few["todayKpis"]["profile"] == every["todayKpis"]["profile"]  # from all of them
    error = bad["errors"][0]["extensions"]
    assert (error["code"], error["argument"]) == ("BAD_USER_INPUT", "first")


async def test_approvals_waiting_counts_the_whole_list_whatever_the_page(home: Home) -> None:
    api = await home.as_(REP1)
    page = "totalCount edges { node { id status } } pageInfo { hasNextPage endCursor }"
    query = "query($first: Int, $after: String) { repHome { approvalsWaiting(first: $first, after: $after) { %s } } }"

    def waiting(data: dict[str, Any]) -> dict[str, Any]:
        return dict(data["repHome"]["approvalsWaiting"])

    whole = waiting(await api.data(query % page, {"first": 50}))
    one = waiting(await api.data(query % page, {"first": 1}))
    rest = waiting(
        await api.data(query % page, {"first": 50, "after": one["pageInfo"]["endCursor"]})
    )

    assert whole["totalCount"] == len(whole["edges"]) == 2  # PENDING and COUNTERED
    assert not whole["pageInfo"]["hasNextPage"]
    assert one["totalCount"] == rest["totalCount"] == 2  # counted, not the page's length
    assert one["edges"] + rest["edges"] == whole["edges"]


async def test_urgent_quotes_carry_their_accounts(home: Home) -> None:
    api = await home.as_(REP1)
    query = (
        "{ repHome { urgentQuotes(first: 50) { quotes { quote { number account { name } } } } } }"
    )

    quotes = (await api.data(query))["repHome"]["urgentQuotes"]["quotes"]
    rows = await home.sql(
        "SELECT q.number, a.name FROM quotes q JOIN accounts a ON a.id = q.account_id "
        "JOIN users u ON u.id = q.owner_id WHERE u.email = :e",
        e=REP1,
    )

    names = {f"Q-{number}": name for number, name in rows}
    assert quotes and all(
        q["quote"]["account"]["name"] == names[q["quote"]["number"]] for q in quotes
    )
