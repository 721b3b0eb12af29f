"""Logs: an expected refusal is one line without a traceback; a fault keeps its traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog
from structlog.testing import capture_logs

import services.people.login as login_module
from db.models.users import Role
from server.settings import Settings
from tests.api.conftest import LOGIN, Api, People, gid
from tests.live_server import live_server

NOT_FOUND = f'{{ previewApprovalPlan(quoteId: "{gid("Quote", 999)}") {{ submittable }} }}'
FORBIDDEN = "{ approvalRules { id } }"
INVALID = "{ nope }"


@pytest.fixture
def logs() -> Iterator[list[dict[str, Any]]]:
    """Every structlog event, at every level, while the test runs."""
    saved = structlog.get_config()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG))
    try:
        with capture_logs() as captured:
            yield captured
    finally:
        structlog.configure(**saved)


@pytest.fixture
async def rep(people: People) -> Api:
    return await people.sign_in(await people.add("Rob Rep", Role.REP))


async def test_refusals_log_one_line_without_a_traceback(
    rep: Api, logs: list[dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    codes = []
    for document in (NOT_FOUND, FORBIDDEN, INVALID):
        body = (await rep.post(document)).json()
        codes.append(body["errors"][0]["extensions"]["code"])

    refusals = [e for e in logs if e["event"] == "graphql refusal"]
    assert codes == ["NOT_FOUND", "FORBIDDEN", "GRAPHQL_VALIDATION_FAILED"]
    assert [e["code"] for e in refusals] == codes
    assert all(e["log_level"] == "info" for e in refusals)
    assert not any("exc_info" in e for e in logs), logs
    # strawberry's own logger is quiet
    assert not [r for r in caplog.records if r.name.startswith("strawberry")]


async def test_a_fault_logs_its_traceback_and_answers_a_masked_error(
    api: Api, logs: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("boom in the user lookup")

    monkeypatch.setattr(login_module, "user_by_email", broken)

    body = (await api.post(LOGIN, {"email": "a@example.com", "password": "whatever it is"})).json()

    faults = [e for e in logs if e["event"] == "unexpected error"]
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "boom" not in str(body)
    assert len(faults) == 1 and faults[0]["log_level"] == "error"
    assert isinstance(faults[0]["exc_info"], RuntimeError)


async def test_over_uvicorn_the_server_log_holds_no_traceback_for_refusals(
    rep: Api, settings: Settings, tmp_path: Path
) -> None:
    log_file = tmp_path / "server.log"
    with live_server(settings, log_to=log_file, DEALDESK_LOG_LEVEL="INFO") as base:
        async with httpx.AsyncClient(base_url=base) as http:
            for document in (NOT_FOUND, FORBIDDEN, INVALID):
                await http.post(
                    "/graphql",
                    json={"query": document},
                    headers={"authorization": f"Bearer {rep.token}"},
                )

    text = log_file.read_text()
    assert "Traceback" not in text, text
    refusal_lines = [line for line in text.splitlines() if "graphql refusal" in line]
    assert len(refusal_lines) == 3 and all("code=" in line for line in refusal_lines), text
