"""The contest boards the home screens reuse (``services.performance.board_cache``) never
show a rank older than the data: a change through the API, a change written by another
process (here, plain SQL behind the app's back) and a renamed rule each show at once."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from services.performance.board_cache import BOARDS
from tests.api.home.conftest import Home

RECORD = """
mutation($input: RecordActivitiesInput!) {
  recordActivities(input: $input) { recorded userErrors { code field message } }
}
"""
RACE = "December call race"
BOARD = "query($id: ID!) { contest(id: $id) { standings { score } } }"


def race(home: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in home["contestStandings"] if s["contest"]["name"] == RACE)


async def last_in_the_race(home: Home) -> tuple[str, dict[str, Any]]:
    """The demo rep ranked last in the call race, and their standing."""
    standings = [(e, race(await home.rep_home(e))) for e in REPS]
    return max(standings, key=lambda found: found[1]["standing"]["rank"])


REPS = [f"rep{n}@dealdesk.example" for n in range(1, 9)]


async def test_a_kept_board_moves_with_every_change_whoever_writes_it(home: Home) -> None:
    BOARDS.clear()
    email, before = await last_in_the_race(home)
    assert before["standing"]["rank"] > 1
    assert race(await home.rep_home(email)) == before  # read again: the kept board
    assert BOARDS._boards  # it was kept

    # Through the API: the rep dials past the leader.
    rep = await home.as_(email)
    board = await rep.data(BOARD, {"id": before["contest"]["id"]})
    leader = max(Decimal(row["score"]) for row in board["contest"]["standings"])
    behind = leader - Decimal(before["standing"]["score"]) + 1
    assert 0 < behind <= 1000
    now = datetime.now(UTC).isoformat()
    dials = [
        {"kind": "DIAL", "occurredAt": now, "externalId": f"cache-{n}"} for n in range(int(behind))
    ]
    recorded = await rep.mutate(RECORD, {"activities": dials})
    assert recorded["userErrors"] == []
    ahead = race(await home.rep_home(email))
    assert ahead["standing"]["rank"] == 1
    assert Decimal(ahead["standing"]["score"]) == Decimal(before["standing"]["score"]) + behind

    # Behind the app's back (as another server process would write): the totals go to zero.
    await home.sql(
        "UPDATE contest_totals t SET count = 0, total = 0 FROM users u "
        "WHERE u.id = t.rep_id AND u.email = :e",
        e=email,
    )
    emptied = race(await home.rep_home(email))
    assert Decimal(emptied["standing"]["score"]) == 0
    assert emptied["standing"]["rank"] == emptied["entrants"]

    # A rule of the board changes: lower is better now, and the board turns over.
    await home.sql("UPDATE contests SET direction = 'LOWER' WHERE name = :n", n=RACE)
    assert race(await home.rep_home(email))["standing"]["rank"] == 1
