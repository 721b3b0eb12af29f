"""A root field that fails while a sibling is mid-query (graphql-core then cancels the sibling,
and asyncpg closes that connection) still answers with typed errors, not a 500; the broken
connection is discarded and the next request works. Found by the GraphQL fuzzer."""

from __future__ import annotations

from db.models.users import Role
from tests.api.conftest import People, gid

BOTH = """{ me { id } estimateCommission(input: {accountId: "%s", lines: []}) { placedLast } }"""


async def test_a_failing_root_field_beside_a_running_one_is_answered_and_the_pool_recovers(
    people: People,
) -> None:
    api = await people.sign_in(await people.add("Ada Admin", Role.ADMIN))

    for _ in range(5):
        # not an Account: NOT_FOUND at once, while `me` reads
        body = await api(BOTH % gid("Quote", 18))

        assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]

    assert (await api.data("{ me { name } }"))["me"]["name"] == "Ada Admin"
