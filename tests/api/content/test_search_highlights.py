"""Snippets (``ts_headline``, the costly part of a search) are made only when the client's
selection asks for them, through a fragment too, in the same one statement as the page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from starlette.applications import Starlette

from db.models.users import Role
from tests.api.conftest import People
from tests.api.content.test_content_items import create

PLAIN = "query($q: String) { searchContent(query: $q) { totalCount edges { node { title } } } }"
LIT = "query($q: String) { searchContent(query: $q) { edges { snippet node { title } } } }"
FRAGMENT = (
    "query($q: String) { searchContent(query: $q) { ...Hits } } "
    "fragment Hits on ContentSearchConnection { edges { ... on ContentSearchEdge { snippet } } }"
)


async def test_a_search_headlines_only_when_snippets_are_shown(
    people: People, app: Starlette
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    await create(ops, title="Gateway guide", body="The gateway needs a licence per block.")
    sent: list[str] = []

    def record(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        sent.append(sql)

    answers = []
    headlines = []
    totals = []
    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        for query in (PLAIN, LIT, FRAGMENT):
            sent.clear()
            answers.append((await ops.data(query, {"q": "gateway"}))["searchContent"])
            headlines.append(sum("ts_headline" in sql for sql in sent))
            totals.append(len(sent))
    finally:
        event.remove(engine, "before_cursor_execute", record)

    assert headlines == [0, 1, 1]
    assert totals[0] == totals[1] == totals[2]  # snippets ride in the page's statement
    assert answers[0]["edges"] == [{"node": {"title": "Gateway guide"}}]
    assert "<mark>gateway</mark>" in answers[1]["edges"][0]["snippet"]
    assert "<mark>gateway</mark>" in answers[2]["edges"][0]["snippet"]
