"""The server loads the Thai and Chinese dictionaries at start-up, off the event loop."""

from __future__ import annotations

from starlette.applications import Starlette

from services.content import segmenters


async def test_start_up_warms_both_segmenters_in_a_background_thread(app: Starlette) -> None:
    thread = segmenters.warming_thread()  # the app's lifespan started it
    assert thread is not None
    assert thread is segmenters.warm_in_background()
    assert thread.daemon and thread.name == "segmenters-warm"
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert segmenters.loaded()
