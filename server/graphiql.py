"""GraphiQL served from the package: the page and its scripts, with no CDN.

strawberry's page loads React and GraphiQL from unpkg, so it is blank on a
machine without internet (a locked-down laptop, a data centre). The same
pinned builds (React 18.2.0, GraphiQL 3.8.3, @graphiql/plugin-explorer 1.0.2,
from the npm registry; licences in ``server/static/vendor/graphiql/LICENSES.txt``)
ship in ``server/static/vendor/graphiql`` and are served at ``/graphiql/``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

ASSETS_PATH = "/graphiql"
ASSETS_DIR = Path(str(files("server") / "static" / "vendor" / "graphiql"))


@cache
def graphiql_html() -> str:
    """The page; assets are referenced relative to ``/graphql`` so a path prefix still works."""
    page = (ASSETS_DIR / "index.html").read_text(encoding="utf-8")
    return page.replace("__ASSETS__", ASSETS_PATH.lstrip("/"))


def graphiql_assets() -> Mount:
    """The static route for the page's scripts and styles."""
    return Mount(ASSETS_PATH, app=StaticFiles(directory=ASSETS_DIR), name="graphiql")
