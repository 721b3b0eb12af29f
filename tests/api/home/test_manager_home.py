"""``managerHome``: one query for a manager's home screen; only the manager's team, the
approvals waiting on them; OPS may open another manager's, nobody else."""

from __future__ import annotations

from tests.api.conftest import gid
from tests.api.home.conftest import EAST_TEAM, WEST_TEAM, Home

EAST, WEST = "east.manager@dealdesk.example", "west.manager@dealdesk.example"
INBOX = "{ myApprovalInbox(first: 50) { totalCount edges { node { id } } } }"


async def user_id(home: Home, email: str) -> int:
    return int((await home.sql("SELECT id FROM users WHERE email = :e", e=email))[0][0])


async def test_a_managers_home_holds_their_team_only(home: Home) -> None:
    for manager, team in ((EAST, EAST_TEAM), (WEST, WEST_TEAM)):
        mine = await home.manager_home(manager)
        api = await home.as_(manager)
        inbox = (await api.data(INBOX))["myApprovalInbox"]

        assert mine["manager"]["email"] == manager
        assert {m["rep"]["email"] for m in mine["team"]} == team
        assert [c["rep"]["email"] for c in mine["commissions"]] == sorted(
            team, key=lambda e: int(e.removeprefix("rep").split("@")[0])
        )
        for member in mine["team"]:
            email = member["rep"]["email"]
            assert member["kpiCard"]["kpis"]
            assert {s["quote"]["owner"]["email"] for s in member["staleQuotes"]} <= {email}
            participants = {
                s["standing"]["participant"]["email"] for s in member["contestStandings"]
            }
            assert participants <= {email}
        waiting = [e["node"] for e in mine["approvalsWaiting"]["edges"]]
        assert [w["id"] for w in waiting] == [e["node"]["id"] for e in inbox["edges"]]
        assert mine["approvalsWaiting"]["totalCount"] == inbox["totalCount"]
        assert {w["quote"]["owner"]["email"] for w in waiting} <= team
        slips = [e["node"]["rep"]["email"] for e in mine["slippageAlerts"]["edges"]]
        assert set(slips) <= team | {manager}
        owners = {d["quote"]["owner"]["email"] for p in mine["forecast"] for d in p["deals"]}
        assert owners and owners <= team | {manager}

    east = await home.manager_home(EAST)
    assert east["approvalsWaiting"]["totalCount"] >= 1  # the demo's pending discount
    assert east["slippageAlerts"]["totalCount"] >= 1  # and its slipped deal


async def test_the_team_commissions_are_each_reps_own_summary(home: Home) -> None:
    east = await home.manager_home(EAST)

    for summary in east["commissions"]:
        rep = (await home.rep_home(summary["rep"]["email"]))["commission"]
        assert summary["attainmentPercent"] == rep["attainmentPercent"]
        assert summary["earned"] == {"amount": summary["earned"]["amount"]}
        assert summary["nextTier"]["next"]["name"] == rep["nextTier"]["next"]["name"]


async def test_a_rep_has_no_managers_home_and_only_ops_names_another_manager(
    home: Home,
) -> None:
    west = gid("User", await user_id(home, WEST))
    rep = await home.as_("rep1@dealdesk.example")
    east = await home.as_(EAST)
    ops = await home.as_("ops@dealdesk.example")
    query = (
        "query($team: ID) { managerHome(team: $team) { manager { email } team { rep { email } } } }"
    )

    refused_rep = await rep(query, {})
    refused_manager = await east(query, {"team": west})
    seen = (await ops.data(query, {"team": west}))["managerHome"]
    malformed = await ops(query, {"team": "not-an-id"})
    missing = await ops(query, {"team": gid("User", 999_999)})

    for body in (refused_rep, refused_manager):
        error = body["errors"][0]
        assert (error["extensions"]["code"], error["extensions"].get("argument")) == (
            "FORBIDDEN",
            "team",
        )
        assert body["data"] is None
    assert seen["manager"]["email"] == WEST
    assert {m["rep"]["email"] for m in seen["team"]} == WEST_TEAM
    for body in (malformed, missing):
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_stale_after_days_of_the_team_is_bounded(home: Home) -> None:
    api = await home.as_(EAST)
    for days in (0, 366):
        body = await api(
            f"{{ managerHome {{ team(staleAfterDays: {days}) {{ slipped {{ count }} }} }} }}"
        )

        error = body["errors"][0]
        assert (error["extensions"]["code"], error["extensions"]["argument"]) == (
            "BAD_USER_INPUT",
            "staleAfterDays",
        )
