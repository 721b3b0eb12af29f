"""The server loads the Thai and Chinese dictionaries at start-up, off the event loop."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from server.settings import Settings
from services.content import segmenters


async def test_start_up_warms_both_segmenters_in_a_background_thread(app: Starlette) -> None:
    thread = segmenters.warming_thread()  # the app's lifespan started it
    assert thread is not None
    assert thread is segmenters.warm_in_background()
    assert thread.daemon and thread.name == "segmenters-warm"
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert segmenters.loaded()


async def test_what_follows_the_warm_up_runs_once_both_are_loaded(app: Starlette) -> None:
    """The server freezes the loaded dictionaries (``server.gc_tuning.freeze_warmed``) in the
    same thread, once they are loaded, and not when the load failed."""
    thread = segmenters.warming_thread()
    assert thread is not None
    thread.join(timeout=120)
    called: list[bool] = []
    assert segmenters.warm_logged(then=lambda: called.append(segmenters.loaded()))
    assert called == [True]


def test_a_failed_warm_up_runs_nothing_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError("dictionary missing")

    monkeypatch.setattr(segmenters, "warm", broken)
    called: list[bool] = []
    assert not segmenters.warm_logged(then=lambda: called.append(True))
    assert called == []


@pytest.mark.parametrize("warm", [True, False])
async def test_the_server_warms_them_only_when_its_setting_says_so(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    """``DEALDESK_WARM_SEGMENTERS=false`` (the live test servers): a search loads its own."""
    import server.app

    started: list[object] = []
    monkeypatch.setattr(server.app, "warm_in_background", lambda then: started.append(then))
    app = server.app.create_app(settings.model_copy(update={"warm_segmenters": warm}))
    async with app.router.lifespan_context(app):
        assert started == ([server.app.freeze_warmed] if warm else [])
