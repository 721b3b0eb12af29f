"""A document is parsed and validated once per process (``server.operation_cache``), and that
changes no answer: a limit that depends on the variables still applies on every request, an
invalid document is refused every time, and the other limits still hold for known documents."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from schema.assembly import build_schema
from server.app import create_app
from server.operation_cache import CachedValidation, ValidDocuments
from server.settings import Settings
from tests.api.conftest import started_client

PAGED = "query Accounts($n: Int) { accounts(first: $n) { edges { node { owner { manager { name email } } } } } }"


async def test_the_cost_limit_follows_each_requests_variables_for_a_known_document(
    settings: Settings,
) -> None:
    strict: Starlette = create_app(settings.model_copy(update={"max_query_cost": 1000}))
    async with started_client(strict) as http:
        answers = [
            (await http.post("/graphql", json={"query": PAGED, "variables": {"n": n}})).json()
            for n in (20, 200, 20, 200)
        ]

    codes = [a["errors"][0]["extensions"]["code"] for a in answers]
    # Validated, then ran (anonymous); refused before running, every time it is too costly.
    assert codes == ["UNAUTHENTICATED", "QUERY_TOO_COMPLEX"] * 2
    assert answers[1]["data"] is None and answers[3]["data"] is None


async def test_an_invalid_document_is_refused_every_time(settings: Settings) -> None:
    app: Starlette = create_app(settings)
    wrong = "query Wrong { me { noSuchField } }"
    async with started_client(app) as http:
        answers = [(await http.post("/graphql", json={"query": wrong})).json() for _ in range(3)]

    assert all(a["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" for a in answers)
    assert all("noSuchField" in a["errors"][0]["message"] for a in answers)


async def test_a_known_document_still_meets_the_depth_limit_of_its_app(settings: Settings) -> None:
    deep = "{ me { " + "manager { " * 5 + "name" + " }" * 5 + " } }"
    shallow: Starlette = create_app(settings.model_copy(update={"max_query_depth": 4}))
    roomy: Starlette = create_app(settings)
    async with started_client(roomy) as http:
        allowed = [(await http.post("/graphql", json={"query": deep})).json() for _ in range(2)]
    async with started_client(shallow) as http:
        refused = (await http.post("/graphql", json={"query": deep})).json()

    assert all(a["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED" for a in allowed)
    assert refused["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


class CountingDocuments(ValidDocuments):
    def __init__(self) -> None:
        super().__init__(max_entries=2)
        self.hits = 0

    def __contains__(self, key: tuple[object, ...]) -> bool:
        found = super().__contains__(key)
        self.hits += found
        return found


@pytest.mark.parametrize(
    ("query", "hits"),
    [
        ("{ __typename }", 2),
        # and the cost rule's success for these variables, found twice too
        ("query Q($n: Int) { accounts(first: $n) { totalCount } }", 4),
    ],
)
async def test_a_valid_document_is_validated_once(query: str, hits: int) -> None:
    known = CountingDocuments()
    schema = build_schema(None, (lambda: CachedValidation(known),))
    for _ in range(3):
        result = await schema.execute(query, variable_values={"n": 1})
        assert all(error.path for error in result.errors or ())  # it ran: nothing refused it

    assert known.hits == hits


def test_the_known_documents_are_bounded() -> None:
    known = ValidDocuments(max_entries=2)
    for key in ("a", "b", "c"):
        known.add((key,))

    assert ("a",) not in known
    assert ("b",) in known and ("c",) in known


async def test_a_text_that_does_not_parse_is_refused_every_time(settings: Settings) -> None:
    app: Starlette = create_app(settings)
    async with started_client(app) as http:
        answers = [(await http.post("/graphql", json={"query": "{ me "})).json() for _ in range(2)]

    assert [a["errors"][0]["extensions"]["code"] for a in answers] == ["GRAPHQL_PARSE_FAILED"] * 2


@pytest.fixture
def cost_rule_calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The arguments of every run of the per-request cost rule (``_per_request``)."""
    import server.operation_cache as cache

    calls: list[object] = []
    per_request = cache._per_request

    def counting(*args: object, **kwargs: object) -> list[object]:
        calls.append(args)
        return per_request(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "_per_request", counting)
    return calls


async def test_the_cost_rule_runs_once_per_document_and_variables(
    settings: Settings, cost_rule_calls: list[object]
) -> None:
    strict: Starlette = create_app(settings.model_copy(update={"max_query_cost": 1000}))
    async with started_client(strict) as http:
        answers = [
            (await http.post("/graphql", json={"query": PAGED, "variables": {"n": n}})).json()
            for n in (20, 20, 10, 200, 200, 20)
        ]

    codes = [a["errors"][0]["extensions"]["code"] for a in answers]
    assert codes == ["UNAUTHENTICATED"] * 3 + ["QUERY_TOO_COMPLEX"] * 2 + ["UNAUTHENTICATED"]
    # 20 and 10 pass once each and are remembered; 200 fails, so it runs every time.
    assert len(cost_rule_calls) == 4


async def test_long_variables_are_checked_every_time_and_never_kept(
    settings: Settings, cost_rule_calls: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    import server.operation_cache as cache

    monkeypatch.setattr(cache, "MAX_REMEMBERED_VARIABLES", 5)  # '{"n": 20}' is longer
    strict: Starlette = create_app(settings.model_copy(update={"max_query_cost": 1000}))
    async with started_client(strict) as http:
        for _ in range(3):
            await http.post("/graphql", json={"query": PAGED, "variables": {"n": 20}})
    assert len(cost_rule_calls) == 3
