"""What ``dealdesk serve`` runs: the app, imported and built with the collector paused.

Importing and building the app allocates about a million objects that live as long as
the process. With the collector running, its collections walk them over and over while
they load: about a quarter of a server process's start-up CPU (one second on a busy
2-core machine, paid again by every worker). ``app_from_environment`` collects once and
freezes them (``server.gc_tuning``) before the collector runs again.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.applications import Starlette


def app() -> Starlette:
    """Factory for ``uvicorn --factory``: ``server.app.app_from_environment``, built unwatched."""
    running = gc.isenabled()
    gc.disable()
    try:
        from server.app import app_from_environment

        return app_from_environment()
    finally:
        if running:
            gc.enable()
