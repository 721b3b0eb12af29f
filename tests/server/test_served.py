"""``dealdesk serve`` builds its app with the collector paused, and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

import server.app
from server import served, serving


@pytest.mark.parametrize("running", [True, False])
def test_the_app_is_built_unwatched_and_the_collector_left_as_it_was(
    monkeypatch: pytest.MonkeyPatch, running: bool
) -> None:
    built = object()
    paused: list[bool] = []

    def app_from_environment() -> object:
        paused.append(not gc.isenabled())
        return built

    monkeypatch.setattr(server.app, "app_from_environment", app_from_environment)
    (gc.enable if running else gc.disable)()
    try:
        assert served.app() is built
        assert paused == [True]
        assert gc.isenabled() is running
    finally:
        gc.enable()


def test_serve_runs_that_factory() -> None:
    assert serving.APP == "server.served:app"
