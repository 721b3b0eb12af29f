"""Global IDs from clients (issue 10, item 5): malformed ones — not base64, empty, a key that is
not a number, beyond int32, negative, a superscript digit, an unknown or non-node type — answer
null in ``node``/``nodes`` and NOT_FOUND for id arguments, never INTERNAL_SERVER_ERROR.
(An id holding a NUL is refused before execution like any string with one: see
test_string_inputs.)"""

from __future__ import annotations

import base64

import pytest

from db.models.users import Role
from tests.api.conftest import Api, People, document_paths, gid

MALFORMED = [
    "bad",
    "",
    base64.b64encode(b"Quote:abc").decode(),
    "Quote:abc",
    gid("Quote", 2**31),
    gid("Quote", 10**30),
    gid("Quote", -1),
    base64.b64encode("Quote:²".encode()).decode(),
    base64.b64encode("Quote:١".encode()).decode(),  # an Arabic-Indic one: int() would accept it
    gid("NoSuchType", 1),
    gid("Query", 1),
    gid("UserError", 1),
    gid("User", "1" * 4000),  # int() refuses strings of over 4,300 digits; this must not get there
]
NODE = "query($id: ID!) { node(id: $id) { id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"


@pytest.fixture
async def admin(people: People) -> tuple[Api, str]:
    user = await people.add("Ada Admin", Role.ADMIN)
    return await people.sign_in(user), gid("User", user.id)


async def test_node_answers_null_for_a_malformed_id(admin: tuple[Api, str]) -> None:
    api, _ = admin
    for bad_id in MALFORMED:
        assert await api.data(NODE, {"id": bad_id}) == {"node": None}, bad_id


async def test_nodes_answers_null_for_each_malformed_id_and_finds_the_rest(
    admin: tuple[Api, str],
) -> None:
    api, me = admin
    data = await api.data(NODES, {"ids": [*MALFORMED, me]})

    assert data["nodes"] == [None] * len(MALFORMED) + [{"id": me}]


async def test_a_malformed_id_in_a_mutation_is_not_found(admin: tuple[Api, str]) -> None:
    api, _ = admin
    for bad_id in MALFORMED:
        body = await api(
            'mutation($id: ID!) { updateAccount(input: {id: $id, version: 1, name: "X"}) { userErrors { code field } } }',
            {"id": bad_id},
        )

        data = body.get("data") or {}
        codes = (
            [e["code"] for e in data["updateAccount"]["userErrors"]]
            if data.get("updateAccount")
            else []
        )
        top = [e["extensions"]["code"] for e in body.get("errors", [])]
        assert codes == ["NOT_FOUND"] or top == ["NOT_FOUND"], (bad_id, body)


async def test_a_malformed_id_in_a_query_argument_is_not_found(admin: tuple[Api, str]) -> None:
    api, _ = admin
    for bad_id in MALFORMED:
        for query in (
            "query($id: ID!) { myQuotes(filter: {accountId: $id}) { totalCount } }",
            "query($id: ID!) { previewApprovalPlan(quoteId: $id) { submittable } }",
            "query($id: ID!) { commissionCredits(repId: $id) { totalCount } }",
        ):
            body = await api(query, {"id": bad_id})

            assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"], (
                bad_id,
                query,
                body,
            )


async def test_documents_answer_404_for_a_key_beyond_int32(admin: tuple[Api, str]) -> None:
    api, _ = admin
    headers = {"authorization": f"Bearer {api.token}"}
    for path in (*document_paths(2**31), *document_paths(10**30)):
        response = await api.http.get(path, headers=headers)

        assert response.status_code == 404, (path, response.text)
    # A revision number is a parameter, not an id: out of range is the caller's error.
    response = await api.http.get(
        f"/documents/quotes/{gid('Quote', 1)}.pdf?revision=99999999999", headers=headers
    )
    assert response.status_code == 400, response.text


async def test_searching_quotes_by_a_number_that_is_not_one_finds_nothing(
    admin: tuple[Api, str],
) -> None:
    """Issue 13: ``isdigit()`` accepts superscripts and other scripts' digits; ``int()`` then
    failed."""
    api, _ = admin
    for search in ("Q-²", "Q-99999999999", "Q-١٢", "²"):
        data = await api.data(
            "query($s: String) { myQuotes(filter: {search: $s}) { totalCount } }", {"s": search}
        )

        assert data["myQuotes"]["totalCount"] == 0, search
