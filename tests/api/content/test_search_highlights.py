"""Snippets (``ts_headline``, the costly part of a search) are made only when the client's
selection asks for them, through a fragment too."""

from __future__ import annotations

from typing import Any

from db.models.users import Role
from tests.api.conftest import People
from tests.api.content.test_content_items import create

PLAIN = "query($q: String) { searchContent(query: $q) { totalCount edges { node { title } } } }"
LIT = "query($q: String) { searchContent(query: $q) { edges { snippet node { title } } } }"
FRAGMENT = (
    "query($q: String) { searchContent(query: $q) { ...Hits } } "
    "fragment Hits on ContentSearchConnection { edges { ... on ContentSearchEdge { snippet } } }"
)


async def test_a_search_without_snippets_runs_one_statement_fewer(
    people: People,
    statements: Any,
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    await create(ops, title="Gateway guide", body="The gateway needs a licence per block.")
    counts = []
    answers = []
    for query in (PLAIN, LIT, FRAGMENT):
        statements.count = 0
        answers.append((await ops.data(query, {"q": "gateway"}))["searchContent"])
        counts.append(statements.count)

    assert counts[0] + 1 == counts[1] == counts[2]
    assert answers[0]["edges"] == [{"node": {"title": "Gateway guide"}}]
    assert "<mark>gateway</mark>" in answers[1]["edges"][0]["snippet"]
    assert "<mark>gateway</mark>" in answers[2]["edges"][0]["snippet"]
